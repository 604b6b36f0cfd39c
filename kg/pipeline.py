"""The ingest pipeline: sources -> articles -> extraction -> resolution -> store.

Why it is built this way: one bad input must never stop a batch or damage what is stored.
Loader failures are collected and reported; an article the extractor chokes on is skipped
with its reason; a store batch that fails is retried article by article so only the culprit
is left out, and each batch is one transaction, so nothing is ever half-written.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from kg.loaders import LoadFailure, LoadOptions, load_sources
from kg.resolve import Resolver
from kg.schema import Article, Extraction
from kg.stores.base import GraphStore, StoreError


@dataclass
class Problem:
    """One input that was skipped, and why (printed as `input: problem`)."""

    input: str
    problem: str

    def __str__(self) -> str:
        return f"{self.input}: {self.problem}"


@dataclass
class IngestSummary:
    articles_read: int = 0
    articles_stored: int = 0
    entities: int = 0
    relations: int = 0
    skipped: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    article_ids: list[str] = field(default_factory=list)  # of the articles stored

    def as_dict(self) -> dict[str, object]:
        return {
            "articles_read": self.articles_read,
            "articles_stored": self.articles_stored,
            "skipped": [str(p) for p in self.skipped],
            "entities": self.entities,
            "relations": self.relations,
            "seconds": round(self.seconds, 2),
        }


class ExtractorLike(Protocol):
    """What the pipeline needs of an extractor (kg.loaders.extraction.Extractor): a stream of
    extractions, and the inputs it had to skip with the reason."""

    failures: list[tuple[str, str]]

    def extract_many(self, articles: Iterable[Article], workers: int = 1) -> Iterator[Extraction]: ...


def load_articles(sources: Iterable[str], options: LoadOptions, problems: list[Problem]) -> Iterator[Article]:
    """Articles from the sources; failures go to `problems` (strict mode raises instead)."""
    for item in load_sources(sources, options):
        if isinstance(item, LoadFailure):
            problems.append(Problem(item.input, item.problem))
        else:
            yield item


def extract_articles(
    articles: Iterable[Article], extractor: ExtractorLike, problems: list[Problem], workers: int = 1
) -> Iterator[Extraction]:
    """Batched (and with workers > 1, multi-process) extraction; the extractor skips an article
    it cannot handle and records why, which lands in `problems`."""
    already = len(extractor.failures)
    for extraction in extractor.extract_many(articles, workers=workers):
        yield extraction
        problems.extend(Problem(i, p) for i, p in extractor.failures[already:])
        already = len(extractor.failures)
    problems.extend(Problem(i, p) for i, p in extractor.failures[already:])


def _store_batch(store: GraphStore, batch: list[Extraction], summary: IngestSummary) -> None:
    """Write a batch in one transaction; on failure, isolate the bad article(s)."""
    try:
        store.upsert(batch)
        stored = batch
    except StoreError:
        if len(batch) == 1:
            raise
        stored = []
        for extraction in batch:
            try:
                store.upsert([extraction])
                stored.append(extraction)
            except StoreError as err:
                article = extraction.article
                summary.skipped.append(Problem(article.path or article.id, f"not stored: {err}"))
    summary.articles_stored += len(stored)
    summary.article_ids += [e.article.id for e in stored]
    summary.entities += sum(len(e.entities) for e in stored)
    summary.relations += sum(len(e.relations) for e in stored)


def ingest(
    sources: Iterable[str],
    store: GraphStore,
    extractor: ExtractorLike,
    options: LoadOptions | None = None,
    batch_size: int = 200,
    on_article: Callable[[Extraction], None] | None = None,
    workers: int = 1,
) -> IngestSummary:
    """Load, extract, resolve and store; returns counts and every skipped input with its reason."""
    summary = IngestSummary()
    articles = load_articles(sources, options or LoadOptions(), summary.skipped)
    return ingest_articles(articles, store, extractor, batch_size, on_article, workers, summary)


def ingest_articles(
    articles: Iterable[Article],
    store: GraphStore,
    extractor: ExtractorLike,
    batch_size: int = 200,
    on_article: Callable[[Extraction], None] | None = None,
    workers: int = 1,
    summary: IngestSummary | None = None,
) -> IngestSummary:
    """Extract, resolve and store articles already loaded (e.g. text posted to the API)."""
    started = time.perf_counter()
    summary = summary or IngestSummary()
    resolver = Resolver()
    batch: list[Extraction] = []

    def counted(items: Iterable[Article]) -> Iterator[Article]:
        for article in items:
            summary.articles_read += 1
            yield article

    for extraction in extract_articles(counted(articles), extractor, summary.skipped, workers):
        try:
            extraction = resolver.resolve(extraction)
        except ValueError as err:
            summary.skipped.append(Problem(extraction.article.path or extraction.article.id, f"resolution: {err}"))
            continue
        batch.append(extraction)
        if on_article:
            on_article(extraction)
        if len(batch) >= batch_size:
            _store_batch(store, batch, summary)
            batch = []
    if batch:
        _store_batch(store, batch, summary)
    summary.seconds = time.perf_counter() - started
    return summary

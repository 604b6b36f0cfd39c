"""The Extractor: Article -> Extraction (entities, relations with evidence, merge log).

One spaCy model per process (module-level cache, so a CLI run, the API and the tests share
it), texts go through `nlp.pipe` in batches, `workers` becomes spaCy's `n_process`. Entity
recognition (entities.py) and relation rules (relations.py) run on the parsed Doc; relations
that the schema rejects are dropped and counted rather than failing the article.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import spacy
from pydantic import ValidationError
from spacy.language import Language
from spacy.tokens import Doc

from kg.loaders.extraction import entities
from kg.loaders.extraction.mentions import ArticleEntities
from kg.schema import Article, Extraction, Relation
from kg.settings import get_settings

log = logging.getLogger(__name__)

_MODELS: dict[str, Language] = {}


@Language.component("geokg_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and teasers are not run into the
    next paragraph (the parser respects boundaries set before it runs)."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.is_space and "\n" in prev.text and not tok.is_space:
            tok.is_sent_start = True
    return doc


def load_model(name: str | None = None) -> Language:
    """The spaCy pipeline `name` (default: the `spacy_model` setting), loaded once per process,
    with line breaks as sentence boundaries."""
    name = name or get_settings().spacy_model
    if name not in _MODELS:
        try:
            nlp = spacy.load(name)
        except OSError as err:
            raise RuntimeError(
                f"spaCy model {name!r} is not installed (set GEOKG_SPACY_MODEL to an installed pipeline): {err}"
            ) from err
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("geokg_line_breaks", before="parser")
        elif "senter" in nlp.pipe_names:
            nlp.add_pipe("geokg_line_breaks", before="senter")
        _MODELS[name] = nlp
    return _MODELS[name]


def _relation_rules() -> Any:
    """E2's relation module, or None while it does not exist yet (entities still work)."""
    try:
        from kg.loaders.extraction import relations
    except ModuleNotFoundError as err:
        if err.name and err.name.endswith("extraction.relations"):
            return None
        raise
    return relations


class Extractor:
    """Turns cleaned Articles into Extractions, deterministically and offline."""

    def __init__(self, model: str | None = None, batch_size: int = 16) -> None:
        self.model_name = model or get_settings().spacy_model
        self.nlp = load_model(self.model_name)
        self.batch_size = batch_size
        self.dropped: Counter[str] = Counter()  # relations the schema rejected, by reason
        self.failures: list[tuple[str, str]] = []  # (input, problem) of articles extract_many skipped
        self._relations = _relation_rules()

    def extract(self, article: Article) -> Extraction:
        problem = self._too_long(article)
        if problem:
            raise ValueError(problem)
        return self.build(article, self.nlp(article.text))

    def _too_long(self, article: Article) -> str | None:
        if len(article.text) > self.nlp.max_length:
            return (f"article {article.path or article.url or article.id}: text has {len(article.text)} characters, "
                    f"more than the model's max_length {self.nlp.max_length}")
        return None

    def _acceptable(self, articles: Iterable[Article]) -> Iterator[Article]:
        """Articles the model can take; the others are recorded in `failures` (the batch goes on)."""
        for article in articles:
            problem = self._too_long(article)
            if problem:
                self.failures.append((article.path or article.url or article.id, problem))
                log.warning("%s", problem)
                continue
            yield article

    def extract_many(self, articles: Iterable[Article], workers: int = 1) -> Iterator[Extraction]:
        """Extract a stream of articles in input order; `workers` > 1 runs that many processes.

        Why not spaCy's n_process alone: it parallelises parsing but sends every Doc back to
        this process, where entity and relation rules would run serially (measured: slower
        than one process on two cores). Each worker here loads the model once and runs the
        whole pipeline, parsing with nlp.pipe batches.
        """
        n_process = max(1, int(workers))
        articles = self._acceptable(articles)
        if n_process == 1:
            pairs = ((article.text, article) for article in articles)
            for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size):
                extraction = self._build_safely(article, doc)
                if extraction is not None:
                    yield extraction
            return
        ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
        with ctx.Pool(n_process, initializer=_init_worker, initargs=(self.model_name, self.batch_size)) as pool:
            for chunk, failures in pool.imap(_extract_chunk, _chunks(articles, max(1, min(self.batch_size, 4)))):
                self.failures.extend(failures)
                yield from chunk

    def _build_safely(self, article: Article, doc: Doc) -> Extraction | None:
        """A rule that crashes on one article skips that article only (recorded in `failures`)."""
        try:
            return self.build(article, doc)
        except Exception as err:
            name = article.path or article.url or article.id
            self.failures.append((name, f"extraction failed: {type(err).__name__}: {err}"))
            log.warning("%s: extraction failed", name, exc_info=True)
            return None

    def build(self, article: Article, doc: Doc) -> Extraction:
        """Entities, relations and merge log of one parsed article."""
        found, relations = entities.analyse(doc, article, self.nlp)
        if self._relations is not None:
            relations.extend(self._relations.extract_relations(doc, found, article, structural=list(relations)))
        merges = list(found.merges)
        return self._assemble(article, found, relations, merges)

    def _assemble(self, article: Article, found: ArticleEntities, relations: list[Relation],
                  merges: list[Any]) -> Extraction:
        mentioned = {m.entity_id for m in found.mentions}
        ents = [e for eid, e in found.entities.items() if eid in mentioned]
        known = {e.id for e in ents}
        top = _top_level(relations)
        kept: list[Relation] = []
        seen: set[tuple[Any, ...]] = set()
        for rel in relations:
            if rel.source not in known or rel.target not in known:
                self.dropped["endpoint not among the article's entities"] += 1
                continue
            if rel.source == rel.target:
                self.dropped["self loop"] += 1
                continue
            if rel.type not in STRUCTURAL and top(rel.source) == top(rel.target):
                self.dropped["both ends are the same state or organisation"] += 1
                continue
            ev = rel.evidence
            key = (rel.source, rel.type, rel.target, rel.role, ev.start if ev else None)
            if key in seen:
                continue
            seen.add(key)
            kept.append(rel)
        try:
            return Extraction(article=article, entities=ents, relations=kept, merges=merges)
        except ValidationError as err:  # should not happen: keep the entities, report why
            self.dropped["extraction failed validation"] += 1
            log.warning("article %s: relations dropped, extraction invalid: %s", article.path or article.id, err)
            return Extraction(article=article, entities=ents, relations=[], merges=merges)


STRUCTURAL = {"OFFICIAL_OF", "PART_OF", "MEMBER_OF", "AFFILIATED_WITH"}


def _top_level(relations: list[Relation]) -> Callable[[str], str]:
    """id -> the State or Organization it rolls up to through OFFICIAL_OF and PART_OF (the
    evaluation's roll-up): an interaction between a minister and her own state is noise."""
    parent = {r.source: r.target for r in relations if r.type in ("OFFICIAL_OF", "PART_OF")}

    def top(ident: str) -> str:
        seen = {ident}
        while ident in parent and parent[ident] not in seen:
            ident = parent[ident]
            seen.add(ident)
        return ident

    return top


_WORKER: Extractor | None = None


def _init_worker(model: str, batch_size: int) -> None:
    global _WORKER
    _WORKER = Extractor(model, batch_size=batch_size)


def _extract_chunk(articles: list[Article]) -> tuple[list[Extraction], list[tuple[str, str]]]:
    """Extractions of a chunk plus the failures the worker recorded, for the parent to report."""
    assert _WORKER is not None, "worker not initialised"
    _WORKER.failures.clear()
    extractions = list(_WORKER.extract_many(articles))
    return extractions, list(_WORKER.failures)


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

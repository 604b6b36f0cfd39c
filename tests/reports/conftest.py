"""Fixtures of the report tests: graphs built by the real pipeline, and headless Chromium.

Two graphs, both ingested through `kg.pipeline.ingest` with the real Extractor into an
embedded store: the dev corpus (`../shared/corpus/dev`, skipped when absent) and our own
fixture articles in `articles/` (always there; written so the event window and the escaping
of hostile text are put to the test). Tests derive what they expect from the store's own
relations, never from a copy of an earlier output.

Browser: the viewer tests' `browser` fixture (Debian's `/usr/bin/chromium` through Playwright's
`executable_path`, never `playwright install`; missing, it skips locally and fails in CI).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from reportkit import CORPUS, FIXTURE_ARTICLES

from kg.stores.base import GraphStore

TEST_DB_SIZE = 1 << 30


@pytest.fixture(scope="session")
def extractor() -> Any:
    from kg.loaders.extraction import Extractor
    from kg.settings import Settings

    return Extractor(model=Settings().spacy_model)


def _ingested(db: Path, sources: list[str], extractor: Any) -> Path:
    """Ingest through the real pipeline into a fresh embedded store, closed afterwards."""
    from kg.loaders import LoadOptions
    from kg.pipeline import ingest
    from kg.stores.embedded import EmbeddedStore

    store = EmbeddedStore(db, max_db_size=TEST_DB_SIZE)
    try:
        summary = ingest(sources, store, extractor, LoadOptions(include=["*.txt", "*.html", "*.jsonl"]))
    finally:
        store.close()
    assert summary.articles_stored, f"nothing stored from {sources}: {[str(p) for p in summary.skipped]}"
    assert not summary.skipped, [str(p) for p in summary.skipped]
    return db


def _opened(db: Path) -> Iterator[GraphStore]:
    from kg.stores.embedded import EmbeddedStore

    store = EmbeddedStore(db, read_only=True, max_db_size=TEST_DB_SIZE)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(scope="session")
def dev_db(tmp_path_factory: pytest.TempPathFactory, extractor: Any) -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"no dev corpus at {CORPUS}")
    articles = sorted(str(p) for p in CORPUS.iterdir() if p.suffix in (".txt", ".html"))
    return _ingested(tmp_path_factory.mktemp("dev") / "graph", articles, extractor)


@pytest.fixture(scope="session")
def dev_store(dev_db: Path) -> Iterator[GraphStore]:
    yield from _opened(dev_db)


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory, extractor: Any) -> Path:
    return _ingested(tmp_path_factory.mktemp("fixture") / "graph", [str(FIXTURE_ARTICLES)], extractor)


@pytest.fixture(scope="session")
def fixture_store(fixture_db: Path) -> Iterator[GraphStore]:
    yield from _opened(fixture_db)

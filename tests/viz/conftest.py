"""Fixtures of the viewer tests: Debian's headless Chromium driven by Playwright, and graphs.

Browser: the session's one headless Chromium, the `browser` fixture of tests/conftest.py.

The seed's graph is built by the real pipeline (loaders, extractor, resolution, ingest into an
embedded store) from `../shared/corpus/seed` when it is there, else from the fixture article
in `fixtures/`; tests then expect only what the text says.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from vizkit import REPO, Viewer, write_page

SEED = REPO.parent / "shared" / "corpus" / "seed"
FIXTURE_ARTICLE = Path(__file__).with_name("fixtures") / "australia-accuses-china.txt"
@pytest.fixture
def viewer(browser: Any) -> Iterator[Viewer]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page = context.new_page()
    view = Viewer(page)
    page.on("request", lambda request: view.requests.append(request.url))
    page.on("console", lambda message: view.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: view.errors.append(str(error)))
    try:
        yield view
    finally:
        context.close()


def seed_sources() -> list[Path]:
    """The seed corpus articles (not its gold file), or the fixture article without it."""
    if SEED.is_dir():
        return sorted(SEED.glob("*.txt"))
    return [FIXTURE_ARTICLE]


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store holding the seed articles, ingested by the real pipeline."""
    from kg.loaders import LoadOptions
    from kg.loaders.extraction import Extractor
    from kg.pipeline import ingest
    from kg.settings import Settings
    from kg.stores.factory import open_store

    settings = Settings(db=tmp_path_factory.mktemp("viz-seed") / "graph")
    store = open_store(settings, max_db_size=1 << 30)
    try:
        summary = ingest([str(p) for p in seed_sources()], store, Extractor(model=settings.spacy_model), LoadOptions())
    finally:
        store.close()
    assert summary.articles_stored >= 1, f"nothing stored from the seed: {[str(p) for p in summary.skipped]}"
    return settings.db


@pytest.fixture(scope="session")
def seed_graph(seed_db: Path) -> nx.MultiDiGraph:
    """The seed's graph as `geokg viz` draws it (store subgraph + cited articles)."""
    from kg.queries import viewer_graph
    from kg.settings import Settings
    from kg.stores.factory import open_store

    store = open_store(Settings(db=seed_db), read_only=True, max_db_size=1 << 30)
    try:
        return viewer_graph(store)
    finally:
        store.close()


@pytest.fixture(scope="session")
def seed_page(seed_graph: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_page(tmp_path_factory.mktemp("viz-seed-page"), seed_graph, "seed", title="geokg seed")

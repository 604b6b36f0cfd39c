"""The same reports from Neo4j as from the embedded store: reports read through the
`GraphStore` protocol only, so both stores holding the same articles must give the same report."""

from __future__ import annotations

from typing import Any

import pytest
from reportkit import FIXTURE_ARTICLES

from kg.reports import ReportOptions, build_report
from kg.stores.base import GraphStore

pytestmark = pytest.mark.neo4j

OPTIONS = {
    "overview": ReportOptions(evidence=0),
    "actor": ReportOptions(kind="actor", actor="state:chn", evidence=0),
    "dyad": ReportOptions(kind="dyad", dyad=("state:usa", "state:chn"), types=["ACCUSES", "REJECTS"]),
}


def test_neo4j_gives_the_same_reports_as_the_embedded_store(
    neo4j_clean: str, extractor: Any, fixture_store: GraphStore
) -> None:
    from kg.loaders import LoadOptions
    from kg.pipeline import ingest
    from kg.settings import Settings
    from kg.stores.factory import open_store

    store = open_store(Settings(neo4j_uri=neo4j_clean))
    try:
        summary = ingest([str(FIXTURE_ARTICLES)], store, extractor, LoadOptions(include=["*.txt", "*.jsonl"]))
        assert summary.articles_stored == 3 and not summary.skipped
        for kind, options in OPTIONS.items():
            from_neo4j = build_report(store, options).as_dict()
            embedded = build_report(fixture_store, options).as_dict()
            assert from_neo4j["pairs"], kind
            assert from_neo4j == embedded, kind
    finally:
        store.close()

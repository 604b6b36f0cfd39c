"""The `store` fixture: every contract test runs once on LadybugDB and once on Neo4j."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_samples import open_embedded

from kg.settings import Settings
from kg.stores.base import GraphStore


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    opened: GraphStore
    if request.param == "embedded":
        opened = open_embedded(tmp_path / "db")
    else:
        from kg.stores.neo4j_store import Neo4jStore

        # Data only: keeping the constraints between tests saves seconds per test, and the
        # store recreates any that another test's `neo4j_clean` dropped.
        uri = request.getfixturevalue("neo4j_uri")
        neo = Neo4jStore(uri, settings=Settings())
        neo._driver.execute_query("MATCH (n) DETACH DELETE n")
        opened = neo
    try:
        yield opened
    finally:
        opened.close()

"""Fixtures for the API tests: a small graph in each store, served over real HTTP.

Each test module gets its own store (a fresh embedded database, or the session's Neo4j
emptied), loaded with the sample extractions of api_support.py, and a live server over it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from api_support import API_KEY, empty_neo4j, sample_extractions, served
from pydantic import SecretStr

from kg.settings import Settings
from kg.stores.base import GraphStore
from kg.stores.factory import open_store

STORE_KINDS = [pytest.param("embedded"), pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(scope="module", params=STORE_KINDS)
def store_settings(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings naming a fresh store of each kind (with the API key set)."""
    base: dict[str, Any] = {"api_key": SecretStr(API_KEY), "cors_origins": [], "neo4j_uri": None}
    if request.param == "neo4j":
        uri = request.getfixturevalue("neo4j_uri")
        empty_neo4j(uri)
        return Settings(**{**base, "neo4j_uri": uri})
    return Settings(**{**base, "db": tmp_path_factory.mktemp("graph")})


@pytest.fixture(scope="module")
def store(store_settings: Settings) -> Iterator[GraphStore]:
    """The sample graph in the store the settings name."""
    opened = open_store(store_settings, max_db_size=1 << 30) if not store_settings.neo4j_uri else open_store(
        store_settings
    )
    opened.upsert(sample_extractions())
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def api(store_settings: Settings, store: GraphStore) -> Iterator[httpx.Client]:
    """A client of the API over the sample graph, with writes enabled by API_KEY."""
    with served(store_settings, store) as client:
        yield client

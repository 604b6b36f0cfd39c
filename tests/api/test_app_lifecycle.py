"""The app factory without a given store: it opens the one the settings name on first use,
closes it at shutdown, and answers 503 problem documents while the store cannot be reached."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from api_support import LiveServer, assert_problem

from kg.api import create_app
from kg.settings import Settings


def test_store_is_opened_lazily_and_closed_at_shutdown(tmp_path: Path) -> None:
    app = create_app(Settings(db=tmp_path / "graph", neo4j_uri=None, api_key=None))
    assert not (tmp_path / "graph").exists()  # nothing opened by creating the app
    with LiveServer(app) as server:
        assert httpx.get(f"{server.url}/openapi.json").status_code == 200
        assert not (tmp_path / "graph").exists()  # nor by serving the schema
        body = httpx.get(f"{server.url}/health").json()
        assert body["store"] == "EmbeddedStore" and body["writes_enabled"] is False
        assert httpx.get(f"{server.url}/stats").json()["articles"] == 0
        assert (tmp_path / "graph").is_dir()
    assert app.state.holder._store is None  # closed by the lifespan


@pytest.mark.parametrize("where", ["neo4j", "file"])
def test_an_unreachable_store_gives_503_problems(tmp_path: Path, where: str) -> None:
    if where == "neo4j":
        settings = Settings(neo4j_uri="bolt://127.0.0.1:1", api_key=None)
    else:
        (tmp_path / "afile").write_text("not a database")
        settings = Settings(db=tmp_path / "afile", neo4j_uri=None, api_key=None)
    with LiveServer(create_app(settings)) as server:
        for path in ("/health", "/entities?q=china", "/entities/state:chn"):
            response = httpx.get(f"{server.url}{path}", timeout=60)
            body = assert_problem(response, 503, "graph store")
            assert body["type"] == "urn:geokg:problem:store-unavailable"
            assert response.headers["retry-after"]

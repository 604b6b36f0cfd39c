"""`POST /query` over real HTTP, against both stores: reads work, writes and file access are
refused with nothing changed, limits come from the settings, a slow query is stopped."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_support import assert_problem, served

from kg.settings import Settings
from kg.stores.base import GraphStore

WRITES = [
    "CREATE (n:State {id: 'state:zzz', name: 'Nowhere'}) RETURN n",
    "create (n:State {id: 'state:zzz', name: 'Nowhere'})",
    "MERGE (n:State {id: 'state:zzz'}) RETURN n",
    "MATCH (n:State {id: 'state:chn'}) SET n.name = 'Hacked' RETURN n",
    "MATCH (n:State {id: 'state:chn'}) DETACH DELETE n",
    "MATCH ()-[r:ACCUSES]->() DELETE r",
    "MATCH (n:State) /* a comment */ REMOVE n.iso3 RETURN n",
    "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
    "CALL apoc.load.json('file:///etc/passwd')",
    "CALL apoc.load.json('file:///etc/passwd') YIELD value RETURN value",
    "CALL { CREATE (n:State {id: 'state:zzz', name: 'Nowhere'}) } IN TRANSACTIONS",
    "RETURN 1; CREATE (n:State {id: 'state:zzz', name: 'Nowhere'})",
    "COPY State FROM '/etc/passwd'",
    "CALL dbms.security.createUser('eve', 'pw', false)",
]


def snapshot(api: httpx.Client) -> dict[str, Any]:
    return {
        "stats": api.get("/stats").json(),
        "china": api.get("/entities/state:chn").json(),
        "relations": api.get("/relations", params={"limit": 1000}).json()["items"],
    }


def test_read_query_with_parameters(api: httpx.Client) -> None:
    body = api.post(
        "/query",
        json={"cypher": "MATCH (n:State) WHERE n.id = $id RETURN n.name AS name", "params": {"id": "state:civ"}},
    ).json()
    assert body["columns"] == ["name"]
    assert body["rows"] == [["Côte d'Ivoire"]]
    assert body["truncated"] is False and body["note"] is None


def test_defaults_come_from_the_settings(api: httpx.Client, store_settings: Settings) -> None:
    body = api.post("/query", json={"cypher": "MATCH (n:State) RETURN n.id"}).json()
    assert body["timeout_s"] == store_settings.query_timeout_s
    assert body["max_rows"] == store_settings.query_max_rows


def test_row_cap_says_it_truncated(api: httpx.Client) -> None:
    body = api.post("/query", json={"cypher": "MATCH (n:State) RETURN n.id ORDER BY n.id", "max_rows": 3}).json()
    assert body["row_count"] == 3 and body["truncated"] is True
    assert "max_rows" in body["note"]


def test_limits_above_the_maxima_are_refused(api: httpx.Client, store_settings: Settings) -> None:
    too_long = store_settings.query_timeout_max_s + 1
    assert_problem(api.post("/query", json={"cypher": "RETURN 1", "timeout_s": too_long}), 422, "timeout_s", "maximum")
    too_many = store_settings.query_max_rows_limit + 1
    assert_problem(api.post("/query", json={"cypher": "RETURN 1", "max_rows": too_many}), 422, "max_rows", "maximum")
    assert_problem(api.post("/query", json={"cypher": "RETURN 1", "timeout_s": -1}), 422, "timeout_s")


@pytest.mark.parametrize("cypher", WRITES)
def test_writes_and_file_access_are_refused_and_change_nothing(api: httpx.Client, cypher: str) -> None:
    before = snapshot(api)
    response = api.post("/query", json={"cypher": cypher})
    body = assert_problem(response, 400)
    assert body["type"] in ("urn:geokg:problem:query-refused", "urn:geokg:problem:bad-query")
    assert snapshot(api) == before
    check = api.post("/query", json={"cypher": "MATCH (n:State {id: 'state:zzz'}) RETURN count(n) AS c"}).json()
    assert check["rows"] == [[0]]


@pytest.mark.parametrize(
    "cypher",
    ["CREATE (n:State {id: 'state:zzz'})", "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
     "CALL apoc.load.json('file:///etc/passwd')"],
)
def test_the_main_write_forms_are_refused_as_such(api: httpx.Client, cypher: str) -> None:
    assert_problem(api.post("/query", json={"cypher": cypher}), 400)["type"].endswith("query-refused")


def test_export_to_a_file_is_refused(api: httpx.Client, tmp_path: Path) -> None:
    target = tmp_path / "dump"
    response = api.post("/query", json={"cypher": f"EXPORT DATABASE '{target}'"})
    assert_problem(response, 400)
    assert not target.exists()


def test_a_slow_query_is_stopped_at_its_timeout(api: httpx.Client) -> None:
    slow = "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y WITH x, y WHERE (x * y) % 7 = 3 RETURN count(*)"
    started = time.monotonic()
    response = api.post("/query", json={"cypher": slow, "timeout_s": 1})
    elapsed = time.monotonic() - started
    body = assert_problem(response, 422, "timeout")
    assert body["type"] == "urn:geokg:problem:query-timeout"
    assert elapsed < 10, f"the query ran {elapsed:.1f} s past a 1 s timeout"
    assert api.get("/health").status_code == 200  # and the server still answers


def test_the_default_timeout_applies_when_none_is_given(store_settings: Settings, store: GraphStore) -> None:
    quick = store_settings.model_copy(update={"query_timeout_s": 1.0})
    slow = "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y WITH x, y WHERE (x * y) % 7 = 3 RETURN count(*)"
    with served(quick, store) as client:
        started = time.monotonic()
        body = assert_problem(client.post("/query", json={"cypher": slow}), 422)
        assert body["type"] == "urn:geokg:problem:query-timeout"
        assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"cypher": "MATCH (n RETURN n"}, ["MATCH"]),
        ({"cypher": ""}, ["cypher"]),
        ({"query": "RETURN 1"}, ["cypher"]),
        ({"cypher": "RETURN $x", "params": "not a dict"}, ["params"]),
    ],
)
def test_bad_queries_are_4xx_problems(api: httpx.Client, body: dict[str, Any], words: list[str]) -> None:
    response = api.post("/query", json=body)
    assert 400 <= response.status_code < 500
    assert_problem(response, response.status_code, *words)


def test_non_json_and_non_finite_values(api: httpx.Client) -> None:
    response = api.post("/query", content=b"{not json", headers={"Content-Type": "application/json"})
    assert_problem(response, 422, "JSON")
    body = api.post("/query", json={"cypher": "RETURN 0.0 / 0.0 AS nan, 1e308 * 10 AS inf"}).json()
    assert [str(v) for v in body["rows"][0]] in (["nan", "inf"], ["None", "None"])

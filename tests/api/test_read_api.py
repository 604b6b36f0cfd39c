"""Read endpoints over real HTTP, against both stores (the sample graph of conftest.py)."""

from __future__ import annotations

import csv
import io
import json
import time
import xml.etree.ElementTree as ET

import httpx
import pytest
from api_support import ENTITIES, assert_problem, assertion_count, sample_extractions


def test_health_names_the_store_and_says_writes_are_enabled(api: httpx.Client) -> None:
    body = api.get("/health").json()
    assert body["status"] == "ok"
    assert body["store"] in ("EmbeddedStore", "Neo4jStore")
    assert body["writes_enabled"] is True
    deadline = time.monotonic() + 30
    while body["memory_index"] == "building" and time.monotonic() < deadline:
        time.sleep(0.05)
        body = api.get("/health").json()
    assert body["memory_index"] == "current"


def test_stats_count_the_sample(api: httpx.Client) -> None:
    body = api.get("/stats").json()
    assert body["articles"] == len(sample_extractions())
    assert body["nodes"]["State"] == sum(1 for e in ENTITIES if e.startswith("state:"))
    assert body["relations"]["ACCUSES"] == 5


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("CHINA", "state:chn"),
        ("cote d'ivoire", "state:civ"),
        ("ivory", "state:civ"),
        ("zhao lijian", "person:zhao-lijian"),
        ("mss", "agency:chn:ministry-of-state-security"),
    ],
)
def test_search_ignores_case_and_accents_and_finds_aliases(api: httpx.Client, q: str, expected: str) -> None:
    ids = [item["id"] for item in api.get("/entities", params={"q": q}).json()["items"]]
    assert expected in ids


def test_search_filters_by_type(api: httpx.Client) -> None:
    items = api.get("/entities", params={"q": "a", "type": "Organization,Group"}).json()["items"]
    assert items and {item["type"] for item in items} <= {"Organization", "Group"}


def test_search_pages_with_an_opaque_cursor_and_loses_nothing(api: httpx.Client) -> None:
    everything = [i["id"] for i in api.get("/entities", params={"q": "a", "limit": 200}).json()["items"]]
    assert len(everything) > 4
    paged: list[str] = []
    cursor = None
    for _ in range(20):
        params = {"q": "a", "limit": 2, **({"cursor": cursor} if cursor else {})}
        body = api.get("/entities", params=params).json()
        paged += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert paged == everything


def test_a_cursor_from_another_search_or_forged_is_refused(api: httpx.Client) -> None:
    cursor = api.get("/entities", params={"q": "a", "limit": 1}).json()["next_cursor"]
    assert cursor
    assert_problem(api.get("/entities", params={"q": "b", "cursor": cursor}), 400, "cursor", "another search")
    assert_problem(api.get("/entities", params={"q": "a", "cursor": "not-a-cursor!"}), 400, "cursor")


def test_search_refuses_an_unknown_type_and_names_the_choices(api: httpx.Client) -> None:
    assert_problem(api.get("/entities", params={"q": "a", "type": "Planet"}), 422, "Planet", "State")


def test_entity_by_id(api: httpx.Client) -> None:
    body = api.get("/entities/state:civ").json()
    assert body["name"] == "Côte d'Ivoire"
    assert body["type"] == "State"
    assert "Ivory Coast" in body["aliases"]


def test_unknown_entity_is_404_and_malformed_id_is_422(api: httpx.Client) -> None:
    assert_problem(api.get("/entities/state:xyz"), 404, "state:xyz")
    assert_problem(api.get("/entities/nonsense"), 422, "nonsense", "not an entity id")


def test_neighbors_give_nodes_and_counted_ties(api: httpx.Client) -> None:
    body = api.get("/entities/state:chn/neighbors").json()
    ids = {node["id"] for node in body["nodes"]}
    assert {"state:chn", "state:usa", "state:aus", "state:civ"} <= ids
    assert "state:rus" not in ids
    assert all(node["type"] for node in body["nodes"])
    assert body["edges"] == []  # evidence only when asked
    assert body["ties"]
    for tie in body["ties"]:  # each tie counts the assertions /relations gives for it
        assert {tie["source"], tie["target"]} <= ids
        page = api.get("/relations", params={
            "source": tie["source"], "target": tie["target"], "type": tie["type"], "include_negated": "true",
        }).json()
        dates = sorted(item["date"] for item in page["items"] if item["date"])
        assert len(page["items"]) == tie["count"] > 0
        assert (tie["first_seen"], tie["last_seen"]) == ((dates[0], dates[-1]) if dates else (None, None))


def test_neighbors_with_evidence_give_every_assertion(api: httpx.Client) -> None:
    body = api.get("/entities/state:chn/neighbors", params={"evidence": "true"}).json()
    accusation = [e for e in body["edges"] if (e["source"], e["type"], e["target"]) == (
        "state:aus", "ACCUSES", "state:chn")]
    assert accusation and accusation[0]["evidence"] == "Australia joined the US in blaming Beijing."
    assert len(body["edges"]) == sum(tie["count"] for tie in body["ties"])


def test_neighbors_filter_by_type_and_period(api: httpx.Client) -> None:
    body = api.get("/entities/state:chn/neighbors", params={"types": "COOPERATES_WITH"}).json()
    assert {node["id"] for node in body["nodes"]} == {"state:chn", "state:civ"}
    body = api.get("/entities/state:usa/neighbors", params={"since": "2021-08-01", "until": "2021-12-31"}).json()
    assert {node["id"] for node in body["nodes"]} == {"state:usa", "state:chn", "state:jpn"}


def test_neighbors_refuse_bad_input(api: httpx.Client) -> None:
    assert_problem(api.get("/entities/state:xyz/neighbors"), 404, "state:xyz")
    assert_problem(api.get("/entities/state:chn/neighbors", params={"types": "HUGS"}), 422, "HUGS", "ACCUSES")
    assert_problem(api.get("/entities/state:chn/neighbors", params={"depth": 9}), 422, "depth")
    assert_problem(
        api.get("/entities/state:chn/neighbors", params={"since": "2022-01-01", "until": "2021-01-01"}), 422, "since"
    )
    assert_problem(api.get("/entities/state:chn/neighbors", params={"since": "last tuesday"}), 422, "since")


def test_relations_filter_and_carry_evidence(api: httpx.Client) -> None:
    items = api.get("/relations", params={"type": "ACCUSES", "source": "state:usa"}).json()["items"]
    assert [i["date"][:10] for i in items] == ["2021-07-19", "2021-08-02"]
    assert all(i["target"] == "state:chn" and i["evidence"] for i in items)
    sure = api.get("/relations", params={"type": "ACCUSES", "min_confidence": 0.85}).json()["items"]
    assert {i["source"] for i in sure} == {"state:usa"}


def test_negated_assertions_only_when_asked(api: httpx.Client) -> None:
    assert api.get("/relations", params={"type": "DEMANDS"}).json()["items"] == []
    items = api.get("/relations", params={"type": "DEMANDS", "include_negated": True}).json()["items"]
    assert len(items) == 1 and items[0]["negated"] is True


def test_relations_page_with_next_offset(api: httpx.Client) -> None:
    total = assertion_count(sample_extractions()) - 1  # the negated DEMANDS is left out
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        body = api.get("/relations", params={"limit": 4, "offset": offset}).json()
        seen += [i["aid"] for i in body["items"]]
        offset = body["next_offset"]
    assert len(seen) == len(set(seen)) == total


def test_relations_as_csv_and_ndjson_by_param_or_accept(api: httpx.Client) -> None:
    params = {"type": "ACCUSES"}
    as_json = api.get("/relations", params=params).json()["items"]
    response = api.get("/relations", params={**params, "format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["aid"] for r in rows] == [i["aid"] for i in as_json]
    assert rows[0]["evidence"] == as_json[0]["evidence"]
    response = api.get("/relations", params=params, headers={"Accept": "application/x-ndjson"})
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert lines == as_json
    response = api.get("/relations", params=params, headers={"Accept": "text/csv"})
    assert response.text.startswith("aid,")


def test_relations_refuse_bad_filters(api: httpx.Client) -> None:
    assert_problem(api.get("/relations", params={"type": "LOVES"}), 422, "LOVES")
    assert_problem(api.get("/relations", params={"source": "China"}), 422, "source", "China")
    assert_problem(api.get("/relations", params={"min_confidence": 2}), 422, "min_confidence")
    assert_problem(api.get("/relations", params={"format": "xlsx"}), 422, "format")


def test_dyads_count_per_month(api: httpx.Client) -> None:
    items = api.get("/dyads", params={"type": "ACCUSES", "source": "state:usa"}).json()["items"]
    assert {(d["period"], d["count"]) for d in items} == {("2021-07", 1), ("2021-08", 1)}
    items = api.get("/dyads", params={"type": "ACCUSES", "source": "state:usa", "interval": "year"}).json()["items"]
    assert [(d["period"], d["count"], d["articles"]) for d in items] == [("2021", 2, 2)]
    rows = list(csv.DictReader(io.StringIO(api.get("/dyads", params={"format": "csv"}).text)))
    assert rows and set(rows[0]) >= {"source", "target", "type", "period", "count"}


def test_paths_between_two_entities(api: httpx.Client) -> None:
    body = api.get("/paths", params={"from": "state:jpn", "to": "state:civ"}).json()
    assert ["state:jpn", "state:usa", "state:chn", "state:civ"] in body["paths"]
    assert body["nodes"]["state:civ"]["name"] == "Côte d'Ivoire"
    assert api.get("/paths", params={"from": "state:jpn", "to": "state:civ", "max_hops": 2}).json()["paths"] == []
    assert_problem(api.get("/paths", params={"from": "state:jpn", "to": "state:zzz"}), 404, "state:zzz")
    assert_problem(api.get("/paths", params={"from": "state:jpn"}), 422, "to")


def test_export_in_every_format(api: httpx.Client) -> None:
    total = assertion_count(sample_extractions())
    graph = api.get("/export", params={"format": "json"}).json()
    assert len(graph["edges"]) == total
    root = ET.fromstring(api.get("/export", params={"format": "graphml"}).content)
    assert len(root.findall(".//{http://graphml.graphdrawing.org/xmlns}edge")) == total
    rows = list(csv.DictReader(io.StringIO(api.get("/export", params={"format": "csv"}).text)))
    assert len(rows) == total
    nodes = list(csv.DictReader(io.StringIO(api.get("/export", params={"format": "csv", "part": "nodes"}).text)))
    assert {row["id"] for row in nodes} == set(ENTITIES)
    lines = [json.loads(x) for x in api.get("/export", params={"format": "ndjson"}).text.splitlines()]
    assert sum(1 for x in lines if x["kind"] == "edge") == total


def test_unknown_routes_and_methods_are_problem_documents(api: httpx.Client) -> None:
    assert_problem(api.get("/nowhere"), 404, "/docs")
    assert_problem(api.put("/entities"), 405)


def test_openapi_docs_are_served(api: httpx.Client) -> None:
    schema = api.get("/openapi.json").json()
    assert {"/entities", "/relations", "/query", "/articles", "/viz"} <= set(schema["paths"])
    assert "Problem" in schema["components"]["schemas"]
    assert api.get("/docs").status_code == 200

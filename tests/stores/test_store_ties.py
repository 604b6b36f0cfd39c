"""Contract: `ties` counts the assertions among nodes per (source, type, target); on the
embedded store the memory index gives the same answers as the database and follows every
write."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

import pytest
from store_samples import STATES, article, entity, extraction, hack_story, random_stories, rel

from kg.settings import Settings
from kg.stores.base import GraphStore, RelationFilter, Tie
from kg.stores.index_keeper import IndexKeeper


def counted(store: GraphStore, center: str, **kwargs: object) -> tuple[list[str], list[Tie]]:
    """The neighbourhood's nodes and its ties computed from its assertion edges."""
    graph = store.neighbors(center, **kwargs)  # type: ignore[arg-type]
    by_key: dict[tuple[str, str, str], list[str | None]] = {}
    for source, target, attrs in graph.edges(data=True):
        by_key.setdefault((source, attrs["type"], target), []).append(attrs.get("date"))
    ties = []
    for (source, rtype, target), dates in sorted(by_key.items()):
        known = sorted(d for d in dates if d)
        ties.append(Tie(source, target, rtype, len(dates), known[0] if known else None, known[-1] if known else None))
    return list(graph.nodes), ties


def test_ties_count_the_assertions_among_the_nodes(store: GraphStore) -> None:
    store.upsert([hack_story(), *random_stories(1)])
    for center in ("state:chn", "state:usa", "state:irn"):
        variants = ({}, {"depth": 2}, {"rel_types": ["ACCUSES", "JOINS"]}, {"since": date(2022, 1, 1)}, {"limit": 3})
        for kwargs in variants:
            nodes, expected = counted(store, center, **kwargs)
            rel_types = kwargs.get("rel_types", ())
            since = kwargs.get("since")
            assert store.ties(nodes, rel_types, since) == expected, (center, kwargs)  # type: ignore[arg-type]
    assert store.ties([]) == []
    hack = [t for t in store.ties(["state:aus", "state:chn"]) if t.source == "state:aus"]
    assert hack == [Tie("state:aus", "state:chn", "ACCUSES", 1, "2021-07-19", "2021-07-19")]


def _answers(store: GraphStore, centers: list[str]) -> list[object]:
    out: list[object] = []
    for center in centers:
        for depth, limit in ((1, 500), (2, 500), (2, 4)):
            graph = store.neighbors(center, depth, limit=limit, assertions=False)
            out += [list(graph.nodes), graph.graph["omitted_nodes"], store.ties(list(graph.nodes))]
            out.append(list(store.subgraph(center, depth, ["ACCUSES"], max_nodes=limit).nodes(data=True)))
        out.append(store.entity(center))
    filters = [
        RelationFilter(), RelationFilter(types=["ACCUSES"]), RelationFilter(types=["SANCTIONS", "DEMANDS"]),
        RelationFilter(types=["THREATENS"], include_negated=True), RelationFilter(types=["MENTIONS"]),
        RelationFilter(source="state:usa"), RelationFilter(target="state:chn", types=["ACCUSES", "SANCTIONS"]),
        RelationFilter(source="state:rus", target="state:ukr", include_negated=True),
        RelationFilter(since=date(2021, 1, 1), until=date(2022, 6, 30)),
        RelationFilter(source="state:fra", since=date(2022, 1, 1)), RelationFilter(until=date(2020, 12, 31)),
    ]
    for flt in filters:
        pages = [store.relations(replace(flt, limit=9, offset=offset)) for offset in (0, 9, 40)]
        assert pages[0], flt  # every filter finds something in the random stories
        out += pages
    for needle, types in (("u", ()), ("usa", ()), ("a", ["State"]), ("apt", ()), ("hack", ["Incident", "Group"]),
                          ("Washington", ()), ("zzz", ())):
        out.append(store.search(needle, types, limit=4))
    return out


def test_memory_index_answers_as_the_database_does(store: GraphStore) -> None:
    store.upsert([hack_story(), *random_stories(2, articles=60)])
    kept = caught_up(store)
    with_index = _answers(store, STATES[:6])
    assert kept._memory_index() is not None and kept._index is not None and kept._index.size > 0
    kept.settings = Settings(memory_index=False)
    assert kept._memory_index() is None
    assert _answers(store, STATES[:6]) == with_index


def caught_up(store: GraphStore) -> IndexKeeper:
    """Keep a memory index and wait until it is the current one (a read starts a build)."""
    assert isinstance(store, IndexKeeper)
    store.keep_memory_index()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        store._next_rebuild = 0.0  # no pause between rebuilds in this test
        if store._memory_index() is not None:
            return store
        time.sleep(0.02)
    raise AssertionError("the memory index was not rebuilt within 30 s")


def test_memory_index_follows_writes(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    # Neo4j: other processes' writes may reach the index a little late, never this one's own
    monkeypatch.setattr("kg.stores.neo4j_store.WRITE_TOKEN_TTL", 3600.0)
    kept = caught_up(store)
    story = hack_story()
    store.upsert([story])
    assert [t.count for t in store.ties(["state:usa", "state:chn"]) if t.type == "ACCUSES"] == [1]
    later = article("later", published="2022-03-02")
    store.upsert([extraction(later, [entity("state:usa", "United States"), entity("state:chn", "China")],
                             [rel(later, "state:usa", "ACCUSES", "state:chn", "Again.", 0)])])
    assert kept._memory_index() is None  # stale at once after our own write
    expected = [Tie("state:usa", "state:chn", "ACCUSES", 2, "2021-07-19", "2022-03-02")]
    assert [t for t in store.ties(["state:usa", "state:chn"]) if t.type == "ACCUSES"] == expected
    caught_up(store)  # rebuilt in the background; now the index answers
    assert [t for t in store.ties(["state:usa", "state:chn"]) if t.type == "ACCUSES"] == expected
    assert store.entity("state:aus") is not None and store.entity("state:chn")["mentions"] == 2  # type: ignore[index]
    assert store.remove_article(story.article.id)
    assert store.entity("state:aus") is None and store.entity("state:chn")["mentions"] == 1  # type: ignore[index]
    caught_up(store)
    assert store.entity("state:aus") is None and store.entity("state:chn")["mentions"] == 1  # type: ignore[index]
    left = set(store.neighbors("state:chn", assertions=False).nodes)
    assert left == {"state:chn", "state:usa"}  # Australia's accusation went with its article


@pytest.mark.neo4j
def test_neo4j_memory_index_sees_other_processes_writes(neo4j_uri: str) -> None:
    from kg.stores.neo4j_store import WRITE_TOKEN_TTL, Neo4jStore

    server, other = Neo4jStore(neo4j_uri, settings=Settings()), Neo4jStore(neo4j_uri, settings=Settings())
    try:
        server._driver.execute_query("MATCH (n) DETACH DELETE n")
        server.upsert([hack_story()])
        caught_up(server)
        later = article("later", published="2022-03-02")
        other.upsert([extraction(later, [entity("state:usa", "United States"), entity("state:chn", "China")],
                                 [rel(later, "state:usa", "ACCUSES", "state:chn", "Again.", 0)])])
        time.sleep(WRITE_TOKEN_TTL + 0.05)
        assert server._memory_index() is None  # the other writer's token made it stale
        caught_up(server)
        accusations = [t for t in server.ties(["state:usa", "state:chn"]) if t.type == "ACCUSES"]
        assert accusations == [Tie("state:usa", "state:chn", "ACCUSES", 2, "2021-07-19", "2022-03-02")]
    finally:
        server.close()
        other.close()

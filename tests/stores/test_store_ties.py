"""Contract: `ties` counts the assertions among nodes per (source, type, target); on the
embedded store the memory index gives the same answers as the database and follows every
write."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from store_samples import STATES, article, entity, extraction, hack_story, open_embedded, random_stories, rel

from kg.settings import Settings
from kg.stores.base import GraphStore, RelationFilter, Tie
from kg.stores.embedded import EmbeddedStore


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


def _answers(store: EmbeddedStore, centers: list[str]) -> list[object]:
    out: list[object] = []
    for center in centers:
        for depth, limit in ((1, 500), (2, 500), (2, 4)):
            graph = store.neighbors(center, depth, limit=limit, assertions=False)
            out += [list(graph.nodes), graph.graph["omitted_nodes"], store.ties(list(graph.nodes))]
            out.append(list(store.subgraph(center, depth, ["ACCUSES"], max_nodes=limit).nodes(data=True)))
        out.append(store.entity(center))
    for flt in (RelationFilter(), RelationFilter(types=["ACCUSES"]), RelationFilter(types=["SANCTIONS", "DEMANDS"]),
                RelationFilter(types=["THREATENS"], include_negated=True), RelationFilter(types=["MENTIONS"])):
        out += [store.relations(replace(flt, limit=9, offset=offset)) for offset in (0, 9, 40)]
    return out


def test_memory_index_answers_as_the_database_does(tmp_path: Path) -> None:
    indexed = open_embedded(tmp_path / "db")
    try:
        indexed.upsert(random_stories(2, articles=60))
        plain = Settings(memory_index=False)
        centers = STATES[:6]
        caught_up(indexed)
        with_index = _answers(indexed, centers)
        assert indexed._memory_index() is not None and indexed._index.size > 0  # type: ignore[union-attr]
        indexed.settings = plain
        assert _answers(indexed, centers) == with_index
    finally:
        indexed.close()


def caught_up(store: EmbeddedStore) -> None:
    """Wait until the memory index is the current one (a read starts its rebuild)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        store._next_rebuild = 0.0  # no pause between rebuilds in this test
        if store._memory_index() is not None:
            return
        time.sleep(0.02)
    raise AssertionError("the memory index was not rebuilt within 30 s")


def test_memory_index_follows_writes(tmp_path: Path) -> None:
    store = open_embedded(tmp_path / "db")
    try:
        story = hack_story()
        store.upsert([story])
        assert [t.count for t in store.ties(["state:usa", "state:chn"]) if t.type == "ACCUSES"] == [1]
        later = article("later", published="2022-03-02")
        store.upsert([extraction(later, [entity("state:usa", "United States"), entity("state:chn", "China")],
                                 [rel(later, "state:usa", "ACCUSES", "state:chn", "Again.", 0)])])
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
    finally:
        store.close()

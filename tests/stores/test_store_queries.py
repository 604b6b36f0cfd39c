"""Contract: entity, search, relations, dyads, neighbors, paths, subgraph, stats."""

from __future__ import annotations

from datetime import date

import pytest
from store_samples import article, entity, extraction, hack_story, rel

from kg.stores.base import GraphStore, RelationFilter, StoreError


@pytest.fixture
def loaded(store: GraphStore) -> GraphStore:
    """The hack story (July 2021) plus a later story (March 2022) with a negated accusation."""
    later = article("later", published="2022-03-02")
    store.upsert([hack_story(), extraction(
        later,
        [entity("state:usa", "United States"), entity("state:chn", "China"), entity("state:rus", "Russia"),
         entity("org:nato", "NATO", "North Atlantic Treaty Organization"), entity("group:china-daily", "China Daily")],
        [
            rel(later, "state:usa", "ACCUSES", "state:chn", "The US accused China again.", 0, confidence=0.7),
            rel(later, "state:usa", "ACCUSES", "state:chn", "The US did not accuse China of X.", 50, negated=True),
            rel(later, "state:rus", "THREATENS", "org:nato", "Russia threatened NATO.", 100,
                date=date(2022, 2, 20), confidence=0.95),
            rel(later, "group:china-daily", "REJECTS", "state:usa", "China Daily rejected it.", 150),
        ],
    )])
    return store


def test_entity(loaded: GraphStore) -> None:
    usa = loaded.entity("state:usa")
    assert usa is not None
    assert usa["type"] == "State" and usa["name"] == "United States" and usa["iso3"] == "USA"
    assert set(usa["aliases"]) >= {"US", "Washington"}
    assert usa["mentions"] == 2
    blinken = loaded.entity("person:antony-blinken")
    assert blinken is not None and blinken["roles"] == ["Secretary of State"]
    assert loaded.entity("state:xyz") is None
    assert loaded.entity("not-an-id") is None


def test_search_ranks_exact_name_first(loaded: GraphStore) -> None:
    hits = loaded.search("CHINA")
    assert [h["id"] for h in hits] == ["state:chn", "group:china-daily"]
    assert loaded.search("north atlantic")[0]["id"] == "org:nato"
    assert [h["id"] for h in loaded.search("china", types=["Group"])] == ["group:china-daily"]
    assert len(loaded.search("a", limit=2)) == 2
    assert loaded.search("   ") == []
    with pytest.raises(StoreError, match="Planet"):
        loaded.search("x", types=["Planet"])


def test_relations_filters(loaded: GraphStore) -> None:
    accuses = loaded.relations(RelationFilter(types=["ACCUSES"]))
    assert len(accuses) == 3  # the negated one is left out
    assert [a.date for a in accuses] == sorted(a.date for a in accuses)  # type: ignore[type-var]
    assert len(loaded.relations(RelationFilter(types=["ACCUSES"], include_negated=True))) == 4
    to_china = {a.source for a in loaded.relations(RelationFilter(target="state:chn"))}
    assert to_china == {"state:usa", "state:aus", "group:apt40"}
    later = loaded.relations(RelationFilter(since=date(2022, 1, 1)))
    assert {a.type for a in later} == {"ACCUSES", "THREATENS", "REJECTS"}
    threat = loaded.relations(RelationFilter(until=date(2022, 2, 20), since=date(2022, 2, 20)))
    assert [a.type for a in threat] == ["THREATENS"] and threat[0].date == "2022-02-20"
    sure = loaded.relations(RelationFilter(min_confidence=0.85))
    assert {(a.type, a.confidence) for a in sure} == {("ACCUSES", 0.9), ("THREATENS", 0.95)}
    by_article = loaded.relations(RelationFilter(article=hack_story().article.id))
    assert len(by_article) == 7
    page1 = loaded.relations(RelationFilter(limit=4))
    page2 = loaded.relations(RelationFilter(limit=4, offset=4))
    assert len(page1) == 4 and not {a.aid for a in page1} & {a.aid for a in page2}
    with pytest.raises(StoreError, match="LIKES"):
        loaded.relations(RelationFilter(types=["LIKES"]))


def test_dyads(loaded: GraphStore) -> None:
    monthly = {(d.source, d.target, d.type, d.period): d for d in loaded.dyads(RelationFilter(types=["ACCUSES"]))}
    assert set(monthly) == {
        ("state:usa", "state:chn", "ACCUSES", "2021-07"), ("state:aus", "state:chn", "ACCUSES", "2021-07"),
        ("state:usa", "state:chn", "ACCUSES", "2022-03"),
    }
    assert monthly[("state:usa", "state:chn", "ACCUSES", "2022-03")].count == 1  # negated left out
    overall = loaded.dyads(RelationFilter(types=["ACCUSES"], source="state:usa"), interval="all")
    assert len(overall) == 1
    d = overall[0]
    assert (d.period, d.count, d.first_seen, d.last_seen, d.articles) == ("all", 2, "2021-07-19", "2022-03-02", 2)
    with_negated = loaded.dyads(RelationFilter(types=["ACCUSES"], source="state:usa", include_negated=True), "year")
    assert {(x.period, x.count) for x in with_negated} == {("2021", 1), ("2022", 2)}
    assert all(x.type != "MENTIONS" for x in loaded.dyads(RelationFilter(), "all"))
    with pytest.raises(StoreError, match="fortnight"):
        loaded.dyads(RelationFilter(), interval="fortnight")


def test_neighbors(loaded: GraphStore) -> None:
    one = loaded.neighbors("state:chn")
    assert set(one.nodes) == {"state:chn", "state:usa", "state:aus", "group:apt40", "incident:exchange-hack-2021"}
    assert not any(n.startswith("article:") for n in one.nodes)
    two = loaded.neighbors("state:chn", depth=2)
    assert {"person:antony-blinken", "group:china-daily"} <= set(two.nodes)
    assert "state:rus" not in two.nodes
    only_accuses = loaded.neighbors("state:chn", rel_types=["ACCUSES"])
    assert set(only_accuses.nodes) == {"state:chn", "state:usa", "state:aus"}
    assert {e["type"] for _, _, e in only_accuses.edges(data=True)} == {"ACCUSES"}
    recent = loaded.neighbors("state:chn", since=date(2022, 1, 1))
    assert set(recent.nodes) == {"state:chn", "state:usa"}
    capped = loaded.neighbors("state:chn", limit=1)
    assert set(capped.nodes) == {"state:chn", "state:usa"}  # the strongest tie (3 assertions)
    assert capped.graph["omitted_nodes"] == 3
    with pytest.raises(StoreError, match="state:xyz"):
        loaded.neighbors("state:xyz")


def test_paths(loaded: GraphStore) -> None:
    assert loaded.paths("person:antony-blinken", "group:apt40") == [
        ["person:antony-blinken", "state:usa", "state:chn", "group:apt40"]
    ]
    assert loaded.paths("person:antony-blinken", "group:apt40", max_hops=2) == []
    two_ways = loaded.paths("state:aus", "state:usa")
    assert two_ways == [["state:aus", "state:usa"]]
    assert loaded.paths("state:rus", "state:chn") == []  # no connection except through articles
    assert loaded.paths("state:usa", "state:nowhere") == []
    with pytest.raises(StoreError, match="max_hops"):
        loaded.paths("state:usa", "state:chn", max_hops=0)


def test_subgraph_centered_keeps_strongest_ties(loaded: GraphStore) -> None:
    g = loaded.subgraph("state:usa", depth=1, max_nodes=3)
    # chn shares 4 assertions with usa; aus, blinken and china-daily one each (ties go by id)
    assert set(g.nodes) == {"state:usa", "state:chn", "group:china-daily"}
    assert g.graph["omitted_nodes"] == 2
    node = g.nodes["state:usa"]
    assert node["label"] == "State" and node["name"] == "United States" and "US" in node["aliases"]
    assert node["iso3"] == "USA"
    edges = [e for _, _, e in g.edges(data=True) if e["type"] == "ACCUSES"]
    assert len(edges) == 3  # one edge per assertion (the negated one included: it carries `negated`)
    assert any(e.get("negated") for e in edges)
    sample = edges[0]
    assert {"aid", "type", "article", "evidence", "date", "confidence", "rule", "span_start", "span_end"} <= set(sample)


def test_subgraph_whole_graph(loaded: GraphStore) -> None:
    g = loaded.subgraph()
    assert len(g) == 9 and g.graph["omitted_nodes"] == 0
    assert g.number_of_edges() == 11
    top = loaded.subgraph(max_nodes=2)
    assert set(top.nodes) == {"state:usa", "state:chn"} and top.graph["omitted_nodes"] == 7
    assert top.number_of_edges() == 4


def test_stats_on_empty_store(store: GraphStore) -> None:
    stats = store.stats()
    assert stats.total_nodes == 0 and stats.total_relations == 0 and stats.articles == 0
    assert set(stats.nodes) == {"State", "Organization", "Agency", "Official", "Incident", "Group"}


def test_self_loops_count_twice_for_tie_strength(store: GraphStore) -> None:
    """A self-loop is one outgoing and one incoming tie, on both stores alike."""
    art = article("loops")
    ids = ["state:zzz", "state:yyy", "state:ccc", "state:ddd", "state:eee"]
    store.upsert([extraction(art, [entity(i, i[-3:].upper()) for i in ids], [
        rel(art, "state:zzz", "ACCUSES", "state:zzz", "Z blamed itself.", 0),
        rel(art, "state:zzz", "ACCUSES", "state:yyy", "Z blamed Y.", 20),
        rel(art, "state:ccc", "ACCUSES", "state:ddd", "C blamed D.", 40),
        rel(art, "state:ccc", "ACCUSES", "state:eee", "C blamed E.", 60),
    ])])
    top = store.subgraph(max_nodes=1)
    assert list(top.nodes) == ["state:zzz"]  # 3 ties (loop twice + Y) against C's 2
    assert top.graph["omitted_nodes"] == 4
    assert top.number_of_edges() == 1

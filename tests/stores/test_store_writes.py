"""Contract: upsert is idempotent and atomic, re-upsert replaces, remove_article retracts."""

from __future__ import annotations

import pytest
from store_samples import article, entity, extraction, hack_story, rel

from kg.schema import Extraction, Relation
from kg.stores.base import GraphStore, RelationFilter, StoreError


def _all(store: GraphStore) -> list:
    return sorted((a.aid, a.type, a.source, a.target) for a in store.relations(RelationFilter(limit=10_000)))


def test_upsert_writes_entities_assertions_and_article(store: GraphStore) -> None:
    written = store.upsert([hack_story()])
    stats = store.stats()
    assert written == 7
    assert stats.articles == 1
    assert stats.nodes == {"State": 3, "Organization": 0, "Agency": 0, "Official": 1, "Incident": 1, "Group": 1}
    assert stats.total_relations == 7
    assert stats.relations["ACCUSES"] == 2
    assert "MENTIONS" not in stats.relations
    mentions = store.relations(RelationFilter(types=["MENTIONS"]))
    assert {m.target for m in mentions} == {
        "state:usa", "state:aus", "state:chn", "group:apt40", "incident:exchange-hack-2021", "person:antony-blinken",
    }
    assert all(m.source == hack_story().article.id for m in mentions)
    article_node = store.entity(hack_story().article.id)
    assert article_node is not None
    assert article_node["name"] == "Story hack"
    assert article_node["url"] == "https://news.example/hack"
    assert article_node["published"].startswith("2021-07-19")


def test_same_article_twice_changes_nothing(store: GraphStore) -> None:
    store.upsert([hack_story()])
    before, rels_before, chn_before = store.stats(), _all(store), store.entity("state:chn")
    store.upsert([hack_story()])
    store.upsert([hack_story(), hack_story()])  # twice in one batch, too
    assert store.stats() == before
    assert _all(store) == rels_before
    assert store.entity("state:chn") == chn_before


def test_changed_extraction_replaces_the_old_one(store: GraphStore) -> None:
    first = hack_story()
    store.upsert([first])
    art = first.article
    second = extraction(
        art,
        [entity("state:usa", "United States"), entity("state:chn", "China")],
        [rel(art, "state:usa", "SANCTIONS", "state:chn", "The US sanctioned China.", 300)],
    )
    assert store.upsert([second]) == 1
    stats = store.stats()
    assert stats.total_relations == 1 and stats.relations["SANCTIONS"] == 1
    assert stats.nodes["State"] == 2 and stats.total_nodes == 2  # entities only the old version had are gone
    assert store.entity("group:apt40") is None


def test_aliases_merge_and_first_name_stays(store: GraphStore) -> None:
    a1, a2 = article("one"), article("two")
    store.upsert([extraction(a1, [entity("state:chn", "China", "Beijing")], [])])
    store.upsert([extraction(a2, [entity("state:chn", "People's Republic of China", "PRC")], [])])
    chn = store.entity("state:chn")
    assert chn is not None
    assert chn["name"] == "China"
    assert set(chn["aliases"]) == {"Beijing", "PRC", "People's Republic of China"}
    assert chn["mentions"] == 2
    assert [hit["id"] for hit in store.search("prc")] == ["state:chn"]


def test_structural_relations_are_stored_per_article(store: GraphStore) -> None:
    one, two = hack_story("one"), hack_story("two")
    store.upsert([one, two])
    official_of = store.relations(RelationFilter(types=["OFFICIAL_OF"]))
    assert sorted(str(a.article) for a in official_of) == sorted([one.article.id, two.article.id])
    assert all(a.role == "Secretary of State" and a.evidence is None for a in official_of)


def test_remove_article_keeps_shared_entities_and_drops_the_rest(store: GraphStore) -> None:
    hack = hack_story()
    other = article("other")
    shared = extraction(
        other, [entity("state:chn", "China"), entity("state:aus", "Australia")],
        [rel(other, "state:chn", "THREATENS", "state:aus", "China warned Australia.")],
    )
    store.upsert([hack, shared])
    assert store.remove_article(hack.article.id) is True
    stats = store.stats()
    assert stats.articles == 1
    assert stats.total_nodes == 2 and stats.nodes["State"] == 2
    assert stats.total_relations == 1 and stats.relations["THREATENS"] == 1
    assert store.entity("state:usa") is None and store.entity(hack.article.id) is None
    assert store.entity("state:chn") is not None
    assert store.remove_article(hack.article.id) is False
    assert store.remove_article(other.id) is True
    assert store.stats().total_nodes == 0 and store.stats().articles == 0


def test_remove_unknown_article_returns_false(store: GraphStore) -> None:
    assert store.remove_article("article:0000000000000000") is False


def test_a_batch_with_an_invalid_item_writes_nothing(store: GraphStore) -> None:
    good = hack_story("good")
    art = article("bad")
    # Built without validation, as a buggy caller could: the target is not among the entities.
    broken_rel = Relation.model_construct(
        source="state:usa", type="ACCUSES", target="state:rus", evidence=None, role=None,
    )
    bad = Extraction.model_construct(article=art, entities=[entity("state:usa", "United States")],
                                     relations=[broken_rel], merges=[])
    with pytest.raises(StoreError, match="state:rus"):
        store.upsert([good, bad])
    assert store.stats().total_nodes == 0 and store.stats().articles == 0
    with pytest.raises(StoreError, match="batch item 1"):
        store.upsert([good, {"article": {"id": "nope"}}])
    assert store.stats().articles == 0
    assert store.upsert([good]) == 7  # the store is still usable


def test_unicode_names_are_stored_and_found(store: GraphStore) -> None:
    art = article("unicode")
    lavrov = entity("person:sergei-lavrov", "Сергей Лавров", "Sergei Lavrov")
    saudi = entity("state:sau", "المملكة العربية السعودية", "Saudi Arabia")
    china = entity("state:chn", "中华人民共和国", "China")
    zhao = entity("person:zhao-lijian", "Zhao Lìjiān")
    store.upsert([extraction(art, [lavrov, saudi, china, zhao], [
        rel(art, "person:sergei-lavrov", "COOPERATES_WITH", "state:sau", "Лавров встретился с саудовцами."),
    ])])
    assert store.entity("person:sergei-lavrov")["name"] == "Сергей Лавров"  # type: ignore[index]
    assert [h["id"] for h in store.search("ЛАВРОВ")] == ["person:sergei-lavrov"]
    assert [h["id"] for h in store.search("العربية")] == ["state:sau"]
    assert [h["id"] for h in store.search("人民")] == ["state:chn"]
    assert [h["id"] for h in store.search("ZHAO LIJIAN")] == ["person:zhao-lijian"]
    assert store.relations(RelationFilter())[0].evidence == "Лавров встретился с саудовцами."


def _many(art_key: str, n: int, target: str = "state:chn") -> Extraction:
    """One article with `n` USA -> target accusations: enough to take a store's bulk path."""
    art = article(art_key)
    tricky = 'He said, "no"; then\nleft \\ 北京 — ok'
    rels = [rel(art, "state:usa", "ACCUSES", target, f"{tricky} #{i}", i * 100) for i in range(n)]
    return extraction(art, [entity("state:usa", "United States"), entity(target, "Target")], rels)


def test_large_groups_round_trip_and_stay_idempotent(store: GraphStore) -> None:
    big = _many("big", 300)
    assert store.upsert([big]) == 300
    stored = store.relations(RelationFilter(limit=1000))
    assert len(stored) == 300
    assert {a.evidence for a in stored} == {r.evidence.sentence for r in big.relations if r.evidence}
    assert {(a.span_start, a.confidence, a.negated, a.section) for a in stored} == {
        (i * 100, 0.5, False, "body") for i in range(300)
    }
    before = store.stats()
    store.upsert([big])
    assert store.stats() == before
    assert store.remove_article(big.article.id) and store.stats().total_relations == 0


def test_large_group_with_a_missing_entity_writes_nothing(store: GraphStore) -> None:
    big = _many("big", 300, target="state:fra")
    broken = Extraction.model_construct(article=big.article, entities=big.entities[:1],
                                        relations=big.relations, merges=[])
    with pytest.raises(StoreError, match="state:fra"):
        store.upsert([hack_story("fine"), broken])
    assert store.stats().articles == 0 and store.stats().total_nodes == 0

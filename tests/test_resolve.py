"""Cross-article entity resolution: what merges, what must not, and the log of why."""

from __future__ import annotations

from kg.resolve import Resolver
from kg.schema import Article, Evidence, Extraction, Group, Official, Relation, State, article_id


def extraction(text: str, entities: list, relations: list[tuple[str, str, str]] = ()) -> Extraction:  # type: ignore[assignment]
    article = Article(id=article_id(None, text), text=text, path=f"{text[:8]}.txt")
    rels = [
        Relation(
            source=s, type=t, target=o, evidence=Evidence(article=article.id, sentence=text, start=0, end=len(text))
        )
        for s, t, o in relations
    ]
    return Extraction(article=article, entities=entities, relations=rels)


def test_people_sharing_a_surname_are_not_merged_across_articles() -> None:
    resolver = Resolver()
    first = resolver.resolve(extraction("one", [Official(id="person:dominic-raab", name="Dominic Raab")]))
    second = resolver.resolve(extraction("two", [Official(id="person:raab", name="Raab")]))
    assert [e.id for e in first.entities] == ["person:dominic-raab"]
    assert [e.id for e in second.entities] == ["person:raab"]
    assert not second.merges


def test_groups_with_near_identical_names_merge_with_a_logged_reason() -> None:
    resolver = Resolver()
    resolver.resolve(extraction("one", [Group(id="group:darkside", name="DarkSide", aliases=["Darkside gang"])]))
    second = resolver.resolve(
        extraction(
            "two",
            [State(id="state:usa", name="United States"), Group(id="group:dark-side", name="Dark Side")],
            [("state:usa", "ACCUSES", "group:dark-side")],
        )
    )
    assert {e.id for e in second.entities} == {"state:usa", "group:darkside"}
    assert [(r.source, r.target) for r in second.relations] == [("state:usa", "group:darkside")]
    assert second.merges and second.merges[0].entity == "group:darkside"
    assert "across articles" in second.merges[0].reason


def test_unrelated_groups_stay_apart() -> None:
    resolver = Resolver()
    resolver.resolve(extraction("one", [Group(id="group:apt40", name="APT40")]))
    second = resolver.resolve(extraction("two", [Group(id="group:apt41", name="APT41")]))
    assert [e.id for e in second.entities] == ["group:apt41"]


def test_a_merge_that_would_make_a_self_loop_drops_the_edge() -> None:
    resolver = Resolver()
    resolver.resolve(extraction("one", [Group(id="group:sandworm", name="Sandworm Team")]))
    merged = resolver.resolve(
        extraction(
            "two",
            [Group(id="group:sandworm", name="Sandworm Team"), Group(id="group:sandworm-team", name="Sandworm  Team")],
            [("group:sandworm", "AFFILIATED_WITH", "group:sandworm-team")],
        )
    )
    assert [e.id for e in merged.entities] == ["group:sandworm"]
    assert merged.relations == []


def test_agencies_of_different_states_never_merge() -> None:
    from kg.schema import Agency

    resolver = Resolver()
    resolver.resolve(extraction("one", [Agency(id="agency:chn:foreign-ministry", name="Foreign Ministry")]))
    second = resolver.resolve(extraction("two", [Agency(id="agency:rus:foreign-ministry", name="Foreign Ministry")]))
    assert [e.id for e in second.entities] == ["agency:rus:foreign-ministry"]

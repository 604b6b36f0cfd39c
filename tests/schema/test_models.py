"""The schema rejects what the ontology does not allow, with messages that name the field."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from kg.schema import (
    RELATION_MODELS,
    Article,
    Evidence,
    Extraction,
    Official,
    Relation,
    State,
    article_id,
    fold,
    label_of,
    make_entity,
    slugify,
    vocabulary,
)
from kg.schema.ddl import ladybug_ddl, neo4j_constraints

ARTICLE = Article(id=article_id(None, "Ruritania accused Freedonia."), text="Ruritania accused Freedonia.")


def evidence(**kw: object) -> Evidence:
    return Evidence(article=ARTICLE.id, sentence="Ruritania accused Freedonia.", **kw)  # type: ignore[arg-type]


def test_vocabulary_matches_the_ontology() -> None:
    vocab = vocabulary()
    assert set(vocab.labels) == {"State", "Organization", "Agency", "Official", "Incident", "Group", "Article"}
    ontology_types = {
        "OFFICIAL_OF", "PART_OF", "MEMBER_OF", "AFFILIATED_WITH", "ACCUSES", "JOINS", "DEMANDS", "THREATENS",
        "REJECTS", "SANCTIONS", "COOPERATES_WITH", "ATTACKS", "BLAMED_FOR", "TARGETED",
    }
    assert ontology_types <= set(vocab.relations)
    assert vocab.relations["ACCUSES"].plover == ("ACCUSE",)
    assert vocab.relations["SANCTIONS"].cameo == ("16",)
    assert vocab.relations["MEMBER_OF"].allows("State", "Organization")
    assert not vocab.relations["MEMBER_OF"].allows("Organization", "State")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"id": "state:chn", "type": "Planet", "name": "China"}, "type"),
        ({"id": "state:china", "type": "State", "name": "China"}, "id"),
        ({"id": "person:x", "type": "State", "name": "China"}, "id"),
        ({"id": "state:chn", "type": "State", "name": "   "}, "name"),
    ],
)
def test_bad_entities_are_rejected_naming_the_field(data: dict[str, str], field: str) -> None:
    with pytest.raises((ValidationError, ValueError)) as info:
        make_entity(data)
    assert field in str(info.value)


def test_relation_endpoint_pairs_follow_the_ontology() -> None:
    RELATION_MODELS["ACCUSES"](source="state:aus", target="state:chn", evidence=evidence())
    with pytest.raises(ValidationError, match="MEMBER_OF may not connect Organization -> State"):
        Relation(source="org:nato", type="MEMBER_OF", target="state:fin")
    with pytest.raises(ValidationError, match="type: unknown relationship type 'LIKES'"):
        Relation(source="state:aus", type="LIKES", target="state:chn", evidence=evidence())
    with pytest.raises(ValidationError, match="source: malformed id"):
        Relation(source="australia", type="ACCUSES", target="state:chn", evidence=evidence())
    with pytest.raises(ValidationError, match="evidence: a ACCUSES assertion needs its evidence"):
        Relation(source="state:aus", type="ACCUSES", target="state:chn")
    with pytest.raises(ValidationError, match="confidence"):
        evidence(confidence=1.5)


def test_assertion_ids_are_deterministic_and_depend_on_the_span() -> None:
    one = Relation(source="state:aus", type="ACCUSES", target="state:chn", evidence=evidence(start=0, end=10))
    same = Relation(source="state:aus", type="ACCUSES", target="state:chn", evidence=evidence(start=0, end=10))
    other = Relation(source="state:aus", type="ACCUSES", target="state:chn", evidence=evidence(start=11, end=20))
    assert one.aid == same.aid != other.aid


def test_extraction_checks_relations_reference_its_entities() -> None:
    entities = [State(id="state:aus", name="Australia"), State(id="state:chn", name="China")]
    rel = Relation(source="state:aus", type="ACCUSES", target="state:chn", evidence=evidence())
    Extraction(article=ARTICLE, entities=entities, relations=[rel])
    with pytest.raises(ValidationError, match=r"relations\[0\].target: 'state:chn' is not among"):
        Extraction(article=ARTICLE, entities=entities[:1], relations=[rel])
    with pytest.raises(ValidationError, match="duplicate entity id"):
        Extraction(article=ARTICLE, entities=[entities[0], entities[0]])


def test_article_needs_text_and_a_valid_id() -> None:
    with pytest.raises(ValidationError, match="article text is empty"):
        Article(id=article_id(None, "x"), text="  ")
    with pytest.raises(ValidationError, match="malformed article id"):
        Article(id="doc-1", text="x")
    assert article_id("https://example.org/a", "one text") == article_id("https://example.org/a", "other text")
    assert article_id(None, "same  text") == article_id(None, "same text")


def test_ids_for_non_latin_names_are_valid_and_stable() -> None:
    for name in ("Сергей Лавров", "王毅", "حسين أمير عبد اللهيان"):
        ident = f"person:{slugify(name)}"
        Official(id=ident, name=name)
        assert slugify(name) == slugify(name)
    assert slugify("Ministry of State Security") == "ministry-of-state-security"
    assert fold("Zhào Lìjiān") == "zhao lijian"
    assert label_of("agency:chn:mss") == "Agency"
    assert label_of("nonsense") is None


def test_json_schema_and_ddl_are_generated_from_the_models() -> None:
    schema = Extraction.model_json_schema()
    text = json.dumps(schema)
    assert "Official" in text and "Evidence" in text
    ddl = ladybug_ddl()
    assert any(s.startswith("CREATE NODE TABLE IF NOT EXISTS `State`(id STRING PRIMARY KEY") for s in ddl)
    accuses = next(s for s in ddl if "REL TABLE IF NOT EXISTS `ACCUSES`(" in s)
    assert "FROM `Official` TO `State`" in accuses and "FROM `State` TO `Incident`" not in accuses
    assert "aid STRING" in accuses and "confidence DOUBLE" in accuses
    constraints = neo4j_constraints()
    assert "CREATE CONSTRAINT state_id IF NOT EXISTS FOR (n:State) REQUIRE n.id IS UNIQUE" in constraints

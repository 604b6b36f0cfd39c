"""Test support for the relation rules: parse a sentence we wrote with the real spaCy model,
mark the mentions by string (as entity recognition would), run extract_relations.

Why hand-built mentions: the relation rules must be testable on their own, whatever entity
recognition currently finds.
"""

from __future__ import annotations

import re

from spacy.language import Language

from kg.loaders.extraction.mentions import ArticleEntities, Mention
from kg.loaders.extraction.relations import extract_relations
from kg.loaders.extraction.units import fallback_model
from kg.schema import Article, Relation, make_entity
from kg.schema.ids import article_id, label_of


def nlp() -> Language:
    return fallback_model()


def run(
    text: str, mentions: dict[str, str], parents: dict[str, str] | None = None, title: str | None = None
) -> list[Relation]:
    """Relations found in `text`, where each key of `mentions` (a surface string, matched as
    whole words wherever it occurs) is a mention of the entity id it maps to."""
    parents = parents or {}
    doc = nlp()(text)
    found: list[Mention] = []
    taken: set[int] = set()
    for surface in sorted(mentions, key=len, reverse=True):
        eid = mentions[surface]
        for match in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text, re.IGNORECASE):
            span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is None or any(i in taken for i in range(span.start, span.end)):
                continue
            taken.update(range(span.start, span.end))
            label = label_of(eid)
            assert label is not None, eid
            found.append(Mention(eid, label, span.start, span.end, span.start_char, span.end_char, span.text, "test"))
    entities = {}
    for eid in set(mentions.values()):
        label = label_of(eid)
        data = {"id": eid, "type": label, "name": eid.split(":")[-1]}
        if label == "Agency":
            data["parent"] = parents.get(eid)
        entities[eid] = make_entity(data)
    ents = ArticleEntities(entities=entities, mentions=sorted(found, key=lambda m: m.start))
    ents.parents = dict(parents)  # type: ignore[attr-defined]
    article = Article(id=article_id(None, text), path="test.txt", title=title or text.split("\n", 1)[0], text=text)
    return extract_relations(doc, ents, article)


def triples(
    text: str, mentions: dict[str, str], parents: dict[str, str] | None = None, types: set[str] | None = None
) -> set[tuple[str, str, str]]:
    """(source, type, target) of the relations found, optionally of some types only."""
    return {(r.source, r.type, r.target) for r in run(text, mentions, parents) if types is None or r.type in types}


# A small world for the tests: fictional events between real states.
M = {
    "Norway": "state:nor",
    "Oslo": "state:nor",
    "Norwegian": "state:nor",
    "Denmark": "state:dnk",
    "Copenhagen": "state:dnk",
    "Danish": "state:dnk",
    "Sweden": "state:swe",
    "Stockholm": "state:swe",
    "Finland": "state:fin",
    "Iceland": "state:isl",
    "Estonia": "state:est",
    "Latvia": "state:lva",
    "NATO": "org:nato",
    "the alliance": "org:nato",
    "Per Lund": "person:per-lund",
    "Mr Lund": "person:per-lund",
    "Lund": "person:per-lund",
    "the Danish navy": "agency:dnk:navy",
    "Nordic Bear": "group:nordic-bear",
    "the pipeline breach": "incident:pipeline-breach",
    "the breach": "incident:pipeline-breach",
    "the grid attack": "incident:grid-attack",
    "the attack": "incident:grid-attack",
    "Baltic Power": "group:baltic-power",
}
P = {"person:per-lund": "state:nor", "agency:dnk:navy": "state:dnk"}


def found(text: str, types: set[str] | None = None) -> set[tuple[str, str, str]]:
    """Triples found in `text` with the test world's mentions."""
    return triples(text, M, P, types)

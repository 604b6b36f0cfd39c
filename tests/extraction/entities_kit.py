"""Test support for entity recognition: run the real Extractor on a text we wrote and look at
entities, aliases and structural relations by id."""

from __future__ import annotations

from datetime import datetime

from kg.loaders.extraction import Extractor
from kg.schema import Article, Entity, Extraction, article_id

_EXTRACTOR: list[Extractor] = []


def run(text: str, published: str | None = None) -> Extraction:
    if not _EXTRACTOR:
        _EXTRACTOR.append(Extractor())
    article = Article(id=article_id(None, text), path="t.txt", text=text,
                      published=datetime.fromisoformat(published) if published else None)
    return _EXTRACTOR[0].extract(article)


def ids(ex: Extraction) -> set[str]:
    return {e.id for e in ex.entities}


def of_type(ex: Extraction, label: str) -> list[Entity]:
    return [e for e in ex.entities if e.type == label]


def entity(ex: Extraction, ident: str) -> Entity:
    found = [e for e in ex.entities if e.id == ident]
    assert found, f"{ident} not among {sorted(ids(ex))}"
    return found[0]


def forms(e: Entity) -> set[str]:
    """Name and aliases, lower case and without a leading 'the' (as the evaluation matches them)."""
    return {f.lower().removeprefix("the ") for f in [e.name, *e.aliases]}


def rels(ex: Extraction, rtype: str) -> set[tuple[str, str]]:
    return {(r.source, r.target) for r in ex.relations if r.type == rtype}

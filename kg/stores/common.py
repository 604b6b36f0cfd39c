"""Turning extractions into the rows both stores write, so the two cannot disagree on them.

Pure Python, no database: an `Extraction` becomes node rows per label, one Article row, and
assertion rows grouped by (relationship type, source label, target label), the unit of one
batched `UNWIND ... MERGE` statement. Merging a node with what a store already holds (aliases
union, first name kept) happens here too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from kg.schema import Entity, Extraction, Relation, assertion_id, fold, label_of, vocabulary
from kg.schema.ddl import node_properties
from kg.stores.base import Assertion, StoreError

#: joins the folded name and aliases in `search_text`; `fold()` never leaves one in a part, so
#: a search can neither match across two names nor be fooled by text that contains it
SEARCH_SEPARATOR = "\n"
MENTIONS = "MENTIONS"

RelKey = tuple[str, str, str]  # (relationship type, source label, target label)


def search_text(name: str, aliases: Iterable[str]) -> str:
    """Folded name first, then folded aliases: what `search()` runs CONTAINS on."""
    return _search_text(name, tuple(aliases))


@lru_cache(maxsize=1 << 16)
def _search_text(name: str, aliases: tuple[str, ...]) -> str:
    # Cached: the same entities come back in article after article (a third of the
    # benchmark's write time was folding the same names again).
    parts = [fold(name)] + [fold(a) for a in aliases]
    return SEARCH_SEPARATOR.join(p for p in dict.fromkeys(parts) if p)


def entity_types() -> list[str]:
    return vocabulary().entity_labels


def assertion_types() -> list[str]:
    """Every relationship type that is an assertion about the world (all but MENTIONS)."""
    return [t for t in vocabulary().relations if t != MENTIONS]


def check_types(types: Iterable[str], allowed: list[str], what: str) -> list[str]:
    """Validated types (they are spliced into Cypher, so never unchecked)."""
    chosen = list(dict.fromkeys(types)) or list(allowed)
    unknown = [t for t in chosen if t not in allowed]
    if unknown:
        raise StoreError(f"unknown {what} {unknown} (known: {', '.join(allowed)})")
    return chosen


def label_for(entity_id: str) -> str:
    label = label_of(entity_id)
    if label is None:
        raise StoreError(f"malformed id {entity_id!r}: expected <prefix>:<name> such as state:chn")
    return label


def node_row(entity: Entity) -> dict[str, Any]:
    """All stored properties of an entity (label-specific ones included, None when unknown)."""
    row: dict[str, Any] = {"id": entity.id}
    for prop in node_properties(entity.type):
        value = getattr(entity, prop, None)
        row[prop] = list(value) if isinstance(value, list) else value
    row["search_text"] = search_text(entity.name, entity.aliases)
    return row


def merge_node(old: dict[str, Any] | None, new: dict[str, Any], label: str) -> dict[str, Any]:
    """What a node becomes when another article mentions it again.

    The first name stays (renaming on every article would make names flicker); aliases and list
    properties are unions; other properties take the newer value when it is known.
    """
    if old is None or old == new:
        return new
    merged = dict(new)
    merged["name"] = old.get("name") or new["name"]
    for prop, kind in node_properties(label).items():
        if prop == "search_text":
            continue
        if kind.endswith("[]"):
            merged[prop] = list(dict.fromkeys([*(old.get(prop) or []), *(new.get(prop) or [])]))
        elif new.get(prop) is None:
            merged[prop] = old.get(prop)
    if merged["name"] != new["name"] and new["name"] not in merged["aliases"]:
        merged["aliases"].append(new["name"])
    merged["search_text"] = search_text(merged["name"], merged["aliases"])
    return merged


@dataclass
class WriteBatch:
    """Everything one `upsert()` transaction writes, grouped the way the statements need it."""

    article_ids: list[str] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)
    nodes: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    rels: dict[RelKey, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    assertions: int = 0

    def entity_ids(self) -> set[str]:
        return {i for rows in self.nodes.values() for i in rows}


def _as_extraction(item: Any, index: int) -> Extraction:
    if isinstance(item, Extraction):
        return item
    try:
        return Extraction.model_validate(item)
    except ValidationError as exc:
        raise StoreError(f"batch item {index} is not a valid extraction: {exc}") from exc


def _article_row(ex: Extraction) -> dict[str, Any]:
    art = ex.article
    row = {"id": art.id, "name": art.title or art.id, "aliases": [], "search_text": None}
    for prop in vocabulary().labels["Article"].properties:
        value = getattr(art, prop)
        row[prop] = value.isoformat() if prop == "published" and value is not None else value
    return row


def _assertion_row(
    source: str, target: str, aid: str, article: str, date: str | None, rel: Relation | None = None,
) -> dict[str, Any]:
    """One row per assertion: endpoints `s`, `t` and every assertion property."""
    ev = rel.evidence if rel is not None else None
    return {
        "s": source, "t": target, "aid": aid, "article": article,
        "evidence": ev.sentence if ev else None, "span_start": ev.start if ev else None,
        "span_end": ev.end if ev else None, "date": ev.date.isoformat() if ev and ev.date else date,
        "confidence": ev.confidence if ev else None, "rule": ev.rule if ev else None,
        "negated": ev.negated if ev else False, "hedged": ev.hedged if ev else False,
        "section": ev.section if ev else None, "role": rel.role if rel is not None else None,
    }


def build_batch(extractions: Iterable[Any]) -> WriteBatch:
    """Rows for a batch; the same article twice in one batch keeps its last extraction."""
    by_article: dict[str, Extraction] = {}
    for index, item in enumerate(extractions):
        ex = _as_extraction(item, index)
        by_article.pop(ex.article.id, None)
        by_article[ex.article.id] = ex
    batch = WriteBatch()
    for art_id, ex in by_article.items():
        batch.article_ids.append(art_id)
        batch.articles.append(_article_row(ex))
        published = ex.article.published.date().isoformat() if ex.article.published else None
        labels = {}
        for entity in ex.entities:
            labels[entity.id] = entity.type
            nodes = batch.nodes[entity.type]
            nodes[entity.id] = merge_node(nodes.get(entity.id), node_row(entity), entity.type)
            aid = assertion_id(art_id, MENTIONS, art_id, entity.id, None, None)
            batch.rels[(MENTIONS, "Article", entity.type)].append(
                _assertion_row(art_id, entity.id, aid, art_id, published)
            )
        seen: set[str] = set()
        for rel in ex.relations:
            ev = rel.evidence
            # Not `rel.aid`: an evidence-less (structural) relation must still be one assertion
            # per article, so the article id always goes into the hash.
            start, end = (ev.start, ev.end) if ev else (None, None)
            aid = assertion_id(art_id, rel.type, rel.source, rel.target, start, end)
            if aid in seen:
                continue
            seen.add(aid)
            source, target = labels.get(rel.source), labels.get(rel.target)
            key = (rel.type, source or label_for(rel.source), target or label_for(rel.target))
            batch.rels[key].append(_assertion_row(rel.source, rel.target, aid, art_id, published, rel))
        batch.assertions += len(seen)
    return batch


def to_assertion(row: dict[str, Any]) -> Assertion:
    """An `Assertion` from a row with source, target, type and every assertion property."""
    return Assertion(
        aid=row["aid"], type=row["type"], source=row["source"], target=row["target"], article=row["article"],
        evidence=row["evidence"], date=row["date"], confidence=row["confidence"], rule=row["rule"],
        negated=bool(row["negated"]), hedged=bool(row["hedged"]), section=row["section"], role=row["role"],
        span_start=row["span_start"], span_end=row["span_end"],
    )

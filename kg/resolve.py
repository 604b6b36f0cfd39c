"""Entity resolution across articles.

Within one article the extractor already resolves aliases and coreference. Across articles ids
are deterministic (ISO codes for states, slugs of full names for people), so most mentions of
the same thing meet by id. This module catches what ids alone miss (the same organisation,
agency or group spelt with a different name in two articles) and records why each merge
happened. People are merged only on full names: two officials who share a surname stay apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from kg.schema import Entity, Extraction, MergeNote, Relation, fold

#: labels whose names are fuzzy-matched across articles; states have ISO ids and people must
#: match exactly, so neither is here
FUZZY_LABELS = frozenset({"Organization", "Agency", "Group", "Incident"})
FUZZY_THRESHOLD = 95.0


def name_key(name: str) -> str:
    """Case, accents, spacing and punctuation do not make a different name ("Dark Side" = "DarkSide")."""
    return re.sub(r"[\W_]+", "", fold(name))


@dataclass
class Resolver:
    """Keeps the names seen so far in a run and maps new entities onto known ids."""

    by_name: dict[tuple[str, str], str] = field(default_factory=dict)
    names_by_label: dict[str, dict[str, str]] = field(default_factory=dict)

    def _match(self, entity: Entity) -> tuple[str, str] | None:
        """The known id this entity should merge into, and why; None if it is new."""
        match = self._candidate(entity)
        if match and entity.type == "Agency" and _scope(match[0]) != _scope(entity.id):
            return None  # two states' foreign ministries share a name, never an id
        return match

    def _candidate(self, entity: Entity) -> tuple[str, str] | None:
        key = (entity.type, name_key(entity.name))
        known = self.by_name.get(key)
        if known and known != entity.id:
            if entity.type == "Official" and len(entity.name.split()) < 2:
                return None  # a surname alone never merges people across articles
            return known, f"same {entity.type} name {entity.name!r}"
        if entity.type in FUZZY_LABELS:
            for alias in (entity.name, *entity.aliases):
                known = self.by_name.get((entity.type, name_key(alias)))
                if known and known != entity.id and len(alias) > 4:
                    return known, f"alias {alias!r} is the name of {known}"
            candidates = self.names_by_label.get(entity.type, {})
            folded = fold(entity.name)
            for name, ident in candidates.items():
                if ident != entity.id and len(folded) > 8 and fuzz.ratio(folded, name) >= FUZZY_THRESHOLD:
                    return ident, f"name {entity.name!r} ~ {name!r} (similarity >= {FUZZY_THRESHOLD:.0f})"
        return None

    def _remember(self, entity: Entity) -> None:
        self.by_name.setdefault((entity.type, name_key(entity.name)), entity.id)
        self.names_by_label.setdefault(entity.type, {}).setdefault(fold(entity.name), entity.id)

    def resolve(self, extraction: Extraction) -> Extraction:
        """Return the extraction with ids mapped onto entities seen in earlier articles."""
        remap: dict[str, str] = {}
        notes = list(extraction.merges)
        entities: dict[str, Entity] = {}
        for entity in extraction.entities:
            match = self._match(entity)
            if match:
                target, reason = match
                remap[entity.id] = target
                notes.append(MergeNote(entity=target, mention=entity.name, reason=f"across articles: {reason}"))
                entity = entity.model_copy(update={"id": target})
            if entity.id in entities:  # two entities of this article met on one known id
                merged = entities[entity.id]
                aliases = [*merged.aliases, entity.name, *entity.aliases]
                entities[entity.id] = merged.model_copy(update={"aliases": aliases})
            else:
                entities[entity.id] = entity
            self._remember(entity)
        if not remap:
            return extraction
        relations = _remap_relations(extraction.relations, remap)
        return Extraction.model_validate(
            {
                "article": extraction.article,
                "entities": list(entities.values()),
                "relations": relations,
                "merges": notes,
            }
        )


def _scope(agency_id: str) -> str:
    """The state or organisation an agency id belongs to (`agency:chn:mss` -> `chn`)."""
    return agency_id.split(":")[1] if agency_id.count(":") >= 2 else ""


def _remap_relations(relations: list[Relation], remap: dict[str, str]) -> list[Relation]:
    """Point relations at the merged ids and drop the self-loops and duplicates merging makes."""
    out: list[Relation] = []
    seen: set[str] = set()
    for rel in relations:
        source, target = remap.get(rel.source, rel.source), remap.get(rel.target, rel.target)
        if source == target:
            continue
        moved = rel.model_copy(update={"source": source, "target": target})
        if moved.aid not in seen:
            seen.add(moved.aid)
            out.append(moved)
    return out

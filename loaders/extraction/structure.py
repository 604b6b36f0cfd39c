"""Structural relations known from recognition: OFFICIAL_OF (with role) and PART_OF.

Why here and not in the relation rules: they follow from how an entity was recognised (the
title phrase of an official, the qualifier of an agency, the gazetteer), not from a verb.
MEMBER_OF lives in membership.py.
"""

from __future__ import annotations

from kg.loaders.extraction.mentions import Mention
from kg.loaders.extraction.registry import Registry
from kg.schema import Relation


def structural_relations(reg: Registry) -> list[Relation]:
    mentioned = {m.entity_id for m in reg.mentions}
    out: list[Relation] = []
    for rec in reg.records.values():
        if rec.id not in mentioned:
            continue
        if rec.label == "Agency":
            parent = _mentioned_parent(reg, rec.id, mentioned)
            if parent and parent in reg.records and parent != rec.id:
                _ensure_mentioned(reg, parent, rec.id, mentioned)
                out.append(Relation(source=rec.id, type="PART_OF", target=parent))
        elif rec.label == "Official" and rec.official_of and rec.official_of in reg.records \
                and rec.official_of != rec.id:
            _ensure_mentioned(reg, rec.official_of, rec.id, mentioned)
            out.append(Relation(source=rec.id, type="OFFICIAL_OF", target=rec.official_of, role=rec.role))
    return out


def _mentioned_parent(reg: Registry, agency: str, mentioned: set[str]) -> str | None:
    """The nearest body above an agency that the article names, else its state or organisation.

    Why skip unnamed middle levels: the Cybersecurity and Infrastructure Security Agency sits
    in the Department of Homeland Security, but a story that never names the department does
    not make it an actor; the hierarchy then goes straight to the state (the roll-up is the
    same). A named middle level ("the GRU's unit 29155" with the GRU named) is kept."""
    rec = reg.records[agency]
    parent = rec.props.get("parent") or rec.state
    seen = {agency}
    while parent and parent in reg.records and parent not in mentioned and parent not in seen:
        above = reg.records[parent]
        if above.label != "Agency":
            break  # a state or organisation stands above everything: keep it even when implied
        seen.add(parent)
        parent = above.props.get("parent") or above.state
    return parent


def _ensure_mentioned(reg: Registry, target: str, via: str, mentioned: set[str]) -> None:
    """A parent known only from world knowledge (the state above a named service) has no mention
    of its own; the child's mention stands for it too, so the entity is still emitted with a
    mention."""
    if target in mentioned:
        return
    child = next(m for m in reg.mentions if m.entity_id == via)
    rec = reg.records[target]
    reg.mentions.append(Mention(entity_id=target, label=rec.label, start=child.start, end=child.end,
                                start_char=child.start_char, end_char=child.end_char, text=child.text,
                                how="implied:parent"))
    mentioned.add(target)

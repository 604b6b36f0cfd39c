"""Agencies found from the shape of the text around other mentions, after the gazetteer and the
generic kinds have run: descriptions in apposition to a named body, numbered units, bodies of
bodies ("the parliament's Subcommittee on Human Rights"), fleets, and "her ministry".

Why a separate pass: each rule leans on mentions the earlier passes found (the named body, the
agency that owns a unit, the minister whose ministry it is).
"""

from __future__ import annotations

import re
from itertools import pairwise

from spacy.tokens import Doc

from kg.loaders.extraction import context, gazetteer
from kg.loaders.extraction.mentions import Mention
from kg.loaders.extraction.registry import Registry
from kg.schema.ids import slugify

GENERIC = ("agency:qualified", "agency:context")
UNIT_NUMBER = re.compile(r"^\d{3,6}$")


def _generic(m: Mention) -> bool:
    return m.how in GENERIC


def _after_acronym(doc: Doc, end: int) -> int:
    """Skip an acronym in parentheses right after a name: 'Service (BIS), the ...'."""
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        return end + 3
    return end + 1 if end < len(doc) and doc[end].text == ")" else end


NAMING_WORDS = {"known", "also", "as", "called", "dubbed"}


def appositions(doc: Doc, reg: Registry) -> None:
    """'the Security Information Service (BIS), the Czech counter-intelligence agency' and
    "Norway's domestic intelligence agency, the Police Security Service": a generic description
    in apposition to a named body of the same state is that body."""
    agencies = sorted((m for m in reg.mentions if m.label == "Agency"), key=lambda m: m.start)
    for first, second in pairwise(agencies):
        j = _after_acronym(doc, first.end)
        if j >= len(doc) or doc[j].text != ",":
            continue
        k = j + 1
        named_as = False
        while k < second.start and (doc[k].lower_ in ("the", "a", "an") or doc[k].tag_ == "POS" or
                                    getattr(reg.mention_at(k), "label", None) == "State" or
                                    doc[k].lower_ in NAMING_WORDS):
            named_as = named_as or doc[k].lower_ in NAMING_WORDS
            k += 1
        if k != second.start:
            continue
        a, b = reg.records.get(first.entity_id), reg.records.get(second.entity_id)
        # "The military, known as the Tatmadaw": the name decides whose body a description was
        guessed = named_as and first.how == "agency:context"
        if a is None or b is None or a.id == b.id or (a.state != b.state and not guessed):
            continue
        if _generic(second) and not _generic(first):
            reg.merge(a.id, b.id, f"'{second.text}' is in apposition to {a.name}")
        elif _generic(first) and not _generic(second):
            reg.merge(b.id, a.id, f"'{first.text}' is in apposition to {b.name}")


def same_kind_names(reg: Registry) -> None:
    """"Norway's domestic intelligence agency ... the Police Security Service": a body known only
    from a description of its kind and a capitalised body of the same state whose name ends in
    that kind's name ("... Security Service") are one body."""
    kinds = {spec["kind"]: spec["name"].lower() for spec in gazetteer.load().agency_kinds}
    described: dict[str, bool] = {}
    for m in reg.mentions:
        described[m.entity_id] = described.get(m.entity_id, True) and (_generic(m) or m.how.startswith("coref"))
    capitalised = {m.entity_id for m in reg.mentions if m.how == "agency:capitalised"}
    named = [r for r in reg.records.values() if r.label == "Agency" and r.id in capitalised]
    for rec in list(reg.records.values()):
        kind = rec.props.get("kind")
        if rec.label != "Agency" or kind not in kinds or not described.get(rec.id):
            continue
        same = [n for n in named if n.state == rec.state and n.name.lower().endswith(kinds[kind])]
        if len(same) != 1:
            continue
        if gazetteer.load().entry(rec.id) is not None:  # the description found a known body: keep its id
            reg.merge(rec.id, same[0].id, f"{same[0].name} is the {kinds[kind]} known as {rec.name}")
        else:
            reg.merge(same[0].id, rec.id, f"{same[0].name} is the {kinds[kind]} the article described")


def numbered_units(doc: Doc, reg: Registry) -> None:
    """'GRU unit 29155', "the GRU's military unit 74455", 'PLA Unit 61398': a numbered unit of
    the agency named just before it."""
    for tok in reg.tokens(["unit"]):
        if tok.i + 1 >= len(doc) or not UNIT_NUMBER.match(doc[tok.i + 1].text):
            continue
        if not reg.free(tok.i, tok.i + 2):
            continue
        i = tok.i - 1
        while i >= 0 and (doc[i].lower_ in ("military", "the") or doc[i].tag_ == "POS"):
            i -= 1
        owner = reg.mention_at(i) if i >= 0 else None
        if owner is None or owner.label != "Agency":
            continue
        above = reg.records[owner.entity_id]
        number = doc[tok.i + 1].text
        short = slugify(above.props.get("acronym") or (above.name if len(above.name) <= 8 else above.id.split(":")[-1]))
        ident = f"agency:{(above.state or 'state:xxx').split(':')[1]}:{short}-unit-{number}"
        reg.entity(ident, "Agency", f"Unit {number}", state=above.state, parent=above.id, kind="unit")
        reg.mention(ident, tok.i, tok.i + 2, how="agency:unit", reason=f"a numbered unit of {above.name}")
        reg.add_alias(ident, doc[owner.start:tok.i + 2].text)


SUB_HEADS = {"Committee", "Subcommittee", "Commission", "Council", "Directorate", "Department", "Bureau", "Office",
             "Service", "Division", "Command", "Fleet", "Unit", "Delegation", "Secretariat", "Agency", "Court"}
NAME_LINKS = ("of", "for", "and", "on")


def _title_run(doc: Doc, reg: Registry, start: int) -> int:
    """End of a capitalised name starting at `start` (linking words inside, not at the end)."""
    end = start
    while end < len(doc) and reg.mention_at(end) is None and (
            doc[end].is_title or (doc[end].lower_ in (*NAME_LINKS, "-") and end + 1 < len(doc)
                                  and doc[end + 1].is_title and end > start)):
        end += 1  # "Anti-Aircraft Missile Brigade": a hyphen inside the name
    while end > start and doc[end - 1].lower_ in NAME_LINKS:
        end -= 1
    return end


def _add_body(reg: Registry, doc: Doc, start: int, end: int, parent: str, how: str, reason: str) -> str | None:
    rec = reg.records[parent]
    owner = rec.id if rec.label in ("State", "Organization") else rec.state
    if owner is None:
        return None
    name = doc[start:end].text
    ident = f"agency:{owner.split(':')[1]}:{slugify(name)}"
    reg.entity(ident, "Agency", name, state=owner, parent=rec.id, kind="body")
    if reg.mention(ident, start, end, how=how, reason=reason) is None:
        return None
    return ident


def bodies_of_bodies(doc: Doc, reg: Registry) -> None:
    """A capitalised body of another body: "the parliament's Subcommittee on Human Rights",
    "NATO's Military Committee", "the Political and Security Committee of the Council of the EU"."""
    for m in sorted(reg.mentions, key=lambda m: m.start):
        if m.label not in ("Agency", "Organization") or m.end + 1 >= len(doc) or doc[m.end].tag_ != "POS":
            continue
        start = m.end + 1
        numbered = ORDINAL.match(doc[start].text) is not None  # "the PLA's 54th Research Institute"
        end = _title_run(doc, reg, start + numbered)
        heads = SUB_HEADS | UNIT_HEADS if numbered else SUB_HEADS
        if end - start - numbered >= 1 and doc[end - 1].text in heads | {"Rights", "Affairs", "Relations", "Security"} \
                and any(t.text in heads for t in doc[start:end]):
            ident = _add_body(reg, doc, start, end, m.entity_id, "agency:body-of-body",
                              f"capitalised body of {reg.records[m.entity_id].name}")
            if ident:
                reg.add_alias(ident, doc[context.extend_the(doc, m.start):end].text)
    for tok in reg.tokens(["of"]):
        if tok.i + 1 >= len(doc):
            continue
        j = tok.i + 1 + (doc[tok.i + 1].lower_ == "the")
        owner = reg.mention_at(j) if j < len(doc) else None
        if owner is None or owner.label not in ("Agency", "Organization") or reg.mention_at(tok.i - 1) is not None:
            continue
        end = tok.i
        start = end
        while start > 0 and reg.mention_at(start - 1) is None and (
                doc[start - 1].is_title or (doc[start - 1].lower_ in ("and", "for", "on") and start - 2 >= 0
                                            and doc[start - 2].is_title)):
            start -= 1
        while start < end and (not doc[start].is_title or doc[start].lower_ == "the"):
            start += 1
        if end - start >= 2 and doc[end - 1].text in SUB_HEADS:
            ident = _add_body(reg, doc, start, end, owner.entity_id, "agency:body-of-body",
                              f"capitalised body of {reg.records[owner.entity_id].name}")
            if ident:
                reg.add_alias(ident, doc[start:owner.end].text)


UNIT_HEADS = {"Brigade", "Regiment", "Battalion", "Division", "Squadron", "Institute", "Centre", "Center", "Army",
              "Corps", "Force", "Flotilla"}
ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$")
UNIT_OF = {"unit", "part", "component", "formation", "branch", "arm", "subordinate"}


def ordinal_units(doc: Doc, reg: Registry) -> None:
    """'the 53rd Anti-Aircraft Missile Brigade, a unit of the Russian armed forces': a numbered
    formation named in apposition to the body it belongs to (the number is part of its name)."""
    for tok in doc:
        if not ORDINAL.match(tok.text) or not reg.free(tok.i, tok.i + 1):
            continue
        end = _title_run(doc, reg, tok.i + 1)
        if end - tok.i < 2 or doc[end - 1].text not in UNIT_HEADS | SUB_HEADS or end + 3 >= len(doc) \
                or doc[end].text != ",":
            continue
        k = end + 1 + (doc[end + 1].lower_ in ("a", "an", "the"))
        if doc[k].lower_ not in UNIT_OF or doc[k + 1].lower_ != "of":
            continue
        j = k + 2 + (k + 2 < len(doc) and doc[k + 2].lower_ == "the")
        near = [m for m in (reg.mention_at(i) for i in range(j, min(j + 4, len(doc)))) if m is not None]
        owner = next((m for m in near if m.label == "Agency"), near[0] if near else None)  # "the Russian armed forces"
        if owner is not None and owner.label in ("Agency", "State"):
            _add_body(reg, doc, tok.i, end, owner.entity_id, "agency:numbered-unit",
                      f"numbered formation of {reg.records[owner.entity_id].name}")


BRANCH_HEADS = {"Navy", "Force", "Forces", "Army", "Command", "Corps", "Directorate", "Division"}


def acronym_branches(doc: Doc, reg: Registry) -> None:
    """'the Islamic Revolutionary Guard Corps (IRGC) Aerospace Force': a branch named by the
    parent's acronym, introduced in parentheses, and a branch head ('IRGC Aerospace Force')."""
    for m in sorted(reg.mentions, key=lambda m: m.start):
        k = m.end
        if m.label != "Agency" or k + 3 >= len(doc) or doc[k].text != "(" or doc[k + 2].text != ")":
            continue
        end = _title_run(doc, reg, k + 3)
        if end == k + 3 or doc[end - 1].text not in BRANCH_HEADS:
            continue
        name = f"{doc[k + 1].text} {doc[k + 3:end].text}"
        known = [f.entry for f in gazetteer.load().forms.get(name, []) if f.entry.label == "Agency"]
        rec = reg.records[m.entity_id]
        ident = known[0].id if known else f"agency:{(rec.state or 'state:xxx').split(':')[1]}:{slugify(name)}"
        reg.entity(ident, "Agency", known[0].name if known else name, state=rec.state, parent=rec.id, kind="branch")
        if reg.mention(ident, k + 3, end, how="agency:acronym-branch", reason=f"branch of {rec.name}") is not None:
            reg.add_alias(ident, doc[m.start:end].text)


def his_ministry(doc: Doc, reg: Registry) -> None:
    """'her ministry', 'his department': the ministry of the portfolio the official before holds
    ("Foreign Minister X ... her ministry" -> X's state's foreign ministry)."""
    from kg.loaders.extraction.agencies import register_generic

    kinds = {phrase: spec for spec in gazetteer.load().agency_kinds for phrase in spec["phrases"]}
    for tok in reg.tokens(["ministry", "department"]):
        if tok.i == 0 or reg.mention_at(tok.i) is not None:
            continue
        if doc[tok.i - 1].lower_ not in ("his", "her"):
            continue
        official = next((m for m in sorted(reg.mentions, key=lambda m: -m.start)
                         if m.start < tok.i and m.label == "Official"), None)
        if official is None:
            continue
        rec = reg.records[official.entity_id]
        role = (rec.role or "").lower()
        words = role.replace("minister", tok.lower_).replace("secretary", tok.lower_).split()
        phrase = next((" ".join(words[k:k + 2]) for k in range(len(words) - 1)
                       if " ".join(words[k:k + 2]) in kinds), None)
        state = context.state_of(reg, official)
        if phrase is None or state is None:
            continue
        spec = kinds[phrase]
        ident = register_generic(reg, state, spec["kind"], spec["name"])
        reg.mention(ident, tok.i - 1, tok.i + 1, how="coref:portfolio",
                    reason=f"'{doc[tok.i - 1:tok.i + 1].text}' is the ministry of {rec.name}'s portfolio")


PUBLIC_HEADS = {"Bureau", "Office", "Ministry", "Department", "Agency", "Service", "Corps", "Command", "Directorate",
                "Police", "Guard", "Administration", "Authority", "Commission", "Inspectorate", "Prosecutor"}
PUBLIC_CUES = {"presidential", "state", "government", "national", "federal", "provincial", "regional", "municipal",
               "public", "military", "security"}


def unqualified_bodies(doc: Doc, reg: Registry) -> None:
    """'director of the Xinjiang Public Security Bureau', 'the presidential National Security
    Office': a capitalised body name ending in a public-body head that no gazetteer knows and no
    state qualifies belongs to the state the article is talking about. Only names the text marks
    as public (a public word inside or before it, or an official's title pointing at it)."""
    from kg.loaders.extraction.agencies import _ensure_state

    media = set(gazetteer.load().lexicon.get("media_words", []))
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "FAC", "GPE", "PERSON"):
            continue
        start, end = ent.start + (doc[ent.start].lower_ == "the"), ent.end
        while end > start and doc[end - 1].text not in PUBLIC_HEADS and reg.free(end - 1, end) and \
                doc[end - 1].is_title and end - start > 2:
            end -= 1
        if end - start < 2 or doc[end - 1].text not in PUBLIC_HEADS or not reg.free(start, end):
            continue
        words = {t.lower_ for t in doc[start:end]} | ({doc[start - 1].lower_} if start > 0 else set())
        if any(t.text in media for t in doc[start:end]) or not words & PUBLIC_CUES:
            continue
        region = next((gazetteer.load().regions[doc[start:k].text] for k in (start + 2, start + 1)
                       if doc[start:k].text in gazetteer.load().regions), None)
        state = region or context.context_state(reg, start)  # "the Xinjiang Public Security Bureau"
        if state is None:
            continue
        _ensure_state(reg, state)
        name = doc[start:end].text
        ident = f"agency:{state.split(':')[1]}:{slugify(name)}"
        reg.entity(ident, "Agency", name, state=state, parent=state, kind="body")
        reg.mention(ident, start, end, how="agency:capitalised", reason=f"public body of {state} from context")

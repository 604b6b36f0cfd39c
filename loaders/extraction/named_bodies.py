"""Agencies named by capitalised names the gazetteer does not know: acronyms a story introduces
in parentheses ("Armed Forces of the Philippines (AFP)") and then reuses ("AFP spokesman"), and
capitalised body names right after a state ("Germany's Federal Office for Information Security").

Why apart from agencies.py: the generic kinds need a kind phrase and a state; these rules need
only the shape of a proper name and an agency head word.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.loaders.extraction import context
from kg.loaders.extraction.mentions import Mention
from kg.loaders.extraction.registry import Registry
from kg.schema.ids import slugify

AGENCY_HEADS = {"Ministry", "Department", "Service", "Agency", "Office", "Council", "Centre", "Center", "Command",
                "Bureau", "Wing", "Directorate", "Commission", "Army", "Navy", "Guard", "Forces", "Force",
                "Assembly", "Parliament", "Court", "Administration", "Authority", "Corps", "Police", "Bank", "Chiefs",
                "Fleet", "Flotilla", "Brigade", "Division", "Regiment", "Battalion", "Committee"}
ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$")


def acronyms_in_parentheses(doc: Doc, reg: Registry) -> None:
    """'Foreign Intelligence Service (SVR)': the acronym names the entity just before it."""
    for tok in reg.tokens(["("], attr="text"):
        if tok.i + 2 >= len(doc) or doc[tok.i + 2].text != ")":
            continue
        acr = doc[tok.i + 1]
        if not (2 <= len(acr.text) <= 8 and sum(c.isupper() for c in acr.text) >= 2):
            continue
        before = _named_before(doc, reg, tok.i)
        before_id = _capitalised_agency(doc, reg, tok.i) if before is None else before.entity_id
        if before_id is None:
            continue
        reg.acronyms[acr.text] = before_id
        existing = reg.mention_at(acr.i)
        if existing is None:
            reg.mention(before_id, acr.i, acr.i + 1, how="acronym",
                        reason=f"acronym introduced in parentheses after {reg.records[before_id].name}")
        if before_id in reg.records and reg.records[before_id].label == "Organization":
            reg.records[before_id].props.setdefault("acronym", acr.text)


def _named_before(doc: Doc, reg: Registry, paren: int) -> Mention | None:
    """The mention an acronym in parentheses names: the body in "Armed Forces of Malaysia (AFM)",
    not the state that ends the phrase."""
    m = reg.mention_at(paren - 1)
    if m is not None and m.label == "State":
        j = m.start - 1
        if j >= 0 and doc[j].lower_ == "the":
            j -= 1
        if j >= 1 and doc[j].lower_ == "of":
            body = reg.mention_at(j - 1)
            if body is not None and body.label in ("Agency", "Organization", "Group"):
                reg.add_alias(body.entity_id, doc[body.start:paren].text)
                return body
    return m


def _capitalised_agency(doc: Doc, reg: Registry, paren: int) -> str | None:
    """An unknown capitalised body before '(' ("Armed Forces of the Philippines")."""
    i = paren - 1
    while i >= 0 and (doc[i].is_title or doc[i].lower_ in ("of", "the", "and", "for")) and reg.mention_at(i) is None:
        i -= 1
    start = i + 1
    while start < paren and (not doc[start].is_title or doc[start].lower_ == "the"):
        start += 1
    if start >= paren or not any(t.text in AGENCY_HEADS for t in doc[start:paren]):
        return None
    state = context.qualifier_state(doc, reg, start, paren)
    inner = [reg.mention_at(j) for j in range(start, paren)]
    for m in inner:
        if m is not None and m.label == "State":
            state = m.entity_id
    state = state or _appositive_state(doc, reg, paren) or context.context_state(reg, start)
    if state is None:
        return None
    name = " ".join(t.text for t in doc[start:paren] if reg.mention_at(t.i) is None or True)
    ident = f"agency:{state.split(':')[1]}:{slugify(name)}"
    reg.entity(ident, "Agency", name, state=state, parent=state)
    free = [j for j in range(start, paren) if reg.mention_at(j) is None]
    if free:
        reg.mention(ident, free[0], free[-1] + 1, how="agency:capitalised",
                    reason=f"capitalised body name introduced with an acronym, of {state}")
    return ident


def _appositive_state(doc: Doc, reg: Registry, paren: int) -> str | None:
    """'Security Information Service (BIS), the Czech counter-intelligence agency': the state
    of the description in apposition after the acronym."""
    j = paren + 3
    if j + 1 < len(doc) and doc[j].text == ",":
        j += 1
        if doc[j].lower_ in ("the", "a", "an"):
            j += 1
        return context.state_of(reg, reg.mention_at(j))
    return None


def acronyms_reused(doc: Doc, reg: Registry) -> None:
    """Later bare uses of an acronym the text introduced ("the PCG", "AFP spokesman")."""
    if not reg.acronyms:
        return
    for tok in reg.tokens(list(reg.acronyms), attr="text"):
        ident = reg.acronyms.get(tok.text)
        if ident is not None and reg.mention_at(tok.i) is None:
            reg.mention(ident, context.extend_the(doc, tok.i), tok.i + 1, how="acronym",
                        reason=f"acronym {tok.text} introduced earlier in the article")


def capitalised_bodies(doc: Doc, reg: Registry) -> None:
    """A capitalised body name right after a state qualifier that no gazetteer knows:
    'the Taiwanese Representative Office in Lithuania', 'Germany's Federal Office for
    Information Security' -> agency:<iso3>:<slug of the name>."""
    for m in sorted(reg.mentions, key=lambda m: m.start):
        if m.label != "State":
            continue
        start = m.end
        if start < len(doc) and doc[start].tag_ == "POS":
            start += 1
        end = start
        while end < len(doc) and reg.mention_at(end) is None and (
                doc[end].is_title or (end == start and ORDINAL.match(doc[end].text)) or
                (doc[end].lower_ in ("of", "for", "and") and end + 1 < len(doc) and doc[end + 1].is_title)):
            end += 1  # "Ukraine's 47th Mechanized Brigade"
        if end - start < 2 or not any(t.text in AGENCY_HEADS for t in doc[start:end]):
            continue
        if doc[end - 1].lower_ in ("of", "for", "and"):
            end -= 1
        tail = end
        if end + 1 < len(doc) and doc[end].lower_ == "in" and reg.mention_at(end + 1) is not None \
                and reg.mention_at(end + 1).label == "State":  # type: ignore[union-attr]
            tail = reg.mention_at(end + 1).end  # type: ignore[union-attr]
        name = doc[start:tail].text
        ident = f"agency:{m.entity_id.split(':')[1]}:{slugify(name)}"
        reg.entity(ident, "Agency", name, state=m.entity_id, parent=m.entity_id, kind="office")
        reg.mention(ident, start, end, how="agency:capitalised",
                    reason=f"capitalised body name qualified by {reg.records[m.entity_id].name}")
        reg.add_alias(ident, name)
        reg.add_alias(ident, doc[m.start:tail].text)


JOINING_VERBS = {"bring", "comprise", "unite", "group", "include"}


def joint_bodies(doc: Doc, reg: Registry) -> None:
    """'the Joint Investigation Team (JIT), which brings together prosecutors and police from A, B,
    C and D': a capitalised body that a relative clause says several states make up is an
    intergovernmental Organization with those states as members."""
    from kg.loaders.extraction.context import state_of
    from kg.schema.ids import slugify

    for verb in reg.tokens(JOINING_VERBS, attr="lemma"):
        body = verb.head
        if verb.dep_ != "relcl" or body.pos_ != "PROPN" or reg.mention_at(body.i) is not None:
            continue
        if verb.lemma_ == "bring" and not any(c.lower_ == "together" for c in verb.children):
            continue
        states = []
        for t in verb.subtree:
            st = state_of(reg, reg.mention_at(t.i)) if reg.mention_at(t.i) is not None else None
            if st and reg.mention_at(t.i).label == "State" and st not in states:  # type: ignore[union-attr]
                states.append(st)
        start = body.i
        while start > 0 and doc[start - 1].is_title and doc[start - 1].pos_ == "PROPN" and \
                doc[start - 1].dep_ == "compound" and reg.mention_at(start - 1) is None:
            start -= 1
        if len(states) < 2 or body.i - start < 1 or not reg.free(start, body.i + 1):
            continue
        name = doc[start:body.i + 1].text
        acronym = next((c.text for c in body.children if c.dep_ == "appos" and c.is_upper), None)
        ident = f"org:{slugify(acronym or name)}"
        reg.entity(ident, "Organization", name, acronym=acronym, club=True, members=states)
        reg.mention(ident, start, body.i + 1, how="org:joint-body",
                    reason=f"a body {len(states)} states make up ('{verb.text} ...')")
        for c in body.children:
            if c.dep_ == "appos" and c.is_upper:
                for tok in reg.tokens([c.text], attr="text"):
                    reg.mention(ident, tok.i, tok.i + 1, how="acronym", reason=f"acronym given for {name}")

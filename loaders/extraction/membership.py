"""MEMBER_OF: which states belong to which organisations, as the article says it.

Two sources, measured against the gold files: the text ("Finland joined NATO", "Lithuania, a
member of both the EU and NATO", "NATO's 31st member", "Finland became a member"), and, for
small clubs whose membership defines them (the Quad, AUKUS, the G7, Five Eyes), every member
state the article names alongside the club. Large organisations (NATO, the EU, the UN) get
membership only from the text: a story about NATO does not assert who its 30 members are.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.loaders.extraction.registry import Registry
from kg.schema import Relation

JOIN_LEMMAS = {"join", "accede", "enter"}


def _org_after(doc: Doc, reg: Registry, tok: Token) -> list[str]:
    out = []
    for child in tok.subtree:
        m = reg.mention_at(child.i)
        if m is not None and m.label == "Organization" and m.entity_id not in out:
            out.append(m.entity_id)
    return out


def _states_of(reg: Registry, tokens: list[Token]) -> list[str]:
    out = []
    for tok in tokens:
        for t in [tok, *tok.conjuncts]:
            m = reg.mention_at(t.i)
            if m is not None and m.label == "State" and m.entity_id not in out:
                out.append(m.entity_id)
    return out


def _last_org(reg: Registry, before: int) -> str | None:
    for m in sorted(reg.mentions, key=lambda m: -m.start):
        if m.start < before and m.label == "Organization":
            return m.entity_id
    return None


def member_relations(doc: Doc, reg: Registry) -> list[Relation]:
    pairs: list[tuple[str, str]] = []
    for tok in reg.tokens(JOIN_LEMMAS | {"member", "founder"} | ENTRY_NOUNS, attr="lemma"):
        if tok.pos_ == "VERB" and tok.lemma_ in JOIN_LEMMAS and not any(c.dep_ == "neg" for c in tok.children):
            subjects = _states_of(reg, [c for c in tok.children if c.dep_ == "nsubj"])
            objects = [c for c in tok.children if c.dep_ == "dobj"]
            orgs = [o for obj in objects for o in _org_after(doc, reg, obj)][:2]
            pairs += [(s, o) for s in subjects for o in orgs]
        if tok.lemma_.lower() == "member" and tok.pos_ == "NOUN":
            pairs += _member_noun(doc, reg, tok)
        if tok.lemma_.lower() in ("member", "founder") and tok.tag_ in ("NNS", "NN"):
            pairs += _named_members(reg, tok)
        if tok.lemma_.lower() in ENTRY_NOUNS and tok.pos_ == "NOUN":
            pairs += _entry(doc, reg, tok)
    for rec in list(reg.records.values()):
        if rec.label == "Organization" and rec.props.get("club"):
            mentioned = {m.entity_id for m in reg.mentions}
            if rec.id not in mentioned:
                continue
            for state in rec.props.get("members", ()):
                if state in mentioned:
                    pairs.append((state, rec.id))
    out, seen = [], set()
    for state, org in pairs:
        if (state, org) not in seen and state in reg.records and org in reg.records:
            seen.add((state, org))
            out.append(Relation(source=state, type="MEMBER_OF", target=org))
    return out


ENTRY_NOUNS = {"entry", "accession", "admission"}


def _named_members(reg: Registry, tok: Token) -> list[tuple[str, str]]:
    """'founders Brazil, Russia and India', 'fellow members Chile and Peru': the states named
    right after the noun are members of the organisation of the sentence (or the last one)."""
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children) or tok.dep_ == "appos":
        return []  # "Norway, a member of NATO": _member_noun reads the organisation named
    named = [tok.head] if tok.dep_ in ("compound", "nmod") else []
    named += [c for c in tok.children if c.dep_ == "appos"]
    named = [t for t in named if getattr(reg.mention_at(t.i), "label", None) == "State"]
    if not named:
        return []  # "14 EU member states, Canada and Ukraine": the noun names no state itself
    states = _states_of(reg, named)
    orgs = [m.entity_id for m in reg.mentions if m.label == "Organization" and tok.sent.start <= m.start < tok.sent.end]
    org = orgs[0] if orgs else _last_org(reg, tok.i)
    return [(s, org) for s in states] if org else []


def _entry(doc: Doc, reg: Registry, tok: Token) -> list[tuple[str, str]]:
    """"Ethiopia's entry into BRICS", "Sweden's accession to NATO": membership as a noun."""
    if any(c.dep_ == "neg" for c in tok.head.children):
        return []
    states = [m.entity_id for c in tok.children if c.dep_ == "poss"
              for m in [reg.mention_at(c.i)] if m is not None and m.label == "State"]
    preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("into", "to", "in")]
    orgs = [o for c in preps for o in _org_after(doc, reg, c)]
    return [(s, o) for s in states for o in orgs[:1]]


def _member_noun(doc: Doc, reg: Registry, tok: Token) -> list[tuple[str, str]]:
    """'X, a member of Y and Z' / "Y's 31st member" (X the subject) / 'X became a member'."""
    orgs: list[str] = []
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            orgs += _org_after(doc, reg, child)
        if child.dep_ == "poss":
            m = reg.mention_at(child.i)
            if m is not None and m.label == "Organization":
                orgs.append(m.entity_id)
    states: list[str] = []
    if tok.dep_ == "appos":
        states = _states_of(reg, [tok.head])
    elif tok.dep_ in ("attr", "pobj", "dobj", "oprd"):
        verb = tok.head if tok.dep_ != "pobj" else tok.head.head
        states = _states_of(reg, [c for c in verb.children if c.dep_ == "nsubj"])
        if verb.lemma_ == "join" or (verb.dep_ in ("advcl", "xcomp", "conj") and verb.head.lemma_ in JOIN_LEMMAS):
            states = states or _states_of(reg, [c for c in verb.head.children if c.dep_ == "nsubj"])
    if states and not orgs and tok.head.lemma_ in ("become", "be"):
        last = _last_org(reg, tok.i)
        orgs = [last] if last else []
    return [(s, o) for s in states for o in orgs]

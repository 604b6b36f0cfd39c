"""Companies a list or a firm noun names: "three companies ..., among them A and B", "two
military-controlled conglomerates, A (AA) and B (BB)", "the Swedish telecoms group Arelion",
"the ship's Swedish owner, Stena Bulk".

Why apart from groups.py: these read the shape around a company noun rather than an NER span
(the tagger calls such names products, places or nothing); groups.py keeps the NER-driven
rules. A name that begins with a state ("Myanmar Economic Corporation") is one name, not a
mention of the state.
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.loaders.extraction import groups
from kg.loaders.extraction.registry import Registry

PLURAL_FIRMS = {"companies", "firms", "conglomerates", "entities", "businesses", "corporations", "contractors",
                "manufacturers", "makers", "operators", "subsidiaries", "apps", "applications", "banks"}
LIST_CUES = {"among": ("them", "which", "those"), "including": ()}
OWNER_NOUNS = {"owner", "operator", "group", "firm", "company", "conglomerate", "shipowner", "maker",
               "manufacturer", "developer", "provider", "insurer", "lender"}
NOT_NAME_ENTS = {"DATE", "TIME", "GPE", "NORP", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"}


def _chunks(doc: Doc, k: int) -> list[tuple[int, int]]:
    """Capitalised names from token k, split at commas, 'and' and possessives ('ByteDance's
    TikTok' lists TikTok); an acronym in parentheses after a name is skipped."""
    out: list[tuple[int, int]] = []
    start = k
    while k < len(doc):
        t = doc[k]
        if t.text == "(" and k + 2 < len(doc) and doc[k + 2].text == ")" and doc[k + 1].is_upper:
            if k > start:
                out.append((start, k))
            k += 3
            start = k
            continue
        if t.text in (",", "and") or t.tag_ == "POS":
            if k > start:
                out.append((start, k))
            start = k + 1
        elif t.lower_ == "the" and k == start:
            start = k + 1
        elif not (t.text[:1].isupper() or (t.lower_ in ("of", "&") and k > start)):
            break
        k += 1
    if k > start:
        out.append((start, k))
    # an owner before a possessive is a name of its own, kept when it is free
    return [(s, e) for s, e in out if doc[s].text[:1].isupper()]


def _claim(doc: Doc, reg: Registry, start: int, end: int, how: str, reason: str) -> None:
    """Add the group over [start, end), releasing state mentions that are only part of its name."""
    span = doc[start:end]
    if groups.is_media(span) or groups.person_like_official(span, reg):
        return
    taken = {id(m): m for i in range(start, end) if (m := reg.mention_at(i)) is not None}
    if any(m.label != "State" or m.start < start or m.end > end for m in taken.values()):
        return
    if taken and all(m.end - m.start == end - start for m in taken.values()):
        return  # the whole chunk is a state
    if taken and end - start < 2:
        return
    reg.release(start, end)
    groups.add_group(reg, span, how, reason)


def listed(doc: Doc, reg: Registry) -> None:
    """'Three companies that X sanctioned, among them A and B', 'conglomerates, A (AA) and B (BB)'."""
    for tok in reg.tokens(list(LIST_CUES) + list(PLURAL_FIRMS)):
        if tok.lower_ in PLURAL_FIRMS:
            k = tok.i + 1
            if k >= len(doc) or doc[k].text != ",":
                continue
            first = k + 1
        else:
            follow = LIST_CUES[tok.lower_]
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if follow and (nxt is None or nxt.lower_ not in follow):
                continue
            first = tok.i + (2 if follow else 1)
            if tok.i == 0 or doc[tok.i - 1].text != ",":
                continue
            before = [t for t in doc[max(tok.sent.start, tok.i - 30):tok.i] if t.lower_ in PLURAL_FIRMS]
            if not before:
                continue
        chunks = _chunks(doc, first)
        if len(chunks) < 2 and tok.lower_ in PLURAL_FIRMS:
            continue  # "companies, Reuters reported": one capitalised word is no list
        for s, e in chunks:
            _claim(doc, reg, s, e, "group:listed", "named in a list of companies")


def after_owner_noun(doc: Doc, reg: Registry) -> None:
    """'the Swedish telecoms group Arelion', "the ship's Swedish owner, Stena Bulk": a name right
    after a company noun that has modifiers of its own."""
    for tok in reg.tokens(OWNER_NOUNS):
        names_next = tok.head.i == tok.i + 1 and tok.head.pos_ == "PROPN"  # "group Arelion" parses as a compound
        if tok.pos_ != "NOUN" or (tok.dep_ in ("compound", "amod") and not names_next) or \
                not any(c.dep_ in ("amod", "compound", "nmod", "poss") for c in tok.children):
            continue
        k = tok.i + 1
        if k < len(doc) and doc[k].text == ",":
            k += 1
        end = k
        while end < len(doc) and end - k < 4 and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() and \
                doc[end].ent_type_ not in NOT_NAME_ENTS and doc[end].lower_ not in ("said", "says"):
            end += 1
        if end > k and reg.free(k, end):
            _claim(doc, reg, k, end, "group:owner-noun", f"a name right after '{tok.text}'")


def find_companies(doc: Doc, reg: Registry) -> None:
    listed(doc, reg)
    after_owner_noun(doc, reg)

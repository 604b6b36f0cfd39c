"""Groups the gazetteer does not know: companies and organisations named as actors.

Why so careful: most capitalised ORG spans in news are outlets, places, laws, programmes or
team players the statistical NER mislabels; a Group is only worth a node when the text marks
it as a company or organisation: a corporate word in the name ("Raytheon Missiles & Defense"),
a company noun before it ("drugmaker Merck") or in apposition ("X, a unit of Y"), or a list
introduced by such a noun ("six technology firms - A, B, C and D"). A bare first word of a
known group ("Colonial" after "Colonial Pipeline") is that group.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from kg.loaders.extraction import gazetteer
from kg.loaders.extraction.registry import Registry
from kg.schema.ids import slugify

YEAR = re.compile(r"^(19|20)\d\d$")
CORPORATE = {"Technologies", "Technology", "Corp", "Corp.", "Corporation", "Inc", "Inc.", "Ltd", "Ltd.", "Group",
             "Systems", "Industries", "Holdings", "Pipeline", "Company", "Co", "Co.", "Defense", "Defence",
             "Motors", "Airlines", "Petroleum", "Express", "Networks", "Telecom", "Electronics", "Aerospace",
             "Dynamics", "Labs", "Software", "Shipbuilding", "Semiconductor", "LLC", "PLC", "AG", "SA"}
COMPANY_NOUNS = {"firm", "company", "companies", "firms", "entity", "entities", "contractor", "contractors",
                 "maker", "makers", "manufacturer", "shipbuilder", "drugmaker", "carmaker", "chipmaker", "group",
                 "unit", "subsidiary", "operator", "giant", "conglomerate", "lender", "bank", "insurer"}
NOT_NAMES = {"Law", "Act", "Convention", "Treaty", "Strategy", "Initiative", "Programme", "Program", "COVID-19",
             "Covid-19", "World", "Indo-Pacific", "Summit", "Day"}


def _is_name_token(tok_text: str) -> bool:
    return tok_text[:1].isupper() or tok_text in ("&", "and", "of")


def is_media(span: Span) -> bool:
    media = set(gazetteer.load().lexicon.get("media_words", []))
    return any(t.text in media for t in span)


def _person_like(span: Span, reg: Registry) -> bool:
    if any(t.ent_type_ == "PERSON" for t in span):
        return True
    names = {w for rec in reg.records.values() if rec.label == "Official" for w in rec.name.split()}
    return any(t.text in names for t in span)


GROUP_NOUNS = {"faction", "factions", "militia", "militias", "movement", "party", "group", "outfit", "network",
               "organisation", "organization", "rebels", "insurgents", "corporation", "conglomerate", "cartel",
               "gang"}
PARTY_HEADS = {"Party", "Front", "Movement", "League", "Congress"}
PARTY_CUES = {"opposition", "ruling", "nationalist", "separatist", "party", "coalition", "far-right", "far-left"}


def _group_apposition(doc: Doc, span: Span) -> bool:
    """'Kataib Hezbollah, one of several Iraqi armed factions', 'Rosatom, the Russian state nuclear
    corporation': a group noun in apposition right after the name."""
    if span.end + 2 >= len(doc) or doc[span.end].text != ",":
        return False
    for t in doc[span.end + 1: span.end + 8]:
        if t.text in (",", ".", ";", "(") or t.pos_ in ("VERB", "AUX"):
            return False
        if t.lower_ in GROUP_NOUNS and t.dep_ not in ("compound", "amod", "poss", "nmod"):
            return True
    return False


def _states_inside(reg: Registry, start: int, end: int) -> bool:
    """Only state mentions, and none at the start, take tokens of this name."""
    taken = [reg.mention_at(i) for i in range(start, end) if reg.mention_at(i) is not None]
    return reg.mention_at(start) is None and all(m is not None and m.label == "State" and start < m.start
                                                 and m.end <= end for m in taken)


def person_like_official(span: Span, reg: Registry) -> bool:
    names = {w for rec in reg.records.values() if rec.label == "Official" for w in rec.name.split()}
    return any(t.text in names for t in span)


def _marked(doc: Doc, span: Span) -> bool:
    """Does the text mark this name as a company or organisation?"""
    if any(t.text in CORPORATE for t in span[1:]):
        return True
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in COMPANY_NOUNS:
        return True
    if _after_company_noun(doc, span):
        return True  # "the state oil company, Petroleos de Venezuela"
    if before is not None and before.lower_ == "based" and span.start > 1 and doc[span.start - 2].text == "-":
        return True  # "the Berlin-based Mercator Institute"
    if len(span) >= 2 and span[-1].text in PARTY_HEADS and before is not None and \
            (before.lower_ in PARTY_CUES or before.lower_.startswith("pro-") or before.ent_type_ == "NORP"):
        return True  # "the pro-Russian opposition Democratic Front"
    if _group_apposition(doc, span):
        return True
    if span.end + 2 < len(doc) and doc[span.end].text == ",":
        nxt = [t for t in doc[span.end + 1: span.end + 6]]
        for t in nxt:
            if t.lower_ in COMPANY_NOUNS:
                return True
            if t.text in (",", ".", ";"):
                break
    return False


FIRM_NOUNS = {"firm", "company", "group", "operator", "conglomerate", "contractor", "manufacturer", "maker",
              "shipbuilder", "lender", "insurer", "subsidiary"}


def _after_company_noun(doc: Doc, span: Span) -> bool:
    """'the Irish firm Vexalo', 'the state oil company, Petroleos de Venezuela': a name the
    tagger took for a person or place, right after a company noun that has its own determiner or
    modifier of its own ('the company, X said' is a quote frame; 'group leader X' a title)."""
    k = span.start - 1
    if k > 0 and doc[k].text == ",":
        k -= 1
    if k < 1 or doc[k].lower_ not in FIRM_NOUNS or doc[k].dep_ in ("compound", "amod"):
        return False
    return any(c.dep_ in ("amod", "compound", "nmod", "poss") for c in doc[k].children)


def _listed(doc: Doc, reg: Registry) -> list[tuple[int, int]]:
    """Name chunks of lists a company noun introduces: 'firms - A, B, C and D', 'companies such as A'."""
    out: list[tuple[int, int]] = []
    for tok in reg.tokens(COMPANY_NOUNS):
        if tok.i + 2 >= len(doc):
            continue
        k = tok.i + 1
        if doc[k].text in ("-", "–", ":", ",") or doc[k].lower_ == "including":
            k += 1
        elif doc[k].lower_ == "such" and doc[k + 1].lower_ == "as":
            k += 2
        else:
            continue
        chunks: list[tuple[int, int]] = []
        start = k
        while k < len(doc) and (_is_name_token(doc[k].text) or doc[k].text == ","):
            if doc[k].text in (",", "and"):
                if k > start:
                    chunks.append((start, k))
                start = k + 1
            k += 1
        if k > start:
            chunks.append((start, k))
        chunks = [(s, e) for s, e in chunks if e > s and doc[s].text[:1].isupper()]
        if len(chunks) >= 2:
            out += chunks
    return out


def add_group(reg: Registry, span: Span, how: str, reason: str | None = None) -> str:
    """A group the text names (kind unknown: 'organisation'); its id. An acronym in parentheses
    right after the name ('(MEHL)') is its alias and later mentions of it are the group."""
    ident = f"group:{slugify(span.text)}"
    reg.entity(ident, "Group", span.text, kind="organisation")
    reg.mention(ident, span.start, span.end, how=how, reason=reason)
    doc, end = span.doc, span.end
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and doc[end + 1].is_upper:
        acronym = doc[end + 1].text
        reg.acronyms.setdefault(acronym, ident)
        for tok in reg.tokens([acronym], attr="text"):
            reg.mention(ident, tok.i, tok.i + 1, how="acronym", reason=f"acronym given for {span.text}")
    return ident



def _self_named(doc: Doc, reg: Registry) -> list[tuple[int, int]]:
    """'a group calling itself X', 'an outfit known as X': the name that follows."""
    out = []
    for tok in reg.tokens(["itself", "as"]):
        if tok.i == 0:
            continue
        prev = doc[tok.i - 1]
        if not ((tok.lower_ == "itself" and prev.lemma_ == "call") or (tok.lower_ == "as" and prev.lower_ == "known")):
            continue
        k = tok.i + 1
        if k < len(doc) and doc[k].lower_ == "the" and k + 1 < len(doc) and doc[k + 1].is_title:
            k += 1
        end = k
        while end < len(doc) and (doc[end].is_title or doc[end].is_upper or
                                  (doc[end].text == "-" and end + 1 < len(doc) and doc[end + 1].is_alpha) or
                                  (doc[end].lower_ in ("in", "of", "for") and end > k and end + 1 < len(doc)
                                   and doc[end + 1].is_title)):
            end += 1
        if end > k:
            out.append((k, end))
    return out


def find_groups(doc: Doc, reg: Registry) -> None:
    for start, end in _self_named(doc, reg):
        span = doc[start:end]
        if reg.free(start, end) and not is_media(span):
            add_group(reg, span, "group:self-named", "named as what the group calls itself")
    for start, end in _listed(doc, reg):
        span = doc[start:end]
        if reg.free(start, end) and not is_media(span) and span.text not in NOT_NAMES:
            add_group(reg, span, "group:listed", "named in a list of companies or groups")
    firsts: dict[str, set[str]] = {}
    for rec in reg.records.values():
        if rec.label == "Group" and len(rec.name.split()) > 1:
            firsts.setdefault(rec.name.split()[0], set()).add(rec.id)
    known = {first: next(iter(ids)) for first, ids in firsts.items() if len(ids) == 1}
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "PERSON", "GPE", "NORP"):
            continue
        start, end = ent.start, ent.end
        if doc[start].lower_ == "the":
            start += 1
        while end > start and doc[end - 1].tag_ == "POS":
            end -= 1
        span = doc[start:end]
        if span and not reg.free(start, end) and _states_inside(reg, start, end) and _marked(doc, span):
            reg.release(start + 1, end)  # "Mercator Institute for China Studies" is no mention of China
        if not span or not reg.free(start, end):
            continue
        if len(span) == 1 and span.text in known:
            reg.mention(known[span.text], start, end, how="coref:short-name",
                        reason=f"'{span.text}' is the short form of a group named before")
            continue
        if ent.label_ == "PERSON" and _group_apposition(doc, span) and not person_like_official(span, reg):
            add_group(reg, span, "ner:group-apposition", "a name in apposition to a group noun")
            continue
        if ent.label_ in ("PERSON", "GPE") and _after_company_noun(doc, span) and not person_like_official(span, reg):
            add_group(reg, span, "ner:company-noun", "a name right after a company noun")
            continue
        if ent.label_ != "ORG" or is_media(span) or _person_like(span, reg):
            continue
        if any(t.text in NOT_NAMES for t in span) or not _marked(doc, span):
            continue
        add_group(reg, span, "ner:org")


GROUP_HEADS = {"hackers", "groups", "actors", "militia", "militias", "agents", "spies", "proxies", "affiliates",
               "intermediaries", "operatives", "mercenaries", "separatists", "rebels", "insurgents", "militants"}
# Fighters a nationality does not tie to its state ("Syrian rebels" fight it): only a patron
# word does ("pro-Russian separatists", "Iran-backed militants").
REBEL_HEADS = {"separatists", "rebels", "insurgents", "militants"}
TIE_WORDS = {"state-backed", "state-sponsored", "state-linked", "government-backed", "affiliated", "sponsored"}


def _tie(doc: Doc, reg: Registry, tok: Token) -> str | None:
    """The state an unnamed group is tied to by its own phrase ("Chinese state-backed groups",
    "agents of the Government of India", "cyber actors affiliated with the MSS"), by the state
    that engages or uses it ("Iran, which had engaged four groups", "China's use of criminal
    hackers"), or None."""
    from kg.loaders.extraction.context import state_of

    for t in tok.subtree:
        m = reg.mention_at(t.i)
        if m is not None and m.label == "Group":
            return None  # a named group: "actors known as the Lazarus Group"
    for t in tok.subtree:
        m = reg.mention_at(t.i)
        if m is not None and m.label in ("State", "Agency"):
            return state_of(reg, m)
    head = tok.head
    if tok.dep_ == "pobj" and head.head.pos_ == "NOUN":
        for c in head.head.children:
            m = reg.mention_at(c.i)
            if c.dep_ == "poss" and m is not None:
                return state_of(reg, m)
    if tok.dep_ == "dobj":
        subj = [c for c in head.children if c.dep_ == "nsubj"]
        if head.dep_ == "relcl":
            subj.append(head.head)
        for s in subj:
            m = reg.mention_at(s.i)
            if m is not None and m.label in ("State", "Agency"):
                return state_of(reg, m)
    return None


PERSONNEL = {"spies", "agents", "operatives", "officers"}
LOOSE_PREPS = {"for", "over", "after", "behind", "against", "during"}


def _tied_beyond_nationality(doc: Doc, tok: Token) -> bool:
    """'agents of the Government of India', 'state-backed spies', 'spies working for X': more than
    a nationality adjective ties these people to a state."""
    if any(c.dep_ in ("prep", "acl", "relcl") for c in tok.children):
        return True
    return any(t.lower_ in TIE_WORDS or t.lower_.endswith(("-backed", "-sponsored", "-linked")) for t in tok.subtree)


def _patron_word(tok: Token) -> bool:
    """'pro-Russian separatists', 'Iran-backed militants', 'militants loyal to X'."""
    words = [t.lower_ for t in tok.subtree if t.i != tok.i]
    return "pro" in words or any(w.endswith(("backed", "sponsored", "supported", "aligned")) or w in
                                 ("backed", "sponsored", "supported", "aligned", "loyal") for w in words)


SPECIFYING_DEPS = {"amod", "compound", "nummod", "prep", "acl", "relcl", "npadvmod", "nmod", "poss", "det"}


def _specific(tok: Token) -> bool:
    """A bare plural ('hackers', 'militants', 'protesters') names a kind of people; a modifier,
    a number, a determiner or a tie ('contract hackers', 'four groups', 'the hackers',
    'militias acting for X') makes it a specific group (ontology: Group)."""
    return any(c.dep_ in SPECIFYING_DEPS for c in tok.children)


def find_unnamed(doc: Doc, reg: Registry) -> None:
    """A specific unnamed group the article keeps referring to: one Group per tied state, all
    its descriptions as aliases (the gold treats "contract hackers" and "Chinese state-backed
    groups" of one story as one actor)."""
    by_state: dict[str, str] = {}
    for tok in reg.tokens(GROUP_HEADS):
        if tok.pos_ != "NOUN" or reg.mention_at(tok.i) is not None:
            continue
        state = _tie(doc, reg, tok)
        if state is None or (tok.lower_ in REBEL_HEADS and not _patron_word(tok)):
            continue
        left = tok.left_edge.i
        while left < tok.i and (doc[left].pos_ == "DET" or doc[left].dep_ == "poss" or doc[left].tag_ == "POS"):
            left += 1
        start = left
        while start < tok.i and reg.mention_at(start) is not None and doc[start].dep_ != "amod" and \
                not (start + 1 < len(doc) and doc[start + 1].text == "-"):  # "Iran-backed" stays in the name
            start += 1
        named = doc[start: tok.i + 1]  # "Iran-backed militias" (the state stays its own mention)
        while start < tok.i and not reg.free(start, tok.i + 1):
            start += 1
        span = doc[start: tok.i + 1]
        ident = by_state.get(state)
        if ident is None and tok.lower_ in PERSONNEL and not _tied_beyond_nationality(doc, tok):
            continue  # "Russian spies" are the state's own officers, not a group of their own
        if ident is None and not _specific(tok):
            continue  # "Russia harbours hackers": a kind of people, not a group the story follows
        if ident is None:
            ident = f"group:{slugify(state.split(':')[1] + ' ' + span.text)}"
            reg.entity(ident, "Group", named.text, kind="unnamed", state=state)
            by_state[state] = ident
        reg.mention(ident, span.start, span.end, how="group:unnamed",
                    reason=f"unnamed group tied to {state} by its phrase", alias=named.text)
        right = tok.i + 1
        while right <= tok.right_edge.i and doc[right].text not in (",", ";", "(", '"') and not (
                doc[right].dep_ in ("cc", "conj") and doc[right].head.i <= tok.i) and not (
                doc[right].dep_ == "prep" and doc[right].lower_ in LOOSE_PREPS):
            right += 1
        reg.add_alias(ident, doc[left:right].text)


CAMPAIGN_MODIFIERS = {"presidential", "election", "re", "-", "reelection", "re-election", "electoral", "senate",
                      "parliamentary", "leadership"}


def find_campaigns(doc: Doc, reg: Registry) -> None:
    """"Donald Trump's presidential campaign", 'the Trump campaign': a politician's campaign is an
    organisation of its own (it gets hacked, it discloses breaches), named after the politician."""
    for tok in reg.tokens(["campaign"]):
        if tok.pos_ != "NOUN" or reg.mention_at(tok.i) is not None:
            continue
        i = tok.i - 1
        while i >= 0 and (doc[i].lower_ in CAMPAIGN_MODIFIERS or YEAR.match(doc[i].text)):
            i -= 1
        if i >= 0 and doc[i].tag_ == "POS":
            i -= 1
        person = reg.mention_at(i) if i >= 0 else None
        if person is None or person.label != "Official":
            continue
        surname = reg.records[person.entity_id].name.split()[-1]
        ident = f"group:{slugify(surname)}-campaign"
        first = person.start + (doc[person.start].lower_ == "the")
        surface = doc[first:tok.i + 1].text
        reg.entity(ident, "Group", surface, kind="campaign")
        reg.mention(ident, person.end + (doc[person.end].tag_ == "POS"), tok.i + 1, how="group:campaign",
                    reason=f"the campaign of {reg.records[person.entity_id].name}", alias=surface)
        reg.add_alias(ident, f"{surname} campaign")

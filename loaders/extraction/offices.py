"""Offices: the title phrase around a person's name and whose office it is.

"UK Foreign Minister X", "a spokesperson for the ministry, X", "X, Australia's minister for law
enforcement", "the Ministers for Home Affairs X, Foreign Affairs Y and Defence Z", "The recalled
envoys are X and Y": the phrase gives the role, and the mentions inside it (a state, an agency,
an organisation, another official, "its"/"his") give the holder. people.py decides who is a
person; this module decides what office they hold.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span

from kg.loaders.extraction import context, gazetteer
from kg.loaders.extraction.registry import Registry

STOP_LEFT = {"and", "or", "said", "says", "told", "with", "by", "from", "at", "on", "as", "that",
             "who", "whom", "when", "while", "after", "before", "but", "between", "against", "where", "then",
             "which", "whose", "including", "among"}
PREP_BEFORE_DET = {"to", "of", "for", "at", "in"}

@dataclass
class Office:
    role: str | None
    holder_of: str | None  # state, agency or org id
    evidence: str
    relative: bool = False  # "his predecessor": the holder comes from another official of the article


def lex() -> dict[str, Any]:
    return gazetteer.load().lexicon


@functools.cache
def heads() -> frozenset[str]:
    """Office head words (titles.yaml is read once per process, so the set is built once)."""
    return frozenset(h.lower() for h in lex().get("title_heads", []))


@functools.cache
def title_words() -> frozenset[str]:
    """Every word an office title is made of: heads, their parts and modifiers ('prime', 'deputy')."""
    return heads() | {w.lower() for w in lex().get("title_modifiers", [])} | {p for h in heads() for p in h.split()}


def bare_title(span: Span) -> bool:
    """'Prime Minister', 'the Foreign Secretary', 'Deputy Minister': only office words, no
    name. Such a phrase names an office, not a person: it never becomes an Official itself
    (coref.titles may point it at the holder the article names)."""
    words = title_words()
    return all(t.lower_ in words or t.lemma_.lower() in words or t.is_punct for t in span)


def _title_before(doc: Doc, reg: Registry, start: int) -> Span | None:
    """The title phrase right before a name: 'UK Foreign Minister', 'a CCG spokesperson,'."""
    i = start - 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    end = i + 1
    title_heads = heads()
    seen_head = False
    while i >= 0:
        t = doc[i]
        if (t.is_punct and t.text not in ("-", "'s", "’s")) or t.lower_ in STOP_LEFT or t.pos_ in ("VERB", "AUX") \
                or t.is_space or (t.ent_type_ == "DATE" and reg.mention_at(t.i) is None):
            break
        if (t.lower_ in ("a", "an", "the") or t.pos_ == "DET") and not (
                i > 0 and doc[i - 1].lower_ in PREP_BEFORE_DET and not seen_head):
            i -= 1  # past "to the" only before the office noun: "ambassador to the United Nations, X"
            break
        seen_head = seen_head or t.lower_ in title_heads
        i -= 1
    phrase = _trim_left(doc[i + 1: end])
    has_head = any(t.lower_ in title_heads or t.lemma_.lower() in title_heads for t in phrase)
    if not (len(phrase) and has_head and len(phrase) <= 10):
        return None
    if phrase.start > 1 and doc[phrase.start - 1].text == "," and not any(reg.mention_at(t.i) for t in phrase):
        earlier = _title_before(doc, reg, phrase.start)
        if earlier is not None and any(reg.mention_at(t.i) for t in earlier):
            return doc[earlier.start: phrase.end]
    return phrase


def _trim_left(phrase: Span) -> Span:
    """'the family of Conservative MP': the office starts after a preposition when nothing
    before it is an office ('Russia's ambassador in Washington' stays whole)."""
    title_heads = heads()
    for k, t in enumerate(phrase):
        if t.lower_ in ("of", "for", "in", "to", "at"):
            if not any(u.lower_ in title_heads or u.lemma_.lower() in title_heads for u in phrase[:k]):
                return phrase[k + 1:]
            break
    return phrase


def _title_after(doc: Doc, reg: Registry, span: Span) -> Span | None:
    """An appositive title after the name: 'X, Australia's minister for law enforcement,'."""
    end = span.end
    if end + 1 < len(doc) and doc[end].lower_ == "as" and doc[end + 1].pos_ in ("PROPN", "DET", "ADJ"):
        phrase = _title_before(doc, reg, _phrase_end(doc, end + 1))  # "X as Venezuela's president"
        return phrase if phrase is not None and phrase.start > end else None
    if end >= len(doc) or doc[end].text != ",":
        return None
    title_heads = heads()
    j = end + 1
    stop = min(len(doc), j + 14)
    k = j
    while k < stop and doc[k].text not in (",", ".", ";", "(", ")") and doc[k].pos_ not in ("VERB", "AUX"):
        k += 1
    phrase = doc[j:k]
    # the office noun must be the phrase's head-like noun, not a word deep in an of-phrase
    for t in phrase:
        if t.lower_ == "of" or t.lower_ == "for":
            break
        if t.lower_ in title_heads:
            return phrase
    if doc[j].lower_ in ("whom", "who") and k < stop:
        tail = doc[k: min(len(doc), k + 10)]
        for t in tail:
            head = t.lower_ in title_heads or t.lemma_.lower() in title_heads
            if head and (t.nbor(-1).lower_ in ("the", "a") or t.nbor(-1).ent_type_ in ("ORG", "NORP")
                         or t.nbor(-1).tag_ == "NNP"):
                return doc[k: max(t.i + 1, min(t.right_edge.i + 1, k + 14))]
    return None


def _phrase_end(doc: Doc, start: int) -> int:
    """End of the noun phrase starting at `start` (for 'as <title>' after a name)."""
    k = start
    while k < len(doc) and k - start < 8 and doc[k].pos_ in ("PROPN", "NOUN", "ADJ", "DET", "PART") and \
            doc[k].text not in (",", "."):
        k += 1
    return k


PREPS = {"in", "to", "for", "of", "at", "on", "with"}


def _role(words: list[str]) -> str | None:
    """The office as words: up to the last office noun, plus a 'for/of ...' portfolio
    ('minister for trade'), without dangling prepositions left by removed place names."""
    title_heads = heads()
    last = max((k for k, w in enumerate(words) if w.lower() in title_heads), default=None)
    if last is None:
        kept = words
    else:
        rest = words[last + 1:]
        keep_rest = bool(rest) and rest[0].lower() in ("for", "of") and not any(w.lower() in PREPS for w in rest[1:])
        kept = words[: last + 1] + (rest if keep_rest else [])
    while kept and kept[-1].lower() in PREPS:
        kept.pop()
    while kept and kept[0].lower() in PREPS:
        kept.pop(0)
    return " ".join(kept).strip() or None


def _office_from(reg: Registry, phrase: Span) -> Office:
    """Who the office belongs to, from the mentions inside the title phrase."""
    mentions = [reg.mention_at(t.i) for t in phrase]
    hosts = _hosts(phrase)
    if any(m is not None and t.i not in hosts for t, m in zip(phrase, mentions, strict=True)):
        # "Iran's ambassador to the United Nations": the UN hosts the office, Iran holds it
        mentions = [m if t.i not in hosts else None for t, m in zip(phrase, mentions, strict=True)]
    agency = next((m for m in mentions if m is not None and m.label == "Agency"), None)
    org = next((m for m in mentions if m is not None and m.label == "Organization"), None)
    state = next((m for m in mentions if m is not None and m.label == "State"), None)
    person = next((m for m in mentions if m is not None and m.label == "Official"), None)
    holder: str | None = None
    relative = False
    if agency is not None:
        holder = agency.entity_id
    elif org is not None:
        holder = org.entity_id
    elif state is not None:
        holder = state.entity_id
    elif person is not None:
        holder = context.state_of(reg, person)
    elif any(t.lower_ in ("his", "her") for t in phrase):
        relative = True
        holder = _last_holder(reg, phrase.start, ("Official",))
        holder = context.state_of(reg, next((m for m in reg.mentions if m.entity_id == holder), None)) \
            if holder else None
    elif any(t.lower_ in ("its", "their") for t in phrase):
        holder = _last_holder(reg, phrase.start, ("Agency", "Organization", "State"))
    words = [t.text for t in phrase if reg.mention_at(t.i) is None and t.tag_ != "POS" and t.pos_ != "DET"
             and t.text != "," and not t.is_space]
    role = _role(words)
    if holder is None and role:
        holder = _titled_body(reg, role, phrase.start) or _title_state(reg, role)
    return Office(role=role, holder_of=holder, evidence=phrase.text, relative=relative)


ENVOYS = {"ambassador", "ambassadors", "envoy", "envoys", "representative", "consul", "delegate", "emissary",
          "chargé", "charge", "observer"}


def _hosts(phrase: Span) -> set[int]:
    """Tokens after 'to'/'in'/'at' that follow an envoy's title: where the office is held."""
    out: set[int] = set()
    seen_envoy = False
    for k, t in enumerate(phrase):
        if t.lower_ in ENVOYS:
            seen_envoy = True
        elif seen_envoy and t.lower_ in ("to", "in", "at"):
            out.update(u.i for u in phrase[k + 1:])
            break
    return out


def _titled_body(reg: Registry, role: str, before: int) -> str | None:
    """'Trade Representative X' after 'the Office of the US Trade Representative': an office of
    two or more words that a body named earlier carries in its name is held in that body."""
    words = role.lower().split()
    if len(words) < 2:
        return None
    found = set()
    for m in reg.mentions:
        rec = reg.records.get(m.entity_id)
        if m.start >= before or rec is None or rec.label != "Agency":
            continue
        for name in (rec.name, *rec.aliases):
            low = name.lower().split()
            if any(low[k:k + len(words)] == words for k in range(len(low) - len(words) + 1)):
                found.add(rec.id)
    return found.pop() if len(found) == 1 else None


def _title_state(reg: Registry, role: str) -> str | None:
    """An office that exists under that name mainly in one state ("Secretary of State", "Defence
    Secretary") points there -- but only when the article names that state: an Indian "Foreign
    Secretary" in a story about India and Pakistan is not British."""
    table = lex().get("title_states", {})
    low = role.lower()
    named = {m.entity_id for m in reg.mentions if m.label == "State" and not m.how.startswith("implied")}
    for title, iso in sorted(table.items(), key=lambda kv: -len(kv[0])):
        if title in low and f"state:{iso}" in named:
            return f"state:{iso}"
    return None


def _last_holder(reg: Registry, before: int, labels: tuple[str, ...]) -> str | None:
    """'its minister' -> the nearest earlier body; 'his foreign minister' -> the nearest
    earlier official (whose state the office belongs to)."""
    for m in sorted(reg.mentions, key=lambda m: -m.start):
        if m.start < before and m.label in labels:
            return m.entity_id
    return None


def listed_after(doc: Doc, reg: Registry, previous: tuple[Span, Office], span: Span) -> Office | None:
    """'Ministers for Home Affairs X, Foreign Affairs Y and Defence Z': the list shares the office."""
    prev_span, office = previous
    gap = doc[prev_span.end: span.start]
    if prev_span.sent.start != span.sent.start or len(gap) > 12 or not any(t.text in (",", "and") for t in gap):
        return None
    if not all(t.text in (",", "and") or t.is_title for t in gap):
        return None
    tail = [t for t in gap if t.text not in (",", "and")]
    while tail and reg.mention_at(tail[0].i) is not None:
        tail = tail[1:]
    portfolio = " ".join(t.text for t in tail[-3:] if reg.mention_at(t.i) is None)
    return Office(role=portfolio or office.role, holder_of=office.holder_of, evidence="")


def _copular_title(doc: Doc, span: Span) -> bool:
    """'The recalled envoys are X and Y': the subject of 'be' is an office title."""
    root = span[-1]
    for _ in range(6):  # "are X in Washington and Y in Canberra": Y hangs off the first place
        if root.dep_ not in ("conj", "pobj", "prep"):
            break
        root = root.head
    if root.dep_ != "attr" or root.head.lemma_ != "be":
        return False
    title_heads = heads()
    return any(c.dep_ == "nsubj" and c.lemma_.lower() in title_heads for c in root.head.children)


def _private(phrase: Span) -> bool:
    """'deputy leader of the X party': an office of a private body, not a public office -- except
    in a ruling party that is the state ('a senior Communist Party official')."""
    words = {w.lower() for w in lex().get("private_bodies", [])}
    if any(title in phrase.text for title in lex().get("private_titles", [])):
        return True
    if any(p.lower() in phrase.text.lower() for p in lex().get("ruling_parties", [])):
        return False
    return any(t.lower_ in words for t in phrase)


def _of_a_group(reg: Registry, phrase: Span) -> bool:
    """'Houthi military spokesman X', 'a Wagner commander': an office in a non-state group is no
    public office (and no state's, whatever the context)."""
    labels = {m.label for t in phrase for m in [reg.mention_at(t.i)] if m is not None}
    return "Group" in labels and not labels & {"State", "Agency", "Organization"}


def _public(reg: Registry, phrase: Span | None) -> Office | None:
    if phrase is None or _private(phrase) or _of_a_group(reg, phrase):
        return None
    return _office_from(reg, phrase)


def office_of(doc: Doc, reg: Registry, span: Span) -> Office | None:
    before = _title_before(doc, reg, span.start)
    if before is not None:
        office = _public(reg, before)
        if office is None or office.holder_of is None:
            # "Major General X, chief of staff of Iran's armed forces", "opposition leader X as
            # Venezuela's interim president": a later title that names its holder says more
            later = _public(reg, _title_after(doc, reg, span))
            if later is not None and later.holder_of is not None:
                return later
        return office
    after = _title_after(doc, reg, span)
    if after is not None:
        return _public(reg, after)
    prev = span.start - 1
    if prev >= 0 and doc[prev].tag_ == "POS":
        owner = reg.mention_at(prev - 1)
        if owner is not None and owner.label == "State":
            return Office(role=None, holder_of=owner.entity_id, evidence=doc[owner.start:span.start].text)
    if prev >= 1 and doc[prev].lower_ == "by" and doc[prev - 1].lemma_ in ("head", "lead", "run"):
        subj = [reg.mention_at(t.i) for t in doc[prev - 1].sent if t.dep_ in ("nsubj", "nsubjpass")]
        holder = next((m for m in subj if m is not None and m.label in ("Agency", "Organization")), None)
        if holder is not None:
            return Office(role="head", holder_of=holder.entity_id, evidence="")
    if _copular_title(doc, span):
        return Office(role=None, holder_of=None, evidence="")
    group = _included_in(doc, span)
    if group is not None:
        return None if _private(group) else _office_from(reg, group)
    return None


def _included_in(doc: Doc, span: Span) -> Span | None:
    """'five members of the European Parliament, including X': X holds the office the group
    noun names."""
    root = span.root
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ not in ("including", "among", "like"):
        return None
    noun = prep.head
    if noun.lemma_.lower() not in heads() and noun.lower_ not in heads():
        return None
    end = prep.i - 1 if doc[prep.i - 1].text == "," else prep.i
    return doc[noun.left_edge.i: end]

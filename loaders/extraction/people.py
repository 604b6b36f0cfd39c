"""People and their offices: who is an Official, of what, with which role.

A person is an Official only with evidence of an office: a title before the name ("UK Foreign
Minister Dominic Raab", "Kremlin spokesman X"), a title in apposition ("X, the Treasury's under
secretary", "China's vice minister, X"), a possessive state ("Japan's Yoshihide Suga"), being
the one who heads a body ("headed by X"), or the officials gazetteer. Footballers, journalists
and victims named in the text stay out of the graph. Later short forms ("Raab", "Mr Raab",
"Le") join the full name only when exactly one person of the article fits.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from kg.loaders.extraction import context, gazetteer
from kg.loaders.extraction.mentions import Mention
from kg.loaders.extraction.registry import Registry
from kg.schema import Article
from kg.schema.ids import slugify

STOP_LEFT = {"and", "or", "said", "says", "told", "with", "by", "from", "at", "on", "as", "that",
             "who", "whom", "when", "while", "after", "before", "but", "between", "against"}
PEERAGE = {"Lord", "Lady", "Baroness", "Baron", "Sir", "Dame"}
NAME_PARTICLES = {"de", "da", "van", "von", "der", "bin", "al", "el", "Le", "La", "Al", "El"}


@dataclass
class Office:
    role: str | None
    holder_of: str | None  # state, agency or org id
    evidence: str


def _lex() -> dict:
    return gazetteer.load().lexicon


def _heads() -> set[str]:
    return {h.lower() for h in _lex().get("title_heads", [])}


def _person_spans(doc: Doc, reg: Registry) -> list[Span]:
    """NER PERSON spans, widened over adjacent capitalised name tokens the model split off."""
    spans: list[Span] = []
    honorifics = set(_lex().get("honorifics", []))
    heads = _heads()
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        start, end = ent.start, ent.end
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title and \
                reg.mention_at(start - 1) is None and doc[start - 1].lower_ not in heads and \
                doc[start - 1].text not in honorifics and doc[start - 1].ent_type_ in ("GPE", "PERSON"):
            start -= 1
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_title and reg.mention_at(end) is None \
                and doc[end].ent_type_ in ("", "PERSON"):
            end += 1
        while start < end and (doc[start].lower_ in heads or doc[start].text in honorifics or
                               reg.mention_at(start) is not None):
            start += 1
        if end - start == 1 and start > 0 and doc[start - 1].text in PEERAGE:
            start -= 1  # "Lord Ahmad" is how a peer is named
        while end > start and (doc[end - 1].tag_ == "POS" or reg.mention_at(end - 1) is not None):
            end -= 1
        if start < end and reg.free(start, end):
            spans.append(doc[start:end])
    taken = {i for s in spans for i in range(s.start, s.end)}
    for span in _titled_names(doc, reg):
        if not any(i in taken for i in range(span.start, span.end)):
            spans.append(span)
            taken.update(range(span.start, span.end))
    return sorted(spans, key=lambda s: s.start)


def _name_run(doc: Doc, reg: Registry, i: int, step: int) -> tuple[int, int]:
    """The run of capitalised name tokens from i going right (step 1) or left (step -1)."""
    j = i
    while 0 <= j < len(doc) and reg.mention_at(j) is None and (
            (doc[j].is_title and doc[j].pos_ in ("PROPN", "NOUN")) or
            (doc[j].text in NAME_PARTICLES and 0 <= j + step < len(doc) and doc[j + step].is_title)):
        j += step
    return (i, j) if step == 1 else (j + 1, i + 1)


def _long_titles(doc: Doc) -> list[tuple[int, int]]:
    """Multi-word offices ("Director of National Intelligence") whose capitals would swallow the
    name that follows into one run."""
    phrases = [p for p in _lex().get("title_states", {}) if " " in p]
    matcher = gazetteer.phrase_matcher(doc.vocab, "LONG_TITLES", phrases, attr="LOWER")
    return [(s, e) for _, s, e in matcher(doc)]


def _titled_names(doc: Doc, reg: Registry) -> list[Span]:
    """Names the NER missed but a title makes plain: 'Commodore Jay Tarriela', 'X, Chile's minister'."""
    heads = _heads()
    out = []
    for _start, end in _long_titles(doc):
        first, last = _name_run(doc, reg, end, 1)
        if 2 <= last - first <= 4:
            out.append(doc[first:last])
    for tok in doc:
        if tok.lower_ not in heads or reg.mention_at(tok.i) is not None:
            continue
        k = tok.i + 1
        if k < len(doc) and doc[k].text == ",":
            k += 1
        start, end = _name_run(doc, reg, k, 1)
        while start < end and doc[start].lower_ in heads:
            start += 1
        if 2 <= end - start <= 4:
            out.append(doc[start:end])
        # appositive after the name: "X Y Z, Chile's deputy minister"
        comma = tok.left_edge.i - 1 if tok.dep_ == "appos" else -1
        if comma > 0 and doc[comma].text == ",":
            start, end = _name_run(doc, reg, comma - 1, -1)
            if 2 <= end - start <= 4:
                out.append(doc[start:end])
    return out


def _title_before(doc: Doc, reg: Registry, start: int) -> Span | None:
    """The title phrase right before a name: 'UK Foreign Minister', 'a CCG spokesperson,'."""
    i = start - 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    end = i + 1
    heads = _heads()
    while i >= 0:
        t = doc[i]
        if (t.is_punct and t.text not in ("-", "'s", "’s")) or t.lower_ in STOP_LEFT or t.pos_ in ("VERB", "AUX") \
                or t.is_space:
            break
        if t.lower_ in ("a", "an", "the") or t.pos_ == "DET":
            i -= 1
            break
        i -= 1
    phrase = _trim_left(doc[i + 1: end])
    if not (len(phrase) and any(t.lower_ in heads or t.lemma_.lower() in heads for t in phrase) and len(phrase) <= 10):
        return None
    if phrase.start > 1 and doc[phrase.start - 1].text == "," and not any(reg.mention_at(t.i) for t in phrase):
        earlier = _title_before(doc, reg, phrase.start)
        if earlier is not None and any(reg.mention_at(t.i) for t in earlier):
            return doc[earlier.start: phrase.end]
    return phrase


def _trim_left(phrase: Span) -> Span:
    """'the family of Conservative MP': the office starts after a preposition when nothing
    before it is an office ('Russia's ambassador in Washington' stays whole)."""
    heads = _heads()
    for k, t in enumerate(phrase):
        if t.lower_ in ("of", "for", "in", "to", "at"):
            if not any(u.lower_ in heads or u.lemma_.lower() in heads for u in phrase[:k]):
                return phrase[k + 1:]
            break
    return phrase


def _title_after(doc: Doc, span: Span) -> Span | None:
    """An appositive title after the name: 'X, Australia's minister for law enforcement,'."""
    end = span.end
    if end >= len(doc) or doc[end].text != ",":
        return None
    heads = _heads()
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
        if t.lower_ in heads:
            return phrase
    if doc[j].lower_ in ("whom", "who") and k < stop:
        tail = doc[k: min(len(doc), k + 10)]
        for t in tail:
            if t.lower_ in heads and t.nbor(-1).lower_ in ("the", "a"):
                return tail
    return None


PREPS = {"in", "to", "for", "of", "at", "on", "with"}


def _role(words: list[str]) -> str | None:
    """The office as words: up to the last office noun, plus a 'for/of ...' portfolio
    ('minister for trade'), without dangling prepositions left by removed place names."""
    heads = _heads()
    last = max((k for k, w in enumerate(words) if w.lower() in heads), default=None)
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
    agency = next((m for m in mentions if m is not None and m.label == "Agency"), None)
    org = next((m for m in mentions if m is not None and m.label == "Organization"), None)
    state = next((m for m in mentions if m is not None and m.label == "State"), None)
    person = next((m for m in mentions if m is not None and m.label == "Official"), None)
    holder: str | None = None
    if agency is not None:
        holder = agency.entity_id
    elif org is not None:
        holder = org.entity_id
    elif state is not None:
        holder = state.entity_id
    elif person is not None:
        holder = context.state_of(reg, person)
    elif any(t.lower_ in ("his", "her") for t in phrase):
        holder = _last_holder(reg, phrase.start, ("Official",))
        holder = context.state_of(reg, next((m for m in reg.mentions if m.entity_id == holder), None)) \
            if holder else None
    elif any(t.lower_ in ("its", "their") for t in phrase):
        holder = _last_holder(reg, phrase.start, ("Agency", "Organization", "State"))
    words = [t.text for t in phrase if reg.mention_at(t.i) is None and t.tag_ != "POS" and t.pos_ != "DET"
             and t.text != "," and not t.is_space]
    role = _role(words)
    if holder is None and role:
        holder = _title_state(reg, role)
    return Office(role=role, holder_of=holder, evidence=phrase.text)


def _title_state(reg: Registry, role: str) -> str | None:
    """An office that exists under that name mainly in one state ("Secretary of State", "Defence
    Secretary") points there -- but only when the article names that state: an Indian "Foreign
    Secretary" in a story about India and Pakistan is not British."""
    table = _lex().get("title_states", {})
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


def _short_forms(name: str) -> list[str]:
    parts = name.split()
    out = []
    if len(parts) >= 2:
        out.append(parts[-1])
        if len(parts) >= 3 and parts[-2][0].isupper() is False:
            out.append(" ".join(parts[-2:]))
        if len(parts) == 3 and parts[1] in ("Le", "de", "von", "van", "Al", "al"):
            out.append(" ".join(parts[1:]))
        out.append(parts[0])  # Chinese order: family name first ("Le Yucheng" -> "Le")
    return out


def _register_official(reg: Registry, span: Span, office: Office | None, how: str, reason: str) -> str:
    gaz = gazetteer.load()
    name = span.text
    known = [f.entry for f in gaz.forms.get(name, []) if f.entry.label == "Official"]
    entry = known[0] if known else None
    ident = entry.id if entry else f"person:{slugify(name)}"
    holder = office.holder_of if office else None
    if entry is not None:
        holder = holder or entry.parent or entry.state
    reg.entity(ident, "Official", entry.name if entry else name,
               role=(office.role if office else None) or (entry.role if entry else None),
               official_of=holder, state=None)
    rec = reg.records[ident]
    if holder and rec.state is None:
        rec.state = holder if holder.startswith("state:") else (reg.records[holder].state if holder in reg.records
                                                                  else None)
    reg.mention(ident, span.start, span.end, how=how, reason=reason)
    if office and office.evidence:
        reg.add_alias(ident, f"{office.evidence} {name}".replace(" ,", ","))
    return ident


def find_people(doc: Doc, reg: Registry, article: Article) -> None:
    """Officials in two rounds: first those whose title names their state, agency or
    organisation (or the gazetteer knows), with their short forms ("Raab", "Mr Raab"); then
    those whose state must come from context, which by then can lean on the first round."""
    spans = _person_spans(doc, reg)
    full = [s for s in spans if len(s) >= 2]
    previous: tuple[Span, Office] | None = None
    pending: list[tuple[Span, Office]] = []
    for span in full:
        office = _office_of(doc, reg, span)
        if office is None and previous is not None:
            office = _listed_after(doc, reg, previous, span)
        if office is not None:
            previous = (span, office)
        known = any(f.entry.label == "Official" for f in gazetteer.load().forms.get(span.text, []))
        if office is None and not known:
            continue
        if office is not None and office.holder_of is None and not known:
            pending.append((span, office))
            continue
        _register_official(reg, span, office, how="person:titled" if office else "person:gazetteer",
                           reason=f"office from '{office.evidence}'" if office else "known official")
    blocked = _shared_short_forms([s.text for s in full])
    _short_mentions(doc, reg, blocked)
    for span, office in pending:
        office.holder_of = _state_after(doc, reg, span) or context.context_state(reg, span.start)
        _register_official(reg, span, office, how="person:titled",
                           reason=f"office from '{office.evidence}', state from context")
        _short_mentions(doc, reg, blocked)  # the next pending official may lean on this one's short form


def _shared_short_forms(names: list[str]) -> set[str]:
    """Short forms two different people of the article share ("Silva"): never a merge cue."""
    owners: dict[str, set[str]] = {}
    for name in names:
        for form in _short_forms(name):
            owners.setdefault(form, set()).add(name)
    return {form for form, who in owners.items() if len(who) > 1}


def _state_after(doc: Doc, reg: Registry, span: Span) -> str | None:
    """'Foreign Minister Ana Silva of Portugal': the state right after the name."""
    if span.end + 1 < len(doc) and doc[span.end].lower_ == "of":
        m = reg.mention_at(span.end + 1) or (reg.mention_at(span.end + 2) if doc[span.end + 1].lower_ == "the"
                                              else None)
        if m is not None and m.label == "State":
            return m.entity_id
    return None


def _listed_after(doc: Doc, reg: Registry, previous: tuple[Span, Office], span: Span) -> Office | None:
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
    heads = _heads()
    return any(c.dep_ == "nsubj" and c.lemma_.lower() in heads for c in root.head.children)


def _private(phrase: Span) -> bool:
    """'deputy leader of the X party': an office of a private body, not a public office."""
    words = {w.lower() for w in _lex().get("private_bodies", [])}
    return any(t.lower_ in words for t in phrase)


def _office_of(doc: Doc, reg: Registry, span: Span) -> Office | None:
    before = _title_before(doc, reg, span.start)
    if before is not None:
        return None if _private(before) else _office_from(reg, before)
    after = _title_after(doc, span)
    if after is not None:
        return None if _private(after) else _office_from(reg, after)
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
    return None


def _short_mentions(doc: Doc, reg: Registry, blocked: set[str] | None = None) -> None:
    """'Raab', 'Mr Raab', 'Le': join the one official of the article they fit."""
    officials = [r for r in reg.records.values() if r.label == "Official"]
    index: dict[str, set[str]] = {}
    for rec in officials:
        for form in _short_forms(rec.name):
            if form not in (blocked or ()):
                index.setdefault(form, set()).add(rec.id)
    honorifics = set(_lex().get("honorifics", []))
    for tok in doc:
        if reg.mention_at(tok.i) is not None or not tok.is_title:
            continue
        ids = index.get(tok.text)
        if not ids or len(ids) != 1:
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.pos_ == "PROPN" and nxt.is_title and reg.mention_at(nxt.i) is None:
            continue  # part of another, longer name
        (ident,) = ids
        start = tok.i
        if start > 0 and doc[start - 1].text in honorifics:
            start -= 1
        reg.mention(ident, start, tok.i + 1, how="coref:surname",
                    reason=f"'{doc[start:tok.i + 1].text}' is the only official of the article with that name")


def mention_holder(reg: Registry, mention: Mention) -> str | None:
    rec = reg.records.get(mention.entity_id)
    return rec.official_of if rec else None

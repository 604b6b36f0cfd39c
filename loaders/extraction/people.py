"""People and their offices: who is an Official, of what, with which role.

A person is an Official only with evidence of an office: a title before the name ("UK Foreign
Minister Dominic Raab", "Kremlin spokesman X"), a title in apposition ("X, the Treasury's under
secretary", "China's vice minister, X"), a possessive state ("Japan's Yoshihide Suga"), being
the one who heads a body ("headed by X"), or the officials gazetteer. Footballers, journalists
and victims named in the text stay out of the graph. Later short forms ("Raab", "Mr Raab",
"Le") join the full name only when exactly one person of the article fits.
"""

from __future__ import annotations

import functools
import itertools

from spacy.tokens import Doc, Span

from kg.loaders.extraction import context, gazetteer, offices
from kg.loaders.extraction.registry import Registry
from kg.schema import Article
from kg.schema.ids import slugify

PEERAGE = {"Lord", "Lady", "Baroness", "Baron", "Sir", "Dame"}
NAME_PARTICLES = {"de", "da", "van", "von", "der", "bin", "al", "el", "Le", "La", "Al", "El"}


def _person_spans(doc: Doc, reg: Registry) -> list[Span]:
    """NER PERSON spans, widened over adjacent capitalised name tokens the model split off."""
    spans: list[Span] = []
    honorifics = set(offices.lex().get("honorifics", []))
    heads = offices.heads()
    listed = _names_listed_with_people(doc)
    for ent in doc.ents:
        if ent.label_ != "PERSON" and (ent.start, ent.end) not in listed:
            continue
        start, end = ent.start, ent.end
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title and \
                reg.mention_at(start - 1) is None and doc[start - 1].lower_ not in heads and \
                doc[start - 1].text not in honorifics and (doc[start - 1].ent_type_ in ("GPE", "PERSON", "NORP")
                                                           or _untagged_first_name(doc, start - 1)):
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
        if start < end and reg.free(start, end) and not offices.bare_title(doc[start:end]):
            spans.append(doc[start:end])
    taken = {i for s in spans for i in range(s.start, s.end)}
    for span in _titled_names(doc, reg):
        if offices.bare_title(span):
            continue  # "Deputy Prime Minister" before a name the gazetteer already took
        if not any(i in taken for i in range(span.start, span.end)):
            spans.append(span)
            taken.update(range(span.start, span.end))
    return sorted(spans, key=lambda s: s.start)


def _untagged_first_name(doc: Doc, i: int) -> bool:
    """'Pavel Malkov, the governor ...': a first name the NER left out at the start of a
    sentence or clause (never an office word: 'Minister for Defence Peter Dutton')."""
    return doc[i].ent_type_ == "" and not offices.bare_title(doc[i:i + 1]) and \
        (doc[i].is_sent_start or (i > 0 and doc[i - 1].is_punct))


def _names_listed_with_people(doc: Doc) -> set[tuple[int, int]]:
    """'identified them as A B, C D and E F': a two- or three-word name the NER took for an
    organisation, listed (commas, 'and') right beside a person's name, is a person too."""
    ents = list(doc.ents)
    out: set[tuple[int, int]] = set()
    for a, b in itertools.pairwise(ents):
        gap = doc[a.end:b.start]
        if not gap or len(gap) > 2 or any(t.lower_ not in (",", "and") for t in gap):
            continue
        for ent, other in ((a, b), (b, a)):
            if ent.label_ == "ORG" and other.label_ == "PERSON" and 2 <= len(ent) <= 3 and \
                    all(t.pos_ == "PROPN" and t.is_title for t in ent):
                out.add((ent.start, ent.end))
    return out


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
    phrases = [p for p in offices.lex().get("title_states", {}) if " " in p]
    matcher = gazetteer.phrase_matcher(doc.vocab, "LONG_TITLES", phrases, attr="LOWER")
    return [(s, e) for _, s, e in matcher(doc)]


def _titled_names(doc: Doc, reg: Registry) -> list[Span]:
    """Names the NER missed but a title makes plain: 'Commodore Jay Tarriela', 'X, Chile's minister'."""
    heads = offices.heads()
    out = []
    for _start, end in _long_titles(doc):
        first, last = _name_run(doc, reg, end, 1)
        if 2 <= last - first <= 4:
            out.append(doc[first:last])
    for tok in reg.tokens(heads):
        if reg.mention_at(tok.i) is not None:
            continue
        k = tok.i + 1
        if k < len(doc) and doc[k].text == ",":
            k += 1
        start, end = _name_run(doc, reg, k, 1)
        while start < end and doc[start].lower_ in heads:
            start += 1
        if 2 <= end - start <= 4:
            out.append(doc[start:end])
        edge = max((c.right_edge.i for c in tok.rights if c.dep_ == "prep"), default=tok.i)
        comma = next((t.i for t in doc[tok.i + 1: edge + 1] if t.text == ","), None)
        if comma is not None:  # "the head of the X Commission, Ana Silva": the parser hangs the name inside
            edge = comma - 1
        if edge > tok.i and edge + 2 < len(doc) and doc[edge + 1].text == ",":
            # "Peru's ambassador to the United Nations, Rosa Quispe": the name after the whole title
            start, end = _name_run(doc, reg, edge + 2, 1)
            if 2 <= end - start <= 4:
                out.append(doc[start:end])
        # appositive after the name: "X Y Z, Chile's deputy minister"
        comma = tok.left_edge.i - 1 if tok.dep_ == "appos" else -1
        if comma > 0 and doc[comma].text == ",":
            start, end = _name_run(doc, reg, comma - 1, -1)
            if 2 <= end - start <= 4:
                out.append(doc[start:end])
    return out


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


def _register_official(reg: Registry, span: Span, office: offices.Office | None, how: str, reason: str) -> str:
    gaz = gazetteer.load()
    name = span.text
    known = [f.entry for f in gaz.forms.get(name, []) if f.entry.label == "Official"] or _known_by_tail(name)
    entry = known[0] if known else None
    ident = entry.id if entry else f"person:{slugify(name)}"
    holder = office.holder_of if office else None
    if entry is not None:
        holder = holder or entry.parent or entry.state
        above = gaz.entry(holder) if holder and holder not in reg.records else None
        if above is not None:  # a known head of state is OFFICIAL_OF that state even when it goes unnamed
            from kg.loaders.extraction.entities import register_entry
            register_entry(reg, above)
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


def _known_by_tail(name: str) -> list[gazetteer.Entry]:
    """'Tayyip Erdoğan' is Recep Tayyip Erdoğan: a name of two or more words that ends exactly
    one known official's full name (a given name dropped) is that official."""
    words = tuple(name.split())
    found = _tails().get(words, {}) if len(words) >= 2 else {}
    return list(found.values()) if len(found) == 1 else []


@functools.cache
def _tails() -> dict[tuple[str, ...], dict[str, gazetteer.Entry]]:
    """Word tails (two words or more, short of the whole) of known officials' names -> officials."""
    out: dict[tuple[str, ...], dict[str, gazetteer.Entry]] = {}
    for text, forms in gazetteer.load().forms.items():
        words = tuple(text.split())
        for k in range(1, len(words) - 1):
            for f in forms:
                if f.entry.label == "Official":
                    out.setdefault(words[k:], {})[f.entry.id] = f.entry
    return out


def find_people(doc: Doc, reg: Registry, article: Article) -> None:
    """Officials in two rounds: first those whose title names their state, agency or
    organisation (or the gazetteer knows), with their short forms ("Raab", "Mr Raab"); then
    those whose state must come from context, which by then can lean on the first round."""
    spans = _person_spans(doc, reg)
    full = [s for s in spans if len(s) >= 2]
    previous: tuple[Span, offices.Office] | None = None
    pending: list[tuple[Span, offices.Office]] = []
    relative: list[Span] = []
    for k, span in enumerate(full):
        office = _respective_office(doc, reg, full, k) or offices.office_of(doc, reg, span)
        if office is None and previous is not None:
            office = offices.listed_after(doc, reg, previous, span)
        if office is None and k + 1 < len(full):
            office = _shared_with_next(doc, reg, full[k:])
        if office is not None:
            previous = (span, office)
        known = any(f.entry.label == "Official" for f in gazetteer.load().forms.get(span.text, []))
        if office is None and not known:
            continue
        if office is not None and office.relative and not known:
            relative.append(span)  # "his predecessor, X": once the other officials are known
            continue
        if office is not None and office.holder_of is None and not known:
            pending.append((span, office))
            continue
        _register_official(reg, span, office, how="person:titled" if office else "person:gazetteer",
                           reason=f"office from '{office.evidence}'" if office else "known official")
    blocked = _shared_short_forms([s.text for s in full])
    _short_mentions(doc, reg, blocked)
    for span, office in pending:
        office.holder_of = _state_after(doc, reg, span) or _own_report(reg, span) or \
            context.context_state(reg, span.start, _answered_by(reg, span))
        _register_official(reg, span, office, how="person:titled",
                           reason=f"office from '{office.evidence}', state from context")
        _short_mentions(doc, reg, blocked)  # the next pending official may lean on this one's short form
    for span in relative:
        office = offices.office_of(doc, reg, span)
        if office is not None and office.holder_of is None:
            office.holder_of = context.context_state(reg, span.start)
        _register_official(reg, span, office, how="person:titled", reason="office relative to an official named before")


SPEECH = {"say", "tell", "add", "insist", "stress", "announce", "state", "declare", "confirm", "note"}


def _own_report(reg: Registry, span: Span) -> str | None:
    """'Trade Minister X said the Morrison government was disappointed', 'President X said
    Venezuela would not bow': an official with no state in the title who reports what a state
    does or feels reports for that state (accusations take 'accused', not 'said')."""
    if span.root.dep_ != "nsubj":
        return None
    verbs = [v for v in (span.root.head, *span.root.head.conjuncts) if v.lemma_ in SPEECH]  # "... and said"
    for clause in (c for v in verbs for c in v.children if c.dep_ == "ccomp"):
        for subj in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
            m = reg.mention_at(subj.i)
            if m is None or m.label != "State":
                continue
            earlier = {context.state_of(reg, reg.mention_at(t.i)) for t in span.sent if span.end <= t.i < m.start}
            if m.entity_id not in earlier:  # "called in South Korea's envoy and said Seoul had ...": a counterpart
                return m.entity_id
    return None


REMARK_NOUNS = {"remark", "comment", "statement", "claim", "allegation", "accusation", "criticism", "threat"}


def _answered_by(reg: Registry, span: Span) -> set[str]:
    """'Kerry called remarks by Labour Minister X "false"': the speaker of words the sentence's
    subject answers is the subject's counterpart, so the subject's state is not his."""
    by = span.root.head
    if span.root.dep_ != "pobj" or by.lower_ != "by" or by.head.lemma_.lower() not in REMARK_NOUNS:
        return set()
    subjects = [t for t in span.sent if t.dep_ == "nsubj" and t.head.dep_ == "ROOT" and t.i < span.start]
    states = {context.state_of(reg, reg.mention_at(t.i)) for t in subjects}
    return {s for s in states if s}


def _shared_with_next(doc: Doc, reg: Registry, run: list[Span]) -> offices.Office | None:
    """'X and Y, whom he identified as GRU officers', 'A, B, C and D, all members of the PLA's
    research institute': a name in a list shares the office of the first later name of the same
    list that has one (names joined only by commas and 'and')."""
    for span, nxt in itertools.pairwise(run):
        gap = doc[span.end:nxt.start]
        if span.sent.start != nxt.sent.start or not gap or any(t.lower_ not in ("and", ",") for t in gap):
            return None
        office = offices.office_of(doc, reg, nxt)
        if office is not None:
            return offices.Office(role=office.role, holder_of=office.holder_of, evidence="",
                                  relative=office.relative)
    return None


def _list_around(doc: Doc, full: list[Span], k: int) -> tuple[list[Span], int]:
    """The comma/'and' list of names that full[k] belongs to, and its position in it."""
    def joined(a: Span, b: Span) -> bool:
        gap = doc[a.end:b.start]
        return a.sent.start == b.sent.start and bool(gap) and all(t.lower_ in ("and", ",") for t in gap)
    first = k
    while first > 0 and joined(full[first - 1], full[first]):
        first -= 1
    last = k
    while last + 1 < len(full) and joined(full[last], full[last + 1]):
        last += 1
    return full[first:last + 1], k - first


def _respective_office(doc: Doc, reg: Registry, full: list[Span], k: int) -> offices.Office | None:
    """'the foreign ministers of A and B, X and Y': a plural title over a list of holders, then
    as many names, each holding the office in the holder at the same position."""
    names, pos = _list_around(doc, full, k)
    if len(names) < 2 or names[0].start < 2 or doc[names[0].start - 1].text != ",":
        return None
    holders: list[str] = []
    i = names[0].start - 2
    while i >= names[0].sent.start:
        m = reg.mention_at(i)
        if m is not None and m.label in ("State", "Agency", "Organization"):
            holders.insert(0, m.entity_id)
            i = m.start - 1
        elif doc[i].lower_ in ("and", ",", "the"):
            i -= 1
        else:
            break
    title = doc[i - 1] if doc[i].lower_ == "of" and i >= 1 else None
    if title is None or title.tag_ != "NNS" or title.lemma_.lower() not in offices.heads() or \
            len(holders) != len(names):
        return None
    return offices.Office(role=title.lemma_, holder_of=holders[pos], evidence="")


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


def _short_mentions(doc: Doc, reg: Registry, blocked: set[str] | None = None) -> None:
    """'Raab', 'Mr Raab', 'Le': join the one official of the article they fit."""
    officials = [r for r in reg.records.values() if r.label == "Official"]
    index: dict[str, set[str]] = {}
    for rec in officials:
        for form in _short_forms(rec.name):
            if form not in (blocked or ()):
                index.setdefault(form, set()).add(rec.id)
    honorifics = set(offices.lex().get("honorifics", []))
    for tok in reg.tokens(index, attr="text"):
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



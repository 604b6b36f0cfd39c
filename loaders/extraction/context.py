"""Context questions the recognisers share: is this gazetteer match plausible here, which state
qualifies this phrase ("Russia's", "Chinese", "of China"), and which state is the article
talking about at this point (for "the foreign ministry" or "Defence Secretary X" with no state
in sight).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from kg.loaders.extraction.gazetteer import Form
from kg.loaders.extraction.mentions import Mention
from kg.loaders.extraction.registry import Registry

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "agent"}


def extend_the(doc: Doc, start: int) -> int:
    """Include a preceding determiner 'the' in a name mention ("the Kremlin"), not in a compound
    ("the Iran-backed group": 'the' belongs to the group)."""
    if start > 0 and doc[start - 1].lower_ == "the" and not (start + 1 < len(doc) and doc[start + 1].text == "-"):
        return start - 1
    return start


def _shouting(doc: Doc, start: int, end: int) -> bool:
    sent = doc[start].sent
    letters = [t.text for t in sent if t.is_alpha]
    return len(letters) >= 4 and all(t.isupper() for t in letters)


GEO_NOUNS = {"Strait", "Straits", "Sea", "Seas", "Columbia", "Island", "Islands", "Peninsula", "Gulf", "Bay",
             "Basin", "Plateau", "Desert", "River", "Mountains"}
DOCUMENT_NOUNS = {"Convention", "Charter", "Resolution", "Treaty", "Declaration", "Protocol", "Law", "Act"}
EVENT_NOUNS = {"war", "invasion", "conflict", "crisis", "fighting", "involvement", "interference", "intervention",
               "affairs", "aggression", "offensive", "incursion", "election", "elections"}
PLACE_NOUNS = {"coast", "shore", "water", "outskirts", "capital", "city", "village", "region", "province", "north",
               "south", "east", "west", "centre", "center", "part", "border", "island", "mainland"}
LOCATIVE_PREPS = {"in", "at", "near", "off", "across", "around", "throughout", "inside", "outside", "over"}


def plausible(doc: Doc, start: int, end: int, form: Form) -> bool:
    """Reject readings the surrounding words rule out (an all-caps line matching acronyms,
    "Georgia" among US states, "Taiwan Strait", "UN Convention on ...")."""
    nxt_tok = doc[end] if end < len(doc) else None
    if form.how == "acronym" and _shouting(doc, start, end):
        return False
    if form.entry.label in ("Agency", "Group") and _inside_longer_name(doc, start, end, form):
        return False
    if form.entry.kind in ("company", "armed-forces") and _company_as_modifier(doc, end):
        return False  # "SolarWinds sanctions", "US military deaths"
    if form.entry.label == "Agency" and _state_word_before(doc, start) not in (None, form.entry.state):
        return False  # "the Russian Security Council" is not the UN's, "Russia's Ministry of Defence" not the UK's
    if nxt_tok is not None and form.entry.label == "State" and nxt_tok.text in GEO_NOUNS:
        return False
    if nxt_tok is not None and form.entry.label == "Organization" and nxt_tok.text in DOCUMENT_NOUNS:
        return False
    if form.entry.label == "Official" and end - start == 1 and _another_first_name(doc, start):
        return False  # "his son Viktor Lukashenko" is not the president
    if form.entry.ambiguous:
        prev = doc[start - 1] if start > 0 else None
        nxt = doc[end] if end < len(doc) else None
        if prev is not None and prev.text == "," and start > 1 and doc[start - 2].is_title and \
                not _names_a_state(doc[start - 2]):
            return False  # "Alpharetta, Georgia" (but "Chile, Peru and Bolivia" is a list of states)
        if nxt is not None and nxt.text in (",", "and") and end + 1 < len(doc) and doc[end + 1].text in US_STATES:
            return False
        if prev is not None and prev.text in (",", "and") and start > 1 and doc[start - 2].text in US_STATES:
            return False
        if doc[start].ent_type_ == "PERSON" and _name_of_a_person(doc, start, end):
            return False
    return True


def _names_a_state(tok: Token) -> bool:
    from kg.loaders.extraction import gazetteer

    return any(f.entry.label == "State" for f in gazetteer.load().forms.get(tok.text, []))


def _another_first_name(doc: Doc, start: int) -> bool:
    """A known official's bare surname right after a first name the tagger reads as part of the
    same person ('Viktor Lukashenko'): a namesake, unless that word is a title or honorific."""
    from kg.loaders.extraction import gazetteer

    prev = doc[start - 1] if start > 0 else None
    if prev is None or not prev.is_title or prev.pos_ != "PROPN" or prev.ent_type_ != "PERSON":
        return False
    lexicon = gazetteer.load().lexicon
    titles = {h.lower() for h in lexicon.get("title_heads", [])}
    return prev.lower_ not in titles and prev.text not in lexicon.get("honorifics", [])


def _name_of_a_person(doc: Doc, start: int, end: int) -> bool:
    """'Chad Smith', 'Jordan Peterson', 'Georgia Meloni': an ambiguous state name inside a
    person's name; 'Mali's junta', 'Chad said' stay the states whatever the NER thinks."""
    nxt = doc[end] if end < len(doc) else None
    prev = doc[start - 1] if start > 0 else None
    return (nxt is not None and nxt.is_title and nxt.pos_ == "PROPN" and nxt.ent_type_ == "PERSON") or \
        (prev is not None and prev.is_title and prev.pos_ == "PROPN" and prev.ent_type_ == "PERSON")


def _foreign_word(tok: Token) -> bool:
    """A capitalised word no gazetteer or title list knows: part of someone else's name."""
    from kg.loaders.extraction import gazetteer

    gaz = gazetteer.load()
    heads = {h.lower() for h in gaz.lexicon.get("title_heads", [])}
    return tok.is_title and tok.pos_ == "PROPN" and tok.text not in gaz.forms and tok.lower_ not in heads \
        and tok.ent_type_ not in ("NORP", "GPE", "DATE")


def _company_as_modifier(doc: Doc, end: int) -> bool:
    """'SolarWinds sanctions', 'Huawei equipment': a company name that only qualifies a common
    noun is not an actor of the story (an incident noun after it, 'the Colonial hack', is kept
    for the incident rules)."""
    from kg.loaders.extraction import gazetteer

    last = doc[end - 1]
    head = last.head
    if end < len(doc) and MODEL_NUMBER.match(doc[end].text):
        return True  # "the Boeing 777", "a Sukhoi Su-24": a product, not the maker
    if last.dep_ not in ("compound", "amod", "nmod") or head.i < end or head.pos_ != "NOUN":
        return False
    titles = {h.lower() for h in gazetteer.load().lexicon.get("title_heads", [])}
    if head.lower_ in titles or head.lemma_.lower() in titles:
        return False  # "US military officials said": the body speaks through them
    if head.lower_ in OWNED_SITES:
        return False  # "a Lukoil refinery", "Equifax's networks": the company owns what is hit
    return head.lower_ not in {n.split()[-1] for n in gazetteer.load().incidents_nouns}


MODEL_NUMBER = re.compile(r"^(?:[A-Z][A-Za-z]{0,2}-?)?\d{2,4}[A-Z]?$")
OWNED_SITES = {"facility", "facilities", "plant", "plants", "refinery", "refineries", "terminal", "terminals",
               "depot", "depots", "tanker", "tankers", "headquarters", "network", "networks", "servers"}


def _state_word_before(doc: Doc, start: int) -> str | None:
    """The state a name, demonym or capital right before a match names ("Russia's", "Chinese")."""
    from kg.loaders.extraction import gazetteer

    i = start - 1
    if i >= 0 and doc[i].tag_ == "POS":
        i -= 1
    gaz = gazetteer.load()
    for size in (3, 2, 1):  # "South Korea's", "United States"
        if i - size + 1 >= 0:
            text = doc[i - size + 1:i + 1].text
            states = [f.entry.id for f in gaz.forms.get(text, []) if f.entry.label == "State"]
            if states:
                return states[0]
    return None


def _inside_longer_name(doc: Doc, start: int, end: int, form: Form) -> bool:
    """'Police Security Service' is not MI5's 'Security Service', 'Kataib Hezbollah' is not
    Hezbollah: the match continues a name the NER reads as one entity, begun by a word no
    gazetteer knows (a state word before it, "Russian Security Service", is a qualifier)."""
    if start > 0 and doc[start].ent_iob_ == "I":
        i = start - 1
        while i > 0 and doc[i].ent_iob_ == "I":
            i -= 1
        if any(_foreign_word(t) for t in doc[i:start]):
            return True
    if form.entry.label == "Agency" and begins_longer_name(doc, start, end):
        return True
    return form.entry.label == "Group" and end < len(doc) and doc[end].ent_iob_ == "I" and \
        _foreign_word(doc[end])


def begins_longer_name(doc: Doc, start: int, end: int) -> bool:
    """'Treasury Wine Estates': a capitalised body name followed by two capitalised words no
    gazetteer, title or body vocabulary knows begins a firm's name, not the body."""
    tail = doc[end:end + 2]
    return doc[start].is_title and len(tail) == 2 and \
        all(_foreign_word(t) and t.lower_ not in BODY_WORDS for t in tail)


BODY_WORDS = {"department", "ministry", "office", "service", "services", "agency", "bureau", "council", "committee",
              "command", "force", "forces", "guard", "administration", "directorate", "commission", "corps",
              "division", "unit", "center", "centre", "board", "authority", "court", "assembly"}


US_STATES = {
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida",
    "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine",
    "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska",
    "Nevada", "Hampshire", "Jersey", "Mexico", "York", "Carolina", "Dakota", "Ohio", "Oklahoma", "Oregon",
    "Pennsylvania", "Rhode", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington", "Wisconsin",
    "Wyoming",
}


def state_of(reg: Registry, mention: Mention | None) -> str | None:
    """The state a mention stands for or belongs to."""
    if mention is None:
        return None
    rec = reg.records.get(mention.entity_id)
    if rec is None:
        return None
    if rec.label == "State":
        return rec.id
    return rec.state


def qualifier_state(doc: Doc, reg: Registry, start: int, end: int, seat: bool = False) -> str | None:
    """The state that qualifies the phrase doc[start:end]: a state or state-owned mention just
    before it ("Russia's", "Chinese", "US", "the North's", "its" -> the last state, "the FSB
    (Federal Security Service) border guard"), or "of X" right after it; with `seat`, also "in X"
    right after it ("the foreign ministry in Sofia": a ministry sits in its own capital, an
    embassy does not, so callers decide)."""
    i = start - 1
    if i >= 2 and doc[i].text == ")" and doc[i - 2].text == "(":
        i -= 3
    while i >= 0 and start - i <= 3 and doc[i].pos_ == "ADJ" and reg.mention_at(i) is None:
        i -= 1  # "Russia's regular army in Ukraine": the owner before the adjectives wins over the place
    while i >= 0 and doc[i].tag_ == "POS":
        i -= 1
    if i >= 0:
        m = reg.mention_at(i)
        if m is not None and m.label in ("State", "Agency", "Official", "Organization"):
            found = state_of(reg, m)
            if found:
                return found
        if doc[i].lower_ in ("its", "their") and doc[i].tag_ == "PRP$":
            if doc[i].lower_ == "their" and _several_states(reg, i):
                return None  # "A and B agreed to let their forces train": the forces of both
            return (doc[i].lower_ == "its" and _subject_past_phrases(reg, i)) or last_state(reg, i)
    if end + 1 < len(doc) and (doc[end].lower_ == "of" or (seat and doc[end].lower_ == "in")):
        j = end + 1
        if doc[j].lower_ == "the":
            j += 1
        m = reg.mention_at(j)
        if m is not None and m.label == "State":
            return m.entity_id
    return None


def _several_states(reg: Registry, i: int) -> bool:
    """More than one state named earlier in the sentence of token i."""
    sent = reg.doc[i].sent
    return len({state_of(reg, m) for m in reg.mentions if sent.start <= m.start < i} - {None}) > 1


def _subject_past_phrases(reg: Registry, i: int) -> str | None:
    """'China imposed sanctions on X and cut ties with Washington, a day after its military
    ...': states in prepositional phrases are seldom what 'its' refers back to; the subject
    before them is (an object is: 'accused China of using its hackers', so that stops)."""
    sent = reg.doc[i].sent
    for m in sorted((m for m in reg.mentions if sent.start <= m.start and m.end <= i), key=lambda m: -m.start):
        head = reg.doc[m.end - 1]
        while head.dep_ in ("compound", "poss", "amod", "conj", "appos") and head.head.i != head.i:
            head = head.head
        if head.dep_ == "pobj":
            continue
        return state_of(reg, m) if head.dep_ in SUBJECT_DEPS else None
    return None


def last_state(reg: Registry, before: int) -> str | None:
    """The state of the nearest mention before token `before`."""
    best: tuple[int, str] | None = None
    for m in reg.mentions:
        if m.start < before:
            state = state_of(reg, m)
            if state and (best is None or m.start > best[0]):
                best = (m.start, state)
    return best[1] if best else None


def _modifier_of_thing(doc: Doc, mention: Mention) -> bool:
    """'a State Department ceremony': the mention only qualifies an ordinary noun."""
    last = doc[mention.end - 1]
    return last.dep_ == "compound" and last.head.pos_ == "NOUN" and last.head.i >= mention.end and \
        last.head.ent_type_ == ""


def _is_subject(tok: Token) -> bool:
    for t in (tok, tok.head):
        if t.dep_ in SUBJECT_DEPS:
            return True
        if t.dep_ in ("poss", "compound", "amod") and t.head.dep_ in SUBJECT_DEPS:
            return True
    return False


def _passive_subject(tok: Token) -> bool:
    """The subject of a passive ('China was accused'), or a word qualifying it."""
    return tok.dep_ == "nsubjpass" or (tok.dep_ in ("poss", "compound", "amod") and tok.head.dep_ == "nsubjpass")


QUOTES = {'"', "\u201c", "\u201d", "``", "''"}


def _quoted(sent: Span) -> set[int]:
    """Token indexes inside quotation marks: a speaker's words name other actors than the
    speaker's own state ('"... officers of the Russian GRU," Prime Minister X said')."""
    inside, out = False, set()
    for tok in sent:
        if tok.text in QUOTES:
            inside = not inside
        elif inside:
            out.add(tok.i)
    return out


def _side_clause(doc: Doc, mention: Mention, i: int) -> bool:
    """'Asked whether Russia was behind it, Defence Minister X said ...': a state inside an
    adverbial clause that does not hold token i is what the clause is about, not whose office."""
    tok = doc[mention.start]
    for anc in (tok, *tok.ancestors):
        if anc.dep_ == "advcl":
            return not (anc.left_edge.i <= i <= anc.right_edge.i)
    return False


def context_state(reg: Registry, i: int, exclude: set[str] | None = None) -> str | None:
    """The state the article is talking about at token i: the main subject of the sentence when
    it is a state or belongs to one; else the nearest earlier mention in the same sentence; else
    the first subject of the nearest earlier sentences that has one; else the nearest earlier
    mention; else the first mention after i in the sentence."""
    doc = reg.doc
    exclude = exclude or set()
    sent = doc[i].sent
    ordered = reg.ordered()
    for tok in sent:  # the sentence's main subject speaks for the state the sentence is about
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT" and not (tok.i <= i < tok.right_edge.i + 1):
            st = state_of(reg, reg.mention_at(tok.i))
            if st and st not in exclude:
                return st
    ordered = [m for m in ordered if not locative(doc, m, reg) and not _modifier_of_thing(doc, m)]
    quoted = _quoted(sent)
    before_here = [m for m in ordered if sent.start <= m.start < i and state_of(reg, m) not in exclude
                   and m.start not in quoted and not _side_clause(doc, m, i)]
    for m in reversed(before_here):
        if state_of(reg, m):
            return state_of(reg, m)
    sents = list(doc.sents)
    idx = next((k for k, s in enumerate(sents) if s.start == sent.start), 0)
    for k in range(idx - 1, max(-1, idx - 4), -1):
        s = sents[k]
        # "China was accused by Britain": the one acting (an active subject or the agent) first
        subjects = [m for m in ordered if s.start <= m.start < s.end and _is_subject(doc[m.end - 1])]
        for m in sorted(subjects, key=lambda m: _passive_subject(doc[m.end - 1])):
            st = state_of(reg, m)
            if st and st not in exclude:
                return st
    st = last_state(reg, i)
    if st and st not in exclude:
        return st
    for m in ordered:
        if i <= m.start < sent.end:
            st = state_of(reg, m)
            if st and st not in exclude:
                return st
    return None


def locative(doc: Doc, mention: Mention, reg: Registry) -> bool:
    """A state name used only as a place: a dateline ("BRUSSELS -"), "in Afghanistan",
    "Varna, Bulgaria", "the alliance's Brussels headquarters"."""
    first = doc[mention.start]
    if first.lower_ == "the" and mention.end - mention.start > 1:
        first = doc[mention.start + 1]
    prev = doc[first.i - 1] if first.i > 0 else None
    if first.is_upper and len(first.text) > 3 and (prev is None or "\n" in prev.text or prev.is_space):
        return True
    if prev is not None and prev.lower_ == "of" and first.i > 1 and doc[first.i - 2].lemma_ in PLACE_NOUNS:
        return True  # "off the coast of Oman", "the outskirts of Kyiv"
    if prev is not None and prev.lower_ in LOCATIVE_PREPS:
        # "the war in Ukraine", "interference in Albania": the state is what the event is about
        return not (first.i > 1 and doc[first.i - 2].lemma_ in EVENT_NOUNS)
    nxt = doc[mention.end] if mention.end < len(doc) else None
    listed = nxt is not None and nxt.lower_ in (",", "and")
    if prev is not None and prev.text == "," and first.i > 1 and doc[first.i - 2].is_title and \
            reg.mention_at(first.i - 2) is None and not listed:
        return True
    if mention.end + 1 < len(doc) and doc[mention.end].text == "-" and doc[mention.end + 1].lower_ == "based":
        return True  # "the Berlin-based institute"
    last = doc[mention.end - 1]
    return mention.how == "gazetteer:capital" and last.dep_ == "compound"

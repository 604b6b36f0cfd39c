"""Incidents: named events actors are blamed for or hit by.

Gazetteer incidents (NotPetya, the SolarWinds hack) are found with the other names; here a
name followed by an incident noun ("the Bundestag hack", "Colonial Pipeline ransomware
attack") or an incident noun with a named target ("a cyberattack on the German parliament")
becomes an Incident with id incident:<slug>[-year].
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.loaders.extraction import context, elections, gazetteer
from kg.loaders.extraction.described import described_incidents, description_end, event_year
from kg.loaders.extraction.elections import MONTHS, YEAR
from kg.loaders.extraction.registry import Registry
from kg.schema import Article
from kg.schema.ids import slugify


def _noun_starts(doc: Doc) -> dict[int, int]:
    """Token index -> length of the longest incident noun starting there (one matcher pass)."""
    matcher = gazetteer.phrase_matcher(doc.vocab, "INCIDENT_NOUNS", gazetteer.load().incidents_nouns, attr="LOWER")
    out: dict[int, int] = {}
    for _, start, end in matcher(doc):
        out[start] = max(out.get(start, 0), end - start)
    return out


def find_incidents(doc: Doc, reg: Registry, article: Article) -> None:
    nouns = _noun_starts(doc)
    for m in sorted(reg.mentions, key=lambda m: m.start):
        if m.label not in ("Group", "Agency", "State") or m.end >= len(doc):
            continue
        j = m.end
        if j < len(doc) and YEAR.match(doc[j].text):
            j += 1
        n = nouns.get(j, 0)
        if not n or not reg.free(j, j + n):
            continue
        if m.label == "State" and doc[m.start].ent_type_ not in ("ORG",):
            continue  # "Russian hack" names an actor, not an event
        start = m.start
        if start > 0 and YEAR.match(doc[start - 1].text):
            start -= 1
        name = f"{reg.records[m.entity_id].name} {doc[j:j + n].text}"
        year = event_year(doc, start, j + n, article)
        ident = f"incident:{slugify(name)}" + (f"-{year}" if year else "")
        reg.entity(ident, "Incident", name, kind=doc[j + n - 1].lower_, date=year)
        reg.mention(ident, j, j + n, how="incident:named",
                    reason=f"incident noun after the name {reg.records[m.entity_id].name}")
        reg.add_alias(ident, doc[start:j + n].text)
    _targets(doc, reg, article, nouns)
    elections.election_interference(doc, reg, article)
    _operations(doc, reg, article)
    _dated_events(doc, reg, nouns)
    _spans_of_years(doc, reg, nouns)
    _calendar_events(doc, reg, article, nouns)
    _place_events(doc, reg, article, nouns)
    described_incidents(doc, reg, article)
    _hacked(doc, reg, article)


HACK_VERBS = {"hack", "breach"}  # not "infiltrate": spies and networks infiltrate armies


def _hacked(doc: Doc, reg: Registry, article: Article) -> None:
    """'intelligence services had hacked the Democratic National Committee': a hack told with a
    verb on a named body is the hack of that body (the gazetteer's when it knows it, 'DNC hack')."""
    gaz = gazetteer.load()
    for verb in reg.tokens(HACK_VERBS, attr="lemma"):
        if verb.pos_ != "VERB" or reg.mention_at(verb.i) is not None or any(c.dep_ == "neg" for c in verb.children):
            continue
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
        target = reg.mention_at(obj.i) if obj is not None else None
        if target is None or target.label not in ("Group", "Agency", "Organization"):
            continue
        tname = reg.records[target.entity_id].name
        known = [f.entry for f in gaz.forms.get(f"{tname} hack", []) if f.entry.label == "Incident"]
        year = known[0].date if known else event_year(doc, verb.i, target.end, article)
        ident = known[0].id if known else f"incident:{slugify(tname)}-hack" + (f"-{year}" if year else "")
        reg.entity(ident, "Incident", known[0].name if known else f"{tname} hack", kind="hack", date=year)
        span = doc[min(verb.i, target.start):max(verb.i + 1, target.end)]
        reg.mention(ident, verb.i, verb.i + 1, how="incident:verb", reason=f"'{span.text}' tells the hack of {tname}",
                    alias=span.text)


def _targets(doc: Doc, reg: Registry, article: Article, nouns: dict[int, int]) -> None:
    """'cyberattack on the German parliament' -> an incident named after its target."""
    for i, n in sorted(nouns.items()):
        tok = doc[i]
        end = tok.i + n
        if not n or end + 1 >= len(doc) or doc[end].lower_ not in ("on", "against", "of"):
            continue
        if doc[end].lower_ == "of" and doc[end - 1].lower_ not in OF_TARGET_NOUNS:
            continue  # "a campaign of disinformation" names no target
        if not reg.free(tok.i, end):
            continue
        j = end + 1
        if doc[j].lower_ == "the":
            j += 1
        target = reg.mention_at(j)
        if target is not None and target.label == "Official" and target.end < len(doc) and \
                doc[target.end].tag_ == "POS":  # "the hack of Donald Trump's campaign"
            target = reg.mention_at(target.end + 1)
        if target is None or target.label not in ("Agency", "Group", "Organization"):
            continue
        start = tok.i
        while start > 0 and (YEAR.match(doc[start - 1].text) or doc[start - 1].lower_ in ("the", "a", "an")):
            start -= 1
        tname = reg.records[target.entity_id].name
        year = event_year(doc, start, end, article)
        name = f"{tname} {doc[tok.i:end].text}"
        ident = f"incident:{slugify(name)}" + (f"-{year}" if year else "")
        existing = _same_target(reg, target.entity_id)
        ident = existing or ident
        reg.entity(ident, "Incident", name, kind=doc[end - 1].lower_, date=year)
        reg.mention(ident, tok.i, end, how="incident:target",
                    reason=f"incident noun with the named target {tname}")
        reg.add_alias(ident, doc[start:target.end].text)


OF_TARGET_NOUNS = {"hack", "hacking", "breach", "bombing", "killing", "assassination", "poisoning", "downing",
                   "sinking", "shootdown", "seizure"}


def _same_target(reg: Registry, target: str) -> str | None:
    name = reg.records[target].name.lower()
    for rec in reg.records.values():
        if rec.label == "Incident" and rec.name.lower().startswith(name):
            return rec.id
    return None


def _operations(doc: Doc, reg: Registry, article: Article) -> None:
    """'Operation Sindoor', 'Operation Prosperity Guardian': a named military operation."""
    for tok in reg.tokens(["Operation"], attr="text"):
        if tok.i + 1 >= len(doc) or not reg.free(tok.i, tok.i + 2):
            continue
        end = tok.i + 1
        while end < len(doc) and (doc[end].is_title or doc[end].tag_ == "POS") and reg.mention_at(end) is None:
            end += 1
        if end == tok.i + 1 or doc[end - 1].tag_ == "POS":
            continue
        name = doc[tok.i:end].text
        year = event_year(doc, tok.i, end, article)
        ident = f"incident:{slugify(name)}" + (f"-{year}" if year else "")
        reg.entity(ident, "Incident", name, kind="operation", date=year)
        reg.mention(ident, context.extend_the(doc, tok.i), end, how="incident:operation", reason="a named operation")


def _dated_events(doc: Doc, reg: Registry, nouns: dict[int, int]) -> None:
    """'the 2014 blasts', 'deadly 2014 depot explosions': an event noun dated by a year is a
    delimited event; in one article, one event per year and kind ("blasts" and "explosions")."""
    same = gazetteer.load().same_event
    events: dict[tuple[str, str], str] = {}
    for rec in reg.records.values():
        if rec.label == "Incident" and rec.props.get("date"):
            events.setdefault((str(rec.props["date"]), same.get(str(rec.props.get("kind")), "")), rec.id)
    for i, n in sorted(nouns.items()):
        tok = doc[i + n - 1]
        nominal = tok.pos_ == "NOUN" or tok.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass", "appos", "conj")
        if not nominal or not reg.free(i, i + n):
            continue
        years = [c for c in doc[tok.left_edge.i:i] if YEAR.match(c.text)]
        if not years:
            continue
        year = years[0].text
        mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod", "nummod") and not YEAR.match(c.text)]
        named = [m for m in mods if m.dep_ in ("compound", "nmod") and m.i > years[0].i]
        start = min([i, *(m.i for m in named)])
        if not reg.free(start, i + n):
            start = i
        left = min([years[0].i, *(m.left_edge.i for m in mods)])
        end = description_end(doc, tok)
        kind = same.get(doc[i:i + n].text.lower(), doc[i:i + n].text.lower())
        ident = events.get((year, kind))
        if ident is None:
            name = doc[start:i + n].text if start < i or end == i + n else doc[i:end].text  # "hack of the X"
            ident = f"incident:{slugify(name)}-{year}"
            reg.entity(ident, "Incident", name[:1].upper() + name[1:], kind=tok.lower_, date=year)
            events[(year, kind)] = ident
        reg.mention(ident, start, i + n, how="incident:dated", reason=f"an event dated {year}",
                    alias=doc[left:end].text)
        reg.add_alias(ident, doc[years[0].i:i + n].text)


def _spans_of_years(doc: Doc, reg: Registry, nouns: dict[int, int]) -> None:
    """'four explosions at arms depots between 2011 and 2020': a series of events over a span of
    years is one incident, dated by the span."""
    for i, n in sorted(nouns.items()):
        tok = doc[i + n - 1]
        if not reg.free(i, i + n) or tok.tag_ != "NNS":
            continue
        between = None
        for t in doc[tok.i + 1: min(len(doc) - 3, tok.i + 7)]:
            if t.pos_ in ("VERB", "AUX") or t.text in (",", ";"):
                break
            if t.lower_ in ("between", "from") and YEAR.match(doc[t.i + 1].text) and \
                    doc[t.i + 2].lower_ in ("and", "to", "-") and YEAR.match(doc[t.i + 3].text):
                between = t
                break
        if between is None:
            continue
        years = [doc[between.i + 1], doc[between.i + 3]]
        span = f"{years[0].text}-{years[1].text}"
        left = min([i, *(c.left_edge.i for c in tok.lefts if c.dep_ in ("nummod", "amod", "compound"))])
        name = doc[i:between.i].text
        ident = f"incident:{slugify(name)}-{span}"
        reg.entity(ident, "Incident", name[:1].upper() + name[1:], kind=tok.lower_, date=years[0].text)
        reg.mention(ident, i, i + n, how="incident:years", reason=f"a series of events between {span}",
                    alias=doc[left:years[1].i + 1].text)


WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def _calendar_events(doc: Doc, reg: Registry, article: Article, nouns: dict[int, int]) -> None:
    """'the October 7 attacks', "Tuesday's launch", 'the May 31 strike': an event noun dated by a
    day is a delimited event."""
    for i, n in sorted(nouns.items()):
        if not reg.free(i, i + n) or i == 0:
            continue
        k = i - 1 - (doc[i - 1].tag_ == "POS")
        start = k
        while start >= 0 and (doc[start].like_num or doc[start].lower_ in MONTHS | WEEKDAYS) and \
                doc[start].ent_type_ == "DATE":
            start -= 1
        start += 1
        if start > k or not any(t.lower_ in MONTHS | WEEKDAYS for t in doc[start:k + 1]):
            continue
        if doc[start:k + 1].text.lower() in WEEKDAYS and any(r.label == "Incident" for r in reg.records.values()):
            continue  # "Tuesday's attack" after a named incident is a back-reference, not a new event
        name = doc[start:i + n].text
        year = event_year(doc, start, i + n, article)
        ident = f"incident:{slugify(name)}" + (f"-{year}" if year else "")
        reg.entity(ident, "Incident", name, kind=doc[i + n - 1].lower_, date=year)
        reg.mention(ident, start, i + n, how="incident:day", reason="an event dated by its day")


def _place_events(doc: Doc, reg: Registry, article: Article, nouns: dict[int, int]) -> None:
    """'the Vrbetice explosions', 'the Bucha massacre', 'the Tower 22 attack', 'the Navalny
    poisoning': a proper name no gazetteer knows (a place, a victim), right before an event noun
    in a definite description, names the event."""
    heads = {h.lower() for h in gazetteer.load().lexicon.get("title_heads", [])}
    for i, n in sorted(nouns.items()):
        if not reg.free(i, i + n) or i == 0 or doc[i + n - 1].lower_ in ("campaign", "operation"):
            continue
        place_end = i
        while place_end > 0 and doc[place_end - 1].dep_ == "compound" and doc[place_end - 1].is_lower and \
                doc[place_end - 1].pos_ == "NOUN" and reg.mention_at(place_end - 1) is None:
            place_end -= 1  # "the Kramatorsk station bombing"
        start = place_end
        while start > 0 and reg.mention_at(start - 1) is None and (
                (doc[start - 1].is_title and doc[start - 1].pos_ == "PROPN") or
                (doc[start - 1].like_num and start - 2 >= 0 and doc[start - 2].is_title)):
            start -= 1
        if start == place_end or doc[start].is_sent_start or any(t.lower_ in heads for t in doc[start:i]):
            continue
        if doc[start - 1].lower_ != "the" or any(t.ent_type_ == "DATE" for t in doc[start:place_end]):
            continue  # a definite name: "the Bucha massacre", not "Monday attacks"
        name = doc[start:i + n].text
        year = event_year(doc, start, i + n, article)
        ident = f"incident:{slugify(name)}" + (f"-{year}" if year else "")
        reg.entity(ident, "Incident", name, kind=doc[i + n - 1].lower_, date=year)
        reg.mention(ident, start, i + n, how="incident:place", reason="an event named after its place")



"""Interaction, incident and affiliation relations of one article, from the dependency parse
over the mentions entity recognition resolved.

    extract_relations(doc, ents, article) -> list[kg.schema.Relation]

How: every sentence goes through the rule families (frames for verbs and nouns, reported
speech, incident links, affiliation); findings that need the rest of the article (a denial
targets the accuser, "joined in" joins the last actor, accusing an incident accuses whoever is
blamed for it) are completed at the end. Then self-relations (after rolling officials and
agencies up to their state) are dropped, each finding gets its Evidence, and one assertion is
kept per (source, type, target, sentence) with the highest confidence.

Follows ontology.md "How to read a sentence": direction follows meaning, no agent means no
interaction edge, negation drops the edge, denial is REJECTS, hedges only lower confidence.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from spacy.tokens import Doc, Span

from kg.loaders.extraction import gazetteer
from kg.loaders.extraction.candidates import Candidate, Deferred, Finding
from kg.loaders.extraction.lexicon import lexicon
from kg.loaders.extraction.mentions import ArticleEntities, Mention
from kg.loaders.extraction.pronouns import antecedents, event_agents
from kg.loaders.extraction.rules_affiliation import affiliation_findings
from kg.loaders.extraction.rules_coalitions import membership, mutual, with_partners
from kg.loaders.extraction.rules_frames import frame_findings
from kg.loaders.extraction.rules_links import blame_findings, target_findings
from kg.loaders.extraction.rules_speech import SpeechState, quote_findings, quoted, speech_findings
from kg.loaders.extraction.sections import SectionIndex
from kg.loaders.extraction.syntax import ACTOR_LABELS, MentionIndex, Syntax, roll_up
from kg.loaders.extraction.units import Unit, units
from kg.schema import Article, Evidence, Relation
from kg.schema.ids import label_of
from kg.schema.vocabulary import vocabulary

INTERACTIONS = frozenset(
    {"ACCUSES", "JOINS", "DEMANDS", "THREATENS", "REJECTS", "SANCTIONS", "COOPERATES_WITH", "ATTACKS"}
)


def extract_relations(
    doc: Doc, ents: ArticleEntities, article: Article, structural: Iterable[Relation] = ()
) -> list[Relation]:
    """All non-structural relations the rules find in one parsed article.

    `structural`: the OFFICIAL_OF / PART_OF relations entity recognition found; they tell
    which state an official or agency acts for (a speaker never accuses their own state)."""
    lex = lexicon()
    mentions = [m for m in ents.mentions if not m.how.startswith("implied")]
    parents = _parents(ents, structural)
    sx = Syntax(doc, MentionIndex(doc, mentions), lex, parents=parents)
    sx.pronouns = antecedents(doc, sx)
    sx.events = event_agents(doc, sx)
    sx.incident_trail = sorted((m for m in mentions if m.label == "Incident"), key=lambda m: m.start)
    sections = SectionIndex(article)
    pieces = units(doc, sx, sections)
    text = doc.text  # built from the tokens on every access: once per article
    findings: list[tuple[int, Finding]] = []
    speakers_by_unit = _speech_pass(pieces, findings)
    for i, unit in enumerate(pieces):
        for f in _unit_findings(unit):
            findings.append((i, f))
        if not speakers_by_unit[i] and quoted(unit.span, text):
            speakers = _quote_speakers(text, pieces, speakers_by_unit, i)
            findings += [(i, f) for f in quote_findings(unit.sx, unit.parsed, speakers)]
    for i, f in findings:  # evidence: the piece in the article, whatever the rules parsed
        f.sent = pieces[i].span
    unnamed = {m.entity_id for m in mentions if m.how == "group:unnamed"}
    candidates = _complete(findings, parents, unnamed, mentions)
    return _to_relations(candidates, parents, article, text, sections)


def _unit_findings(unit: Unit) -> Iterable[Finding]:
    sx, sent = unit.sx, unit.parsed
    yield from frame_findings(sx, sent, unit.headline)
    yield from with_partners(sx, sent)
    yield from membership(sx, sent)
    yield from mutual(sx, sent)
    yield from blame_findings(sx, sent)
    yield from target_findings(sx, sent)
    yield from affiliation_findings(sx, sent)


def _speech_pass(pieces: list[Unit], findings: list[tuple[int, Finding]]) -> list[list[Mention]]:
    """Reported speech in article order (pronoun speakers need the previous speakers)."""
    state = SpeechState()
    by_unit: list[list[Mention]] = []
    for i, unit in enumerate(pieces):
        found, speakers = speech_findings(unit.sx, unit.parsed, state)
        findings += [(i, f) for f in found]
        by_unit.append(speakers)
        state.remember(speakers)
    return by_unit


def _quote_speakers(text: str, pieces: list[Unit], speakers: list[list[Mention]], i: int) -> list[Mention]:
    """The speaker of a quoted sentence without a speech verb: the next sentence's speaker in
    the same paragraph when the quote runs on into it, else the previous quote's speaker."""

    def same_paragraph(a: Span, b: Span) -> bool:
        return "\n" not in text[a.end_char : b.start_char]

    here = pieces[i].span
    if i + 1 < len(pieces) and speakers[i + 1] and same_paragraph(here, pieces[i + 1].span):
        return speakers[i + 1]
    if i > 0 and speakers[i - 1] and quoted(pieces[i - 1].span, text):
        return speakers[i - 1]
    return []


# ---------------------------------------------------------------------------- roll-up


def _parents(ents: ArticleEntities, structural: Iterable[Relation]) -> dict[str, str]:
    """Entity -> the entity one level up, from what entity recognition knows."""
    out: dict[str, str] = dict(getattr(ents, "parents", None) or {})
    for rel in structural:
        if rel.type in ("OFFICIAL_OF", "PART_OF") and rel.source not in out:
            out[rel.source] = rel.target
    for eid, entity in ents.entities.items():
        parent = getattr(entity, "parent", None)
        if parent and eid not in out:
            out[eid] = parent
    return out


top = roll_up


# ---------------------------------------------------------------------------- completion


def _complete(
    findings: list[tuple[int, Finding]], parents: dict[str, str], unnamed: set[str], mentions: list[Mention]
) -> list[Candidate]:
    """Resolve the deferred findings against the whole article's candidates."""
    cands = [(i, f) for i, f in findings if isinstance(f, Candidate)]
    out = [f for _, f in cands]
    for i, f in findings:
        if not isinstance(f, Deferred):
            continue
        src_top = top(f.source.entity_id, parents)
        targets: list[Mention] = []
        if f.kind in ("accusers", "sanctioners"):
            # a rejection with no accuser answers whoever demanded or threatened ("rejected the demands")
            types = ("ACCUSES", "SANCTIONS", "DEMANDS", "THREATENS") if f.kind == "accusers" else ("SANCTIONS",)
            for rtype in types:  # the accuser in the same sentence, else the first one; then sanctioners
                found = [
                    (j, c.source)
                    for j, c in cands
                    if c.type == rtype
                    and top(c.target.entity_id, parents) == src_top
                    and top(c.source.entity_id, parents) != src_top
                ]
                here = [s for j, s in found if j == i]
                ordered = sorted(found, key=lambda js: (js[0] > i, js[0]))  # the first in the text, before it
                targets = (here or [s for _, s in ordered])[:1]
                if targets:
                    break
        elif f.kind == "last_org":
            orgs = [m for m in mentions if m.label == "Organization" and m.start_char < f.sent.end_char]
            targets = [max(orgs, key=lambda m: m.start_char)] if orgs else []
        elif f.kind == "last_sanctioned":
            earlier = [
                c for j, c in cands if j <= i and c.type == "SANCTIONS" and top(c.target.entity_id, parents) != src_top
            ]
            targets = [_as_entity(earlier[-1].target, top(earlier[-1].target.entity_id, parents))] if earlier else []
        elif f.kind == "perpetrators" and f.incident is not None:
            targets = [
                c.source for _, c in cands if c.type == "BLAMED_FOR" and c.target.entity_id == f.incident.entity_id
            ]
            named = [t for t in targets if t.entity_id not in unnamed]
            targets = named or targets  # an unnamed group only stands in when no one else is blamed
        elif f.kind == "home_state":  # "the state oil company, X": the state the firm belongs to
            home = _home_state(f.source)
            targets = [m for m in mentions if m.entity_id == home][:1]
        elif f.kind == "last_actor":
            earlier = [
                c for j, c in cands if j < i and c.type in INTERACTIONS and top(c.source.entity_id, parents) != src_top
            ]
            targets = [earlier[-1].source] if earlier else []
        for t in targets:
            out.append(Candidate(f.source, f.type, t, f.sent, f.rule, f.confidence, f.hedged))
    out += _attacks_from_incidents(out)
    out += _retorts(findings, out, parents)
    return _patron_accusations(out, unnamed)


def _home_state(firm: Mention) -> str | None:
    """The state a company belongs to: as the gazetteer lists it, else the state its name
    carries ("Myanmar Economic Corporation"). A firm the text calls "the state company" is tied
    to that state, whichever states the sentence names."""
    gaz = gazetteer.load()
    entry = gaz.entry(firm.entity_id)
    if entry is not None and entry.state:
        return entry.state
    for word in firm.text.split():
        state = gaz.state_by_demonym(word)
        if state is not None:
            return state.id
    return None


RETORTED = ("SANCTIONS", "ATTACKS", "ACCUSES", "THREATENS", "DEMANDS", "REJECTS")
OWN_ACTS = ("ACCUSES", "SANCTIONS", "THREATENS")
RETORT_WINDOW = (2, 1)  # sentences before and after a retort that may hold what it answers


def _retorts(findings: list[tuple[int, Finding]], cands: list[Candidate], parents: dict[str, str]) -> list[Candidate]:
    """Complete the "against" findings (a retort with no one named: "vowed to retaliate",
    "condemned the move"). The target, by preference: whoever acted against the speaker's
    side in the same sentence; whoever the speaker's side accuses there; then the same two in
    the nearest sentence around it (the retort answers what the passage is about). Runs after
    the other completions, so their results count as acts."""
    out: list[Candidate] = []
    if not findings:
        return out
    starts = [sent.start for sent in findings[0][1].sent.doc.sents]  # distance counts every sentence

    def unit_of(c: Candidate | Finding) -> int:
        return bisect_right(starts, c.sent.start)

    for _, f in findings:
        if not isinstance(f, Deferred) or f.kind != "against":
            continue
        i = unit_of(f)
        me = top(f.source.entity_id, parents)
        against: dict[int, list[Mention]] = {}
        own: dict[int, list[Mention]] = {}
        for c in cands:
            k = unit_of(c)
            if not i - RETORT_WINDOW[0] <= k <= i + RETORT_WINDOW[1]:
                continue
            src, tgt = top(c.source.entity_id, parents), top(c.target.entity_id, parents)
            if c.type in RETORTED and tgt == me and src != me and k <= i:
                against.setdefault(k, []).append(c.source)
            elif c.type in OWN_ACTS and src == me and tgt != me and c.target.label in ACTOR_LABELS:
                own.setdefault(k, []).append(c.target)
        targets: list[Mention] = []
        for k in sorted(set(against) | set(own), key=lambda k: (abs(k - i), k > i)):
            targets = against.get(k) or own.get(k, [])
            if targets:
                break
        for t in unique_mentions(targets, parents):
            out.append(Candidate(f.source, f.type, t, f.sent, f.rule, f.confidence, f.hedged))
    return out


def unique_mentions(mentions: list[Mention], parents: dict[str, str]) -> list[Mention]:
    """One mention per top-level actor."""
    seen: set[str] = set()
    out: list[Mention] = []
    for m in mentions:
        if top(m.entity_id, parents) not in seen:
            seen.add(top(m.entity_id, parents))
            out.append(m)
    return out


def _patron_accusations(cands: list[Candidate], unnamed: set[str]) -> list[Candidate]:
    """Accusing a state-backed group accuses its patron too ("Chinese state-backed groups were
    responsible" accuses China); a group the text does not name (only "state-sponsored
    actors") is no more than a stand-in for its patron, so the accusation moves to the patron."""
    patrons: dict[str, list[Mention]] = {}
    for c in cands:
        if c.type == "AFFILIATED_WITH" and c.target.label in ("State", "Agency", "Organization"):
            patrons.setdefault(c.source.entity_id, []).append(c.target)
    out: list[Candidate] = []
    for c in cands:
        backers = patrons.get(c.target.entity_id, []) if c.type == "ACCUSES" and c.target.label == "Group" else []
        if not (backers and c.target.entity_id in unnamed):
            out.append(c)
        for p in backers:
            out.append(Candidate(c.source, "ACCUSES", p, c.sent, "accuses.patron", c.confidence * 0.9, c.hedged))
    return out


def _attacks_from_incidents(cands: list[Candidate]) -> list[Candidate]:
    """Who carried out an incident attacked its victims: "X launched the attack" and "the
    attack hit Y" give X ATTACKS Y (evidence: the perpetration sentence)."""
    victims: dict[str, list[Candidate]] = {}
    for c in cands:
        if c.type == "TARGETED":
            victims.setdefault(c.source.entity_id, []).append(c)
    out: list[Candidate] = []
    for c in cands:
        if c.type == "BLAMED_FOR" and c.rule == "blamed_for.perpetrator":
            for v in victims.get(c.target.entity_id, []):
                conf = min(c.confidence, v.confidence) * 0.8
                out.append(
                    Candidate(c.source, "ATTACKS", v.target, c.sent, "attacks.incident", conf, c.hedged or v.hedged)
                )
    return out


def _as_entity(m: Mention, entity_id: str) -> Mention:
    """The mention standing for another entity (its top-level state, for context targets)."""
    label = label_of(entity_id)
    if label is None or entity_id == m.entity_id:
        return m
    return Mention(entity_id, label, m.start, m.end, m.start_char, m.end_char, m.text, "implied:top")


def _to_relations(
    cands: list[Candidate], parents: dict[str, str], article: Article, text: str, sections: SectionIndex
) -> list[Relation]:
    vocab = vocabulary().relations
    offset = 0 if text == article.text else max(article.text.find(text), 0)
    date = article.published.date() if article.published else None
    best: dict[tuple[str, str, str, int], Candidate] = {}
    for c in cands:
        s, t = c.source.entity_id, c.target.entity_id
        if s == t:
            continue
        if c.type in INTERACTIONS and top(s, parents) == top(t, parents):
            continue
        spec = vocab.get(c.type)
        sl, tl = label_of(s), label_of(t)
        if spec is None or sl is None or tl is None or not spec.allows(sl, tl):
            continue
        key = (s, c.type, t, c.sent.start)
        if key not in best or c.confidence > best[key].confidence:
            best[key] = c
    out: list[Relation] = []
    for (s, rtype, t, _), c in best.items():
        start = c.sent.start_char + offset
        evidence = Evidence(
            article=article.id,
            sentence=c.sent.text.strip() or c.sent.text,
            start=start,
            end=c.sent.end_char + offset,
            date=date,
            confidence=round(min(max(c.confidence, 0.0), 1.0), 3),
            rule=c.rule,
            negated=False,
            hedged=c.hedged,
            section=sections.kind_of(c.sent),
        )
        out.append(Relation(source=s, type=rtype, target=t, evidence=evidence))
    return out

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

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span

from kg.loaders.extraction.candidates import Candidate, Deferred, Finding
from kg.loaders.extraction.headline import sentence_case
from kg.loaders.extraction.lexicon import lexicon
from kg.loaders.extraction.mentions import ArticleEntities, Mention
from kg.loaders.extraction.rules_affiliation import affiliation_findings
from kg.loaders.extraction.rules_frames import frame_findings, with_partners
from kg.loaders.extraction.rules_links import blame_findings, target_findings
from kg.loaders.extraction.rules_speech import SpeechState, has_quote, quote_findings, speech_findings
from kg.loaders.extraction.sections import SectionIndex
from kg.loaders.extraction.syntax import MentionIndex, Syntax
from kg.schema import Article, Evidence, Relation
from kg.schema.ids import label_of
from kg.schema.vocabulary import vocabulary

INTERACTIONS = frozenset({"ACCUSES", "JOINS", "DEMANDS", "THREATENS", "REJECTS", "SANCTIONS",
                          "COOPERATES_WITH", "ATTACKS"})
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def extract_relations(doc: Doc, ents: ArticleEntities, article: Article) -> list[Relation]:
    """All non-structural relations the rules find in one parsed article."""
    lex = lexicon()
    sx = Syntax(doc, MentionIndex(doc, ents.mentions), lex)
    sections = SectionIndex(article)
    sents = list(doc.sents)
    findings: list[tuple[int, Finding]] = []
    speakers_by_sent = _speech_pass(sx, sents, findings)
    for i, sent in enumerate(sents):
        headline = sections.kind_of(sent) == "headline" or _title_case(sent)
        recased = sentence_case(sent, sx.index) if headline else None
        if recased is not None:
            for f in _sentence_findings(Syntax(recased[0].doc, recased[1], lex), recased[0], True):
                f.sent = sent
                findings.append((i, f))
        else:
            findings += [(i, f) for f in _sentence_findings(sx, sent, headline)]
        if not speakers_by_sent[i] and has_quote(sent):
            speakers = _quote_speakers(doc, sents, speakers_by_sent, i)
            findings += [(i, f) for f in quote_findings(sx, sent, speakers)]
    parents = _parents(ents)
    candidates = _complete(findings, parents)
    return _to_relations(candidates, parents, article, doc, sections)


def _sentence_findings(sx: Syntax, sent: Span, headline: bool) -> Iterable[Finding]:
    yield from frame_findings(sx, sent, headline)
    yield from with_partners(sx, sent)
    yield from blame_findings(sx, sent)
    yield from target_findings(sx, sent)
    yield from affiliation_findings(sx, sent)


def _speech_pass(sx: Syntax, sents: list[Span], findings: list[tuple[int, Finding]]) -> list[list[Mention]]:
    """Reported speech in article order (pronoun speakers need the previous speakers)."""
    state = SpeechState()
    by_sent: list[list[Mention]] = []
    for i, sent in enumerate(sents):
        found, speakers = speech_findings(sx, sent, state)
        findings += [(i, f) for f in found]
        by_sent.append(speakers)
        state.remember(speakers)
    return by_sent


def _quote_speakers(doc: Doc, sents: list[Span], speakers: list[list[Mention]], i: int) -> list[Mention]:
    """The speaker of a quoted sentence without a speech verb: the next sentence's speaker in
    the same paragraph when it continues the quote, else the previous one's."""
    def same_paragraph(a: Span, b: Span) -> bool:
        return "\n" not in doc.text[a.end_char : b.start_char]

    if i + 1 < len(sents) and speakers[i + 1] and same_paragraph(sents[i], sents[i + 1]):
        return speakers[i + 1]
    if i > 0 and speakers[i - 1] and same_paragraph(sents[i - 1], sents[i]) and has_quote(sents[i - 1]):
        return speakers[i - 1]
    if i > 0 and speakers[i - 1] and has_quote(sents[i - 1]) and sents[i].text.lstrip()[:1] in "\"“":
        return speakers[i - 1]
    return []


def _title_case(sent: Span) -> bool:
    """Headlines inside the text (teasers) are title case and lack auxiliaries."""
    words = _WORD.findall(sent.text)
    if len(words) < 4:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.7 and "\n" not in sent.text.strip()


# ---------------------------------------------------------------------------- roll-up


def _parents(ents: ArticleEntities) -> dict[str, str]:
    """Entity -> the entity one level up, from what entity recognition knows."""
    out: dict[str, str] = dict(getattr(ents, "parents", None) or {})
    for eid, entity in ents.entities.items():
        parent = getattr(entity, "parent", None)
        if parent and eid not in out:
            out[eid] = parent
    return out


def top(entity_id: str, parents: dict[str, str]) -> str:
    seen: set[str] = set()
    while entity_id in parents and entity_id not in seen:
        seen.add(entity_id)
        entity_id = parents[entity_id]
    return entity_id


# ---------------------------------------------------------------------------- completion


def _complete(findings: list[tuple[int, Finding]], parents: dict[str, str]) -> list[Candidate]:
    """Resolve the deferred findings against the whole article's candidates."""
    cands = [(i, f) for i, f in findings if isinstance(f, Candidate)]
    out = [f for _, f in cands]
    for i, f in findings:
        if not isinstance(f, Deferred):
            continue
        src_top = top(f.source.entity_id, parents)
        targets: list[Mention] = []
        if f.kind == "accusers":
            accusers = [c.source for _, c in cands if c.type == "ACCUSES" and top(c.target.entity_id, parents) == src_top
                        and top(c.source.entity_id, parents) != src_top]
            targets = accusers[:1]
        elif f.kind == "perpetrators" and f.incident is not None:
            targets = [c.source for _, c in cands if c.type == "BLAMED_FOR" and c.target.entity_id == f.incident.entity_id]
        elif f.kind == "last_actor":
            earlier = [c for j, c in cands if j < i and c.type in INTERACTIONS
                       and top(c.source.entity_id, parents) != src_top]
            targets = [earlier[-1].source] if earlier else []
        for t in targets:
            out.append(Candidate(f.source, f.type, t, f.sent, f.rule, f.confidence, f.hedged))
    return out


def _to_relations(cands: list[Candidate], parents: dict[str, str], article: Article, doc: Doc,
                  sections: SectionIndex) -> list[Relation]:
    vocab = vocabulary().relations
    offset = 0 if doc.text == article.text else max(article.text.find(doc.text), 0)
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
            article=article.id, sentence=c.sent.text.strip() or c.sent.text, start=start,
            end=c.sent.end_char + offset, date=date, confidence=round(min(max(c.confidence, 0.0), 1.0), 3),
            rule=c.rule, negated=False, hedged=c.hedged, section=sections.kind_of(c.sent),
        )
        out.append(Relation(source=s, type=rtype, target=t, evidence=evidence))
    return out

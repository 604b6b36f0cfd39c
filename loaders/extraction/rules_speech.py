"""Reported speech: the speaker acts. "X said Y was responsible" is X ACCUSES Y; a quote
followed by "Mr Raab said" belongs to Raab; "the statement said" refers back to whoever made
the statement; "X called Y's decision reckless" accuses Y.

Why its own module: who speaks is decided across sentences (pronouns, quotes split over
several sentences), while the other rules look at one sentence at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from kg.loaders.extraction.candidates import Candidate, Deferred, Finding
from kg.loaders.extraction.mentions import Mention
from kg.loaders.extraction.rules_calling import calling, owners_of
from kg.loaders.extraction.rules_frames import clause_tokens
from kg.loaders.extraction.rules_links import responsibility
from kg.loaders.extraction.rules_speech_acts import (
    clause_demands,
    clause_denials,
    clause_threats,
    is_speech_verb,
    no_part,
    own_tokens,
)
from kg.loaders.extraction.syntax import ACTOR_LABELS, PRONOUNS, Syntax

OPENING = frozenset('"“‘')


@dataclass
class SpeechState:
    """Who spoke last, carried from sentence to sentence within an article."""

    last_speakers: list[Mention] = field(default_factory=list)
    last_official: Mention | None = None
    last_body: Mention | None = None  # last State/Organization/Agency speaker

    def remember(self, speakers: list[Mention]) -> None:
        if not speakers:
            return
        self.last_speakers = speakers
        for s in speakers:
            if s.label == "Official":
                self.last_official = s
            else:
                self.last_body = s


def speakers_of(sx: Syntax, v: Token, state: SpeechState) -> list[Mention]:
    """The speaker of speech verb `v`, with pronouns and "the statement" resolved from context."""
    toks = sx.agent_tokens(v)
    out: list[Mention] = []
    for tok in toks:
        found = [m for m in sx.actors([tok]) if m.label in ACTOR_LABELS]
        if found:
            out += found
            continue
        low, lemma = tok.lower_, tok.lemma_.lower()
        if low in ("he", "she"):
            out += [state.last_official] if state.last_official else []
        elif low in ("it", "they"):  # "we" speaks for whoever is quoted: unknown here
            out += [state.last_body] if state.last_body else state.last_speakers
        elif lemma in sx.lex.statement_nouns:
            out += state.last_speakers
    for child in v.children:  # "according to X" on the clause
        if child.lower_ == "according":
            out += sx.actors([p for c in child.children for p in sx.pobjs(c)])
    return out


def speech_findings(sx: Syntax, sent: Span, state: SpeechState) -> tuple[list[Finding], list[Mention]]:
    """Accusations made by the speakers of this sentence, and the speakers found."""
    findings: list[Finding] = []
    speakers_all: list[Mention] = []
    for v in sent:
        if not is_speech_verb(sx, v) or sx.negated(v):
            continue
        speakers = speakers_of(sx, v, state)
        speakers_all += speakers
        if not speakers:
            continue
        clauses = [c for c in v.children if c.dep_ in ("ccomp", "xcomp", "parataxis")]
        if not clauses:  # misparse: "said at the time that X violated ..." as a relative clause
            clauses = [
                t
                for t in v.subtree
                if t.i > v.i
                and t.dep_ in ("relcl", "advcl")
                and t.pos_ == "VERB"
                and any(c.lower_ == "that" for c in t.children)
            ]
        if v.dep_ in ("parataxis",) or (not clauses and v.head.i != v.i and v.dep_ in ("ccomp",)):
            clauses.append(v.head)
        if not clauses:  # headline: "X says Y behind attack" (no verb, Y parsed as the object)
            clauses = [c for c in v.children if c.dep_ == "dobj" and any(g.lower_ == "behind" for g in c.children)]
        for clause in clauses:
            findings += clause_accusations(sx, speakers, clause, "accuses.speech", sx.hedged(v))
            told = sx.actors([c for c in v.children if c.dep_ in ("dobj", "dative")])  # "told Putin that ..."
            findings += clause_threats(sx, speakers, clause, sx.hedged(v), told)
            findings += clause_demands(sx, speakers, clause, sx.hedged(v))
            findings += clause_denials(sx, speakers, clause, sx.hedged(v))
        if v.lemma_.lower() in sx.lex.cues.get("calling_verbs", frozenset()):
            findings += list(calling(sx, v, speakers))
    for v in sent:
        lemma = v.lemma_.lower()
        if lemma in sx.lex.cues.get("calling_verbs", frozenset()) and v.pos_ == "VERB" and not is_speech_verb(sx, v):
            if sx.negated(v):
                continue
            speakers = [m for t in sx.agent_tokens(v) for m in sx.actors([t])]
            if not speakers and any(t.lower_ in PRONOUNS for t in sx.agent_tokens(v)):
                speakers = [m for t in sx.speech_agent(v) for m in sx.actors([t])]
            speakers_all += speakers
            findings += list(calling(sx, v, speakers))
    for found, speakers in _according_to(sx, sent):
        findings += found
        speakers_all += speakers
    return findings, speakers_all


def _according_to(sx: Syntax, sent: Span) -> Iterator[tuple[list[Finding], list[Mention]]]:
    """ "X was behind the attack, according to Y": Y asserts the clause the phrase modifies
    (speech verbs read their own "according to")."""
    for tok in sent:
        if tok.lower_ != "according" or is_speech_verb(sx, tok.head):
            continue
        speakers = sx.actors([p for c in tok.children if c.lower_ == "to" for p in sx.pobjs(c)])
        clause = tok.head
        while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
            clause = clause.head
        if not speakers or clause.pos_ not in ("VERB", "AUX") or sx.negated(clause):
            continue
        hedged = sx.hedged(clause)
        conf = sx.lex.speech_confidence * (sx.lex.hedge_factor if hedged else 1.0)
        held = [a for t in clause_tokens(clause) for a in responsibility(sx, t)[0]]  # not relative clauses
        found: list[Finding] = [
            Candidate(s, "ACCUSES", t, clause.sent, "accuses.according", conf, hedged)
            for s in speakers
            for t in held
            if not sx.same_side(s, t)
        ]
        yield found, speakers


def quote_findings(sx: Syntax, sent: Span, speakers: list[Mention]) -> list[Finding]:
    """A quoted sentence with no speech verb of its own: its speaker comes from the adjacent
    sentence ("...," Mr Raab said. "..." )."""
    return (
        clause_accusations(sx, speakers, sent.root, "accuses.quote", False, confidence=0.6)
        + clause_threats(sx, speakers, sent.root, False)
        + clause_demands(sx, speakers, sent.root, False)
    )


def quoted(span: Span, text: str) -> bool:
    """True when the piece opens with a quotation mark or starts inside a quotation that an
    earlier sentence of its paragraph opened."""
    if span.text.lstrip()[:1] in OPENING:
        return True
    para_start = text.rfind("\n", 0, span.start_char) + 1
    before = text[para_start : span.start_char]
    return (before.count('"') + before.count("“") + before.count("”")) % 2 == 1


def clause_accusations(
    sx: Syntax, speakers: list[Mention], clause: Token, rule: str, hedged: bool, confidence: float | None = None
) -> list[Finding]:
    """What a speaker accuses in one clause: whoever the clause holds responsible, or the
    subject (or owner) of a negative characterisation."""
    lex = sx.lex
    conf = (confidence if confidence is not None else lex.speech_confidence) * (lex.hedge_factor if hedged else 1.0)
    negative = lex.cues.get("negative", frozenset())
    targets: list[Mention] = []
    incidents: list[Mention] = []
    tokens = own_tokens(sx, clause)
    for tok in tokens:
        actors, _ = responsibility(sx, tok)
        targets += actors
    neg_tokens = [
        t
        for t in tokens
        if (t.lemma_.lower() in negative or t.lower_ in negative) and not sx.negated(t) and not _hypothetical(t)
    ]
    if neg_tokens:
        verbs = [
            clause,
            *[t for t in tokens if t.dep_ in ("conj", "ccomp", "relcl", "advcl") and t.pos_ in ("VERB", "AUX")],
        ]
        negative_at = {t.i for t in neg_tokens}
        for verb in verbs:
            if (verb.i not in negative_at and _acts_on_others(sx, verb)) or sx.negated(verb):  # X acts
                continue
            if no_part(sx, verb):  # "Y played no part in the attack": exculpation, not a charge
                continue
            if not negative_at & _own_clause(verb):  # the remark is about another clause's subject
                continue
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and not _expletive(c, verb)]
            targets += sx.actors(subj)
            for s in subj:
                targets += owners_of(sx, s)
                # "the balloon's presence was a violation": whoever is behind the incident
                incidents += sx.incidents([s, *(c for c in s.children if c.dep_ == "poss")])
        for t in neg_tokens:
            targets += owners_of(sx, t)
            if t.dep_ in ("amod", "acomp") and t.head.pos_ in ("NOUN", "PROPN"):
                targets += owners_of(sx, t.head)
        if not targets:  # the one actor the negative remark is about ("we trusted X, and ...")
            about = [t for t in tokens if sx.mention(t) is not None and t.dep_ in ("dobj", "pobj", "poss")]
            actors = sx.actors([t for t in about if not _harmed(t, negative_at)])
            tops = {a.entity_id for a in actors}
            if len(tops) == 1:
                targets += actors
                conf *= 0.8
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for s in speakers:
        for t in targets:
            if t.entity_id == s.entity_id or (s.entity_id, t.entity_id) in seen:
                continue
            seen.add((s.entity_id, t.entity_id))
            out.append(Candidate(s, "ACCUSES", t, clause.sent, rule, conf, hedged))
        for inc in incidents if not targets else []:
            out.append(
                Deferred(
                    "perpetrators", "ACCUSES", s, clause.sent, f"{rule}_incident", conf * 0.9, hedged, incident=inc
                )
            )
    return out


def _expletive(subj: Token, verb: Token) -> bool:
    """ "it was too early to say ...", "it is clear that ...": an "it" that only announces the
    clause after it stands for no one."""
    if subj.lower_ != "it" or verb.lemma_ != "be":
        return False
    complements = [c for c in verb.children if c.dep_ in ("acomp", "attr", "advmod")]
    return any(g.dep_ in ("xcomp", "ccomp") for c in [verb, *complements] for g in c.children if g.i > subj.i)


def _harmed(tok: Token, negative_at: set[int]) -> bool:
    """The actor is what the negative word acts on ("an attempt to destabilise X", "hacked X",
    "aggression against X"): the victim of the remark, not its target."""
    head = tok.head
    if tok.dep_ == "dobj":
        return head.i in negative_at
    if tok.dep_ == "pobj" and head.lower_ in ("against", "on", "into"):
        return head.head.i in negative_at
    return False


def _hypothetical(tok: Token) -> bool:
    """ "any Indian aggression", "every provocation": a case imagined, not a deed reported."""
    noun = tok.head if tok.dep_ == "amod" else tok
    return any(c.dep_ == "det" and c.lower_ in ("any", "every") for c in noun.children)


def _own_clause(verb: Token) -> set[int]:
    """Token indexes of a verb's clause without the clauses conjoined to it."""
    skip = {t.i for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") for t in c.subtree}
    return {t.i for t in verb.subtree} - skip


def _acts_on_others(sx: Syntax, verb: Token) -> bool:
    """The verb (or the verb it governs) is an interaction of the lexicon: its subject acts."""
    for v in (verb, *[c for c in verb.children if c.dep_ == "xcomp"]):
        if v.lemma_.lower() in sx.lex.verbs and not sx.is_passive(v):
            return True
    return False

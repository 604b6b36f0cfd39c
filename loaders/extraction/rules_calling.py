"""Characterisations: "X called Y's move reckless", "described the sanctions as unfriendly",
"dismissed the accusations as absurd". The owner of what is characterised is accused when the
characterisation is negative; calling an accusation false rejects whoever made it.

Why apart from reported speech: these read a verb, its object and the complement that
characterises it, whoever the speaker is.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.loaders.extraction.candidates import Candidate, Deferred, Finding
from kg.loaders.extraction.mentions import Mention
from kg.loaders.extraction.rules_args import referred
from kg.loaders.extraction.syntax import ACTOR_LABELS, Syntax


def owners_of(sx: Syntax, tok: Token) -> list[Mention]:
    """Actors that own or qualify a noun ("Moscow's behaviour", "the US strategy")."""
    out = sx.actors([tok]) if tok.pos_ in ("NOUN", "PROPN") and sx.mention(tok) is not None else []
    for child in tok.children:
        if child.dep_ in ("poss", "amod", "compound", "nmod"):
            out += sx.actors([child])
        elif child.dep_ == "prep" and child.lower_ in ("of", "by") and tok.pos_ == "NOUN":
            if child.lower_ == "of" and tok.lemma_.lower() in sx.lex.cues.get("victim_of", frozenset()):
                continue  # "the invasion of Ukraine": Ukraine is the victim
            out += sx.actors(sx.pobjs(child))
    return out or list(sx.events.get(tok.i + sx.offset, []))  # "the launch": who launched


def calling(sx: Syntax, v: Token, speakers: list[Mention]) -> Iterator[Finding]:
    """ "X called Y's move reckless", "described the sanctions as unfriendly": the owner of the
    characterised thing is accused when the characterisation is negative. Calling an accusation
    "absurd" rejects whoever made it (a "provocation" also accuses them); calling an unowned
    "move" reckless accuses whoever acted against the speaker."""
    lex = sx.lex
    negative = lex.cues.get("negative", frozenset())
    shared = [c for c in v.children if c.dep_ in ("oprd", "xcomp", "ccomp", "attr", "acomp") and c.i > v.i]
    shared += [c for c in v.children if c.dep_ == "prep" and c.lower_ == "as"]
    shared += [c for c in v.children if c.dep_ == "advcl" and any(g.lower_ == "as" for g in c.children)]
    if v.lemma_.lower() == "denounce":
        shared.append(v)
    hedged = sx.hedged(v)
    conf = lex.speech_confidence * (lex.hedge_factor if hedged else 1.0)
    for k, o in enumerate(_called_objects(sx, v)):
        own = [c for c in o.children if c.dep_ in ("appos", "amod", "acl", "relcl") and c.i > o.i]
        words = [t for c in (shared if k == 0 else []) + own for t in c.subtree]
        cues = {t.lemma_.lower() for t in words if t.lemma_.lower() in negative or t.lower_ in negative}
        if not cues:
            continue
        yield from _characterised(sx, v, o, cues, speakers, conf, hedged)


def _called_objects(sx: Syntax, v: Token) -> list[Token]:
    """What is characterised: the object and its conjuncts ("Prague's move ... and its
    allegations ..."), the passive subject ("was described as reckless by X"), the head noun of
    a relative ("Russia, which the agency has called a threat")."""
    if sx.is_passive(v):
        objs = [c for c in v.children if c.dep_ == "nsubjpass"]
    else:
        objs = [c for c in v.children if c.dep_ == "dobj"]
    if objs and objs[0].lower_ in ("which", "that", "whom") and v.dep_ == "relcl":
        objs = [v.head]
    if objs and objs[0].lower_ == "what":  # "what they called Russia's brutal war": the label itself
        objs = [c for c in v.children if c.dep_ in ("oprd", "attr", "xcomp") and c.pos_ in ("NOUN", "PROPN")]
    if not objs:
        objs = [c for c in v.children if c.dep_ == "ccomp" for c in c.children if c.dep_ == "nsubj"]
    return [m for o in objs for m in (o, *o.conjuncts)]


def _characterised(
    sx: Syntax, v: Token, o: Token, cues: set[str], speakers: list[Mention], conf: float, hedged: bool
) -> Iterator[Finding]:
    words = sx.lex.words
    sent = v.sent
    owners = [m for m in sx.actors([o]) if m.label in ACTOR_LABELS] or owners_of(sx, o)
    it_incidents, it_doers = referred(sx, o) if not owners else ([], [])
    owners = owners or it_doers  # "called it unacceptable": whoever did what "it" is
    claim = o.lemma_.lower() in words.get("accusation_nouns", frozenset()) and sx.mention(o) is None
    if claim and not owners:  # "called the accusations absurd": whoever made them
        for s in speakers:
            yield Deferred("accusers", "REJECTS", s, sent, "rejects.calling", conf, hedged)
            if cues - sx.lex.cues.get("falsity", frozenset()):
                yield Deferred("accusers", "ACCUSES", s, sent, "accuses.calling_accuser", conf * 0.9, hedged)
        return
    incidents = sx.incidents([o])
    incidents = incidents or it_incidents
    # "rejected their claims as unfounded" only denies; "as absurd and a provocation" also accuses
    accusing = sx.lex.cues.get("negative", frozenset()) - sx.lex.cues.get("falsity", frozenset())
    denial_only = claim and not any(t.lemma_.lower() in accusing for t in v.subtree if t.i > v.i)
    for s in speakers:
        for t in owners:
            if t.entity_id != s.entity_id:
                if not denial_only:
                    yield Candidate(s, "ACCUSES", t, sent, "accuses.calling", conf, hedged)
                if claim:
                    yield Candidate(s, "REJECTS", t, sent, "rejects.calling", conf, hedged)
        for inc in incidents:
            yield Deferred(
                "perpetrators", "ACCUSES", s, sent, "accuses.calling_incident", conf * 0.9, hedged, incident=inc
            )
        if not owners and not incidents and o.lemma_.lower() in words.get("act_nouns", frozenset()):
            yield Deferred("against", "ACCUSES", s, sent, "accuses.calling_act", conf * 0.8, hedged)

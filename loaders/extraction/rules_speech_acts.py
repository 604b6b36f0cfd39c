"""What else a speaker does in a reported clause besides accusing: threatens ("the attack
will be met with consequences", "Russia could bomb ..."), demands ("X must go", "X has to
leave") and denies ("it had played no part in the attack").

Why apart from rules_speech: who speaks is decided there (across sentences); these read one
clause whose speakers are already known, as the accusations do.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.loaders.extraction.candidates import Candidate, Deferred, Finding
from kg.loaders.extraction.mentions import Mention
from kg.loaders.extraction.rules_frames import clause_tokens
from kg.loaders.extraction.syntax import Syntax

FUTURE = frozenset({"will", "would", "could", "may", "might", "shall", "'ll", "wo"})


def is_speech_verb(sx: Syntax, tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in sx.lex.speech_verbs


def clause_threats(
    sx: Syntax, speakers: list[Mention], clause: Token, hedged: bool, addressees: list[Mention] | None = None
) -> list[Finding]:
    """A speaker announcing retaliation threatens whoever the clause names; with nobody named,
    the one told ("told Putin that the US would respond"), whoever is blamed for the incident
    it is about ("the attack will be met with consequences") or whoever sanctioned the speaker
    ("the sanctions would meet a response")."""
    inside = {c.i for c in clause_tokens(clause)}
    tokens = [t for t in own_tokens(sx, clause) if t.i in inside]
    cues = [t for t in tokens if t.lemma_.lower() in sx.lex.threat_cues or t.lower_ in sx.lex.threat_cues]
    cues += [t for t in tokens if _own_force(sx, t, speakers)]
    if not cues or all(sx.negated(t) for t in cues):
        return []
    cues = [t for t in cues if _announced(t)]
    if not cues:  # "was responding to", "a coordinated response": a report, not a threat
        return []
    conf = 0.65 * (sx.lex.hedge_factor if hedged else 1.0)
    named = sx.actors(
        [
            t
            for t in tokens
            if (sx.mention(t) is not None and t.dep_ != "dobj") or (t.pos_ == "PRON" and t.dep_ == "poss")
        ]
    )
    partners = {t.i for p in tokens if p.dep_ == "prep" and p.lower_ == "with" for t in p.subtree}
    named = [t for t in named if not any(sx.same_side(t, s) for s in speakers) and t.start not in partners]
    named = named or [a for a in addressees or [] if not any(sx.same_side(a, s) for s in speakers)]
    out: list[Finding] = []
    for s in speakers:
        for t in named:
            if t.entity_id != s.entity_id:
                out.append(Candidate(s, "THREATENS", t, clause.sent, "threatens.speech", conf, hedged))
        if not named:
            for inc in sx.incidents([t for t in tokens if t.dep_ in ("nsubj", "nsubjpass")]):
                out.append(
                    Deferred(
                        "perpetrators",
                        "THREATENS",
                        s,
                        clause.sent,
                        "threatens.speech_incident",
                        conf,
                        hedged,
                        incident=inc,
                    )
                )
            out.append(Deferred("against", "THREATENS", s, clause.sent, "threatens.speech_retort", conf * 0.9, hedged))
    return out


def _own_force(sx: Syntax, verb: Token, speakers: list[Mention]) -> bool:
    """The speaker's own side announcing force ("Russia could bomb ...", "we will strike"):
    an attack verb whose subject is the speaker (or "we") is a threat."""
    if verb.pos_ != "VERB" or not any(f.type == "ATTACKS" for f in sx.lex.verbs.get(verb.lemma_.lower(), [])):
        return False
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    if any(c.lower_ == "we" for c in subj):
        return True
    return any(sx.same_side(m, s) for m in sx.actors(subj) for s in speakers)


def clause_demands(sx: Syntax, speakers: list[Mention], clause: Token, hedged: bool) -> list[Finding]:
    """ "X must end ...", "Y should withdraw": a speaker's obligation on another actor."""
    out: list[Finding] = []
    conf = 0.65 * (sx.lex.hedge_factor if hedged else 1.0)
    for verb in clause_tokens(clause):
        if verb.pos_ not in ("VERB", "AUX") or sx.negated(verb):
            continue
        if not _obliged(verb):
            continue
        for t in sx.actors([c for c in verb.children if c.dep_ == "nsubj"]):
            for s in speakers:
                if t.entity_id != s.entity_id:
                    out.append(Candidate(s, "DEMANDS", t, clause.sent, "demands.speech", conf, hedged))
    return out


def clause_denials(sx: Syntax, speakers: list[Mention], clause: Token, hedged: bool) -> list[Finding]:
    """ "X said it had played no part in the attack", "we had no role in it": the speaker's side
    denies what it is accused of (REJECTS whoever accused it)."""
    nouns = sx.lex.perpetration.get("nouns", frozenset())
    conf = 0.7 * (sx.lex.hedge_factor if hedged else 1.0)
    out: list[Finding] = []
    for tok in own_tokens(sx, clause):
        denied = tok.pos_ == "NOUN" and tok.lemma_.lower() in nouns and no_part(sx, tok.head)
        denied = denied or _nothing_to_do_with(tok)  # "it had nothing to do with the attack"
        if denied and _own_subject(sx, tok.head, speakers):
            out += [Deferred("accusers", "REJECTS", s, clause.sent, "rejects.no_part", conf, hedged) for s in speakers]
        elif _claims_called_false(sx, tok):  # "the claims were absurd": whoever made them
            out += [Deferred("accusers", "REJECTS", s, clause.sent, "rejects.speech", conf, hedged) for s in speakers]
    return out


def _own_subject(sx: Syntax, verb: Token, speakers: list[Mention]) -> bool:
    """The verb's subject is the speaker's side ("it", "we", or an actor on the speaker's side)."""
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(t.lower_ in ("it", "we", "they", "i") for t in subj) or any(
        sx.same_side(m, s) for m in sx.actors(subj) for s in speakers
    )


def _nothing_to_do_with(tok: Token) -> bool:
    """ "had nothing to do with": the token is "nothing", object of "have", followed by "to do"."""
    if tok.lower_ != "nothing" or tok.dep_ != "dobj" or tok.head.lemma_ != "have":
        return False
    return any(t.lemma_ == "do" for t in tok.subtree) or any(t.lemma_ == "do" for t in tok.head.children)


def _claims_called_false(sx: Syntax, verb: Token) -> bool:
    """A copula whose subject is an unowned claim and whose complement says it is untrue ("the
    claims were absurd", "the accusations are groundless")."""
    if verb.lemma_ != "be":
        return False
    claims = sx.lex.words.get("accusation_nouns", frozenset())
    falsity = sx.lex.cues.get("falsity", frozenset())
    subj = [c for c in verb.children if c.dep_ == "nsubj" and c.lemma_.lower() in claims]
    if not subj or any(c.dep_ in ("poss", "amod", "compound") and sx.mention(c) for s in subj for c in s.children):
        return False
    return any(
        t.lemma_.lower() in falsity or t.lower_ in falsity
        for c in verb.children
        if c.dep_ in ("acomp", "attr")
        for t in c.subtree
    )


def no_part(sx: Syntax, verb: Token) -> bool:
    """The verb's object is "no part", "no role", "no involvement"."""
    nouns = sx.lex.perpetration.get("nouns", frozenset())
    return any(
        c.dep_ in ("dobj", "attr") and c.lemma_.lower() in nouns and any(d.lower_ == "no" for d in c.children)
        for c in verb.children
    )


STATIVE = frozenset({"be", "feel", "know", "realise", "realize", "understand", "remember", "have"})


def _obliged(verb: Token) -> bool:
    """ "X must go", "X should leave", "X has to go", "X needs to withdraw": an obligation
    (not "X should feel ashamed", "X should know better": a reproach)."""
    if verb.lemma_.lower() in STATIVE - {"have"} and not any(c.dep_ == "auxpass" for c in verb.children):
        return False
    if any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in verb.children):
        return True
    return verb.lemma_.lower() in ("have", "need") and any(
        x.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in x.children) for x in verb.children
    )


def _announced(cue: Token) -> bool:
    """The cue sits in a future or modal verb phrase ("would meet a resolute response", "could
    inflict measures") or under "reserve the right"."""
    cur = cue
    for _ in range(6):
        if cur.pos_ in ("VERB", "AUX"):
            if (
                any(c.dep_ in ("aux", "auxpass") and c.lower_ in FUTURE for c in cur.children)
                or cur.lemma_ == "reserve"
            ):
                return True
            if cur.dep_ not in ("xcomp", "acl"):  # "reserves the right to respond"
                return False
        if cur.head.i == cur.i:
            return False
        cur = cur.head
    return False


def own_tokens(sx: Syntax, clause: Token) -> list[Token]:
    """The clause's tokens without nested reported speech that has a speaker of its own
    ("..., while the White House said there was no sign that ...")."""
    skip: set[int] = set()
    for tok in clause.subtree:
        nested = tok.i != clause.i and tok.dep_ in ("conj", "advcl") and is_speech_verb(sx, tok)
        if nested and any(c.dep_ == "nsubj" for c in tok.children):
            skip.update(t.i for t in tok.subtree)
    return [t for t in clause.subtree if t.i not in skip]

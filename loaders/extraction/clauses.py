"""What a clause means beyond its arguments: a demand stated as a subjunctive, a retort that
names no one, a denial of what someone said, a verb that stands outside the quote it is
conjoined to, a protest reported in the passive.

Why apart from the frames: these are readings of the whole clause (mood, quotation, what kind
of thing the object is), asked by the frame engine after it has found the arguments.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.loaders.extraction.lexicon import Frame
from kg.loaders.extraction.mentions import Mention
from kg.loaders.extraction.syntax import ACTOR_LABELS, Syntax

MODALS = frozenset({"will", "would", "could", "may", "might", "shall", "'ll", "wo", "can"})


def mandative(verb: Token) -> bool:
    """A clause that states what someone must do, not what is: the bare subjunctive
    ("that Tokyo abandon") or "should"/"must" ("that Seoul should withdraw")."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("should", "must") for a in aux):
        return True
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj or aux:
        return False
    if verb.tag_ == "VB":
        return True
    if verb.tag_ == "VBD" and verb.lower_ == verb.lemma_.lower():  # "that X cut / shut / set": read as bare
        return any(c.lower_ == "that" and c.dep_ == "mark" for c in verb.children)
    # the small model tags a bare verb after a plural subject as present tense ("that they
    # abandon"); "that they are/have ..." stays a statement
    if verb.tag_ != "VBP" or verb.lemma_.lower() in ("be", "have", "do"):
        return False
    return any(c.lower_ == "that" and c.dep_ == "mark" for c in verb.children)


def reporter(sx: Syntax, v: Token) -> list[Mention]:
    """For a protest or summons in the passive with no agent, inside reported speech ("Tokyo
    said a protest had been lodged with X"): the government that reports it made it."""
    return [m for m in sx.actors(sx.speech_agent(v)) if m.label in ACTOR_LABELS]


def after_quote(v: Token) -> bool:
    """A verb conjoined to a quoted clause but standing after the closing quotation mark."""
    if v.dep_ != "conj" or v.head.i > v.i:
        return False
    marks = sum(1 for t in v.doc[v.head.i : v.i] if t.is_quote)
    return marks % 2 == 1


def retort(sx: Syntax, v: Token, frame: Frame, objs: list[Token]) -> bool:
    """A threat or condemnation that names no one: a threat verb with a retaliation word
    ("threatened retaliation", "warned of consequences"), or condemning an unowned act."""
    if frame.type == "THREATENS":
        return any(retaliatory(sx, t) for t in v.subtree if t.i != v.i)
    if v.lemma_.lower() in sx.lex.threat_cues:  # "retaliated with tariffs": against whoever acted
        return not any(c.dep_ == "aux" and c.lower_ in MODALS for c in v.children)  # "would retaliate": a threat
    if frame.type == "ACCUSES" and objs:
        acts = sx.lex.words.get("act_nouns", frozenset())
        return all(
            o.lemma_.lower() in acts
            and not sx.incidents([o])
            and not sx.owners([o])
            and not any(c.dep_ == "prep" for c in o.children)
            for o in objs
        )
    return False


def retaliatory(sx: Syntax, tok: Token) -> bool:
    """A word of retaliation: a threat cue ("consequences", "retaliate"), or a sanction or
    use of force ("threatened to impose tariffs", "warned it would strike")."""
    lex = sx.lex
    if tok.lemma_.lower() in lex.threat_cues or tok.lower_ in lex.threat_cues:
        return True
    if tok.pos_ == "VERB" and any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in tok.children):
        return tok.lemma_.lower() in ("hit", "strike", "fight")  # "vowed to hit back"
    table = lex.verbs if tok.pos_ == "VERB" else lex.nouns if tok.pos_ == "NOUN" else {}
    return any(f.type in ("SANCTIONS", "ATTACKS") for f in table.get(tok.lemma_.lower(), []))


def denies_accusation(sx: Syntax, v: Token, frame: Frame, objs: list[Token]) -> bool:
    if frame.lemma not in sx.lex.words.get("denial_verbs", frozenset()):
        return False
    denied = sx.lex.words.get("denied_objects", frozenset())
    said = any(o.lemma_.lower() in denied or o.lower_ in denied or o.tag_ == "VBG" for o in objs)
    said = said or (frame.lemma == "deny" and any(sx.mention(o) is None for o in objs))  # "denied harbouring X"
    return said or any(c.dep_ in ("ccomp", "xcomp") for c in v.children)  # "denied harbouring ..."

"""Argument readers the verb frames (rules_frames) and noun frames (rules_nouns) share: who
acted (agents, through pronouns to the speaker), which incidents a predicate names, and the
verb a noun hangs on.

Why a module of its own: both frame engines read arguments the same way, and neither should
import the other.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.loaders.extraction.lexicon import Frame
from kg.loaders.extraction.mentions import Mention
from kg.loaders.extraction.syntax import PRONOUNS, Syntax

INCIDENT_PREPS = ("for", "over", "of", "on", "to", "in", "with", "behind")
# deep resolution (through "of", possessives) is right for these types' targets
DEEP_TYPES = frozenset({"THREATENS"})
ASSET_TYPES = frozenset({"ATTACKS", "SANCTIONS"})


def agents_of(sx: Syntax, v: Token, assets: bool = False) -> list[Mention]:
    """The actors who do verb `v`; a pronoun agent falls back to the speaker of the report."""
    toks = sx.agent_tokens(v)
    out: list[Mention] = []
    for tok in toks:
        found = sx.actors([tok], assets=assets)
        if not found and tok.lower_ in PRONOUNS:
            found = sx.actors(sx.speech_agent(v), assets=assets)
        out += found
    return out


def frame_incidents(sx: Syntax, v: Token, objs: list[Token], frame: Frame) -> list[Mention]:
    """Incidents a predicate is about: in its objects or behind one of its incident prepositions."""
    found = sx.incidents(objs)
    preps = set(INCIDENT_PREPS) | set(frame.incident_preps)
    reactions = sx.lex.words.get("reaction_verbs", frozenset())
    for host in (v, *objs):
        for child in host.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                for t in child.subtree:
                    m = sx.mention(t)
                    if m is None or m.label != "Incident" or m in found:
                        continue
                    if not _reacted_to(t, child, reactions):
                        found.append(m)
                if child.lower_ in ("for", "over", "behind") and not found:  # "blamed X for it"
                    found += [m for p in sx.pobjs(child) for m in referred(sx, p)[0] if m not in found]
    return found


def _reacted_to(t: Token, prep: Token, reactions: frozenset[str]) -> bool:
    """ "accused X of failing to condemn the attack": the incident is what X reacted to, not
    what X did."""
    for a in t.ancestors:
        if a.i == prep.i:
            return False
        if a.pos_ == "VERB" and a.lemma_.lower() in reactions:
            return True
    return False


def governing_verb(n: Token) -> Token | None:
    """The verb a noun hangs on, at most three heads up (its negation and hedges are the noun's)."""
    cur = n
    for _ in range(3):
        if cur.head.i == cur.i:
            return None
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur
    return None


def referred(sx: Syntax, pron: Token, window: int = 40) -> tuple[list[Mention], list[Mention]]:
    """What an "it" / "this" that names no actor stands for ("condemned it", "called it
    unacceptable"): the last noun argument before it that is not an actor, read in its own
    sentence, else the last incident or event of the text just before. Returns (incidents,
    actors who did the event)."""
    if pron.lower_ not in ("it", "this") or sx.resolve(pron):
        return [], []
    for t in reversed(pron.doc[max(pron.i - window, 0) : pron.i]):
        m = sx.mention(t)
        if (t.pos_ != "NOUN" and m is None) or t.dep_ not in ("dobj", "nsubj", "nsubjpass", "pobj"):
            continue  # not a thing named ("on Monday" is a date, not what "it" is)
        if m is not None and m.label != "Incident":
            continue  # an actor ("von der Leyen denounced it"): not what "it" is
        return ([m] if m is not None else []), list(sx.events.get(t.i + sx.offset, []))
    here = pron.i + sx.offset  # nothing before it in this sentence: the text just before
    last = sx.last_incident(pron, window)
    events = [i for i in sx.events if here - window <= i < here]
    if events and (last is None or max(events) > last.start):
        return [], list(sx.events[max(events)])
    return ([last] if last is not None else []), []

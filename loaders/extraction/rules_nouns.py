"""Noun frames: "X's sanctions on Y", "accusations by X against Y", "X imposed sanctions on Y"
(a light verb lends its agent to the noun), "expelled diplomats in solidarity with X".

Why apart from the verb frames: a noun finds its agent among its own modifiers or through the
verb governing it, and its negation and hedges on that verb; the lexicon's noun frames say
where the target sits.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from kg.loaders.extraction.candidates import Candidate, Finding
from kg.loaders.extraction.clauses import reporter
from kg.loaders.extraction.lexicon import Frame
from kg.loaders.extraction.mentions import Mention
from kg.loaders.extraction.rules_args import ASSET_TYPES, DEEP_TYPES, agents_of, frame_incidents, governing_verb
from kg.loaders.extraction.syntax import ACTOR_LABELS, Syntax


def noun_frame(sx: Syntax, n: Token, frame: Frame) -> Iterator[Finding]:
    if not sx.requires_met(n, frame.requires):
        return
    if any(c.dep_ == "det" and c.lower_ == "no" for c in n.children):
        return
    own = sx.mention(n)
    if own is not None and own.label in ACTOR_LABELS:  # "the Quad summit" is not a summit noun
        return
    governor = governing_verb(n)
    if governor is not None and sx.negated(governor, commitments=frame.type == "COOPERATES_WITH"):
        return
    hedged = sx.hedged(n) or (governor is not None and sx.hedged(governor))
    conf = frame.confidence * 0.9 * (sx.lex.hedge_factor if hedged else 1.0)
    agents: list[Mention] = []
    for child in n.children:
        if child.dep_ in ("poss", "amod", "compound", "nmod"):
            agents += sx.actors([child])
        elif child.dep_ == "prep" and child.lower_ == "by":
            agents += sx.actors(sx.pobjs(child))
    rule = f"{frame.type.lower()}.noun"
    responses = sx.lex.words.get("response_verbs", frozenset())
    if not agents and _adverbial(n, responses) and governor is not None:  # "expelled ... in solidarity with X"
        agents = agents_of(sx, governor)
        rule = f"{frame.type.lower()}.noun.adverbial"
    light_path = n.dep_ in ("dobj", "nsubjpass", "ccomp") or (n.dep_ == "pobj" and n.head.head.dep_ == "dobj")
    if (
        not agents
        and governor is not None
        and governor.lemma_.lower() in sx.lex.words.get("light_verbs", frozenset())
        and light_path
    ):
        agents = agents_of(sx, governor, assets=frame.type in ASSET_TYPES)
        if not agents and frame.type == "ACCUSES" and sx.is_passive(governor):
            agents = reporter(sx, governor)
        rule = f"{frame.type.lower()}.noun.light"
    deep = frame.type in DEEP_TYPES
    targets = sx.actors(sx.prep_objects(n, frame.targets), deep=deep, assets=frame.type in ASSET_TYPES)
    if not targets and frame.type == "COOPERATES_WITH":  # "support for Israel's security": for Israel
        targets = [
            m for p in sx.prep_objects(n, frame.targets) for c in p.children if c.dep_ == "poss" for m in sx.actors([c])
        ]
    if not targets:  # "a war of aggression against X": the target hangs on the inner noun of the family
        inner = [p for p in sx.prep_objects(n, ["of"]) if _same_family(sx, p, frame.type)]
        targets = [t for p in inner for t in sx.actors(sx.prep_objects(p, frame.targets))]
    light = governor is not None and governor.lemma_.lower() in sx.lex.words.get("light_verbs", frozenset())
    if governor is not None and (light or (rule.endswith("adverbial") and not targets)):
        # "imposed sanctions on X", "expelled diplomats in solidarity with X": the model hangs the
        # noun's preposition on the verb
        on_verb = sx.actors(sx.prep_objects(governor, frame.targets), deep=deep, assets=frame.type in ASSET_TYPES)
        targets += [t for t in on_verb if t not in targets]
    for a in agents:
        for t in targets:
            if t.entity_id != a.entity_id:
                yield Candidate(a, frame.type, t, n.sent, rule, conf, hedged)
    named = [t for t in targets if t.label != "State" or t in sx.actors(sx.prep_objects(n, frame.targets))]
    if frame.incident and named:  # "the blacklisting of Chinese firms over X": China is not blamed
        for inc in frame_incidents(sx, n, [], frame):
            for t in named:
                yield Candidate(t, "BLAMED_FOR", inc, n.sent, "blamed_for.noun", conf * 0.9, hedged)


def _adverbial(n: Token, responses: frozenset[str]) -> bool:
    """The noun heads an adverbial of manner on a verb: "in solidarity with", "in support of",
    "in coordination with", or the means of a response ("answered with entry bans on X",
    "retaliated with tariffs"): the verb's agent is the noun's agent."""
    prep = n.head
    if n.dep_ != "pobj" or prep.dep_ != "prep" or prep.head.pos_ not in ("VERB", "AUX"):
        return False
    return prep.lower_ == "in" or (prep.lower_ == "with" and prep.head.lemma_.lower() in responses)


def _same_family(sx: Syntax, tok: Token, rtype: str) -> bool:
    """The noun has a frame of the same relation type ("aggression" inside "war of aggression")."""
    return any(f.type == rtype for f in sx.lex.nouns.get(tok.lemma_.lower(), []))

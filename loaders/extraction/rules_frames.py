"""Verb and noun frames: "X accused Y", "Y was blamed by X", "X's sanctions on Y", "X joined Y
in condemning Z", "X, joined by A, B and C, ...". The verb frames live here, the noun frames
in rules_nouns, the argument readers both share in rules_args.

Why frames: the lexicon says where each predicate keeps its target (object, a preposition, a
clause); one engine then handles voice, lists, climbing to a governing verb, negation and
hedges for every relation type alike.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.loaders.extraction.candidates import Candidate, Deferred, Finding
from kg.loaders.extraction.clauses import after_quote, denies_accusation, mandative, reporter, retort
from kg.loaders.extraction.lexicon import Frame, Lexicon
from kg.loaders.extraction.mentions import Mention
from kg.loaders.extraction.rules_args import (
    ASSET_TYPES,
    DEEP_TYPES,
    agents_of,
    frame_incidents,
    referred,
)
from kg.loaders.extraction.rules_nouns import noun_frame
from kg.loaders.extraction.syntax import ACTOR_LABELS, Syntax

__all__ = ["agents_of", "clause_tokens", "frame_findings", "verb_frames"]


def verb_frames(lex: Lexicon, tok: Token, headline: bool) -> list[Frame]:
    """Frames of a token used as a verb (headlines: title-case verbs tagged as proper nouns)."""
    if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB"):
        return lex.verbs.get(tok.lemma_.lower(), [])
    if headline and tok.pos_ in ("PROPN", "NOUN") and tok.i > tok.sent.start:
        low = tok.lower_
        for stem in (low, low[:-1], low[:-2], low[:-3] if low.endswith("ies") else low):
            if stem in lex.verbs:
                return lex.verbs[stem]
    return []


def frame_findings(sx: Syntax, sent: Span, headline: bool) -> Iterator[Finding]:
    lex = sx.lex
    for tok in sent:
        for frame in verb_frames(lex, tok, headline):
            yield from _verb(sx, tok, frame)
        if (tok.pos_ in ("NOUN", "PROPN") and not tok.tag_.startswith("VB")) or _noun_read_as_verb(sx, tok):
            for frame in lex.nouns.get(tok.lemma_.lower(), []):
                yield from noun_frame(sx, tok, frame)


def _noun_read_as_verb(sx: Syntax, tok: Token) -> bool:
    """The small model reads "announced asset freezes on X" as a clause ("asset" subject of
    "freezes"): a plural noun tagged as a verb right after a bare noun, under a light verb."""
    if tok.tag_ != "VBZ" or tok.dep_ not in ("ccomp", "xcomp", "dobj"):
        return False
    if tok.head.lemma_.lower() not in sx.lex.words.get("light_verbs", frozenset()):
        return False
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return (
        prev is not None
        and prev.dep_ == "nsubj"
        and prev.head.i == tok.i
        and prev.tag_ == "NN"
        and sx.mention(prev) is None
    )


# ---------------------------------------------------------------------------- verbs


def _targets(sx: Syntax, v: Token, frame: Frame) -> tuple[list[Mention], list[Token], list[Mention]]:
    """Target mentions of a verb frame, the object tokens (for incident search), and the
    targets only found as owners of the object ("linked Chinese firms to ...": China is
    criticised, but not itself blamed for the incident)."""
    loose: list[Mention] = []
    objs = sx.object_tokens(v)
    deep = frame.type in DEEP_TYPES
    assets = frame.type in ASSET_TYPES
    out: list[Mention] = []
    for slot in frame.targets:
        if slot == "obj":
            for o in objs:  # "expel four diplomats, X and Y three each": X, Y are not expelled
                named = sx.named_by_apposition(o)
                single = sx.mention(o) is None and o.lemma_.lower() in sx.lex.asset_heads and not named
                owned = sx.resolve(o, deep=deep, assets=assets) if single else []
                out += owned if single else sx.actors([o], deep=deep, assets=assets)
                if o.lemma_.lower() not in sx.lex.metonym_heads:  # "Chinese firms": China is not blamed
                    loose += [m for m in owned if m.label == "State"]  # ("Saudi officials" act for it)
            if not out and frame.type in ("ACCUSES", "DEMANDS", "THREATENS"):
                # "urged X's customers to ...": the people urged, not their owner
                people = sx.lex.words.get("client_nouns", frozenset()) if frame.type == "DEMANDS" else frozenset()
                owned = [o for o in objs if o.lemma_.lower() not in people]
                loose += sx.owners(owned) or [a for o in objs for a in referred(sx, o)[1]]  # "condemned it"
                out += loose
            if not out and frame.type == "SANCTIONS":  # "banned flights to X", "barred imports from X"
                out += sx.actors(sx.prep_objects(v, ["to", "from"], also_on=objs))
        elif slot == "after":  # "vowed revenge after Norwegian strikes": who did what is avenged
            heads = sx.prep_objects(v, ["after"])
            heads += [c for c in v.children if c.dep_ == "advcl" and any(m.lower_ == "after" for m in c.children)]
            out += sx.owners([h for h in heads if h.pos_ in ("NOUN", "PROPN")])
        elif slot == "poss_obj":
            out += sx.owners(objs) or sx.claimants(objs, sx.lex.words.get("accusation_nouns", frozenset()))
            if not out:  # "welcomed the agreement between A and B": its parties
                out += sx.actors([p for o in objs for c in o.children if c.lower_ == "between" for p in sx.pobjs(c)])
        elif slot == "nmod_obj":  # misparsed indirect object: "offered Oslo technical assistance"
            out += sx.actors([c for o in objs for c in o.children if c.dep_ == "nmod" and c.i < o.i])
        elif slot == "xcomp_obj":  # "refused to ratify X's bid" (not "refused to condemn X": no act on X)
            hostile = ("ACCUSES", "SANCTIONS", "ATTACKS", "THREATENS", "DEMANDS")
            for x in (c for c in v.children if c.dep_ == "xcomp"):
                if any(f.type in hostile for f in sx.lex.verbs.get(x.lemma_.lower(), [])):
                    continue
                xo = sx.object_tokens(x)
                out += sx.actors(xo) + sx.owners(xo)
        elif slot == "dative":
            out += sx.actors([c for c in v.children if c.dep_ in ("dative", "dobj")])
        elif slot == "clause":  # "warned that the Lithuanian government would ...": anyone named
            for c in v.children:
                if c.dep_ in ("ccomp", "xcomp"):
                    named = [t for t in clause_tokens(c) if sx.mention(t) is not None or t.pos_ == "PRON"]
                    # "threatened force if the junta did not reinstate X": X is what they must do, not
                    # the one threatened (as in reported speech, an object of the clause's verb is not)
                    named = [t for t in named if not _object_within(sx, t, c)]
                    out += sx.actors([t for t in named if not _member_label(sx, t)])
        elif slot == "subjunctive":  # "insisted that X withdraw", "demanded that X should leave"
            for c in v.children:
                if c.dep_ == "ccomp" and mandative(c):
                    subj = [s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
                    out += sx.actors(subj)
        elif slot == "ccomp":
            for c in v.children:
                if c.dep_ in ("ccomp", "xcomp"):
                    subj = [s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
                    out += sx.actors(subj, deep=False, assets=assets)
        else:
            pobjs = sx.prep_objects(v, [slot], also_on=objs, nested=frame.type == "COOPERATES_WITH")
            found = sx.actors(pobjs, deep=deep, assets=assets)
            if not found and frame.type == "ACCUSES":  # "concern about China's use of hackers"
                found = sx.owners(pobjs) or _patrons_of(sx, pobjs)  # "blamed it on hackers working for X"
            acts = sx.lex.words.get("act_nouns", frozenset()) | {"bid", "effort", "position", "stance", "policy"}
            if not found and frame.type == "COOPERATES_WITH":  # "stood in solidarity with the US decisions"
                found = sx.owners([o for o in pobjs if o.lemma_.lower() in acts])
            out += found
    return out, objs, loose


def _outer_agents(sx: Syntax, v: Token) -> list[Mention]:
    """The agent one clause up, for a verb the parser conjoined into a reported clause."""
    head = v.head
    if v.dep_ == "conj" and head.dep_ == "ccomp" and head.head.lemma_.lower() in sx.lex.speech_verbs:
        return agents_of(sx, head.head)
    return []


def _gapped_agents(sx: Syntax, objs: list[Token]) -> list[Mention]:
    """Gapping: "X would expel four diplomats, Y and Z three each": the states listed after a
    counted object do the same to the same target."""
    out: list[Mention] = []
    for obj in objs:
        if sx.mention(obj) is not None or not any(c.dep_ == "nummod" for c in obj.children):
            continue
        stack = [c for c in obj.children if c.dep_ in ("conj", "appos")]
        while stack:
            tok = stack.pop()
            m = sx.mention(tok)
            if m is not None and m.label == "State":
                out.append(m)
            stack += [c for c in tok.children if c.dep_ in ("conj", "appos")]
    return out


def clause_tokens(root: Token) -> list[Token]:
    """A clause's tokens without relative clauses and noun modifiers' clauses ("actions that
    threaten a NATO ally" names no one threatened by the speaker)."""
    out: list[Token] = []
    stack = [root]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack += [c for c in tok.children if not (c.dep_ == "relcl" or (c.dep_ == "acl" and c.tag_ in ("VBN", "VBG")))]
    return sorted(out, key=lambda t: t.i)


def _verb(sx: Syntax, v: Token, frame: Frame) -> Iterator[Finding]:
    if not sx.requires_met(v, frame.requires) or sx.negated(v, commitments=frame.type == "COOPERATES_WITH"):
        return
    if frame.type in ("SANCTIONS", "ATTACKS") and (_only_possible(sx, v) or _only_threatened(sx, v)):
        return  # "reserved the right to retaliate", "warned it would strike X": a warning, not yet an act
    if frame.type == "DEMANDS" and any(
        f.type == "SANCTIONS" and f.requires and sx.requires_met(v, f.requires) for f in verb_frames(sx.lex, v, False)
    ):
        return  # "gave the diplomats 48 hours to leave": the lexicon reads it as an expulsion, not a demand
    if frame.lemma == "join":
        yield from _join(sx, v, frame)
        return
    hedged = sx.hedged(v)
    conf = frame.confidence * (sx.lex.hedge_factor if hedged else 1.0)
    passive = sx.is_passive(v)
    rule = f"{frame.type.lower()}.verb.{'passive' if passive else 'active'}"
    agents = agents_of(sx, v, assets=frame.type in ASSET_TYPES)
    if not agents and passive and frame.type == "ACCUSES":
        agents = reporter(sx, v)
    targets, objs, loose = _targets(sx, v, frame)
    if frame.labels:
        targets = [t for t in targets if t.label in frame.labels]
    agents += [g for g in _gapped_agents(sx, objs) + _joined_partners(sx, v) if g not in agents]
    if {a.entity_id for a in agents} & {t.entity_id for t in targets} or after_quote(v):
        # "said X had lied and urged X to stop", 'said "X ...", and urged ...': the speaker acts
        agents = _outer_agents(sx, v) or agents
    sent = v.sent
    if not targets and len(agents) > 1 and _reciprocal(v):  # "A and B expelled each other's diplomats"
        targets = list(agents)
    if frame.type == "ATTACKS":
        incidents_as_agent = [a for a in agents if a.label == "Incident"]
        for inc in incidents_as_agent:
            for t in targets:
                yield Candidate(inc, "TARGETED", t, sent, "targeted.verb", conf * 0.9, hedged)
    for a in agents:
        if a.label not in ACTOR_LABELS:
            continue
        for t in targets:
            if t.entity_id != a.entity_id:
                yield Candidate(a, frame.type, t, sent, rule, conf, hedged)
    if frame.incident:
        incidents = frame_incidents(sx, v, objs, frame)
        for t, inc in _pairs([t for t in targets if t.label in ACTOR_LABELS and t not in loose], incidents):
            yield Candidate(t, "BLAMED_FOR", inc, sent, f"blamed_for.{frame.type.lower()}", conf * 0.95, hedged)
        if frame.type == "ACCUSES" and not targets:
            named = sx.incidents(objs) or [m for o in objs for m in referred(sx, o)[0]]
            for a in agents:
                for inc in named:
                    yield Deferred(
                        "perpetrators", "ACCUSES", a, sent, "accuses.incident", conf * 0.8, hedged, incident=inc
                    )
        if frame.type == "SANCTIONS" and not targets:  # "imposed sanctions over the hack": on its authors
            for a in agents:
                for inc in incidents:
                    yield Deferred(
                        "perpetrators", "SANCTIONS", a, sent, "sanctions.incident", conf * 0.7, hedged, incident=inc
                    )
    if frame.type == "SANCTIONS" and not targets and any(o.lemma_.lower() in sx.lex.asset_heads for o in objs):
        own = any(_own_asset(o) for o in objs)  # "recalled their own envoys": from whoever acted against them
        for a in agents:  # "each said they would expel four diplomats": the ones expelled so far
            if own:
                yield Deferred("against", "SANCTIONS", a, sent, "sanctions.recall", conf * 0.7, hedged)
            else:
                yield Deferred("last_sanctioned", "SANCTIONS", a, sent, "sanctions.context", conf * 0.7, hedged)
    if not targets and retort(sx, v, frame, objs):
        for a in agents:  # "vowed to retaliate", "condemned the move": whoever acted against them
            if a.label in ACTOR_LABELS:
                yield Deferred("against", frame.type, a, sent, f"{frame.type.lower()}.retort", conf * 0.8, hedged)
    if frame.type == "REJECTS" and not targets and denies_accusation(sx, v, frame, objs):
        for a in agents:  # "China denied the accusations": whoever made them
            yield Deferred("accusers", "REJECTS", a, sent, "rejects.denial", conf * 0.9, hedged)


def _patrons_of(sx: Syntax, toks: list[Token]) -> list[Mention]:
    """Who unnamed agents work for: "hackers working for X", "militias backed by X" (the
    lexicon's affiliation participles)."""
    out: list[Mention] = []
    for tok in toks:
        for acl in (c for c in tok.children if c.dep_ == "acl"):
            preps = sx.lex.affil_participles.get(acl.lemma_.lower())
            if preps is not None and not sx.negated(acl):
                names = [p.split()[0] for p in preps if p] + ["by"]
                out += sx.actors(sx.prep_objects(acl, names))
    return out


def _only_threatened(sx: Syntax, v: Token) -> bool:
    """ "warned that it would strike X", "threatened that they could expel ...": an act under a
    verb of threat with a modal is what the threat announces, not an act done."""
    modal = any(c.dep_ == "aux" and c.lower_ in ("would", "will", "could", "might", "may", "'ll") for c in v.children)
    head = v.head
    return modal and v.dep_ == "ccomp" and any(f.type == "THREATENS" for f in sx.lex.verbs.get(head.lemma_.lower(), []))


def _object_within(sx: Syntax, tok: Token, clause: Token) -> bool:
    """The token's phrase is the direct object of a verb below the clause's own verb."""
    m = sx.mention(tok)
    head = tok.doc[sx.index.root(m)] if m is not None else tok
    return head.dep_ == "dobj" and head.head.i != clause.i


def _member_label(sx: Syntax, tok: Token) -> bool:
    """A name used as the label of a plural ("the two NATO allies", "EU countries"): the
    members are meant, not the body named."""
    head = tok.head
    if tok.dep_ != "compound" or head.tag_ != "NNS":
        return False
    counted = any(c.dep_ == "nummod" for c in head.children)  # "the two NATO allies"
    return counted or (head.lemma_.lower() not in sx.lex.metonym_heads and head.lower_ not in sx.lex.metonym_heads)


def _own_asset(obj: Token) -> bool:
    """The object belongs to the agent: "its ambassador", "their own envoys"."""
    return any(c.dep_ == "poss" and c.pos_ == "PRON" for c in obj.children) or any(
        c.lower_ == "own" for c in obj.children
    )


def _only_possible(sx: Syntax, v: Token) -> bool:
    """The verb is the infinitive of a noun of possibility ("the right to retaliate", "the
    option of striking"): what may be done, not what was done."""
    head = v.head.head if v.dep_ == "pcomp" else v.head
    if v.dep_ not in ("acl", "pcomp") or head.pos_ != "NOUN":
        return False
    return head.lemma_.lower() in sx.lex.words.get("possibility_nouns", frozenset())


def _reciprocal(v: Token) -> bool:
    """The verb's object or prepositional object is "each other('s)" or "one another('s)"."""
    for c in v.children:
        if c.dep_ not in ("dobj", "prep", "dative"):
            continue
        for t in c.subtree:
            if t.lower_ in ("other", "another") and any(d.lower_ in ("each", "one") for d in t.children):
                return True
            if t.lower_ == "another" and t.i > 0 and t.nbor(-1).lower_ == "one":
                return True
    return False


def _joined_partners(sx: Syntax, v: Token) -> list[Mention]:
    """ "X joined Y in urging Z": Y urges too (the joiner is the verb's agent already); "X,
    (later) joined by A and B, cut ties with Z": A and B cut ties too."""
    head = v.head
    if v.dep_ == "pcomp" and head.lower_ == "in" and head.head.lemma_ == "join" and not sx.is_passive(head.head):
        return sx.actors([c for c in head.head.children if c.dep_ == "dobj"])
    hosts = [v, *(t for a in sx.agent_tokens(v) for t in (a, *a.conjuncts))]
    joined = [c for h in hosts for c in h.children if c.dep_ in ("acl", "advcl") and c.lemma_ == "join"]
    return sx.actors([p for j in joined if sx.is_passive(j) for p in sx.agent_tokens(j)])


def _join(sx: Syntax, v: Token, frame: Frame) -> Iterator[Finding]:
    """ "X joined Y (in V-ing Z)", "X, joined by A and B, ...", "X joined in"."""
    prep = v.head.head if v.dep_ == "acl" else v.head  # "to [Finland joining]" or "to Finland [joining]"
    if v.tag_ == "VBG" and v.dep_ in ("pcomp", "pobj", "acl") and prep.dep_ == "prep" and prep.head.pos_ == "NOUN":
        return  # "objections to X joining NATO", "talks on X joining": a prospect, not an act
    if v.tag_ == "VBG" and v.dep_ == "advcl" and v.i > 0 and v.doc[v.i - 1].dep_ == "pobj":
        return  # the same, misparsed: "objections to X" + "joining NATO" hung on the main verb
    hedged = sx.hedged(v)
    conf = frame.confidence * (sx.lex.hedge_factor if hedged else 1.0)
    sent = v.sent
    if sx.is_passive(v):
        joiners = sx.actors(sx.agent_tokens(v))
        partners = sx.actors(sx.object_tokens(v))
        if not partners and v.dep_ == "advcl":  # "X, joined by A and B, condemned ..."
            partners = agents_of(sx, v.head)
        rule = "joins.passive"
    else:
        joiners = agents_of(sx, v)
        objs = sx.object_tokens(v)
        partners = sx.actors(objs)
        rule = "joins.active"
        if (not objs and any(c.dep_ == "prt" and c.lower_ == "in" for c in v.children)) or (
            not objs and any(c.dep_ == "prep" and c.lower_ == "in" and not list(c.children) for c in v.children)
        ):
            for j in joiners:
                yield Deferred("last_actor", "JOINS", j, sent, "joins.in", conf * 0.8, hedged)
            return
        acts = sx.lex.words.get("joined_acts", frozenset())
        if not partners and any(o.lemma_.lower() in acts or o.lower_ in acts for o in objs):
            partners = sx.owners(objs)  # "joined US calls for ...": the callers; else whoever acted last
            if not partners:
                for j in joiners:
                    yield Deferred("last_actor", "JOINS", j, sent, "joins.act", conf * 0.8, hedged)
                return
            rule = "joins.act"
    for j in joiners:
        for p in partners:
            if p.entity_id != j.entity_id:
                yield Candidate(j, "JOINS", p, sent, rule, conf, hedged)


def _pairs(targets: list[Mention], incidents: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Who is blamed for which incident. "sanctioned X over A, and Y over B": with several of
    each, an incident goes to the nearest target before it; otherwise everyone for everything."""
    if len(targets) < 2 or len(incidents) < 2:
        return [(t, i) for t in targets for i in incidents]
    out: list[tuple[Mention, Mention]] = []
    for inc in incidents:
        before = [t for t in targets if t.start < inc.start]
        if before:
            out.append((max(before, key=lambda t: t.start), inc))
    return out

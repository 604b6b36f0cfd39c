"""Rules about several actors acting together: "X, joined by A and B, ...", "made the
announcement with allies including A and B" (JOINS), "Finland became a member" (JOINS the
organisation), "India and Japan signed an agreement" (mutual COOPERATES_WITH).

Why apart from the frames: these read the shape of a list of actors around a verb rather than
a verb's own arguments.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.loaders.extraction.candidates import Candidate, Deferred, Finding
from kg.loaders.extraction.mentions import Mention
from kg.loaders.extraction.rules_args import agents_of, governing_verb
from kg.loaders.extraction.syntax import ACTOR_LABELS, Syntax, unique


def mutual(sx: Syntax, sent: Span) -> Iterator[Finding]:
    """ "India and Japan signed an agreement": the two members of the conjoined subject
    cooperate with each other (no partner named after "with")."""
    words = sx.lex.words
    for v in sent:
        lemma = v.lemma_.lower()
        if lemma in words.get("mutual_exchange_verbs", frozenset()) and not sx.negated(v):
            yield from _exchange(sx, v)
        if v.pos_ != "VERB" or lemma not in words.get("mutual_verbs", frozenset()) or sx.negated(v):
            continue
        objs = [o.lemma_.lower() for o in sx.object_tokens(v)]
        if not (
            any(o in words.get("mutual_objects", frozenset()) for o in objs)
            or (not objs and lemma in words.get("mutual_intransitive", frozenset()))
        ):
            continue
        if sx.prep_objects(v, ["with"]) or not any(c.dep_ == "nsubj" for c in v.children):
            continue
        if any(t.dep_ == "prep" and t.lower_ == "with" and sx.actors(sx.pobjs(t)) for t in v.subtree):
            continue  # "agreed to deepen cooperation with C": with a third party, not each other
        # "Chinese and Russian bombers carried out a joint flight": their owners
        members = unique(m for m in agents_of(sx, v, assets=True) if m.label in ACTOR_LABELS)
        founding = any(
            (m := sx.mention(t)) is not None and m.label == "Organization"
            for o in sx.object_tokens(v)
            for t in o.subtree
        )
        if len(members) != 2 or founding:  # a summit of many, or founding a bloc (MEMBER_OF), is not this
            continue
        for a in members:
            for b in members:
                if a.entity_id != b.entity_id:
                    yield Candidate(a, "COOPERATES_WITH", b, sent, "cooperates_with.mutual", 0.65, sx.hedged(v))
        for broker in _brokers(sx, sx.object_tokens(v)):  # "signed a Russia-brokered ceasefire"
            for m in members:
                if not sx.same_side(broker, m):
                    yield Candidate(broker, "COOPERATES_WITH", m, sent, "cooperates_with.broker", 0.6, sx.hedged(v))


def _brokers(sx: Syntax, objs: list[Token]) -> list[Mention]:
    """Who brokered or mediated a deal: "a Russia-brokered ceasefire", "a truce mediated by X"."""
    out: list[Mention] = []
    for o in objs:
        for c in o.children:
            if c.lemma_.lower() not in ("broker", "mediate") or c.dep_ not in ("amod", "acl", "compound"):
                continue
            named = [g for g in c.children if g.dep_ in ("npadvmod", "compound", "nmod") and g.i < c.i]
            named += [p for g in c.children if g.dep_ == "agent" for p in sx.pobjs(g)]
            if c.i >= 2 and c.doc[c.i - 1].text == "-":
                named.append(c.doc[c.i - 2])
            out += [m for m in sx.actors(named) if m not in out]
    return out


def _exchange(sx: Syntax, v: Token) -> Iterator[Finding]:
    """ "India and China traded accusations", "the two sides exchanged threats": each member of
    the conjoined subject does it to the other."""
    words = sx.lex.words
    kinds = {"threat": "THREATENS", "threats": "THREATENS"}
    objs = [o for o in sx.object_tokens(v) if o.lemma_.lower() in words.get("mutual_exchange_objects", frozenset())]
    members = unique(m for m in agents_of(sx, v) if m.label in ACTOR_LABELS)
    if not objs or len(members) != 2:
        return
    rtype = kinds.get(objs[0].lower_, "ACCUSES")
    for a in members:
        for b in members:
            if a.entity_id != b.entity_id:
                yield Candidate(a, rtype, b, v.sent, f"{rtype.lower()}.exchange", 0.7, sx.hedged(v))


def membership(sx: Syntax, sent: Span) -> Iterator[Finding]:
    """ "Finland became a member (of NATO)", "became the alliance's 32nd member": JOINS the
    organisation named, or the one the article was just talking about; "was admitted to NATO"
    (JOINS); "Argentina said no", "stays out" (REJECTS the organisation in context)."""
    for tok in sent:
        lemma = tok.lemma_.lower()
        if lemma not in ("become", "admit", "accept", "induct", "say", "stay") or sx.negated(tok):
            continue
        if lemma == "become":
            yield from _became_member(sx, tok, sent)
        elif lemma in ("say", "stay"):
            yield from _stays_out(sx, tok, sent)
        elif sx.is_passive(tok):  # "Sweden was admitted to NATO"
            orgs = [m for m in sx.actors(sx.prep_objects(tok, ["to", "into"])) if m.label == "Organization"]
            for j in sx.actors(sx.object_tokens(tok)):
                for org in orgs if j.label in ("State", "Organization") else []:
                    yield Candidate(j, "JOINS", org, sent, "joins.admitted", 0.75, sx.hedged(tok))


def _became_member(sx: Syntax, tok: Token, sent: Span) -> Iterator[Finding]:
    for attr in (c for c in tok.children if c.dep_ in ("attr", "acomp") and c.lemma_.lower() == "member"):
        orgs = [m for m in sx.actors(sx.prep_objects(attr, ["of"])) if m.label == "Organization"]
        orgs += [m for c in attr.children if c.dep_ == "poss" for m in sx.actors([c]) if m.label == "Organization"]
        for j in agents_of(sx, tok):
            if j.label not in ("State", "Organization"):
                continue
            for org in orgs:
                yield Candidate(j, "JOINS", org, sent, "joins.member", 0.8, sx.hedged(tok))
            if not orgs:
                yield Deferred("last_org", "JOINS", j, sent, "joins.member_context", 0.65, sx.hedged(tok))


def _stays_out(sx: Syntax, tok: Token, sent: Span) -> Iterator[Finding]:
    """ "Argentina said no", "X stays out": a refusal of the organisation the text is about."""
    said_no = tok.lemma_.lower() == "say" and any(c.dep_ in ("dobj", "intj") and c.lower_ == "no" for c in tok.children)
    out = tok.lemma_.lower() == "stay" and any(c.dep_ in ("prt", "advmod") and c.lower_ == "out" for c in tok.children)
    if not (said_no or out):
        return
    for j in agents_of(sx, tok):
        if j.label == "State":
            yield Deferred("last_org", "REJECTS", j, sent, "rejects.stays_out", 0.6, sx.hedged(tok))


def with_partners(sx: Syntax, sent: Span) -> Iterator[Finding]:
    """ "The administration made the announcement with allies including A, B and C": each
    named partner JOINS the agent of the action."""
    for prep in sent:
        if prep.dep_ != "prep" or prep.lower_ not in ("with", "alongside"):
            continue
        verb = prep.head
        if verb.pos_ not in ("VERB", "AUX", "NOUN"):
            continue
        if verb.pos_ == "NOUN" and verb.lemma_.lower() in sx.lex.words.get("encounter_nouns", frozenset()):
            continue  # "a meeting with his counterpart": the other side, not partners
        if verb.pos_ == "NOUN":
            verb = governing_verb(verb) or verb
        for pobj in sx.pobjs(prep):
            if sx.mention(pobj) is not None:  # "a contract with Naval Group" names no partners
                continue
            head = pobj
            if head.lemma_.lower() == "group":  # "a group of allies"
                inner = [p for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for p in sx.pobjs(c)]
                head = inner[0] if inner else head
            if head.lemma_.lower() not in sx.lex.words.get("partner_heads", frozenset()):
                continue
            plain = {pobj.i, head.i, *(c.i for c in pobj.conjuncts), *(c.i for c in head.conjuncts)}
            listed = [t for t in sx.expand(pobj) + sx.expand(head) if t.i not in plain]  # "including A, B"
            members = unique(m for t in listed if (m := sx.mention(t)) is not None and m.label in ACTOR_LABELS)
            if not members or sx.negated(verb):
                continue
            agents = agents_of(sx, verb) if verb.pos_ in ("VERB", "AUX") else []
            for a in agents:
                for m in members:
                    if m.entity_id != a.entity_id:
                        yield Candidate(m, "JOINS", a, sent, "joins.with_partners", 0.7, sx.hedged(verb))

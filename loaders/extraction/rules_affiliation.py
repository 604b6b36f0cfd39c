"""AFFILIATED_WITH: non-official ties of groups (and agencies, officials) to an actor.

Why these cues: news text states such ties in a few recurring shapes: a participle with its
preposition ("hackers affiliated with the MSS", "a team linked to Pyongyang", "a shipbuilder
owned by the French state"), a compound adjective beside a state ("Chinese state-backed
groups"), a relational noun ("proxies of X", "a unit of X", "X's largest contractor"), and a
patron verb ("Iran engaged four groups", "had them on its payroll").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.loaders.extraction.candidates import Candidate, Deferred, Finding
from kg.loaders.extraction.mentions import Mention
from kg.loaders.extraction.syntax import ACTOR_LABELS, Syntax

CLIENT_LABELS = frozenset({"Group"})  # agencies are PART_OF, officials OFFICIAL_OF
STATE_WORDS = frozenset({"state", "government", "kremlin", "regime", "military", "army"})
RELATIVE = frozenset({"which", "who", "that", "whose"})


def _clients(sx: Syntax, toks: list[Token], lists: bool = True) -> list[Mention]:
    if not lists:
        found = [m for t in toks for m in sx.resolve(t) if m.label in CLIENT_LABELS]
    else:
        found = [m for m in sx.actors(toks) if m.label in CLIENT_LABELS]
    if not found:  # "the YPG militia": a group named before a common noun for it
        found = [m for t in toks for c in t.children if c.dep_ == "compound" and (m := sx.mention(c)) is not None]
        found = [m for m in found if m.label in CLIENT_LABELS]
    return found


def _patrons(sx: Syntax, toks: list[Token]) -> list[Mention]:
    out = sx.actors(toks)
    if not out:
        out = sx.actors(toks, deep=True)
    return out


def _emit(
    clients: list[Mention], patrons: list[Mention], sent: Span, rule: str, conf: float, hedged: bool
) -> Iterator[Candidate]:
    for c in clients:
        for p in patrons:
            if c.entity_id != p.entity_id and p.label in ACTOR_LABELS:
                yield Candidate(c, "AFFILIATED_WITH", p, sent, rule, conf, hedged)


def _client_heads(tok: Token) -> list[Token]:
    """The noun a participle or relative clause describes (and what that noun is in
    apposition to: "Lazarus Group, a hacking team linked to ...")."""
    head = tok.head
    out = [head]
    if head.dep_ == "appos":
        out.append(head.head)
        out += _before_comma(head)
    if head.dep_ in ("attr",) and head.head.lemma_ == "be":
        out += [c for c in head.head.children if c.dep_ == "nsubj"]
    return out


COMPOUND_LEMMAS = frozenset(
    {
        "back",
        "sponsor",
        "own",
        "link",
        "run",
        "control",
        "fund",
        "affiliate",
        "align",
        "ally",
        "tie",
        "connect",
        "direct",
        "finance",
        "arm",
        "support",
    }
)


def affiliation_findings(sx: Syntax, sent: Span) -> Iterator[Finding]:
    """Every affiliation cue of the sentence, each read by its own shape."""
    for tok in sent:
        yield from _participle(sx, tok)
        yield from _compound(sx, tok)
        yield from _relational_noun(sx, tok)
        yield from _patron_verb(sx, tok)
        yield from _service(sx, tok)
        yield from _receiving(sx, tok)
        yield from _members(sx, tok)


def _participle(sx: Syntax, tok: Token) -> Iterator[Candidate]:
    """ "affiliated with X", "linked to X", "owned by X", "working for X"."""
    preps = sx.lex.affil_participles.get(tok.lemma_.lower())
    if preps is None or tok.pos_ not in ("VERB", "ADJ", "AUX") or sx.negated(tok):
        return
    names = [p.split()[0] for p in preps if p] + ["by"]
    patrons = _patrons(sx, sx.prep_objects(tok, names))
    if not patrons:  # "paid and equipped by X": conjoined participles share the agent
        patrons = _patrons(sx, [o for c in tok.conjuncts if c.i > tok.i for o in sx.prep_objects(c, ["by"])])
    if not patrons:
        return
    if tok.dep_ in ("acomp", "attr", "xcomp") and tok.head.lemma_ == "be":  # "that is owned by X"
        copula = tok.head
        subj = [c for c in copula.children if c.dep_ == "nsubj"]
        client_toks = _client_heads(copula) if not subj or subj[0].lower_ in RELATIVE else subj
    elif tok.dep_ == "relcl":  # "groups (that) it tied to the ministry": the noun described
        client_toks = _client_heads(tok)
    elif tok.dep_ == "xcomp" and tok.head.dep_ in ("relcl", "acl") and sx.is_passive(tok.head):
        client_toks = _client_heads(tok.head)  # "X, which is believed to work for Y"
    elif tok.dep_ in ("acl", "amod", "advcl"):
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in RELATIVE]
        client_toks = subj or _client_heads(tok)
    else:
        client_toks = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if any(c.lower_ in RELATIVE for c in client_toks):
            client_toks = _client_heads(tok)
    clients = _clients(sx, client_toks)
    if not clients and any(t.lemma_.lower() in sx.lex.collective_heads for t in client_toks):
        # misparse: "groups it tied to the ministry, A and B" hangs A and B on the patron
        clients = [p for p in patrons if p.label in CLIENT_LABELS]
        patrons = [p for p in patrons if p.label not in CLIENT_LABELS]
    yield from _emit(clients, patrons, tok.sent, "affiliated.participle", 0.75, sx.hedged(tok))


def _compound(sx: Syntax, tok: Token) -> Iterator[Finding]:
    """ "Chinese state-backed groups", "a state-owned French shipbuilder", "the Russian state
    nuclear corporation", "state-controlled X" (the state is the company's own)."""
    state_firm = _state_firm(sx, tok)
    if (tok.lemma_.lower() not in COMPOUND_LEMMAS and state_firm is None) or tok.dep_ not in (
        "amod",
        "compound",
        "acl",
        "nmod",
    ):
        return
    prefix = _actor_prefix(sx, tok)  # "Iranian-backed", "Kremlin-linked"
    by_state = state_firm is not None or _state_prefixed(tok)
    if not (prefix or by_state or tok.lower_ in sx.lex.affil.get("compounds", frozenset())):
        return
    noun = state_firm or tok.head
    beside = [c for c in noun.children if c.dep_ in ("amod", "compound", "nmod") and c.i != tok.i]
    patrons = prefix + [m for m in sx.actors(beside) if m.label in ("State", "Organization", "Agency")]
    patrons += _nested_states(sx, noun)
    clients = _clients(sx, [noun])
    if noun.dep_ == "appos":
        clients += _clients(sx, [noun.head], lists=False)
    if by_state and not patrons:  # "the state oil company, PDVSA": the state is the firm's own
        for c in clients:
            yield Deferred("home_state", "AFFILIATED_WITH", c, tok.sent, "affiliated.state_firm", 0.65, sx.hedged(tok))
        return
    yield from _emit(clients, patrons, tok.sent, "affiliated.compound", 0.7, sx.hedged(tok))


def _state_firm(sx: Syntax, tok: Token) -> Token | None:
    """The company noun a bare "state" modifies ("the state oil company", "the Russian state
    nuclear corporation"), climbing compounds ("state" -> "oil" -> "company")."""
    if tok.lower_ not in ("state", "government") or tok.dep_ not in ("compound", "nmod", "amod"):
        return None
    noun = tok.head
    while noun.dep_ == "compound" and noun.head.i != noun.i:
        noun = noun.head
    firms = sx.lex.affil.get("firm_heads", frozenset())
    return noun if noun.lemma_.lower() in firms and noun.pos_ == "NOUN" else None


def _relational_noun(sx: Syntax, tok: Token) -> Iterator[Candidate]:
    """ "proxies of X", "a unit of X", "the Pentagon's largest contractor"."""
    lemma = tok.lemma_.lower()
    ties = lemma in sx.lex.affil.get("tie_nouns", frozenset())
    if (lemma not in sx.lex.affil.get("nouns", frozenset()) and not ties) or tok.pos_ != "NOUN" or sx.negated(tok.head):
        return
    of = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == ("to" if ties else "of") for p in sx.pobjs(c)]
    # "agents for Tehran" names the patron itself; "militias for the attack on X" names none
    with_ = ("for", "with") if ties else ("for",)
    for_ = [p for c in tok.children if c.dep_ == "prep" and c.lower_ in with_ for p in sx.pobjs(c)]
    patrons = _patrons(sx, of) + sx.actors(for_)
    patrons += [m for c in tok.children if c.dep_ == "poss" for m in sx.actors([c])] if not ties else []
    clients = _clients(sx, [tok])
    if tok.dep_ == "appos":
        clients += _clients(sx, [_nearest_before(tok)], lists=False)
    elif tok.dep_ == "attr":
        clients += _clients(sx, [c for c in tok.head.children if c.dep_ == "nsubj"])
    elif tok.dep_ == "pobj" and tok.head.lower_ == "as" and tok.head.head.pos_ in ("VERB", "AUX"):
        verb = tok.head.head  # "acts as a proxy for X", "is seen as a front for X"
        clients += _clients(sx, [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")])
        if verb.dep_ == "relcl" and any(c.dep_ == "dobj" and c.lower_ in RELATIVE for c in verb.children):
            clients += _clients(sx, _client_heads(verb))  # "X, which Y regards as Z's offshoot"
    elif ties and tok.dep_ == "dobj":  # "Nordic Bear has close ties to X"
        clients += _clients(sx, [c for c in tok.head.children if c.dep_ == "nsubj"])
    yield from _emit(clients, patrons, tok.sent, "affiliated.noun", 0.7, sx.hedged(tok))


def _patron_verb(sx: Syntax, tok: Token) -> Iterator[Candidate]:
    """ "Iran engaged four groups", "the MSS had them on its payroll"."""
    affil = sx.lex.affil
    if tok.pos_ != "VERB" or sx.negated(tok):
        return
    if tok.lemma_.lower() not in affil.get("patron_verbs", frozenset()) and not _payroll(
        tok, affil.get("payroll", frozenset())
    ):
        return
    patrons = sx.actors(sx.agent_tokens(tok))
    if patrons:
        yield from _emit(
            _clients(sx, sx.object_tokens(tok)), patrons, tok.sent, "affiliated.patron", 0.7, sx.hedged(tok)
        )


def _service(sx: Syntax, tok: Token) -> Iterator[Candidate]:
    """ "firms that support the cyber programme of Russia's intelligence services"."""
    if tok.lemma_.lower() not in sx.lex.affil.get("service_verbs", frozenset()) or tok.pos_ != "VERB":
        return
    host = _relative_host(tok) if not sx.negated(tok) else None
    if host is not None:
        patrons = sx.actors(sx.object_tokens(tok), deep=True)
        yield from _emit(_clients(sx, sx.expand(host)), patrons, tok.sent, "affiliated.service", 0.6, sx.hedged(tok))


def _receiving(sx: Syntax, tok: Token) -> Iterator[Candidate]:
    """ "factions that receive money and weapons from X", "a group funded ... ": the client
    gets the means to act from its patron."""
    affil = sx.lex.affil
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in affil.get("receiving_verbs", frozenset()) or sx.negated(tok):
        return
    goods = affil.get("goods", frozenset())
    objs = [m for o in sx.object_tokens(tok) for m in (o, *o.conjuncts)]
    if not any(o.lemma_.lower() in goods or o.lower_ in goods for o in objs):  # "orders" (lemma "order")
        return
    patrons = _patrons(sx, sx.prep_objects(tok, ["from"], also_on=objs))  # "took its orders from X"
    subj = [c for c in tok.children if c.dep_ == "nsubj"]
    client_toks = _client_heads(tok) if not subj or subj[0].lower_ in RELATIVE else subj
    clients = _clients(sx, client_toks)
    if not clients:  # "X, one of several factions that receive ...": the one the phrase describes
        host = client_toks[0] if client_toks else None
        if host is not None and host.dep_ == "pobj" and host.head.head.lower_ == "one":
            clients = _clients(sx, [_nearest_before(host.head.head)], lists=False)
    yield from _emit(clients, patrons, tok.sent, "affiliated.receiving", 0.7, sx.hedged(tok))


def _before_comma(appos: Token) -> list[Token]:
    """The word right before the comma that opens an apposition: the parser often hangs "X, a
    company owned by Y" on a noun earlier in the sentence, but the apposition describes X."""
    k = appos.left_edge.i - 1
    if k < 1 or appos.doc[k].text != "," or appos.head.i == k - 1:
        return []
    return [appos.doc[k - 1]]


def _members(sx: Syntax, tok: Token) -> Iterator[Candidate]:
    """ "A, B and other leaders of the X party", "A, a senior member of X": people named as
    leaders or members of a group (a party, a movement) are tied to it."""
    if tok.lemma_.lower() not in sx.lex.affil.get("member_nouns", frozenset()) or tok.pos_ != "NOUN":
        return
    groups = [m for m in sx.actors(sx.prep_objects(tok, ["of"])) if m.label == "Group"]
    if not groups or sx.negated(tok.head):
        return
    people: list[Mention] = []
    if any(c.lower_ == "other" for c in tok.children):
        people = _listed_before(sx, tok.left_edge)
    elif tok.dep_ == "appos":
        people = [m for m in [sx.mention(tok.head)] if m is not None]
    people = [m for m in people if m.label == "Official"]
    yield from _emit(people, groups, tok.sent, "affiliated.member", 0.7, sx.hedged(tok))


def _listed_before(sx: Syntax, start: Token) -> list[Mention]:
    """The mentions listed right before a phrase ("A, B and [other leaders]"), read from the
    text: the parser seldom gets such lists right."""
    out: list[Mention] = []
    i = start.i - 1
    doc = start.doc
    while i >= 0 and doc[i].lower_ in (",", "and"):
        i -= 1
        m = sx.mention(doc[i]) if i >= 0 else None
        if m is None:
            break
        out.append(m)
        i = m.start - 1
        while i >= 0 and doc[i].dep_ in ("compound", "amod") and m.start <= doc[i].head.i < m.end:
            i -= 1  # a title before the name ("President A")
    return out


def _nearest_before(appos: Token) -> Token:
    """What an apposition describes: the list member just before it ("A and B, a unit of C")."""
    members = [m for m in (appos.head, *appos.head.conjuncts) if m.i < appos.i]
    return max(members, key=lambda m: m.i) if members else appos.head


def _actor_prefix(sx: Syntax, tok: Token) -> list[Mention]:
    """The actor before the hyphen of "Iranian-backed" (or hanging off the participle)."""
    doc = tok.doc
    cands = [c for c in tok.children if c.dep_ in ("npadvmod", "compound", "amod", "nmod") and c.i < tok.i]
    if tok.i >= 2 and doc[tok.i - 1].text == "-":
        cands.append(doc[tok.i - 2])
    return [m for c in cands if (m := sx.mention(c)) is not None and m.label in ("State", "Organization", "Agency")]


def _state_prefixed(tok: Token) -> bool:
    """ "state-backed": the tokenizer splits it into state / - / backed."""
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and doc[tok.i - 2].lower_ in STATE_WORDS:
        return True
    return any(c.lower_ in STATE_WORDS and c.i < tok.i for c in tok.children)


def _nested_states(sx: Syntax, noun: Token) -> list[Mention]:
    out: list[Mention] = []
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "nmod") and child.i < noun.i:
            for t in child.subtree:
                m = sx.mention(t)
                if m is not None and m.label == "State" and m not in out:
                    out.append(m)
    return out


def _payroll(tok: Token, words: frozenset[str]) -> bool:
    return any(p.lower_ in words for c in tok.children if c.dep_ == "prep" for p in c.children)


def _relative_host(tok: Token) -> Token | None:
    """The noun a relative clause (possibly under "it said") describes: "firms - A, B and C -
    that it said support ...". The parser often hangs such clauses off the main verb, so the
    host is the noun right before the relative pronoun, climbed to the head of its list."""
    cur = tok
    for _ in range(3):
        if cur.dep_ == "relcl":
            return cur.head
        marker = next((c for c in cur.children if c.lower_ in RELATIVE and c.dep_ in ("nsubj", "mark")), None)
        if marker is not None:
            k = marker.i - 1
            while k >= 0 and tok.doc[k].is_punct:
                k -= 1
            host = tok.doc[k] if k >= 0 else None
            if host is None or host.pos_ not in ("NOUN", "PROPN"):
                return None
            while host.dep_ in ("conj", "appos", "compound") and host.head.i != host.i:
                host = host.head
            return host
        if cur.head.i == cur.i or cur.dep_ not in ("xcomp", "ccomp"):
            return None
        cur = cur.head
    return None

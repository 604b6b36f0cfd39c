"""Incident links: who is blamed for an incident (BLAMED_FOR) and who it hit (TARGETED).

Why apart from the frames: these hold between an actor and an Incident mention and are read
from copulas ("X was responsible for", "X was behind"), perpetration verbs ("X carried out the
attack", "the attack was orchestrated by X") and the incident's own phrase ("the attack on
X", "the hack crippled X's network"), not from interaction verbs.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.loaders.extraction.candidates import Candidate
from kg.loaders.extraction.mentions import Mention
from kg.loaders.extraction.syntax import ACTOR_LABELS, Syntax

DENIAL_VERBS = frozenset({"deny", "reject", "dismiss", "dispute", "refute"})


def _subject_of_copula(sx: Syntax, tok: Token) -> list[Token]:
    own = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    if own and tok.dep_ in ("ccomp", "xcomp", "advcl"):  # "hold Russia responsible" parsed as a small clause
        return own
    head = tok.head
    objs = [c for c in head.children if c.dep_ == "dobj"]
    if tok.dep_ in ("oprd", "ccomp", "xcomp", "advcl") and objs:  # "held X responsible": X, not the one holding
        return objs
    if tok.dep_ in ("oprd", "ccomp", "xcomp") and head.dep_ == "relcl" and head.lemma_.lower() != "be":
        return [head.head]  # "the officials it holds responsible": the officials, not "it"
    subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subj:
        return subj
    if head.dep_ in ("xcomp", "ccomp") and head.head.i != head.i:  # "assessed X to be responsible"
        return [c for c in head.head.children if c.dep_ == "dobj"]
    return []


def responsibility(sx: Syntax, tok: Token) -> tuple[list[Mention], list[Mention]]:
    """If `tok` says someone is responsible for something, the actors held responsible and
    the incidents they are held responsible for. With no incident named ("X was responsible",
    "it was carried out by X", "X claimed responsibility"), the incident last mentioned."""
    lemma, low = tok.lemma_.lower(), tok.lower_
    perp = sx.lex.perpetration
    actors: list[Mention] = []
    incidents: list[Mention] = []
    implied = False  # the incident is the one the text is about
    if (lemma in perp.get("adjectives", frozenset()) and tok.pos_ in ("ADJ", "ADP", "ADV")) and low != "behind":
        if tok.dep_ in ("acomp", "oprd", "xcomp", "ccomp", "attr", "amod", "advcl"):
            actors = sx.actors(_subject_of_copula(sx, tok)) if tok.dep_ != "amod" else []
            preps = [c for c in tok.children if c.dep_ == "prep"]
            incidents = sx.incidents([p for c in preps for p in sx.pobjs(c)])
            incidents += _subtree_incidents(sx, preps)
            implied = not any(c.lower_ in ("for", "of") for c in preps)
    elif low == "behind" and tok.dep_ == "prep" and (tok.head.lemma_ == "be" or sx.mention(tok.head) is not None):
        # "X was behind the attack"; headlines drop the verb: "Norway says Denmark behind attack"
        actors = sx.actors(_subject_of_copula(sx, tok)) if tok.head.lemma_ == "be" else sx.actors([tok.head])
        objs = sx.pobjs(tok)
        incidents = sx.incidents(objs)
        implied = _refers_back(sx, objs)
        if not incidents and not implied and not _attack_words(sx, objs):
            actors = []
    elif lemma == "involve" and tok.pos_ == "VERB" and sx.is_passive(tok):  # "X was involved (in Y)"
        actors = sx.actors([c for c in tok.children if c.dep_ == "nsubjpass"])
        preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "in"]
        incidents = _subtree_incidents(sx, preps)
        implied = not preps
    elif lemma in perp.get("verbs", frozenset()) and tok.pos_ in ("VERB", "AUX"):
        objs = sx.object_tokens(tok)
        incidents = sx.incidents(objs)
        # "it was carried out by X": only an event is carried out, whatever "it" last named
        implied = sx.is_passive(tok) and any(o.lower_ in ("it", "this") for o in objs)
        if incidents or implied or _attack_words(sx, objs):
            actors = [m for m in sx.actors(sx.agent_tokens(tok)) if m.label in ACTOR_LABELS]
    elif lemma in perp.get("nouns", frozenset()) and tok.pos_ == "NOUN":
        actors, incidents, implied = _responsibility_noun(sx, tok)
    elif lemma in perp.get("agent_nouns", frozenset()) and tok.dep_ == "attr" and tok.head.lemma_ == "be":
        actors = sx.actors(_subject_of_copula(sx, tok))  # "X was its mastermind", "X is the culprit"
        preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "behind")]
        incidents = _subtree_incidents(sx, preps)
        implied = not preps
    elif lemma in perp.get("signature_nouns", frozenset()) and tok.pos_ == "NOUN":
        actors, incidents = _signature(sx, tok)
    elif lemma in perp.get("clue_verbs", frozenset()) and tok.pos_ == "VERB":
        subj = [c for c in tok.children if c.dep_ == "nsubj"]  # "the evidence pointed to Moscow"
        if any(c.lemma_.lower() in perp.get("clue_nouns", frozenset()) for c in subj):
            actors = sx.actors(sx.prep_objects(tok, ["to", "at", "towards"]))
            implied = True
    actors = [a for a in actors if a.label in ACTOR_LABELS]
    pred = tok.head if tok.pos_ in ("ADJ", "ADP", "NOUN") else tok
    if actors and (sx.negated(tok) or sx.negated(pred)):  # "no evidence that X was involved"
        return [], []
    if actors and not incidents and implied:
        last = sx.last_incident(tok)
        incidents = [last] if last is not None else []
    return actors, incidents


def _responsibility_noun(sx: Syntax, tok: Token) -> tuple[list[Mention], list[Mention], bool]:
    """ "X's involvement in the hack", "the involvement of X in ...", "X claimed responsibility"."""
    gov = tok.head
    if gov.lemma_.lower() in sx.lex.words.get("denial_verbs", DENIAL_VERBS) or any(
        c.dep_ == "det" and c.lower_ == "no" for c in tok.children
    ):
        return [], [], False
    actors = [m for c in tok.children if c.dep_ in ("poss", "amod", "compound") for m in sx.actors([c])]
    of = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"]  # "the involvement of X in Y"
    actors += sx.actors([p for c in of for p in sx.pobjs(c)], deep=True)
    preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "for")]
    incidents = _subtree_incidents(sx, preps + of)
    claimed = tok.dep_ == "dobj" and gov.lemma_.lower() in ("claim", "accept", "admit", "acknowledge", "bear")
    if claimed and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children):
        actors = []  # "urged X to accept its responsibility": "its" is whoever accepts
    if claimed and not actors and not sx.negated(gov):  # "X claimed responsibility (for ...)"
        actors = [m for m in sx.actors(sx.agent_tokens(gov)) if m.label in ACTOR_LABELS]
    return actors, incidents, claimed and not preps


def _signature(sx: Syntax, tok: Token) -> tuple[list[Mention], list[Mention]]:
    """ "the strike bore the hallmarks of X", "the blasts were the work of X": the author of an
    incident (or of an attack the text is about)."""
    verb = tok.head
    if tok.dep_ not in ("dobj", "attr") or verb.pos_ not in ("VERB", "AUX") or sx.negated(verb):
        return [], []
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    incidents = sx.incidents(subj)
    if not incidents and (_attack_words(sx, subj) or _refers_back(sx, subj)):
        last = sx.last_incident(tok)
        incidents = [last] if last is not None else []
    if not incidents and not _attack_words(sx, subj):
        return [], []
    of = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for p in sx.pobjs(c)]
    return sx.actors(of, deep=True), incidents


def _attack_words(sx: Syntax, toks: list[Token]) -> bool:
    return any(t.lemma_.lower() in sx.lex.words.get("attack_nouns", frozenset()) for t in toks)


def _refers_back(sx: Syntax, toks: list[Token]) -> bool:
    """ "it", "this": a pronoun that is not an actor refers to what the text is about."""
    return any(t.lower_ in ("it", "this") and not sx.resolve(t) for t in toks)


def _subtree_incidents(sx: Syntax, heads: list[Token]) -> list[Mention]:
    out: list[Mention] = []
    for head in heads:
        for t in head.subtree:
            m = sx.mention(t)
            if m is not None and m.label == "Incident" and m not in out:
                out.append(m)
    return out


def blame_findings(sx: Syntax, sent: Span) -> Iterator[Candidate]:
    """BLAMED_FOR from copulas, perpetration verbs and nouns, and possessives of incidents."""
    for tok in sent:
        actors, incidents = responsibility(sx, tok)
        if not actors or not incidents:
            continue
        pred = tok.head if tok.pos_ in ("ADJ", "ADP", "NOUN") else tok
        if sx.negated(pred) or sx.negated(tok):
            continue
        hedged = sx.hedged(pred) or sx.hedged(tok)
        conf = 0.75 * (sx.lex.hedge_factor if hedged else 1.0)
        strong = tok.lemma_.lower() in sx.lex.perpetration.get("attack_verbs", frozenset())
        rule = "blamed_for.perpetrator" if strong else "blamed_for.responsible"
        for a in actors:
            for inc in incidents:
                yield Candidate(a, "BLAMED_FOR", inc, sent, rule, conf, hedged)
    for m in _incident_mentions(sx, sent):
        root = sx.doc[sx.index.root(m)]
        if sx.negated(root.head) and root.dep_ in ("dobj", "nsubj", "nsubjpass"):
            continue
        for a in sx.events.get(root.i + sx.offset, []):  # "X captured three ships ... the seizure"
            yield Candidate(a, "BLAMED_FOR", m, sent, "blamed_for.event", 0.6, False)
        for child in root.children:
            if child.dep_ in ("poss", "amod") and child.i < root.i:
                for a in sx.actors([child]):
                    yield Candidate(a, "BLAMED_FOR", m, sent, "blamed_for.owner", 0.6, sx.hedged(root))


def _incident_mentions(sx: Syntax, sent: Span) -> list[Mention]:
    out: list[Mention] = []
    for tok in sent:
        m = sx.mention(tok)
        if m is not None and m.label == "Incident" and m not in out and sx.index.root(m) == tok.i:
            out.append(m)
    return out


def target_findings(sx: Syntax, sent: Span) -> Iterator[Candidate]:
    """TARGETED: "the attack on X", "the hack crippled X's network", "X was hit by the attack"."""
    lex = sx.lex
    for m in _incident_mentions(sx, sent):
        root = sx.doc[sx.index.root(m)]
        victims: list[Mention] = []
        blamed_on = _blame_slots(sx, root)
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ in lex.targeting_preps and child.lower_ not in blamed_on:
                victims += sx.actors(sx.pobjs(child), assets=True)
            elif child.dep_ in ("acl", "relcl") and child.lemma_.lower() in lex.targeting_verbs | {"aim", "direct"}:
                victims += _verb_victims(sx, child)
                victims += sx.actors(sx.prep_objects(child, ["at", "against", "on"]), assets=True)
        verb = root.head
        if root.dep_ == "nsubj" and verb.lemma_.lower() in lex.targeting_verbs:
            victims += _verb_victims(sx, verb)
            for conj in verb.conjuncts:
                if conj.lemma_.lower() in lex.targeting_verbs and not any(c.dep_ == "nsubj" for c in conj.children):
                    victims += _verb_victims(sx, conj)
        if root.dep_ == "pobj" and verb.dep_ == "agent" and verb.head.lemma_.lower() in lex.targeting_verbs:
            victims += sx.actors([c for c in verb.head.children if c.dep_ == "nsubjpass"], assets=True)
        seen: set[str] = set()
        for v in victims:
            if v.entity_id in seen or v.entity_id == m.entity_id:
                continue
            seen.add(v.entity_id)
            yield Candidate(m, "TARGETED", v, sent, "targeted.incident", 0.7, sx.hedged(root))


def _blame_slots(sx: Syntax, root: Token) -> set[str]:
    """Prepositions that belong to a blaming verb even when the parser hangs them on its
    object: in "blamed the hack on X", "on X" is not the hack's victim."""
    if root.dep_ not in ("dobj", "nsubjpass"):
        return set()
    frames = sx.lex.verbs.get(root.head.lemma_.lower(), [])
    return {slot for f in frames if f.type == "ACCUSES" for slot in f.targets if slot not in ("obj", "poss_obj")}


def _verb_victims(sx: Syntax, verb: Token) -> list[Mention]:
    if sx.negated(verb):
        return []
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    return sx.actors(objs, assets=True) + sx.actors(sx.prep_objects(verb, ["at", "across", "in"]), assets=True)

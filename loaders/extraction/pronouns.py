"""Pronoun antecedents for the relation rules: "he urged Manila ...", "they would expel ...",
"Turkey has refused to ratify its application".

Why a simple recency rule: in news text a pronoun that acts nearly always points back to the
last subject of its kind (a person for he/she, a state or body for it/they); that is enough to
give an agent to "he called on Moscow" without a coreference model. Entity recognition's own
coreference (definite descriptions) stays in its modules; this only covers pronouns, and only
as the rules read them.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Token

from kg.loaders.extraction.mentions import Mention
from kg.loaders.extraction.syntax import ACTOR_LABELS, Syntax

PERSON = frozenset({"he", "she", "his", "her", "him", "himself", "herself"})
BODY = frozenset({"it", "its", "itself"})
PLURAL = frozenset({"they", "their", "them", "themselves"})
SUBJECTS = ("nsubj", "nsubjpass")
DISTRIBUTIVE = frozenset({"each", "both", "all"})
# plural nouns that refer back to actors just named ("the two leaders", "the three countries")
GROUP_NOUNS = frozenset(
    {
        "leader",
        "side",
        "country",
        "nation",
        "neighbour",
        "neighbor",
        "government",
        "ally",
        "minister",
        "partner",
        "capital",
        "state",
        "power",
        "democracy",
        "counterpart",
        "president",
        "premier",
    }
)
PEOPLE_NOUNS = frozenset({"leader", "minister", "counterpart", "president", "premier"})
NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3, "4": 4, "5": 5}


def antecedents(doc: Doc, sx: Syntax) -> dict[int, list[Mention]]:
    """Token index of each personal pronoun (and plural description: "the two leaders") ->
    the mentions it stands for."""
    last: dict[str, list[Mention]] = {"person": [], "body": [], "plural": []}
    others = False  # the last plural subject was not an actor ("the companies"): "they" are those
    out: dict[int, list[Mention]] = {}
    history: list[Mention] = []  # actor mentions in text order
    actor_objects = sx.lex.words.get("actor_object_verbs", frozenset())
    for tok in doc:
        m = sx.mention(tok)
        if m is not None and m.label in ACTOR_LABELS and (not history or history[-1] is not m):
            history.append(m)
        described = _described(tok, sx, history, last) if m is None else []
        if described:
            out[tok.i] = described
            if tok.dep_ in SUBJECTS:
                _remember(last, described, plural=True)
                others = False
            continue
        low = tok.lower_
        kind = "person" if low in PERSON else "body" if low in BODY else "plural" if low in PLURAL else None
        if low in DISTRIBUTIVE and tok.dep_ in SUBJECTS:  # "France, Germany and Poland each said ..."
            listed = _list_before(tok, sx)
            if listed:
                out[tok.i] = listed
                _remember(last, listed, plural=True)
                others = False
            continue
        if kind is not None and tok.pos_ == "PRON":
            found = last[kind] or (last["body"] if kind == "plural" and not others else [])
            if kind == "plural" and others:
                found = []
            if found and (tok.dep_ in SUBJECTS or tok.dep_ == "poss"):  # "called it ...": "it" is a thing
                out[tok.i] = found
            elif tok.dep_ == "dobj" and tok.head.lemma_.lower() in actor_objects and not _buried(tok):
                people = kind == "person"
                other = _parallel_object(tok, sx, people) or _other_party(tok, history, people)
                if other:
                    out[tok.i] = other
            if tok.dep_ in SUBJECTS and found:
                _remember(last, found, plural=len(found) > 1)
            continue
        if (tok.dep_ in SUBJECTS or (tok.dep_ == "pobj" and tok.head.dep_ == "agent")) and not _embedded(tok):
            actors = [m for m in sx.actors([tok]) if m.label in ACTOR_LABELS]
            if actors:
                plural = len(actors) > 1 or tok.tag_ in ("NNS", "NNPS")
                _remember(last, actors, plural=plural)
                others = False if plural else others
            elif tok.tag_ in ("NNS", "NNPS"):
                others = True
            elif tok.ent_type_ == "PERSON" or tok.lower_ in ("spokesman", "spokeswoman", "spokesperson"):
                last["person"] = []  # a person we cannot resolve: "he" is not the previous one
    return out


def _buried(tok: Token) -> bool:
    """The pronoun's verb hangs under a prepositional clause ("of harbouring X and pressing
    it"): the parser lost who acts, so the pronoun is left alone."""
    return any(a.dep_ == "pcomp" for a in (tok.head, *tok.head.ancestors))


def _parallel_object(tok: Token, sx: Syntax, people: bool) -> list[Mention]:
    """A body named as the direct object of a coordinated or governing verb ("accusing X of
    ... and pressing it to ...", however the parser attaches the second verb): the pronoun
    repeats it. Only a named object counts, not one inside a phrase ("members of X")."""
    for verb in (*tok.head.conjuncts, *tok.head.ancestors):
        for c in verb.children:
            m = sx.mention(c) if c.dep_ == "dobj" and c.i < tok.i else None
            if m is not None and m.label in ACTOR_LABELS and (m.label == "Official") == people:
                return [m]
    return []


def _other_party(tok: Token, history: list[Mention], people: bool) -> list[Mention]:
    """The object pronoun of a verb that takes an actor ("broke off relations with X, accusing
    it of ..."): a body named earlier in the sentence outside the subjects of the pronoun's
    verb and the verbs above it (the agent does not accuse itself). The last named direct
    object wins ("accusing X of sheltering members of Y and pressing it"); else the last body
    that is not a part of something ("members of Y")."""
    agents: set[int] = set()
    for verb in (tok.head, *tok.head.ancestors):
        for c in verb.children:
            if c.dep_ in SUBJECTS:
                agents.update(t.i for t in c.subtree)
    agent_ids = {m.entity_id for m in history if m.start in agents}
    doc = tok.doc
    fits = [
        m
        for m in history
        if tok.sent.start <= m.start < tok.i
        and (m.label == "Official") == people
        and m.start not in agents
        and m.entity_id not in agent_ids
    ]
    for m in reversed(fits):
        if doc[m.end - 1].dep_ == "dobj":
            return [m]
    for m in reversed(fits):
        head = doc[m.end - 1].head
        if not (head.lower_ == "of" and head.head.pos_ == "NOUN"):
            return [m]
    return []


def _described(tok: Token, sx: Syntax, history: list[Mention], last: dict[str, list[Mention]]) -> list[Mention]:
    """The actors a plural description refers back to: "the three leaders" are the last three
    leaders named, "the two neighbours" the last two states, "the leaders" the last group.
    As an object ("lodged protests with the three countries") the clause's own subject is not
    one of them."""
    lemma = tok.lemma_.lower()
    if tok.pos_ != "NOUN" or tok.tag_ != "NNS" or lemma not in GROUP_NOUNS:
        return []
    count = 0
    definite = False
    for child in tok.children:
        low = child.lower_
        if child.dep_ in ("amod", "compound", "poss", "nmod") and sx.actors([child]):
            return []  # "EU leaders", "the Baltic states": the modifier says who
        if child.dep_ == "prep" and low in ("of", "from", "in"):
            return []  # "leaders of A and B"
        if child.dep_ in ("relcl", "acl") and not any(g.dep_ == "aux" and g.lower_ == "to" for g in child.children):
            return []  # "the countries that had been targeted": a new description ("urged the three
            # countries to act" is an object-control infinitive the model hangs on the noun)
        if child.dep_ == "nummod":
            count = NUMBERS.get(low, 0)
            if not count:
                return []
        if child.dep_ in ("det", "predet") and low in ("the", "both", "all", "these"):
            definite = True
            count = count or (2 if low == "both" else 0)
    if not definite:
        return []
    exclude: set[str] = set()
    if tok.dep_ not in SUBJECTS:  # the clause's own subject acts on them
        verb = tok.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        exclude = {sx.top(a.entity_id) for c in verb.children if c.dep_ in SUBJECTS for a in sx.actors([c])}
    if not count:
        plural = [m for m in last["plural"] if sx.top(m.entity_id) not in exclude]
        return plural if len(plural) > 1 else []
    people = lemma in PEOPLE_NOUNS
    if tok.dep_ in SUBJECTS:  # "A spoke with B, and the two leaders agreed"
        here = [m for m in history if m.start >= tok.sent.start]
        picked = _last_distinct(sx, here, count, exclude, people)
        if picked:
            return picked
    else:  # "A urged B to ..., while C called on both sides": the sides of the story so far
        history = [m for m in history if m.start < tok.sent.start]
    group = [m for m in last["plural"] if sx.top(m.entity_id) not in exclude]
    if len({sx.top(m.entity_id) for m in group}) == count:  # the group the text is about
        return group
    return _last_distinct(sx, history[-12:], count, exclude, people)


def _last_distinct(sx: Syntax, history: list[Mention], count: int, exclude: set[str], people: bool) -> list[Mention]:
    """The last `count` actors of distinct states in `history` (officials first for "leaders")."""
    picked: list[Mention] = []
    seen: set[str] = set(exclude)
    for officials_only in (True, False) if people else (False,):
        for m in reversed(history):
            top = sx.top(m.entity_id)
            if top in seen or (officials_only and m.label != "Official"):
                continue
            if m.label not in ("State", "Official", "Organization"):
                continue
            seen.add(top)
            picked.append(m)
            if len(picked) == count:
                return picked[::-1]
    return []


def _list_before(tok: Token, sx: Syntax) -> list[Mention]:
    """The nearest list of actors before `tok` in its sentence."""
    for prev in reversed(list(tok.sent[: tok.i - tok.sent.start])):
        if sx.mention(prev) is not None:
            head = prev
            while head.dep_ == "conj" and head.head.i != head.i:
                head = head.head
            actors = [m for m in sx.actors([head]) if m.label in ACTOR_LABELS]
            return actors if len(actors) > 1 else []
    return []


def _embedded(tok: Token) -> bool:
    """The subject of a reported or relative clause ("said Lithuania had ..."): a later "it"
    more likely means the speaker than this subject."""
    verb = tok.head
    for _ in range(3):
        if verb.dep_ in ("ccomp", "relcl", "xcomp", "acl", "pcomp"):
            return True
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            return False
        verb = verb.head
    return False


def _remember(last: dict[str, list[Mention]], actors: list[Mention], plural: bool) -> None:
    people = [m for m in actors if m.label == "Official"]
    bodies = [m for m in actors if m.label != "Official"]
    if people:
        last["person"] = people[:1]
    if bodies:
        last["body"] = bodies[:1]
        last["plural"] = bodies if plural else last["plural"]
    if plural and people and not bodies:
        last["plural"] = people


def event_agents(doc: Doc, sx: Syntax, sentences: int = 8) -> dict[int, list[Mention]]:
    """Token index of a definite event noun ("the launch", "the drills") -> the actors who did
    the event, from its nearest earlier report within a few sentences: a verb of its family with
    an actor agent ("North Korea launched a missile"), a light verb with a noun of the family as
    object ("China held exercises"), or a noun of the family with an actor modifier ("Pyongyang's
    fifth launch", "Chinese drills")."""
    from kg.loaders.extraction.rules_frames import agents_of  # the frames read agents

    lex = sx.lex
    reports: dict[int, list[tuple[int, list[Mention]]]] = {}  # family -> (token, actors)
    out: dict[int, list[Mention]] = {}
    starts = [s.start for s in doc.sents]
    for tok in doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB":
            families = set(lex.event_verbs.get(lemma, frozenset()))
            if lemma in lex.event_light_verbs:
                families |= {
                    lex.event_nouns[o.lemma_.lower()]
                    for o in sx.object_tokens(tok)
                    if o.lemma_.lower() in lex.event_nouns
                }
            agents = [m for m in agents_of(sx, tok) if m.label in ACTOR_LABELS] if families else []
            if agents and not sx.negated(tok):
                for family in families:
                    reports.setdefault(family, []).append((tok.i, agents))
            continue
        family_of = lex.event_nouns.get(lemma)
        named = sx.mention(tok)
        if tok.pos_ != "NOUN" or family_of is None or (named is not None and named.label != "Incident"):
            continue  # an incident named by an event noun ("the seizure") is still the reported event
        # "Pyongyang's fifth launch", "Chinese drills" report the event and its author ("Jordan
        # drone strike": a compound is as often the place)
        owners = [m for c in tok.children if c.dep_ in ("poss", "amod") for m in sx.actors([c])]
        if owners:
            reports.setdefault(family_of, []).append((tok.i, owners))
            continue
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in tok.children):
            continue
        first = _sentence(starts, tok.i) - sentences
        near = [a for i, a in reports.get(family_of, []) if _sentence(starts, i) >= first]
        if near:
            out[tok.i] = near[-1]
    return out


def _sentence(starts: list[int], i: int) -> int:
    return bisect_right(starts, i)

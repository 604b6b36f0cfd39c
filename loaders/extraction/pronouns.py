"""Pronoun antecedents for the relation rules: "he urged Manila ...", "they would expel ...",
"Turkey has refused to ratify its application".

Why a simple recency rule: in news text a pronoun that acts nearly always points back to the
last subject of its kind (a person for he/she, a state or body for it/they); that is enough to
give an agent to "he called on Moscow" without a coreference model. Entity recognition's own
coreference (definite descriptions) stays in its modules; this only covers pronouns, and only
as the rules read them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.loaders.extraction.mentions import Mention
from kg.loaders.extraction.syntax import ACTOR_LABELS, Syntax

PERSON = frozenset({"he", "she", "his", "her", "him", "himself", "herself"})
BODY = frozenset({"it", "its", "itself"})
PLURAL = frozenset({"they", "their", "them", "themselves"})
SUBJECTS = ("nsubj", "nsubjpass")
DISTRIBUTIVE = frozenset({"each", "both", "all"})


def antecedents(doc: Doc, sx: Syntax) -> dict[int, list[Mention]]:
    """Token index of each personal pronoun -> the mentions it stands for."""
    last: dict[str, list[Mention]] = {"person": [], "body": [], "plural": []}
    others = False  # the last plural subject was not an actor ("the companies"): "they" are those
    out: dict[int, list[Mention]] = {}
    for tok in doc:
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

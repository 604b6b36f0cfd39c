"""Modality of a predicate: negated (the edge is dropped) or hedged (kept, flagged, with
lower confidence).

Why apart from the parse helpers: what counts as negation or hedging is a reading of the
sentence's meaning, driven by the lexicon's cue lists ("stopped short of", "allegedly",
"urged X to ..."), and is the part of the rules most likely to change.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.loaders.extraction.lexicon import Lexicon


def negation(lex: Lexicon, v: Token, commitments: bool = False) -> bool:
    """True when the predicate is negated, embedded under a negating verb ("stopped short
    of accusing"), has a negative subject ("None of ..."), sits in a clause of "no
    evidence that ..." or in a conditional ("if China tried to ...")."""
    neg = lex.negation
    particles, governors = neg.get("particles", frozenset()), neg.get("governors", frozenset())
    for child in v.children:
        if child.dep_ == "neg" or (child.dep_ in ("advmod", "det", "preconj") and child.lower_ in particles):
            return True
        if child.dep_ in ("nsubj", "nsubjpass") and (
            child.lower_ in neg.get("subjects", frozenset())
            or any(g.dep_ == "det" and g.lower_ == "no" for g in child.children)
        ):
            return True
        if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
            return True
    cur = v
    for _ in range(6):
        if cur.head.i == cur.i:
            break
        prev, dep, cur = cur, cur.dep_, cur.head
        if dep == "relcl" and _relative(prev, neg.get("nouns", frozenset())):
            return False  # "did not back X, which Oslo blames for ...": the relative clause stands
        lemma = cur.lemma_.lower()
        if dep == "conj":  # "stopped short of X and accused Y": a sibling, not a governor
            if any(c.dep_ in ("nsubj", "nsubjpass") for c in prev.children):
                return False  # a clause of its own
            if prev.tag_ in ("VBD", "VBZ", "VBP") and not any(c.lower_ in ("or", "nor") for c in cur.children):
                return False  # "was not invited and criticised X": a finite verb of its own
            if any(c.dep_ == "neg" for c in cur.children):
                return True  # "did not accuse or condemn": the negation is shared
            continue  # "urged X to stop them and to cut ties": shares the sibling's embedding
        if lemma in governors or cur.lower_ in governors:
            return True
        if lemma == "refuse" and dep in ("xcomp", "pcomp"):
            return True
        # a promise to cooperate is cooperation ("pledged to deepen ties with X"), a promise to
        # sanction is not yet a sanction
        promised = commitments and lemma in neg.get("commitments", frozenset())
        if dep == "xcomp" and lemma in neg.get("irrealis", frozenset()) and not promised:
            return True
        if dep in ("xcomp", "pcomp", "prep", "ccomp", "acl") and any(c.dep_ == "neg" for c in cur.children):
            return True
        if lemma in neg.get("nouns", frozenset()) and any(c.lower_ in ("no", "not") for c in cur.children):
            return True
        if _no_evidence(neg.get("nouns", frozenset()), cur):
            return True  # "found no evidence that X was involved": the clause hangs on the verb
        if prev.lemma_.lower() in neg.get("nouns", frozenset()) and any(c.dep_ == "neg" for c in cur.children):
            return True  # "had not seen evidence that X was involved": the verb over the noun is negated
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in cur.children) and dep not in ("ccomp",):
            return True
    return False


def hedged(lex: Lexicon, v: Token) -> bool:
    """True when the predicate or a governing clause carries a hedge ("allegedly", "may
    have", "suspected")."""
    h = lex.hedges
    cur = v
    for _ in range(4):
        for child in cur.children:
            low = child.lower_
            if child.dep_ == "advmod" and low in h.get("adverbs", frozenset()):
                return True
            if child.dep_ == "aux" and low in h.get("auxiliaries", frozenset()):
                return True
            if child.dep_ == "amod" and low in h.get("adjectives", frozenset()):
                return True
        if cur.head.i == cur.i or cur.dep_ not in ("xcomp", "ccomp", "conj", "pcomp", "prep", "pobj", "dobj"):
            break
        cur = cur.head
        if cur.lemma_.lower() in h.get("verbs", frozenset()):
            return True
    return False


def _relative(clause: Token, proof_nouns: frozenset[str]) -> bool:
    """A true relative clause ("X, which Oslo blames"), not a content clause the parser reads as
    one ("no evidence the government was involved")."""
    if clause.head.lemma_.lower() in proof_nouns:
        return False
    return any(t.tag_ in ("WDT", "WP", "WP$") for c in clause.children for t in (c, *c.children) if t.i < clause.i)


def _no_evidence(nouns: frozenset[str], verb: Token) -> bool:
    """The verb has "no evidence" (or proof, sign ...) among its arguments."""
    return any(
        c.lemma_.lower() in nouns and any(g.lower_ in ("no", "not") for g in c.children)
        for c in verb.children
        if c.dep_ in ("dobj", "attr", "nsubj")
    )

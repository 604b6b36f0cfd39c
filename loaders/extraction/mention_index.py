"""Which mentions cover which tokens, and the small helpers every rule uses on mentions.

Why apart from the parse questions (syntax.py): these know nothing about the parse, only about
mentions and the entity hierarchy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from spacy.tokens import Doc

from kg.loaders.extraction.mentions import Mention


class MentionIndex:
    """Token index -> mentions covering it, with a preference for the mention headed there."""

    def __init__(self, doc: Doc, mentions: Iterable[Mention]) -> None:
        self.doc = doc
        self.by_token: dict[int, list[Mention]] = defaultdict(list)
        self.roots: dict[int, int] = {}  # id(mention) -> token index of its syntactic head
        for mention in mentions:
            for i in range(mention.start, mention.end):
                self.by_token[i].append(mention)

    def at(self, i: int) -> Mention | None:
        cands = self.by_token.get(i)
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]
        return max(cands, key=lambda m: (self.root(m) == i, m.end - m.start))

    def root(self, m: Mention) -> int:
        if id(m) not in self.roots:
            self.roots[id(m)] = self.doc[m.start : m.end].root.i
        return self.roots[id(m)]


def roll_up(entity_id: str, parents: dict[str, str]) -> str:
    """The top-level State or Organization an official or agency acts for (as the scorer rolls
    up: officials and agencies act for their state)."""
    seen: set[str] = set()
    while entity_id in parents and entity_id not in seen:
        seen.add(entity_id)
        entity_id = parents[entity_id]
    return entity_id


def unique(mentions: Iterable[Mention]) -> list[Mention]:
    """Mentions of distinct entities, first one kept."""
    seen: set[str] = set()
    out: list[Mention] = []
    for m in mentions:
        if m.entity_id not in seen:
            seen.add(m.entity_id)
            out.append(m)
    return out

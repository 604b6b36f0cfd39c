"""The hand-off between entity recognition and relation extraction.

Entity recognition (`entities.py`) resolves every mention in a spaCy `Doc` to an entity of the
article (coreference and aliases already applied); relation rules (`relations.py`) only look at
these mentions and the dependency parse, so the two can improve independently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from kg.schema import Entity, MergeNote


@dataclass(frozen=True)
class Mention:
    """One surface mention of a resolved entity in the article text."""

    entity_id: str  # id of an entity in `ArticleEntities.entities`
    label: str  # node label of that entity (State, Official, ...)
    start: int  # token index in the Doc (inclusive)
    end: int  # token index in the Doc (exclusive)
    start_char: int  # character offsets in Article.text
    end_char: int
    text: str  # surface form as written
    how: str  # how it was recognised: gazetteer, ner, acronym, coref, title, ...

    def span(self, doc: Doc) -> Span:
        return doc[self.start : self.end]


@dataclass
class ArticleEntities:
    """Everything entity recognition found in one article, with the structural links it knows
    (an official's state and role, an agency's parent) exposed as entity fields or relations."""

    entities: dict[str, Entity]
    mentions: list[Mention]
    merges: list[MergeNote] = field(default_factory=list)  # why each mention joined its entity

    def at_token(self, doc: Doc) -> dict[int, Mention]:
        """Token index -> mention covering it (for fast lookup from the parse)."""
        index: dict[int, Mention] = {}
        for mention in self.mentions:
            for i in range(mention.start, mention.end):
                index[i] = mention
        return index

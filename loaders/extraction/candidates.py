"""What a relation rule produces before it becomes a `kg.schema.Relation`.

Why a separate type: rules should not build evidence, dates or sections (relations.py does
that once), and some findings need the whole article before they can be completed (a denial
targets whoever made the accusation; "the White House joined in" joins whoever acted last).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from spacy.tokens import Span

from kg.loaders.extraction.mentions import Mention


@dataclass
class Candidate:
    """A relation found in one sentence: `source -type-> target`."""

    source: Mention
    type: str
    target: Mention
    sent: Span
    rule: str
    confidence: float
    hedged: bool = False


@dataclass
class Deferred:
    """A finding whose other end comes from the rest of the article.

    kind: "accusers" (REJECTS: the target is who accused the source, else who sanctioned it),
          "sanctioners" (a retort to sanctions threatens whoever imposed them),
          "perpetrators" (accusing, threatening or sanctioning over an incident targets whoever
                          is blamed for it),
          "last_actor" (JOINS without an object: the target is the last other actor),
          "last_org" (JOINS "became a member": the target is the organisation in context),
          "last_sanctioned" (expelling unnamed diplomats: the state expelled before),
          "against" (a retort naming no one: "vowed to retaliate", "condemned the move": whoever
                     acted against the speaker's side, in the sentence or most recently).
    """

    kind: str
    type: str
    source: Mention
    sent: Span
    rule: str
    confidence: float
    hedged: bool = False
    incident: Mention | None = None


Finding: TypeAlias = Candidate | Deferred

"""The per-article entity registry: entities found so far, their mentions and the merge log.

Why one place: every recogniser (gazetteer, agencies, people, incidents, coreference) adds
mentions here, so overlap checks ("is this token already part of a mention?"), alias
collection and the merge log ("why did this mention join that entity?") are written once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.tokens import Doc, Span, Token

from kg.loaders.extraction.mentions import ArticleEntities, Mention
from kg.schema import Entity, MergeNote, make_entity

DESCRIBED_HOWS = {"agency:qualified", "agency:context", "coref:agency", "coref:portfolio", "coref:definite"}


@dataclass
class Record:
    """An entity under construction."""

    id: str
    label: str
    name: str
    aliases: list[str] = field(default_factory=list)
    props: dict[str, Any] = field(default_factory=dict)  # iso3, parent, roles, kind, date, acronym
    state: str | None = None  # owning state id (agencies, officials, groups) for structure
    role: str | None = None  # officials: the office as written
    official_of: str | None = None  # officials: agency/state/org id they hold office in
    first: int = 10**9  # first token index mentioned


class Registry:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self._index: dict[str, dict[str, list[int]]] | None = None
        self.records: dict[str, Record] = {}
        self.mentions: list[Mention] = []
        self.merges: list[MergeNote] = []
        self.taken: dict[int, Mention] = {}
        self.acronyms: dict[str, str] = {}  # acronym introduced in the text -> entity id

    # ------------------------------------------------------------------ queries
    def tokens(self, words: Iterable[str], attr: str = "lower") -> list[Token]:
        """Tokens whose lower-case text ("lower"), lower-case lemma ("lemma") or exact text
        ("text") is one of `words`, in text order. Why: a dozen rules each look for a few
        words; one pass over the Doc indexes them all (a pass per rule cost more than parsing)."""
        if self._index is None:
            index: dict[str, dict[str, list[int]]] = {"lower": {}, "lemma": {}, "text": {}}
            for tok in self.doc:
                index["lower"].setdefault(tok.lower_, []).append(tok.i)
                index["lemma"].setdefault(tok.lemma_.lower(), []).append(tok.i)
                index["text"].setdefault(tok.text, []).append(tok.i)
            self._index = index
        table = self._index[attr]
        found = sorted({i for w in words for i in table.get(w, ())})
        return [self.doc[i] for i in found]

    def texts(self) -> Iterable[str]:
        """Every distinct token text of the Doc (for rules that test a pattern, not a word list)."""
        self.tokens(())
        assert self._index is not None
        return self._index["text"].keys()

    def free(self, start: int, end: int) -> bool:
        return all(i not in self.taken for i in range(start, end))

    def mention_at(self, i: int) -> Mention | None:
        return self.taken.get(i)

    def ordered(self) -> list[Mention]:
        return sorted(self.mentions, key=lambda m: m.start)

    def label_of(self, entity_id: str) -> str | None:
        rec = self.records.get(entity_id)
        return rec.label if rec else None

    # ------------------------------------------------------------------ updates
    def entity(self, entity_id: str, label: str, name: str, **props: Any) -> Record:
        rec = self.records.get(entity_id)
        if rec is None:
            rec = self.records[entity_id] = Record(entity_id, label, name)
        for key, value in props.items():
            if value is not None and key in ("state", "role", "official_of"):
                if getattr(rec, key) is None:
                    setattr(rec, key, value)
            elif value is not None:
                rec.props.setdefault(key, value)
        return rec

    def mention(self, entity_id: str, start: int, end: int, how: str, reason: str | None = None,
                alias: str | None = None) -> Mention | None:
        """Record a mention of an existing entity over tokens [start, end) if they are free."""
        rec = self.records[entity_id]
        if start >= end or not self.free(start, end):
            return None
        span: Span = self.doc[start:end]
        mention = Mention(entity_id=entity_id, label=rec.label, start=start, end=end, start_char=span.start_char,
                          end_char=span.end_char, text=span.text, how=how)
        self.mentions.append(mention)
        for i in range(start, end):
            self.taken[i] = mention
        rec.first = min(rec.first, start)
        self.add_alias(entity_id, alias or span.text)
        if reason:
            self.merges.append(MergeNote(entity=entity_id, mention=span.text, reason=reason))
        return mention

    def add_alias(self, entity_id: str, text: str) -> None:
        rec = self.records[entity_id]
        text = " ".join(text.split())
        if text and text != rec.name and text not in rec.aliases:
            rec.aliases.append(text)

    def merge(self, keep: str, gone: str, reason: str) -> None:
        """Two entities found apart turn out to be one ("the Czech counter-intelligence agency"
        in apposition to "Security Information Service"): `gone`'s mentions and aliases move to
        `keep`, and the merge log says why."""
        if keep == gone or keep not in self.records or gone not in self.records:
            return
        kept = self.records[keep]
        old = self.records.pop(gone)
        hows = {m.how for m in self.mentions if m.entity_id == gone}
        # surface forms only: a generic body's name ("Security Service of X") was never written
        for alias in ([] if hows <= DESCRIBED_HOWS else [old.name]) + old.aliases:
            self.add_alias(keep, alias)
        for i, m in enumerate(self.mentions):
            if m.entity_id == gone:
                moved = replace(m, entity_id=keep, label=kept.label)
                self.mentions[i] = moved
                for t in range(m.start, m.end):
                    self.taken[t] = moved
                self.merges.append(MergeNote(entity=keep, mention=m.text, reason=reason))
                kept.first = min(kept.first, m.start)
        self.merges = [n for n in self.merges if n.entity != gone]
        for rec in self.records.values():  # anything that pointed at the merged entity follows it
            if rec.official_of == gone:
                rec.official_of = keep
            if rec.props.get("parent") == gone:
                rec.props["parent"] = keep

    def release(self, start: int, end: int) -> None:
        """Forget the mentions lying inside tokens [start, end): a longer name claims them
        ("China" inside "Mercator Institute for China Studies")."""
        inside = [m for m in self.mentions if start <= m.start and m.end <= end]
        if not inside:
            return
        self.mentions = [m for m in self.mentions if m not in inside]
        self.taken = {i: m for i, m in self.taken.items() if m not in inside}

    def drop(self, entity_id: str) -> None:
        """Forget an entity and its mentions (a state named only as a place)."""
        self.mentions = [m for m in self.mentions if m.entity_id != entity_id]
        self.taken = {i: m for i, m in self.taken.items() if m.entity_id != entity_id}
        self.records.pop(entity_id, None)
        self.merges = [n for n in self.merges if n.entity != entity_id]

    # ------------------------------------------------------------------ output
    def result(self) -> ArticleEntities:
        entities: dict[str, Entity] = {}
        for rec in self.records.values():
            data: dict[str, Any] = {"id": rec.id, "type": rec.label, "name": rec.name, "aliases": rec.aliases[:40]}
            if rec.label == "State":
                data["iso3"] = rec.id.split(":", 1)[1]
            elif rec.label == "Agency":
                data["parent"] = rec.props.get("parent") or rec.state
            elif rec.label == "Official":
                data["roles"] = [rec.role] if rec.role else []
            elif rec.label in ("Incident", "Group"):
                data["kind"] = rec.props.get("kind")
                if rec.label == "Incident":
                    data["date"] = rec.props.get("date")
            elif rec.label == "Organization":
                data["acronym"] = rec.props.get("acronym")
            entities[rec.id] = make_entity(data)
        return ArticleEntities(entities=entities, mentions=self.ordered(), merges=self.merges)

"""Pydantic models of everything the graph holds: entities per node label, relations per
relationship type, evidence, articles and extractions.

Validation happens here, once, so neither stores nor the API have to trust their input:
unknown types, endpoint pairs the ontology does not allow, malformed ids and empty names are
rejected with messages that name the field.
"""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator, model_validator

from kg.schema.ids import assertion_id, label_of
from kg.schema.vocabulary import vocabulary

SectionKind = Literal["headline", "body", "teaser"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# ---------------------------------------------------------------------------- articles


class Section(_Model):
    """A part of an article's cleaned text. Teasers of other stories are kept apart because
    their sentences are real statements that belong to other stories."""

    kind: SectionKind
    title: str | None = None
    text: str
    start: int = Field(0, ge=0, description="offset of `text` in Article.text")


class Article(_Model):
    """A loaded, cleaned source document."""

    id: str
    url: str | None = None
    path: str | None = Field(None, description="input path or '-' for stdin")
    title: str | None = None
    published: datetime | None = None
    source: str | None = Field(None, description="publisher or site, e.g. abc.net.au")
    authors: list[str] = Field(default_factory=list)
    language: str | None = "en"
    sections: list[Section] = Field(default_factory=list)
    text: str

    @field_validator("id")
    @classmethod
    def _article_id(cls, value: str) -> str:
        if not vocabulary().labels["Article"].id_pattern.match(value):
            raise ValueError(f"malformed article id {value!r} (expected article:<hash>)")
        return value

    @field_validator("text")
    @classmethod
    def _non_empty_text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("article text is empty")
        return value


# ---------------------------------------------------------------------------- entities


class Entity(_Model):
    """Common shape of every node: deterministic id, display name, surface forms."""

    id: str
    type: str
    name: str
    aliases: list[str] = Field(default_factory=list)

    @field_validator("name")
    @classmethod
    def _name_not_empty(cls, value: str) -> str:
        if not value:
            raise ValueError("name must not be empty")
        return value

    @field_validator("aliases")
    @classmethod
    def _clean_aliases(cls, value: list[str]) -> list[str]:
        seen: list[str] = []
        for alias in (a.strip() for a in value):
            if alias and alias not in seen:
                seen.append(alias)
        return seen

    @model_validator(mode="after")
    def _id_matches_label(self) -> Entity:
        spec = vocabulary().labels.get(self.type)
        if spec is None or self.type == "Article":
            raise ValueError(f"type: unknown entity type {self.type!r}")
        if not spec.id_pattern.match(self.id):
            raise ValueError(f"id: malformed {self.type} id {self.id!r} (pattern {spec.id_pattern.pattern})")
        return self


class State(Entity):
    type: Literal["State"] = "State"
    iso3: str | None = None


class Organization(Entity):
    type: Literal["Organization"] = "Organization"
    acronym: str | None = None


class Agency(Entity):
    type: Literal["Agency"] = "Agency"
    parent: str | None = Field(None, description="id of the state, organisation or agency above")


class Official(Entity):
    type: Literal["Official"] = "Official"
    roles: list[str] = Field(default_factory=list)


class Incident(Entity):
    type: Literal["Incident"] = "Incident"
    kind: str | None = None
    date: str | None = None


class Group(Entity):
    type: Literal["Group"] = "Group"
    kind: str | None = None


ENTITY_MODELS: dict[str, type[Entity]] = {
    m.model_fields["type"].default: m for m in (State, Organization, Agency, Official, Incident, Group)
}
AnyEntity = Annotated[State | Organization | Agency | Official | Incident | Group, Field(discriminator="type")]


def make_entity(data: dict[str, Any]) -> Entity:
    """Build the right entity model from a dict, with a clear error for an unknown type."""
    model = ENTITY_MODELS.get(str(data.get("type")))
    if model is None:
        raise ValueError(f"type: unknown entity type {data.get('type')!r}")
    return model.model_validate(data)


# ---------------------------------------------------------------------------- relations


class Evidence(_Model):
    """Where an assertion comes from: the sentence, its span, the article and how sure we are."""

    article: str
    sentence: str
    start: int | None = Field(None, ge=0)
    end: int | None = Field(None, ge=0)
    date: Date | None = None
    confidence: float = Field(0.5, ge=0.0, le=1.0)
    rule: str = "unknown"
    negated: bool = False
    hedged: bool = False
    section: SectionKind = "body"

    @field_validator("sentence")
    @classmethod
    def _sentence_not_empty(cls, value: str) -> str:
        if not value:
            raise ValueError("evidence sentence must not be empty")
        return value


class Relation(_Model):
    """One assertion from one article: `source -type-> target` with its evidence."""

    source: str
    type: str
    target: str
    evidence: Evidence | None = None
    role: str | None = Field(None, description="OFFICIAL_OF only: the office held")

    @model_validator(mode="after")
    def _check_endpoints(self) -> Relation:
        spec = vocabulary().relations.get(self.type)
        if spec is None:
            raise ValueError(f"type: unknown relationship type {self.type!r}")
        source_label, target_label = label_of(self.source), label_of(self.target)
        if source_label is None:
            raise ValueError(f"source: malformed id {self.source!r}")
        if target_label is None:
            raise ValueError(f"target: malformed id {self.target!r}")
        if not spec.allows(source_label, target_label):
            raise ValueError(
                f"type: {self.type} may not connect {source_label} -> {target_label} "
                f"(allowed from {list(spec.sources)} to {list(spec.targets)})"
            )
        if spec.category in ("interaction", "incident") and self.evidence is None:
            raise ValueError(f"evidence: a {self.type} assertion needs its evidence")
        return self

    @property
    def aid(self) -> str:
        """Deterministic assertion id (same article, ends and span give the same id)."""
        ev = self.evidence
        return assertion_id(
            ev.article if ev else "",
            self.type,
            self.source,
            self.target,
            ev.start if ev else None,
            ev.end if ev else None,
        )


def _relation_model(name: str) -> type[Relation]:
    camel = "".join(part.capitalize() for part in name.split("_"))
    model: type[Relation] = create_model(
        camel,
        __base__=Relation,
        type=(Literal[name], name),  # type: ignore[call-overload,arg-type]
    )
    return model


#: one model per relationship type of the vocabulary (Accuses, Joins, OfficialOf, ...)
RELATION_MODELS: dict[str, type[Relation]] = {name: _relation_model(name) for name in vocabulary().relations}


# ---------------------------------------------------------------------------- extraction


class MergeNote(_Model):
    """Why two mentions became one entity (the entity-resolution merge log)."""

    entity: str
    mention: str
    reason: str


class Extraction(_Model):
    """An article with the entities and relations found in it."""

    article: Article
    entities: list[AnyEntity] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    merges: list[MergeNote] = Field(default_factory=list)

    @model_validator(mode="after")
    def _relations_reference_entities(self) -> Extraction:
        known = {e.id for e in self.entities}
        seen: set[str] = set()
        for entity in self.entities:
            if entity.id in seen:
                raise ValueError(f"entities: duplicate entity id {entity.id!r}")
            seen.add(entity.id)
        for i, rel in enumerate(self.relations):
            for end in ("source", "target"):
                ident = getattr(rel, end)
                if ident not in known:
                    raise ValueError(f"relations[{i}].{end}: {ident!r} is not among the extraction's entities")
            if rel.evidence is not None and rel.evidence.article != self.article.id:
                raise ValueError(
                    f"relations[{i}].evidence.article: {rel.evidence.article!r} is not {self.article.id!r}"
                )
        return self

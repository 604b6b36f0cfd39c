"""Request and response models of the HTTP API (they are also its OpenAPI schema).

Assertions and dyads are the store's own dataclasses (`kg.stores.base`), so the API cannot
drift from what the stores return. Entities and graph elements allow extra properties: each
label has its own (iso3, roles, kind, ...), listed in the vocabulary.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from kg.queries import MIN_TIMEOUT_S
from kg.stores.base import Assertion, Dyad, MemoryIndexState, Tie

MAX_TEXT_CHARS = 1_000_000


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    store: str = Field(description="which store answers: EmbeddedStore or Neo4jStore")
    version: str
    writes_enabled: bool = Field(description="whether an API key is configured (POST/DELETE /articles)")
    memory_index: MemoryIndexState = Field(
        "off", description="whether entity and neighbourhood reads come from the server's memory index yet"
    )


class StatsOut(BaseModel):
    nodes: dict[str, int]
    relations: dict[str, int]
    articles: int


class EntityOut(BaseModel):
    """A node: id, type, name, aliases and its label's own properties."""

    model_config = ConfigDict(extra="allow")
    id: str
    type: str | None = None
    name: str | None = None
    aliases: list[str] = Field(default_factory=list)


class EntityPage(BaseModel):
    items: list[EntityOut]
    next_cursor: str | None = Field(None, description="pass as `cursor` for the next page; null on the last page")


class EdgeOut(BaseModel):
    """One assertion in a graph: `source -type-> target` with its evidence properties."""

    model_config = ConfigDict(extra="allow")
    source: str
    target: str
    type: str | None = None


class NeighborhoodOut(BaseModel):
    """A neighbourhood: its nodes, the ties among them and, when asked, every assertion."""

    nodes: list[EntityOut]
    ties: list[Tie] = Field(
        description="assertions among the nodes counted per source, type and target, with first and last date"
    )
    edges: list[EdgeOut] = Field(
        description="with evidence=true: every assertion among the nodes, with its evidence; else empty"
    )
    omitted_nodes: int = Field(0, description="nodes left out by the node cap")


class RelationPage(BaseModel):
    items: list[Assertion]
    limit: int
    offset: int
    next_offset: int | None = Field(None, description="offset of the next page; null when this page is not full")


class DyadList(BaseModel):
    items: list[Dyad]
    interval: str


class PathsOut(BaseModel):
    paths: list[list[str]] = Field(description="each path as the list of node ids it passes through")
    nodes: dict[str, EntityOut] = Field(description="the nodes on the paths, by id")


class QueryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cypher: str = Field(min_length=1, max_length=20_000, description="a read-only Cypher query")
    params: dict[str, Any] = Field(default_factory=dict, description="query parameters ($name in the query)")
    timeout_s: float | None = Field(
        None, ge=MIN_TIMEOUT_S, description="seconds before the query is stopped (server default and maximum)"
    )
    max_rows: int | None = Field(None, ge=1, description="row cap (server default and maximum)")


class QueryOut(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    row_count: int
    truncated: bool = Field(description="true when the row cap cut the result")
    note: str | None = Field(None, description="what to do when truncated")
    elapsed_ms: float
    timeout_s: float = Field(description="the timeout the query ran with")
    max_rows: int = Field(description="the row cap the query ran with")


class ArticleIn(BaseModel):
    """Exactly one of `text`, `url` or `feed_url`."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(None, min_length=1, max_length=MAX_TEXT_CHARS, description="the article text")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2048, description="the article's URL: fetched unless `text` is given")
    published: datetime | None = None
    source: str | None = Field(None, max_length=200, description="publisher or site")
    feed_url: str | None = Field(None, max_length=2048, description="an RSS/Atom feed: every item is ingested")

    @field_validator("url", "feed_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.lower().startswith(("http://", "https://")):
            raise ValueError(f"{value[:80]!r} is not an http(s) URL")
        return value

    @field_validator("text")
    @classmethod
    def _has_text(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("the text is blank")
        return value

    @model_validator(mode="after")
    def _one_source(self) -> ArticleIn:
        if self.feed_url and (self.text or self.url):
            raise ValueError("give either feed_url, or text (with an optional url), or url alone")
        if not (self.text or self.url or self.feed_url):
            raise ValueError("give the article as text, url or feed_url")
        if self.feed_url and (self.title or self.published or self.source):
            raise ValueError("title, published and source describe one article: not allowed with feed_url")
        return self


class IngestOut(BaseModel):
    articles_read: int
    articles_stored: int
    article_ids: list[str] = Field(description="ids of the stored articles (DELETE /articles/{id} removes one)")
    entities: int
    relations: int
    skipped: list[str] = Field(description="inputs left out, each with its reason")
    seconds: float


class Deleted(BaseModel):
    article: str
    removed: bool = True

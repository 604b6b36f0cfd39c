"""The `GraphStore` protocol: the only way code reaches a database (architecture.md).

Both `EmbeddedStore` (LadybugDB) and `Neo4jStore` implement it and pass the same contract
test suite in `tests/stores/`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, Protocol, runtime_checkable

import networkx as nx

from kg.schema import Extraction


class StoreError(Exception):
    """A store operation failed; the message names what and why (shown to users as is)."""


class StoreLockedError(StoreError):
    """The database is held by another process."""


class QueryRefused(StoreError):
    """A query was refused before or while running: not read-only, or on the deny-list."""


class QueryTimeout(StoreError):
    """A query ran past its timeout and was stopped."""


class QueryError(StoreError):
    """The database rejected the query (syntax, unknown label, ...)."""


@dataclass
class QueryResult:
    """Rows of a read-only query, and whether the row cap cut them."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False
    elapsed_ms: float = 0.0


@dataclass
class RelationFilter:
    """Which assertions `relations()` and `dyads()` return; every field optional."""

    types: Sequence[str] = ()
    source: str | None = None
    target: str | None = None
    article: str | None = None
    since: date | None = None
    until: date | None = None
    min_confidence: float = 0.0
    include_negated: bool = False
    limit: int = 1000
    offset: int = 0


@dataclass
class Assertion:
    """One stored edge: one relation from one article with its evidence."""

    aid: str
    type: str
    source: str
    target: str
    article: str | None
    evidence: str | None
    date: str | None
    confidence: float | None
    rule: str | None
    negated: bool = False
    hedged: bool = False
    section: str | None = None
    role: str | None = None
    span_start: int | None = None
    span_end: int | None = None


@dataclass
class Dyad:
    """Directed counts between two actors for one relationship type and period."""

    source: str
    target: str
    type: str
    period: str  # "2021-07" for interval=month, "2021" for year, "all"
    count: int
    first_seen: str | None
    last_seen: str | None
    articles: int = 0


@dataclass(frozen=True, slots=True)
class Tie:
    """Every assertion of one type from `source` to `target`, counted, with the first and last
    date among them (ISO days; None when none is dated)."""

    source: str
    target: str
    type: str
    count: int
    first_seen: str | None = None
    last_seen: str | None = None


#: whether a store's reads come from its memory index: yes, not yet (being built), or never
MemoryIndexState = Literal["current", "building", "off"]


@dataclass
class StoreStats:
    nodes: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    articles: int = 0

    @property
    def total_nodes(self) -> int:
        return sum(self.nodes.values())

    @property
    def total_relations(self) -> int:
        return sum(self.relations.values())


@runtime_checkable
class GraphStore(Protocol):
    """What every store offers. Writes are idempotent and atomic per batch."""

    def upsert(self, extractions: Iterable[Extraction]) -> int:
        """Store a batch in one transaction; returns the number of assertions written.
        Re-upserting the same article replaces its assertions (changes nothing if equal)."""
        ...

    def remove_article(self, article_id: str) -> bool:
        """Retract the article's assertions and drop entities no article supports any more.
        Returns False when the article was not stored."""
        ...

    def entity(self, entity_id: str) -> dict[str, Any] | None: ...

    def search(self, text: str, types: Sequence[str] = (), limit: int = 20) -> list[dict[str, Any]]:
        """Entities whose name or alias contains `text`, case- and accent-insensitive."""
        ...

    def neighbors(
        self,
        entity_id: str,
        depth: int = 1,
        rel_types: Sequence[str] = (),
        since: date | None = None,
        until: date | None = None,
        limit: int = 500,
        assertions: bool = True,
    ) -> nx.MultiDiGraph:
        """The entity and its strongest neighbours within `depth` hops; every assertion among
        them as edges, or no edges without `assertions` (then ask `ties` for their shape)."""
        ...

    def ties(
        self, ids: Iterable[str], rel_types: Sequence[str] = (), since: date | None = None, until: date | None = None,
    ) -> list[Tie]:
        """Assertions among `ids` counted per (source, type, target) with first and last date."""
        ...

    def relations(self, flt: RelationFilter) -> list[Assertion]: ...

    def paths(self, source: str, target: str, max_hops: int = 4, limit: int = 10) -> list[list[str]]:
        """Shortest paths (as lists of node ids) between two entities, ignoring direction."""
        ...

    def dyads(self, flt: RelationFilter, interval: str = "month") -> list[Dyad]: ...

    def stats(self) -> StoreStats: ...

    def subgraph(
        self,
        center: str | None = None,
        depth: int = 2,
        rel_types: Sequence[str] = (),
        since: date | None = None,
        until: date | None = None,
        max_nodes: int = 500,
        assertions: bool = True,
    ) -> nx.MultiDiGraph:
        """Nodes with their properties and one edge per assertion (attrs: type, evidence...)."""
        ...

    def cypher(
        self,
        query: str,
        params: dict[str, Any] | None = None,
        timeout_s: float | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Read-only Cypher, enforced by the database plus a deny-list."""
        ...

    def keep_memory_index(self, keep: bool = True) -> None:
        """Answer reads from an in-memory index from now on (kg.stores.index_keeper), or stop."""
        ...

    def memory_index_state(self) -> MemoryIndexState:
        """Whether reads come from the memory index yet."""
        ...

    def close(self) -> None: ...

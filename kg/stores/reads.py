"""The query side of `GraphStore`, written once in the Cypher both databases understand
(neighbourhoods, subgraphs and ties: kg.stores.graph_reads).

Why shared: LadybugDB and Neo4j agree on almost all of the Cypher these queries need; the few
differences (`label(e)` vs `type(e)`, the `Entity` label, shortest-path syntax) are class
attributes or one method of the concrete store, so a query fixed here is fixed for both.
"""

from __future__ import annotations

import sys
import time
from abc import abstractmethod
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

from kg.schema import fold, label_of, vocabulary
from kg.schema.ddl import node_properties, quote
from kg.settings import Settings
from kg.stores.base import Assertion, Dyad, QueryResult, RelationFilter, StoreError, StoreStats
from kg.stores.common import (
    MENTIONS,
    SEARCH_SEPARATOR,
    assertion_types,
    check_types,
    entity_types,
    label_for,
    to_assertion,
)
from kg.stores.graph_reads import GraphReads, by_label, date_where, rel_pattern
from kg.stores.memory_index import MemoryIndex, assertion_key, interned
from kg.stores.readonly import Dialect, check_read_query

_PERIODS = {"month": 7, "year": 4, "all": 0}
MAX_HOPS = 10


class CypherReads(GraphReads):
    """Read methods of `GraphStore` on top of `_read()`; subclasses supply the dialect (the
    graph reads come from GraphReads)."""

    #: page assertions on their sort keys before reading whole rows (see `relations`)
    LATE_ROWS = False
    DIALECT: Dialect = "neo4j"
    settings: Settings

    @abstractmethod
    def _path_query(self, types: Sequence[str], source_label: str, target_label: str, max_hops: int) -> str:
        """Distinct shortest paths from $source to $target as lists of ids in column `ids`."""

    @abstractmethod
    def _read_only(
        self, query: str, params: dict[str, Any], timeout: float, max_rows: int,
    ) -> tuple[list[str], list[list[Any]]]:
        """Run a checked user query read-only as the database enforces it: (columns, at most
        `max_rows` rows). Raises QueryRefused, QueryTimeout or QueryError."""

    def cypher(
        self, query: str, params: dict[str, Any] | None = None,
        timeout_s: float | None = None, max_rows: int | None = None,
    ) -> QueryResult:
        """Read-only Cypher: the deny-list first (readonly.py), then the database's own read-only
        mode, with a timeout and a row cap bounded by kg.settings."""
        query = check_read_query(query, self.DIALECT)
        s = self.settings
        timeout = min(timeout_s or s.query_timeout_s, s.query_timeout_max_s)
        cap = min(max_rows or s.query_max_rows, s.query_max_rows_limit)
        started = time.perf_counter()
        columns, rows = self._read_only(query, params or {}, timeout, cap + 1)
        elapsed = (time.perf_counter() - started) * 1000
        return QueryResult(columns, rows[:cap], truncated=len(rows) > cap, elapsed_ms=elapsed)

    # ----------------------------------------------------------------- entities

    def _node_columns(self, label: str) -> str:
        props = [p for p in node_properties(label) if p != "search_text"]
        return ", ".join(["n.id AS id", *(f"n.{p} AS {p}" for p in props)])

    def _nodes(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Properties of the given nodes (one lookup per label, so each uses the id index)."""
        index = self._memory_index()
        found: dict[str, dict[str, Any]] = {}
        for label, chunk in by_label(ids).items():
            if index is not None and label in index.labels:
                found.update(index.nodes(chunk))
                continue
            query = f"UNWIND $ids AS i MATCH (n:{quote(label)} {{id: i}}) RETURN {self._node_columns(label)}"
            found.update(self._node_rows(label, self._read(query, {"ids": chunk})))
        return found

    @staticmethod
    def _node_rows(label: str, rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {row["id"]: {"type": label, **row, "aliases": list(row.get("aliases") or [])} for row in rows}

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        """The node's properties plus `type` and `mentions` (how many articles mention it)."""
        if label_of(entity_id) is None:
            return None
        node = self._nodes([entity_id]).get(entity_id)
        if node is None:
            return None
        if (index := self._memory_index()) is not None:
            node["mentions"] = index.mentions(entity_id)
            return node
        rows = self._read(
            f"MATCH (n:{quote(node['type'])} {{id: $id}})<-[m:{MENTIONS}]-() RETURN count(m) AS c", {"id": entity_id}
        )
        node["mentions"] = rows[0]["c"] if rows else 0
        return node

    def search(self, text: str, types: Sequence[str] = (), limit: int = 20) -> list[dict[str, Any]]:
        """Case- and accent-insensitive CONTAINS on `search_text`; exact name, then exact
        alias, then name prefix, then the rest (shorter names first)."""
        needle = fold(text)
        if not needle or limit <= 0:
            return []
        labels = check_types(types, entity_types(), "entity types")
        if (index := self._memory_index()) is not None:
            return index.search(needle, labels, limit)
        sep = SEARCH_SEPARATOR
        params = {"q": needle, "q_first": needle + sep, "q_mid": sep + needle + sep, "q_last": sep + needle,
                  "limit": limit}
        hits: list[dict[str, Any]] = []
        for label in labels:
            query = (
                f"MATCH (n:{quote(label)}) WHERE n.search_text CONTAINS $q "
                "WITH n, CASE WHEN n.search_text = $q OR n.search_text STARTS WITH $q_first THEN 0 "
                "WHEN n.search_text ENDS WITH $q_last OR n.search_text CONTAINS $q_mid THEN 1 "
                "WHEN n.search_text STARTS WITH $q THEN 2 ELSE 3 END AS rank "
                "RETURN n.id AS id, n.name AS name, n.aliases AS aliases, rank "
                "ORDER BY rank, n.name LIMIT $limit"
            )
            hits += [{**row, "type": label, "aliases": list(row["aliases"] or [])} for row in self._read(query, params)]
        hits.sort(key=lambda h: (h["rank"], len(h["name"] or ""), h["name"] or "", h["id"]))
        return [{k: h[k] for k in ("id", "type", "name", "aliases", "rank")} for h in hits[:limit]]

    # ----------------------------------------------------------------- assertions

    def _filter(self, flt: RelationFilter, params: dict[str, Any]) -> tuple[str | None, str]:
        """(MATCH pattern, WHERE clause) for a RelationFilter; pattern None when nothing can match.

        A given source or target is matched by its label and id (its primary-key lookup; an
        unlabelled end scans every node table), and only types that fit that label are asked."""
        types = check_types(flt.types, list(vocabulary().relations), "relationship types")
        if not flt.types:
            types = assertion_types()
        where = date_where(flt.since, flt.until, params)
        ends = {"a": "a", "b": "b"}
        for end, var, side in (("source", "a", "sources"), ("target", "b", "targets")):
            value = getattr(flt, end)
            if value is None:
                continue
            label = label_of(value)
            if label is None:  # every stored id carries its label's prefix
                return None, ""
            types = [t for t in types if label in getattr(vocabulary().relations[t], side)]
            params[end] = value
            ends[var] = f"{var}:{quote(label)} {{id: ${end}}}"
        if not types:
            return None, ""
        if flt.article is not None:
            params["article"] = flt.article
            where.append("e.article = $article")
        if flt.min_confidence > 0:
            params["min_confidence"] = flt.min_confidence
            where.append("coalesce(e.confidence, 0.0) >= $min_confidence")
        if not flt.include_negated:
            where.append("coalesce(e.negated, false) = false")
        match = f"({ends['a']})-[e{rel_pattern(types)}]->({ends['b']})"
        return match, ("WHERE " + " AND ".join(where)) if where else ""

    def relations(self, flt: RelationFilter) -> list[Assertion]:
        """Assertions matching the filter, oldest first (MENTIONS only when asked by type)."""
        params: dict[str, Any] = {"skip": max(flt.offset, 0), "limit": max(flt.limit, 0)}
        match, where = self._filter(flt, params)
        if match is None:
            return []
        # The page's aids come from the memory index's sorted keys when it holds the filter.
        # Otherwise LadybugDB pages on the two sort keys alone: it carries all 15 columns of
        # every match through the sort. (One query with `WITH ... SKIP ... collect()` gave
        # wrong pages.) Either way the page's rows are then read by aid (unique per assertion).
        page = self._indexed_page(flt)
        if page is None and self.LATE_ROWS:
            keys = self._read(f"MATCH {match} {where} RETURN e.aid AS k ORDER BY e.date, k SKIP $skip LIMIT $limit",
                              params)
            page = [row["k"] for row in keys]
        if page is not None:
            if not page:
                return []
            rows = self._read(f"MATCH {match} WHERE e.aid IN $page RETURN {self._assertion_return()}",
                              {**{k: v for k, v in params.items() if k not in ("skip", "limit")}, "page": page})
            by_aid = {row["aid"]: row for row in rows}
            return [to_assertion(by_aid[k]) for k in page if k in by_aid]
        query = (
            f"MATCH {match} {where} RETURN {self._assertion_return()} "
            "ORDER BY date, aid SKIP $skip LIMIT $limit"
        )
        return [to_assertion(r) for r in self._read(query, params)]

    def _indexed_page(self, flt: RelationFilter) -> list[str] | None:
        """The aids of the filter's page from the memory index, when it is current and the
        filter is one the index holds (not by article or confidence, not MENTIONS); else
        None: ask the database."""
        if flt.article is not None or flt.min_confidence > 0:
            return None
        types = list(flt.types) or assertion_types()
        if not set(types) <= set(assertion_types()):  # MENTIONS is not in the index
            return None
        if (index := self._memory_index()) is None:
            return None
        params: dict[str, Any] = {}
        date_where(flt.since, flt.until, params)  # the bounds exactly as the database compares them
        return index.page(types, flt.include_negated, max(flt.offset, 0), max(flt.limit, 0),
                          flt.source, flt.target, params.get("since"), params.get("until"))

    def dyads(self, flt: RelationFilter, interval: str = "month") -> list[Dyad]:
        """Directed counts per (source, target, type, period), most frequent first.

        Undated assertions fall into period "undated" (for interval "all": "all")."""
        if interval not in _PERIODS:
            raise StoreError(f"unknown interval {interval!r} (use one of {', '.join(_PERIODS)})")
        params: dict[str, Any] = {"skip": max(flt.offset, 0), "limit": max(flt.limit, 0)}
        match, where = self._filter(flt, params)
        if match is None:
            return []
        width = _PERIODS[interval]
        period = f"coalesce(left(e.date, {width}), 'undated')" if width else "'all'"
        query = (
            f"MATCH {match} {where} "
            f"WITH a.id AS source, b.id AS target, {self.REL_TYPE_FN}(e) AS type, {period} AS period, e "
            "RETURN source, target, type, period, count(e) AS count, min(e.date) AS first_seen, "
            "max(e.date) AS last_seen, count(DISTINCT e.article) AS articles "
            "ORDER BY count DESC, source, target, type, period SKIP $skip LIMIT $limit"
        )
        return [Dyad(**row) for row in self._read(query, params)]

    # ----------------------------------------------------------------- memory index

    def memory_index_tables(self, token: Hashable) -> MemoryIndex:
        """A MemoryIndex of the whole graph read from the database now: every entity, its
        mention count and every tie (MENTIONS excluded)."""
        nodes: dict[str, dict[str, Any]] = {}
        search_texts: dict[str, str] = {}
        for label in entity_types():
            rows = self._read(f"MATCH (n:{quote(label)}) RETURN {self._node_columns(label)}, n.search_text AS _search")
            search_texts.update((row["id"], row.pop("_search") or "") for row in rows)
            nodes.update(self._node_rows(label, rows))
        mentions = {
            row["id"]: row["c"]
            for row in self._read(f"MATCH (:Article)-[m:{MENTIONS}]->(n) RETURN n.id AS id, count(m) AS c")
        }
        pattern = f"(a{self.ANY_ENTITY})-[e{rel_pattern(assertion_types())}]->(b)"
        keys = [
            assertion_key(sys.intern(row["type"]), interned(row["date"]), row["aid"], row["negated"],
                          sys.intern(row["source"]), sys.intern(row["target"]))
            for row in self._read(f"MATCH {pattern} RETURN {self.REL_TYPE_FN}(e) AS type, e.date AS date, "
                                  "e.aid AS aid, coalesce(e.negated, false) AS negated, a.id AS source, b.id AS target")
        ]
        return MemoryIndex(entity_types(), nodes, mentions, self.tie_table(), token, keys, search_texts)

    # ----------------------------------------------------------------- graphs

    def paths(self, source: str, target: str, max_hops: int = 4, limit: int = 10) -> list[list[str]]:
        """Distinct shortest undirected paths over assertions (MENTIONS excluded)."""
        if not 1 <= max_hops <= MAX_HOPS:
            raise StoreError(f"max_hops must be between 1 and {MAX_HOPS}, got {max_hops}")
        found = self._nodes([source, target])
        if source not in found or target not in found or limit <= 0:
            return []
        if source == target:
            return [[source]]
        query = self._path_query(assertion_types(), label_for(source), label_for(target), max_hops)
        rows = self._read(query, {"source": source, "target": target, "limit": limit})
        return [list(r["ids"]) for r in rows][:limit]

    def stats(self) -> StoreStats:
        """Node counts per entity label, assertion counts per type (MENTIONS excluded), articles."""
        stats = StoreStats()
        for label in entity_types():
            stats.nodes[label] = self._read(f"MATCH (n:{quote(label)}) RETURN count(n) AS c")[0]["c"]
        for rel in assertion_types():
            stats.relations[rel] = self._read(f"MATCH ()-[e:{quote(rel)}]->() RETURN count(e) AS c")[0]["c"]
        stats.articles = self._read("MATCH (n:Article) RETURN count(n) AS c")[0]["c"]
        return stats

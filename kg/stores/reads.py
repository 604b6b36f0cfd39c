"""The query side of `GraphStore`, written once in the Cypher both databases understand.

Why shared: LadybugDB and Neo4j agree on almost all of the Cypher these queries need; the few
differences (`label(e)` vs `type(e)`, the `Entity` label, shortest-path syntax) are class
attributes or one method of the concrete store, so a query fixed here is fixed for both.
"""

from __future__ import annotations

import sys
import time
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import networkx as nx

from kg.schema import fold, label_of, vocabulary
from kg.schema.ddl import node_properties, quote, relation_properties
from kg.settings import Settings
from kg.stores.base import Assertion, Dyad, QueryResult, RelationFilter, StoreError, StoreStats, Tie
from kg.stores.common import (
    MENTIONS,
    SEARCH_SEPARATOR,
    assertion_types,
    check_types,
    entity_types,
    label_for,
    to_assertion,
)
from kg.stores.memory_index import TIE_COLUMNS, MemoryIndex
from kg.stores.readonly import Dialect, check_read_query

_PERIODS = {"month": 7, "year": 4, "all": 0}
MAX_HOPS = 10


def _rel_pattern(types: Sequence[str]) -> str:
    return ":" + "|".join(quote(t) for t in types)


def _by_label(ids: Iterable[str]) -> dict[str, list[str]]:
    """Ids grouped by the label their prefix names (each group can use that label's index)."""
    groups: dict[str, list[str]] = {}
    for ident in dict.fromkeys(ids):
        groups.setdefault(label_for(ident), []).append(ident)
    return groups


def _date_where(since: date | None, until: date | None, params: dict[str, Any]) -> list[str]:
    where = []
    if since is not None:
        params["since"] = since.isoformat()
        where.append("e.date >= $since")
    if until is not None:
        # `date` may be a full ISO timestamp in other writers' data: compare on the day prefix.
        params["until"] = until.isoformat() + "\uffff"
        where.append("e.date <= $until")
    return where


class CypherReads(ABC):
    """Read methods of `GraphStore` on top of `_read()`; subclasses supply the dialect."""

    #: function giving a relationship's type: `type` (Neo4j) or `label` (LadybugDB)
    REL_TYPE_FN = "type"
    #: label that every entity node carries, to anchor unlabeled matches (Neo4j: Entity)
    ANY_ENTITY = ""
    #: page assertions on their sort keys before reading whole rows (see `relations`)
    LATE_ROWS = False
    DIALECT: Dialect = "neo4j"
    settings: Settings

    @abstractmethod
    def _read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one internal read query (trusted text, parameters for all values)."""

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
        for label, chunk in _by_label(ids).items():
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

    def _assertion_return(self) -> str:
        cols = [f"e.{p} AS {p}" for p in relation_properties()]
        return ", ".join(["a.id AS source", "b.id AS target", f"{self.REL_TYPE_FN}(e) AS type", *cols])

    def _filter(self, flt: RelationFilter, params: dict[str, Any]) -> tuple[str | None, str]:
        """(MATCH pattern, WHERE clause) for a RelationFilter; pattern None when nothing can match.

        A given source or target is matched by its label and id (its primary-key lookup; an
        unlabelled end scans every node table), and only types that fit that label are asked."""
        types = check_types(flt.types, list(vocabulary().relations), "relationship types")
        if not flt.types:
            types = assertion_types()
        where = _date_where(flt.since, flt.until, params)
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
        match = f"({ends['a']})-[e{_rel_pattern(types)}]->({ends['b']})"
        return match, ("WHERE " + " AND ".join(where)) if where else ""

    def relations(self, flt: RelationFilter) -> list[Assertion]:
        """Assertions matching the filter, oldest first (MENTIONS only when asked by type)."""
        params: dict[str, Any] = {"skip": max(flt.offset, 0), "limit": max(flt.limit, 0)}
        match, where = self._filter(flt, params)
        if match is None:
            return []
        if self.LATE_ROWS:
            # Page on the two sort keys alone, then read the page's rows by aid (unique per
            # assertion): LadybugDB otherwise carries all 15 columns of every match through
            # the sort. (One query with `WITH ... SKIP ... collect()` gave wrong pages.)
            keys = self._read(f"MATCH {match} {where} RETURN e.aid AS k ORDER BY e.date, k SKIP $skip LIMIT $limit",
                              params)
            page = [row["k"] for row in keys]
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

    def _anchored(
        self, ids: Iterable[str], types: Sequence[str], end: str, params: dict[str, Any],
    ) -> list[tuple[str, str]]:
        """(pattern, id condition) per label of `ids`, the `end` node ("a" or "b") labelled.

        Why labelled: ids carry their label (kg.schema.label_of), and an unlabelled
        `(a) WHERE a.id IN $ids` looks in every node table; only the types that can start
        (end) at that label are matched."""
        out = []
        for label, chunk in _by_label(ids).items():
            ends = "sources" if end == "a" else "targets"
            fit = [t for t in types if label in getattr(vocabulary().relations[t], ends)]
            if not fit:
                continue
            key = f"ids_{end}{len(params)}"
            params[key] = chunk
            node = f"{end}:{quote(label)}"
            pattern = f"(a)-[e{_rel_pattern(fit)}]->({node})" if end == "b" else f"({node})-[e{_rel_pattern(fit)}]->(b)"
            out.append((pattern, f"{end}.id IN ${key}"))
        return out

    def _tie_weights(
        self, ids: list[str], types: Sequence[str], since: date | None, until: date | None,
    ) -> Counter[str]:
        """Assertion counts per node at the other end of an assertion with `ids`, counted in
        the database: returning every incident assertion in full (15 values a row, ~2-3 µs
        each in the Python binding) to count them here cost more than finding them. Measured
        (100k-assertion graph, one centre, median of 45): 4.7 ms vs 11.8 ms before."""
        if since is None and until is None and (index := self._memory_index()) is not None:
            return index.weights(ids, types)
        params: dict[str, Any] = {}
        dates = _date_where(since, until, params)
        parts = []
        for end, other in (("a", "b"), ("b", "a")):
            for pattern, cond in self._anchored(ids, types, end, params):
                where = " AND ".join([cond, *dates])
                parts.append(f"MATCH {pattern} WHERE {where} RETURN {other}.id AS id, count(e) AS w")
        weights: Counter[str] = Counter()
        if parts:
            for row in self._read(" UNION ALL ".join(parts), params):
                weights[row["id"]] += row["w"]
        return weights

    def _among(self, ids: list[str], types: Sequence[str], since: date | None, until: date | None) -> list[Assertion]:
        """Assertions with both ends among `ids`.

        One query, not one per label: per-label parts joined by UNION ALL measured slower
        (53 vs 39 ms median for ~500 edges among ~80 nodes on LadybugDB), the time going into
        turning rows into Python values rather than into finding them."""
        params: dict[str, Any] = {"ids": ids}
        where = " AND ".join(["a.id IN $ids", "b.id IN $ids", *_date_where(since, until, params)])
        pattern = f"(a{self.ANY_ENTITY})-[e{_rel_pattern(types)}]->(b)"
        rows = self._read(f"MATCH {pattern} WHERE {where} RETURN {self._assertion_return()}", params)
        return [to_assertion(r) for r in rows]

    # ----------------------------------------------------------------- ties

    def _memory_index(self) -> MemoryIndex | None:
        """A current in-memory index, or None to ask the database (see kg.stores.memory_index)."""
        return None

    def memory_index_tables(self, generation: int) -> MemoryIndex:
        """A MemoryIndex of the whole graph read from the database now: every entity, its
        mention count and every tie (MENTIONS excluded)."""
        nodes: dict[str, dict[str, Any]] = {}
        for label in entity_types():
            rows = self._read(f"MATCH (n:{quote(label)}) RETURN {self._node_columns(label)}")
            nodes.update(self._node_rows(label, rows))
        mentions = {
            row["id"]: row["c"]
            for row in self._read(f"MATCH (:Article)-[m:{MENTIONS}]->(n) RETURN n.id AS id, count(m) AS c")
        }
        return MemoryIndex(entity_types(), nodes, mentions, self.tie_table(), generation)

    def _tie_return(self) -> str:
        return (
            f"RETURN a.id AS source, b.id AS target, {self.REL_TYPE_FN}(e) AS type, count(e) AS count, "
            "min(e.date) AS first_seen, max(e.date) AS last_seen"
        )

    def tie_table(self) -> list[Tie]:
        """Every tie of the graph (MENTIONS excluded): what a MemoryIndex is built from.
        Ids, types and dates are interned: each comes back once per tie, and there are far
        fewer distinct ones (measured, 92,605 ties of the benchmark graph: 37 MiB before, 10 MiB after)."""
        pattern = f"(a{self.ANY_ENTITY})-[e{_rel_pattern(assertion_types())}]->(b)"
        ties = []
        for row in self._read(f"MATCH {pattern} {self._tie_return()}"):
            first, last = row["first_seen"], row["last_seen"]
            ties.append(Tie(
                sys.intern(row["source"]), sys.intern(row["target"]), sys.intern(row["type"]), row["count"],
                sys.intern(first) if first is not None else None, sys.intern(last) if last is not None else None,
            ))
        return ties

    def ties(
        self, ids: Iterable[str], rel_types: Sequence[str] = (), since: date | None = None, until: date | None = None,
    ) -> list[Tie]:
        """Assertions among `ids` counted per (source, type, target), with first and last date;
        sorted by source, type, target. The light form of `_among` for graphs whose every
        assertion is not needed."""
        types = check_types(rel_types, assertion_types(), "relationship types")
        kept = sorted(set(ids))
        if not kept:
            return []
        if since is None and until is None and (index := self._memory_index()) is not None:
            found = index.among(kept, types)
        else:
            params: dict[str, Any] = {"ids": kept}
            where = " AND ".join(["a.id IN $ids", "b.id IN $ids", *_date_where(since, until, params)])
            pattern = f"(a{self.ANY_ENTITY})-[e{_rel_pattern(types)}]->(b)"
            rows = self._read(f"MATCH {pattern} WHERE {where} {self._tie_return()}", params)
            found = [Tie(*(row[c] for c in TIE_COLUMNS)) for row in rows]
        return sorted(found, key=lambda t: (t.source, t.type, t.target))

    # ----------------------------------------------------------------- graphs

    def neighbors(
        self, entity_id: str, depth: int = 1, rel_types: Sequence[str] = (),
        since: date | None = None, until: date | None = None, limit: int = 500, assertions: bool = True,
    ) -> nx.MultiDiGraph:
        """The entity and up to `limit` neighbours within `depth` hops (strongest ties first);
        without `assertions`, the nodes only (for callers that want `ties` instead)."""
        return self.subgraph(entity_id, depth, rel_types, since, until, max_nodes=limit + 1, assertions=assertions)

    def subgraph(
        self, center: str | None = None, depth: int = 2, rel_types: Sequence[str] = (),
        since: date | None = None, until: date | None = None, max_nodes: int = 500, assertions: bool = True,
    ) -> nx.MultiDiGraph:
        """Nodes ranked by tie strength (assertion count) and, with `assertions`, every
        assertion among them; graph attr `omitted_nodes` counts the matching nodes left out
        by `max_nodes`."""
        types = check_types(rel_types, assertion_types(), "relationship types")
        if center is not None:
            kept, omitted = self._ego(center, max(depth, 0), types, since, until, max(max_nodes, 1))
        else:
            kept, omitted = self._strongest(types, since, until, max(max_nodes, 0))
        edges = self._among(kept, types, since, until) if kept and assertions else []
        found = self._nodes(kept)
        ranked = {ident: found[ident] for ident in kept if ident in found}  # centre, then strongest ties first
        return build_graph(ranked, edges, omitted)

    def _ego(
        self, center: str, depth: int, types: Sequence[str], since: date | None, until: date | None, max_nodes: int,
    ) -> tuple[list[str], int]:
        if center not in self._nodes([center]):
            raise StoreError(f"no entity {center!r} in the store")
        kept, omitted, frontier = [center], set(), [center]
        seen = {center}
        for _ in range(depth):
            if not frontier:
                break
            ties = self._tie_weights(frontier, types, since, until)
            weights = {i: w for i, w in ties.items() if i not in seen}
            ranked = sorted(weights, key=lambda i: (-weights[i], i))
            room = max_nodes - len(kept)
            frontier = ranked[: max(room, 0)]
            kept += frontier
            omitted.update(ranked[len(frontier):])
            seen.update(ranked)
        return kept, len(omitted)

    def _strongest(
        self, types: Sequence[str], since: date | None, until: date | None, max_nodes: int,
    ) -> tuple[list[str], int]:
        params: dict[str, Any] = {}
        dates = _date_where(since, until, params)
        where = ("WHERE " + " AND ".join(dates)) if dates else ""
        pattern, ent = _rel_pattern(types), self.ANY_ENTITY
        # Out- and in-degree apart: an undirected pattern counts a self-loop twice on
        # LadybugDB and once on Neo4j, which made the two stores keep different nodes.
        weights: Counter[str] = Counter()
        for end in ("a", "b"):
            anchored = f"(a{ent})-[e{pattern}]->(b)" if end == "a" else f"(a)-[e{pattern}]->(b{ent})"
            for row in self._read(f"MATCH {anchored} {where} RETURN {end}.id AS id, count(e) AS w", params):
                weights[row["id"]] += row["w"]
        ranked = sorted(weights, key=lambda i: (-weights[i], i))
        return ranked[:max_nodes], max(len(ranked) - max_nodes, 0)

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


def build_graph(nodes: dict[str, dict[str, Any]], edges: list[Assertion], omitted: int) -> nx.MultiDiGraph:
    """The networkx form every consumer (analytics, reports, viewer) reads.

    Node attrs: label, name, aliases and the label's properties; edge key = aid, edge attrs:
    type and every assertion property. Unknown (None) values are left out.
    """
    graph = nx.MultiDiGraph(omitted_nodes=omitted)
    for ident, node in nodes.items():
        attrs = {k: v for k, v in node.items() if v is not None and k not in ("id", "type")}
        graph.add_node(ident, label=node["type"], **attrs)
    for a in edges:
        if a.source in graph and a.target in graph:
            attrs = {k: v for k, v in vars(a).items() if v is not None and k not in ("source", "target")}
            graph.add_edge(a.source, a.target, key=a.aid, **attrs)
    return graph

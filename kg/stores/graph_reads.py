"""The graph side of `GraphStore` reads: neighbourhoods, subgraphs and ties, ranked by tie
strength, in the Cypher both databases understand (see kg.stores.reads), or from the embedded
store's MemoryIndex when it is current.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from operator import attrgetter
from typing import Any

import networkx as nx

from kg.schema import vocabulary
from kg.schema.ddl import quote, relation_properties
from kg.stores.base import Assertion, StoreError, Tie
from kg.stores.common import assertion_types, check_types, label_for, to_assertion
from kg.stores.memory_index import MemoryIndex, tie_from_row


def rel_pattern(types: Sequence[str]) -> str:
    return ":" + "|".join(quote(t) for t in types)


def by_label(ids: Iterable[str]) -> dict[str, list[str]]:
    """Ids grouped by the label their prefix names (each group can use that label's index)."""
    groups: dict[str, list[str]] = {}
    for ident in dict.fromkeys(ids):
        groups.setdefault(label_for(ident), []).append(ident)
    return groups


def date_where(since: date | None, until: date | None, params: dict[str, Any]) -> list[str]:
    where = []
    if since is not None:
        params["since"] = since.isoformat()
        where.append("e.date >= $since")
    if until is not None:
        # `date` may be a full ISO timestamp in other writers' data: compare on the day prefix.
        params["until"] = until.isoformat() + "\uffff"
        where.append("e.date <= $until")
    return where


class GraphReads(ABC):
    """Neighbourhood and tie reads on top of `_read()` and `_nodes()`."""

    #: function giving a relationship's type: `type` (Neo4j) or `label` (LadybugDB)
    REL_TYPE_FN = "type"
    #: label that every entity node carries, to anchor unlabeled matches (Neo4j: Entity)
    ANY_ENTITY = ""

    @abstractmethod
    def _read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one internal read query (trusted text, parameters for all values)."""

    @abstractmethod
    def _nodes(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Properties of the given nodes, by id."""

    def _assertion_return(self) -> str:
        cols = [f"e.{p} AS {p}" for p in relation_properties()]
        return ", ".join(["a.id AS source", "b.id AS target", f"{self.REL_TYPE_FN}(e) AS type", *cols])


    def _anchored(
        self, ids: Iterable[str], types: Sequence[str], end: str, params: dict[str, Any],
    ) -> list[tuple[str, str]]:
        """(pattern, id condition) per label of `ids`, the `end` node ("a" or "b") labelled.

        Why labelled: ids carry their label (kg.schema.label_of), and an unlabelled
        `(a) WHERE a.id IN $ids` looks in every node table; only the types that can start
        (end) at that label are matched."""
        out = []
        for label, chunk in by_label(ids).items():
            ends = "sources" if end == "a" else "targets"
            fit = [t for t in types if label in getattr(vocabulary().relations[t], ends)]
            if not fit:
                continue
            key = f"ids_{end}{len(params)}"
            params[key] = chunk
            node = f"{end}:{quote(label)}"
            pattern = f"(a)-[e{rel_pattern(fit)}]->({node})" if end == "b" else f"({node})-[e{rel_pattern(fit)}]->(b)"
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
        dates = date_where(since, until, params)
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
        where = " AND ".join(["a.id IN $ids", "b.id IN $ids", *date_where(since, until, params)])
        pattern = f"(a{self.ANY_ENTITY})-[e{rel_pattern(types)}]->(b)"
        rows = self._read(f"MATCH {pattern} WHERE {where} RETURN {self._assertion_return()}", params)
        return [to_assertion(r) for r in rows]

    # ----------------------------------------------------------------- ties

    def _memory_index(self) -> MemoryIndex | None:
        """A current in-memory index, or None to ask the database (see kg.stores.memory_index)."""
        return None

    def _tie_return(self) -> str:
        return (
            f"RETURN a.id AS source, b.id AS target, {self.REL_TYPE_FN}(e) AS type, count(e) AS count, "
            "min(e.date) AS first_seen, max(e.date) AS last_seen"
        )

    def tie_table(self) -> list[Tie]:
        """Every tie of the graph (MENTIONS excluded): what a MemoryIndex is built from."""
        pattern = f"(a{self.ANY_ENTITY})-[e{rel_pattern(assertion_types())}]->(b)"
        return [tie_from_row(row) for row in self._read(f"MATCH {pattern} {self._tie_return()}")]

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
            where = " AND ".join(["a.id IN $ids", "b.id IN $ids", *date_where(since, until, params)])
            pattern = f"(a{self.ANY_ENTITY})-[e{rel_pattern(types)}]->(b)"
            rows = self._read(f"MATCH {pattern} WHERE {where} {self._tie_return()}", params)
            found = [tie_from_row(row) for row in rows]
        return sorted(found, key=attrgetter("source", "type", "target"))

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
        dates = date_where(since, until, params)
        where = ("WHERE " + " AND ".join(dates)) if dates else ""
        pattern, ent = rel_pattern(types), self.ANY_ENTITY
        # Out- and in-degree apart: an undirected pattern counts a self-loop twice on
        # LadybugDB and once on Neo4j, which made the two stores keep different nodes.
        weights: Counter[str] = Counter()
        for end in ("a", "b"):
            anchored = f"(a{ent})-[e{pattern}]->(b)" if end == "a" else f"(a)-[e{pattern}]->(b{ent})"
            for row in self._read(f"MATCH {anchored} {where} RETURN {end}.id AS id, count(e) AS w", params):
                weights[row["id"]] += row["w"]
        ranked = sorted(weights, key=lambda i: (-weights[i], i))
        return ranked[:max_nodes], max(len(ranked) - max_nodes, 0)


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

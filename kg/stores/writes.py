"""The write side of `GraphStore` (upsert, remove_article), shared by both stores.

One transaction per call: write the Article nodes, retract what those articles asserted
before, MERGE the entity nodes (one `UNWIND $rows ... MERGE` per label, merged with what is
stored), append the assertions (how is the store's own business: `_write_all_rels`), then
drop entities no article mentions any more.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from functools import cache
from typing import Any, Protocol

from kg.schema.ddl import node_properties, quote
from kg.stores.common import MENTIONS, RelKey, WriteBatch, assertion_types, build_batch, label_for, merge_node
from kg.stores.reads import CypherReads

#: rows per statement: large enough to amortise planning, small enough to bound memory
CHUNK = 5000


class Runner(Protocol):
    """What a write transaction offers: run one statement, get rows as dicts."""

    def run(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...


def chunks(rows: list[dict[str, Any]], size: int = CHUNK) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _value(prop: str, kind: str, cast: bool) -> str:
    return f"CAST(r.{prop} AS {kind})" if cast and kind != "STRING" else f"r.{prop}"


@cache
def node_statement(label: str, cast: bool, entity_label: str | None) -> str:
    """MERGE a label's nodes on id and set every property (the rows are already merged)."""
    sets = [f"n.{p} = {_value(p, kind, cast)}" for p, kind in node_properties(label).items()]
    extra = f", n:{quote(entity_label)}" if entity_label and label != "Article" else ""
    return f"UNWIND $rows AS r MERGE (n:{quote(label)} {{id: r.id}}) SET {', '.join(sets)}{extra}"


def _differs(old: Any, new: Any) -> bool:
    """Stored vs merged property; a database may hand back an empty list as None."""
    if isinstance(old, list | type(None)) and isinstance(new, list | type(None)):
        return list(old or []) != list(new or [])
    return bool(old != new)


class CypherWrites(CypherReads):
    """`upsert` and `remove_article` on top of `_write_tx()`; subclasses supply the dialect."""

    #: LadybugDB infers parameter types from values, so all-None columns need a CAST
    CAST_PARAMS = False
    #: extra label every entity node gets (Neo4j: Entity, for label-free lookups and search)
    ENTITY_LABEL: str | None = None

    @abstractmethod
    def _write_tx(self) -> AbstractContextManager[Runner]:
        """A write transaction: committed when the block ends, rolled back on any error."""

    # ----------------------------------------------------------------- upsert

    def upsert(self, extractions: Iterable[Any]) -> int:
        """Write a batch in one transaction; returns the number of assertions written.

        An article already stored is first retracted, so a changed extraction replaces the
        old one and an unchanged one leaves the graph as it was."""
        batch = build_batch(extractions)
        if not batch.article_ids:
            return 0
        with self._write_tx() as tx:
            self._write_batch(tx, batch)
        return batch.assertions

    def _write_batch(self, tx: Runner, batch: WriteBatch) -> None:
        # Articles first: on Neo4j the MERGE locks them, so two writers of one article take
        # turns and the second retracts what the first wrote instead of duplicating it.
        self._write_nodes(tx, "Article", batch.articles)
        previously = self._retract(tx, batch.article_ids)
        for label, nodes in batch.nodes.items():
            self._write_nodes(tx, label, list(nodes.values()))
        self._write_all_rels(tx, batch.rels)
        self._drop_orphans(tx, previously - batch.entity_ids())

    def _write_nodes(self, tx: Runner, label: str, rows: list[dict[str, Any]]) -> None:
        if label != "Article":
            rows = self._merge_with_stored(tx, label, rows)
        for chunk in chunks(rows):
            if not chunk:
                continue
            tx.run(node_statement(label, self.CAST_PARAMS, self.ENTITY_LABEL), {"rows": chunk})

    def _merge_with_stored(self, tx: Runner, label: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Rows merged with the stored nodes (aliases union, first name kept), leaving out
        nodes the merge would not change: most mentions are of entities already known."""
        props = [p for p in node_properties(label) if p != "search_text"]
        query = f"UNWIND $ids AS i MATCH (n:{quote(label)} {{id: i}}) RETURN {self._node_columns(label)}"
        stored: dict[str, dict[str, Any]] = {}
        for chunk in chunks(rows):
            for row in tx.run(query, {"ids": [r["id"] for r in chunk]}):
                stored[row["id"]] = row
        merged = []
        for row in rows:
            old = stored.get(row["id"])
            new = merge_node(old, row, label)
            if old is None or any(_differs(old.get(p), new.get(p)) for p in props):
                merged.append(new)
        return merged

    @abstractmethod
    def _write_all_rels(self, tx: Runner, rels: dict[RelKey, list[dict[str, Any]]]) -> None:
        """Write the assertion and MENTIONS rows, grouped by (type, source label, target label).

        Every aid here is new: aids contain their article's id and an article already stored
        was retracted earlier in this transaction. So a store appends (COPY, CREATE) instead
        of MERGE-ing on aid, which measured 10-20x slower on both databases; idempotence
        comes from retract-then-write. A row whose end is not stored must fail the batch."""

    # ----------------------------------------------------------------- retraction

    def _retract(self, tx: Runner, article_ids: list[str]) -> set[str]:
        """Delete the articles' assertions and MENTIONS edges; returns the entities they mentioned.

        Anchored on the Article's MENTIONS edges (every assertion's source is an entity its
        article mentions), so retraction is an index lookup, not a scan of every edge."""
        params = {"ids": article_ids}
        mentioned = {r["id"] for r in tx.run(
            f"UNWIND $ids AS i MATCH (:Article {{id: i}})-[:{MENTIONS}]->(x) RETURN DISTINCT x.id AS id", params
        )}
        if not mentioned:  # new articles (every stored article mentions what its assertions link)
            return mentioned
        types = "|".join(quote(t) for t in assertion_types())
        tx.run(
            f"UNWIND $ids AS i MATCH (:Article {{id: i}})-[:{MENTIONS}]->(x)-[e:{types}]->() "
            "WHERE e.article = i DELETE e", params,
        )
        tx.run(f"UNWIND $ids AS i MATCH (:Article {{id: i}})-[m:{MENTIONS}]->() DELETE m", params)
        return mentioned

    def _drop_orphans(self, tx: Runner, candidates: set[str]) -> None:
        """Delete candidate entities no article mentions any more."""
        by_label: dict[str, list[str]] = {}
        for ident in sorted(candidates):
            by_label.setdefault(label_for(ident), []).append(ident)
        for label, ids in by_label.items():
            tx.run(
                f"UNWIND $ids AS i MATCH (n:{quote(label)} {{id: i}}) "
                f"WHERE NOT EXISTS {{ MATCH (n)<-[:{MENTIONS}]-() }} DETACH DELETE n", {"ids": ids},
            )

    def remove_article(self, article_id: str) -> bool:
        """Retract the article's assertions, its MENTIONS edges and node, and orphaned entities."""
        with self._write_tx() as tx:
            if not tx.run("MATCH (a:Article {id: $id}) RETURN a.id AS id", {"id": article_id}):
                return False
            mentioned = self._retract(tx, [article_id])
            tx.run("MATCH (a:Article {id: $id}) DETACH DELETE a", {"id": article_id})
            self._drop_orphans(tx, mentioned)
        return True

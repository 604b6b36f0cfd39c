"""`Neo4jStore`: the same `GraphStore` on a Neo4j 5.26+ server (Community is enough).

Every entity node carries the extra label `Entity` (search and label-free lookups use it).
Constraints and indexes from `kg.schema.ddl.neo4j_constraints()` are created once at open,
each in its own schema transaction (Neo4j refuses schema and data writes in one).
User Cypher runs in a READ session after an `EXPLAIN` that must report query type "r": the
driver documents access mode as routing, not security, so both are checked.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import neo4j
from neo4j import GraphDatabase, Query, RoutingControl
from neo4j.exceptions import Neo4jError, ServiceUnavailable
from neo4j.graph import Node, Path, Relationship

from kg.schema.ddl import neo4j_constraints, quote, relation_properties
from kg.settings import Settings, get_settings
from kg.stores.base import QueryError, QueryRefused, QueryTimeout, StoreError
from kg.stores.common import RelKey
from kg.stores.index_keeper import IndexKeeper
from kg.stores.writes import CypherWrites, Runner, chunks

ENTITY = "Entity"
#: the node holding the token of the last geokg write (see kg.stores.index_keeper)
META_LABEL = "GeokgMeta"
#: how long a read trusts the write token it last read: writes by other geokg processes reach
#: this one's memory index within this many seconds (its own writes at once)
WRITE_TOKEN_TTL = 0.2
_QUERY_TYPES = {"w": "write", "rw": "read and write", "s": "change the schema"}


def _plain(value: Any) -> Any:
    """Driver values as plain Python, shaped like the embedded store's (`_label` + properties)."""
    if isinstance(value, Node):
        label = next((lbl for lbl in sorted(value.labels) if lbl != ENTITY), ENTITY)
        return {"_label": label, **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"_label": value.type, **{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return {"nodes": [_plain(n) for n in value.nodes], "relationships": [_plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def _pair_statement(source: str, target: str) -> str:
    sets = ", ".join(f"e.{p} = r.{p}" for p in relation_properties())
    return (
        f"UNWIND $rows AS r MATCH (a:{quote(source)} {{id: r.s}}) MATCH (b:{quote(target)} {{id: r.t}}) "
        f"CREATE (a)-[e:$(r.type)]->(b) SET {sets} RETURN count(e) AS n"
    )


def _missing_endpoint(tx: Runner, source: str, target: str, rows: list[dict[str, Any]]) -> None:
    """Raise (and so roll back) naming the first assertion whose end is not stored."""
    for end, label in (("s", source), ("t", target)):
        ids = sorted({r[end] for r in rows})
        query = f"UNWIND $ids AS i MATCH (n:{quote(label)} {{id: i}}) RETURN n.id AS id"
        found = {r["id"] for r in tx.run(query, {"ids": ids})}
        for row in rows:
            if row[end] not in found:
                raise StoreError(
                    f"article {row.get('article')}: {row['type']} assertion {row['s']} -> {row['t']} names "
                    f"{row[end]!r}, which is neither in the article's entities nor stored; batch not written"
                )
    raise StoreError(f"{source}->{target}: fewer assertions written than given; batch not written")


class _Tx:
    """A `Runner` on an explicit Neo4j transaction."""

    def __init__(self, tx: neo4j.Transaction) -> None:
        self._tx = tx

    def run(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        try:
            return self._tx.run(query, params or {}).data()
        except Neo4jError as exc:
            raise StoreError(f"Neo4j refused a write statement: {exc.code}: {exc.message}") from exc


class Neo4jStore(IndexKeeper, CypherWrites):
    """A store on a Neo4j server reached over Bolt."""

    REL_TYPE_FN = "type"
    ANY_ENTITY = f":{ENTITY}"
    ENTITY_LABEL = ENTITY

    def __init__(
        self, uri: str, user: str = "neo4j", password: str = "", database: str | None = None,
        *, read_only: bool = False, settings: Settings | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.uri = uri
        self.database = database
        self.read_only = read_only
        auth = (user, password) if password else None
        self._driver = GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
        self._init_index_keeper()
        self._token = ""
        self._token_expires = 0.0  # time.monotonic() until which self._token is trusted
        try:
            self._driver.verify_connectivity()
            if not read_only:
                for statement in neo4j_constraints():
                    self._driver.execute_query(statement, database_=database)
                self._driver.execute_query("CALL db.awaitIndexes(300)", database_=database)
        except (ServiceUnavailable, Neo4jError, OSError) as exc:
            self._driver.close()
            raise StoreError(f"cannot use Neo4j at {uri}: {exc}") from exc

    @classmethod
    def from_settings(cls, settings: Settings, read_only: bool = False) -> Neo4jStore:
        if not settings.neo4j_uri:
            raise StoreError("no Neo4j URI configured (GEOKG_NEO4J_URI or --neo4j-uri)")
        return cls(
            settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password.get_secret_value(),
            settings.neo4j_database, read_only=read_only, settings=settings,
        )

    # ----------------------------------------------------------------- plumbing

    def _write_token(self) -> str | None:
        """The token of the last geokg write (any process), read at most every
        WRITE_TOKEN_TTL seconds; None (no memory index) when opened read-only."""
        if self.read_only:
            return None
        now = time.monotonic()
        if now >= self._token_expires:
            rows = self._read(f"MATCH (m:{META_LABEL} {{id: 'graph'}}) RETURN m.token AS token")
            self._token = str(rows[0]["token"]) if rows else ""
            self._token_expires = now + WRITE_TOKEN_TTL
        return self._token

    def __str__(self) -> str:
        return self.uri

    def _read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        try:
            records, _, _ = self._driver.execute_query(
                query, params or {}, database_=self.database, routing_=RoutingControl.READ
            )
        except Neo4jError as exc:
            raise StoreError(f"Neo4j query failed: {exc.code}: {exc.message}") from exc
        return [r.data() for r in records]

    @contextmanager
    def _write_tx(self) -> Iterator[Runner]:
        if self.read_only:
            raise StoreError(f"Neo4j at {self.uri} was opened read-only; writes are not allowed")
        with self._driver.session(database=self.database) as session, session.begin_transaction() as tx:
            try:
                # First statement, so concurrent writers queue on the same lock (no deadlock):
                # a new write token tells every geokg process that its memory index is stale.
                tx.run(f"MERGE (m:{META_LABEL} {{id: 'graph'}}) SET m.token = randomUUID()").consume()
                yield _Tx(tx)
            except BaseException:
                tx.rollback()
                raise
            tx.commit()
            self._token_expires = 0.0

    def _write_all_rels(self, tx: Runner, rels: dict[RelKey, list[dict[str, Any]]]) -> None:
        """One CREATE statement per (source label, target label), the type given per row.

        Why: a statement costs Neo4j tens of milliseconds whatever its size, and a batch
        touches ~300 (type, label, label) groups but only ~40 label pairs; dynamic types
        (`$(r.type)`, Neo4j 5.26+) only name the type of the relationship created between
        nodes found through their label's id index. Measured on 5,000 assertions: MERGE per
        type 16 s, MERGE per label pair 34 s, CREATE per label pair 2.6 s. Null properties
        are left out of the rows (Neo4j stores none) so less goes over the wire; one SET per
        property because `SET e = map` plans an Eager and costs 2-3x more."""
        by_pair: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for (rel, source, target), rows in rels.items():
            by_pair[(source, target)].extend(
                {"type": rel, **{k: v for k, v in r.items() if v is not None}} for r in rows
            )
        for (source, target), rows in by_pair.items():
            statement = _pair_statement(source, target)
            for chunk in chunks(rows):
                written = tx.run(statement, {"rows": chunk})
                if (written[0]["n"] if written else 0) != len(chunk):
                    _missing_endpoint(tx, source, target, chunk)

    def _path_query(self, types: Sequence[str], source_label: str, target_label: str, max_hops: int) -> str:
        return (
            f"MATCH (a:{quote(source_label)} {{id: $source}}), (b:{quote(target_label)} {{id: $target}}) "
            f"MATCH p = allShortestPaths((a)-[:{'|'.join(quote(t) for t in types)}*..{max_hops}]-(b)) "
            "RETURN DISTINCT [n IN nodes(p) | n.id] AS ids LIMIT $limit"
        )

    # ----------------------------------------------------------------- read-only Cypher

    def _read_only(
        self, query: str, params: dict[str, Any], timeout: float, max_rows: int,
    ) -> tuple[list[str], list[list[Any]]]:
        """In a READ session, after an EXPLAIN that must say the query only reads ("r")."""
        rows: list[list[Any]] = []
        with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
            try:
                kind = session.run(Query("EXPLAIN " + query, timeout=timeout), params).consume().query_type
                if kind != "r":
                    what = _QUERY_TYPES.get(str(kind), f"run as {kind!r}")
                    raise QueryRefused(f"query refused: it would {what}; only reading is allowed")
                result = session.run(Query(query, timeout=timeout), params)
                for record in result:
                    rows.append([_plain(v) for v in record.values()])
                    if len(rows) >= max_rows:
                        break
                return list(result.keys()), rows
            except Neo4jError as exc:
                raise self._query_error(exc, timeout) from exc

    @staticmethod
    def _query_error(exc: Neo4jError, timeout: float) -> Exception:
        code = exc.code or ""
        if "TransactionTimedOut" in code:
            return QueryTimeout(f"query stopped after its timeout of {timeout:g} s")
        if code.endswith(("AccessMode", "Forbidden")) or ".Security." in code:
            return QueryRefused(f"query refused by Neo4j: {exc.message}")
        return QueryError(exc.message or code)

    def close(self) -> None:
        self.keep_memory_index(False)
        self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

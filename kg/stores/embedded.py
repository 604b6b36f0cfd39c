"""`EmbeddedStore`: the default store, LadybugDB in-process, kept in one data directory.

Facts this module relies on (checked against ladybug 0.22, see stores-notes.md):
- A database is one file; we keep it as `<data dir>/graph.lbug` so the directory can also
  hold other files later. One read-write process at a time: a second one gets a lock error.
- Reads run on a small pool of connections to the one `Database` (`READ_CONNECTIONS`), so
  concurrent API requests do not queue behind one connection: several connections of one
  Database may read at the same time, the query engine releases the GIL while it runs, and
  each auto-committed read sees every transaction committed before it starts (and nothing of
  a write transaction still open on the write connection).
- Read-only user queries run on a pooled connection inside `BEGIN TRANSACTION READ ONLY`,
  which the database enforces. A second `Database(path, read_only=True)` in the same process
  is NOT used: it only sees the data of the moment it was opened, and closing it releases
  the process's file lock (POSIX record locks are per process), letting another process
  open the database read-write underneath us.
- `Connection.set_query_timeout(ms)` interrupts a running query ("Interrupted."); set before
  `BEGIN`, a 1 ms timeout can interrupt the BEGIN itself, so it is set after; it stays on the
  connection, so it is set back to 0 (none) before the connection returns to the pool.
"""

from __future__ import annotations

import csv
import os
import queue
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

import ladybug

from kg.schema.ddl import ladybug_ddl, quote, relation_properties
from kg.settings import Settings, get_settings
from kg.stores.base import QueryError, QueryRefused, QueryTimeout, StoreError, StoreLockedError
from kg.stores.common import RelKey
from kg.stores.index_keeper import IndexKeeper
from kg.stores.writes import CypherWrites, Runner

DB_FILE = "graph.lbug"
#: checkpoint (fold the write-ahead log into the database file) once the log is this big.
#: LadybugDB's own automatic checkpoint ran after nearly every batch and cost far more than
#: the writes themselves (measured: 50-70 s commits for 20k-assertion batches into a graph
#: of 40k); the log is durable at commit, so checkpointing later loses nothing.
CHECKPOINT_WAL_BYTES = 64 << 20
#: read connections per store. More than the cores: while one request turns rows into Python
#: values (holding the GIL) others can be inside the query engine (which releases it).
READ_CONNECTIONS = 4


def _plain(value: Any) -> Any:
    """Database values as plain Python: nodes and relationships become dicts with `_label`."""
    if isinstance(value, dict):
        if "_LABEL" in value:
            return {"_label": value["_LABEL"], **{k: _plain(v) for k, v in value.items() if not k.startswith("_")}}
        if "_NODES" in value:
            return {"nodes": _plain(value["_NODES"]), "relationships": _plain(value.get("_RELS", []))}
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


#: CSV columns for COPY: from, to, then the assertion properties in DDL order. The csv module
#: writes None as an empty cell, which COPY reads as NULL (so an empty string comes back as
#: NULL too), and booleans as True/False, which COPY parses.
_CSV_CELLS = itemgetter("s", "t", *relation_properties())


def _rows(result: Any) -> list[dict[str, Any]]:
    columns = result.get_column_names()
    return [dict(zip(columns, row, strict=True)) for row in result.get_all()]


class _Tx:
    """A `Runner` on a connection inside an open transaction."""

    def __init__(self, conn: ladybug.Connection) -> None:
        self._conn = conn
        self._failed = False

    def run(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        # A failed statement rolls the whole transaction back; a later statement would then
        # run in auto-commit mode, outside the batch's transaction.
        if self._failed:
            raise StoreError("the write transaction already failed and was rolled back")
        try:
            return _rows(self._conn.execute(query, params or {}))
        except RuntimeError as exc:
            self._failed = True
            raise StoreError(f"LadybugDB refused a write statement: {exc}") from exc


class EmbeddedStore(IndexKeeper, CypherWrites):
    """LadybugDB store in a data directory (created when missing)."""

    REL_TYPE_FN = "label"
    LATE_ROWS = True
    CAST_PARAMS = True
    DIALECT = "ladybug"

    def __init__(
        self, path: str | Path, *, read_only: bool = False, max_db_size: int | None = None,
        buffer_pool_size: int = 0, settings: Settings | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.path = Path(path)
        self.file = self.path / DB_FILE
        self.read_only = read_only
        if read_only and not self.file.exists():
            raise StoreError(f"no database at {self.file} (ingest something first)")
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"database path {self.path} is a file; it must be a directory")
        self.path.mkdir(parents=True, exist_ok=True)
        try:
            self._db = ladybug.Database(
                str(self.file), read_only=read_only, max_db_size=max_db_size, buffer_pool_size=buffer_pool_size,
                auto_checkpoint=False,
            )
        except RuntimeError as exc:
            if "lock" in str(exc).lower():
                raise StoreLockedError(
                    f"database {self.path} is in use by another process (stop it, or point --db / GEOKG_DB "
                    f"elsewhere): {exc}"
                ) from exc
            raise StoreError(f"cannot open database {self.file}: {exc}") from exc
        self._conn = ladybug.Connection(self._db)
        self._lock = threading.RLock()
        if not read_only:
            for statement in ladybug_ddl():
                self._conn.execute(statement)
        #: bumped after every committed write: the memory index's write token
        self._generation = 0
        self._init_index_keeper()
        self._readers: queue.LifoQueue[ladybug.Connection] = queue.LifoQueue()
        for _ in range(READ_CONNECTIONS):
            self._readers.put(ladybug.Connection(self._db))

    # ----------------------------------------------------------------- plumbing

    @contextmanager
    def _reader(self) -> Iterator[ladybug.Connection]:
        """A read connection from the pool (waits while all are busy)."""
        conn = self._readers.get()
        if self._db.is_closed:
            self._readers.put(conn)
            raise StoreError(f"database {self.path} is closed")
        try:
            yield conn
        finally:
            self._readers.put(conn)

    def _read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        with self._reader() as conn:
            try:
                return _rows(conn.execute(query, params or {}))
            except RuntimeError as exc:
                raise StoreError(f"LadybugDB query failed: {exc}") from exc

    @contextmanager
    def _write_tx(self) -> Iterator[Runner]:
        if self.read_only:
            raise StoreError(f"database {self.path} was opened read-only; writes are not allowed")
        with self._lock:
            self._conn.execute("BEGIN TRANSACTION")
            try:
                yield _Tx(self._conn)
            except BaseException:
                self._rollback(self._conn)
                raise
            self._conn.execute("COMMIT")
            self._generation += 1
            wal = self.file.with_name(self.file.name + ".wal")
            if wal.exists() and wal.stat().st_size > CHECKPOINT_WAL_BYTES:
                self._conn.execute("CHECKPOINT")

    def _write_token(self) -> int | None:
        """Writes committed so far: this process is the database's one writer. None (no
        memory index) when opened read-only: another process may be the writer."""
        return None if self.read_only else self._generation

    def __str__(self) -> str:
        return str(self.path)

    @staticmethod
    def _rollback(conn: ladybug.Connection) -> None:
        # A failed statement already rolled the transaction back; then ROLLBACK itself fails.
        try:
            conn.execute("ROLLBACK")
        except RuntimeError as exc:
            if "no active transaction" not in str(exc).lower():
                raise

    def _write_all_rels(self, tx: Runner, rels: dict[RelKey, list[dict[str, Any]]]) -> None:
        for key, rows in rels.items():
            self._copy_rels(tx, key, rows)

    def _copy_rels(self, tx: Runner, key: RelKey, rows: list[dict[str, Any]]) -> None:
        """COPY one (type, source label, target label) group from a CSV file (all aids are new,
        see CypherWrites._write_all_rels); a missing end fails the COPY and so the batch.

        Why COPY: passing rows as parameters costs ~15 µs per value in the Python binding and
        MERGE ... SET updates one column at a time; measured (ladybug 0.22, CPU time) COPY is
        2-3x cheaper than UNWIND ... MERGE at 10 rows and 6x at 2,000. `parallel=false`
        because evidence sentences may contain newlines, which the parallel reader refuses."""
        rel, source, target = key
        fd, name = tempfile.mkstemp(prefix=".copy-", suffix=".csv", dir=self.path)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                csv.writer(handle, lineterminator="\n").writerows(map(_CSV_CELLS, rows))
            literal = name.replace("\\", "\\\\").replace("'", "\\'")
            tx.run(
                f"COPY {quote(rel)} FROM '{literal}' "
                f"(from='{source}', to='{target}', header=false, parallel=false, auto_detect=false)"
            )
        finally:
            os.unlink(name)

    def _path_query(self, types: list[str] | Any, source_label: str, target_label: str, max_hops: int) -> str:
        return (
            f"MATCH p = (a:{quote(source_label)} {{id: $source}})-[:{'|'.join(quote(t) for t in types)}"
            f"* ALL SHORTEST 1..{max_hops}]-(b:{quote(target_label)} {{id: $target}}) "
            "RETURN DISTINCT list_transform(nodes(p), x -> x.id) AS ids "
            "LIMIT $limit"
        )

    # ----------------------------------------------------------------- read-only Cypher

    def _read_only(
        self, query: str, params: dict[str, Any], timeout: float, max_rows: int,
    ) -> tuple[list[str], list[list[Any]]]:
        """On a pooled connection, inside `BEGIN TRANSACTION READ ONLY`, with the timeout set."""
        with self._reader() as conn:
            try:
                conn.execute("BEGIN TRANSACTION READ ONLY")
            except RuntimeError as exc:
                raise QueryError(f"could not start a read-only transaction: {exc}") from exc
            conn.set_query_timeout(max(1, int(timeout * 1000)))
            try:
                result = conn.execute(query, params)
                if isinstance(result, list):  # several statements slipped through the checks
                    raise QueryRefused("query refused: only one statement per query")
                rows: list[list[Any]] = []
                while result.has_next() and len(rows) < max_rows:
                    rows.append([_plain(v) for v in result.get_next()])
                return result.get_column_names(), rows
            except RuntimeError as exc:
                raise self._query_error(exc, timeout) from exc
            finally:
                conn.set_query_timeout(0)
                self._rollback(conn)

    @staticmethod
    def _query_error(exc: RuntimeError, timeout: float) -> Exception:
        message = str(exc)
        if message.strip() == "Interrupted.":
            return QueryTimeout(f"query stopped after its timeout of {timeout:g} s")
        if "read-only" in message.lower() or "read only" in message.lower():
            return QueryRefused(f"query refused: the database allows only reading here ({message})")
        return QueryError(message)

    def close(self) -> None:
        """Checkpoint (so the file alone holds the data and the next open is quick) and close."""
        self.keep_memory_index(False)
        with self._lock:
            if self._db.is_closed:
                return
            if not self.read_only:
                self._conn.execute("CHECKPOINT")
            # Wait for every read connection to come back, so none is closed mid-query.
            readers = [self._readers.get() for _ in range(READ_CONNECTIONS)]
            for conn in (*readers, self._conn):
                conn.close()
            self._db.close()
            for conn in readers:  # a reader waiting for one then gets the "closed" error
                self._readers.put(conn)

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

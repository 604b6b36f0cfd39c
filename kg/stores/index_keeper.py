"""`IndexKeeper`: keeps a store's MemoryIndex current, for both stores.

How a store says when its index is stale: `_write_token()` returns a value that changes with
every committed write (the embedded store counts its own writes; Neo4j keeps a random token
on a `GeokgMeta` node that every geokg write transaction replaces), or None when the store
keeps no index. Reads use the index only while its token is the current one; otherwise they
ask the database, and a background thread builds a new index, so no request waits for a
build. While writes keep coming, builds are spaced so they take at most REBUILD_DUTY of one
core.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Hashable
from typing import TYPE_CHECKING

from kg.settings import Settings
from kg.stores.base import MemoryIndexState
from kg.stores.memory_index import MemoryIndex

log = logging.getLogger("geokg.stores")

#: share of one core that rebuilding the memory index may take while writes keep coming
REBUILD_DUTY = 0.2


class IndexKeeper(ABC):
    """Mixin: `_memory_index()` for the reads, `memory_index_state()` for /health; nothing is
    kept until `keep_memory_index()` is called."""

    settings: Settings
    _index: MemoryIndex | None = None
    _next_rebuild = 0.0  # time.monotonic() before which a stale index is not rebuilt
    _keeping = False

    def _init_index_keeper(self) -> None:
        self._index = None
        self._index_building = threading.Lock()
        self._next_rebuild = 0.0
        self._keeping = False

    def keep_memory_index(self, keep: bool = True) -> None:
        """Keep a memory index from now on (the API server does; short-lived processes such
        as `geokg ingest` would spend more building it than they gain), or stop keeping it."""
        self._keeping = keep
        if not keep:
            self._index = None

    @abstractmethod
    def _write_token(self) -> Hashable | None:
        """A value that changes with every committed write; None: keep no index."""

    if TYPE_CHECKING:  # given by CypherReads, later in the store's bases

        def memory_index_tables(self, token: Hashable) -> MemoryIndex: ...

    def _memory_index(self) -> MemoryIndex | None:
        """The current memory index, or None: ask the database (and a build is started)."""
        if not (self._keeping and self.settings.memory_index):
            return None
        token = self._write_token()
        if token is None:
            return None
        index = self._index
        if index is not None and index.token == token:
            return index
        if time.monotonic() >= self._next_rebuild and not self._index_building.locked():
            threading.Thread(target=self._build_index, name="geokg-memory-index", daemon=True).start()
        return None

    def memory_index_state(self) -> MemoryIndexState:
        """"current", "building" (asking starts a build) or "off"."""
        if not (self._keeping and self.settings.memory_index) or self._write_token() is None:
            return "off"
        return "current" if self._memory_index() is not None else "building"

    def _build_index(self) -> None:
        if not self._index_building.acquire(blocking=False):
            return
        started = time.monotonic()
        try:
            # The token is read before the tables: a write committed meanwhile makes the new
            # index stale at once, so a later read builds again.
            token = self._write_token()
            if token is None:
                return
            self._index = index = self.memory_index_tables(token)
            _freeze_long_lived()
            log.info(
                "memory index of %s: %d entities, %d ties, %d assertions, built in %.2f s",
                self, index.entities, index.size, index.assertions, time.monotonic() - started,
            )
        except Exception as exc:
            # closed meanwhile, or the database failed: reads keep asking it directly
            log.warning("memory index of %s not built: %s", self, exc)
        finally:
            took = time.monotonic() - started
            self._next_rebuild = time.monotonic() + took * (1 / REBUILD_DUTY - 1)
            self._index_building.release()


def _freeze_long_lived() -> None:
    """Take what is alive now (the new index above all) out of the collector's generations.

    Why: the index's ~3 objects per assertion live until the next build, and every full
    garbage collection walked them all: 150 ms with the 100k-assertion index, a stall of the
    server's event loop at random moments. Frozen objects are skipped by collections and still
    freed when unreferenced (the index holds no reference cycles). Unfreezing and collecting
    first, once per build, frees any cycle frozen by the previous build (objects of requests
    in flight then), so a server that rebuilds after every write does not leak them."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()

"""What routes depend on: the settings, the store (opened on first use), the extractor and the
API-key check for writes.

Why lazy: the app can be created (and its OpenAPI schema served) without a database, and a
store that cannot be opened answers 503 with the reason instead of stopping the import. The
embedded store is opened read-write because LadybugDB allows one read-write process per
database and the server is the process that writes; reads stay read-only through the store's
own checks on `cypher`.
"""

from __future__ import annotations

import hmac
import threading
from collections.abc import Callable
from functools import lru_cache
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from kg.api.problems import ApiProblem
from kg.settings import Settings
from kg.stores.base import GraphStore

WRITE_LOCK = threading.Lock()
T = TypeVar("T")


class StoreHolder:
    """The app's store: given by the caller, or opened from the settings on first use."""

    def __init__(self, settings: Settings, store: GraphStore | None) -> None:
        self.settings = settings
        self._store = store
        if store is not None:
            store.keep_memory_index()  # a server answers many reads (kg.stores.index_keeper)
        self._owned = store is None
        self._lock = threading.Lock()
        #: writes are serialized process-wide: one writer per embedded database, an ingest is
        #: one batch, and the extractor is shared by every app of the process
        self.write_lock = WRITE_LOCK

    def current(self) -> GraphStore | None:
        """The store when it is already open, without waiting."""
        return self._store

    def get(self) -> GraphStore:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    from kg.stores.factory import open_store

                    self._store = open_store(self.settings, read_only=False)
                    self._store.keep_memory_index()
        return self._store

    def extractor(self) -> Any:
        """The spaCy-based extractor, loaded on the first ingest (it takes a few seconds)."""
        with self._lock:
            return _extractor(self.settings.spacy_model)

    def close(self) -> None:
        if self._owned and self._store is not None:
            self._store.close()
            self._store = None


async def from_memory_or_thread(store: GraphStore, memory_can_answer: bool, answer: Callable[[], T]) -> T:
    """`answer()` on the event loop when the store's memory index is current and can answer
    it, else in a worker thread (it may wait for the database).

    Why: answers from memory are pure Python; in worker threads, twenty of them at once took
    turns on the GIL and paid the thread hand-offs, which made every one of them late."""
    if memory_can_answer and store.memory_index_state() == "current":
        return answer()
    return await run_in_threadpool(answer)


@lru_cache(maxsize=2)
def _extractor(model: str) -> Any:
    """One extractor per spaCy model and process (loading takes seconds); used under WRITE_LOCK."""
    from kg.loaders.extraction import Extractor

    return Extractor(model=model)


def holder(request: Request) -> StoreHolder:
    found: StoreHolder = request.app.state.holder
    return found


# The two dependencies below are `async` so that FastAPI calls them on the event loop: a
# plain `def` dependency costs every request a round trip through the worker-thread pool.
async def get_store(request: Request) -> GraphStore:
    """The app's store; only the first call (which may open the database) runs in a thread."""
    found = holder(request)
    store = found.current()
    return store if store is not None else await run_in_threadpool(found.get)


async def get_settings(request: Request) -> Settings:
    return holder(request).settings


Store = Annotated[GraphStore, Depends(get_store)]
AppSettings = Annotated[Settings, Depends(get_settings)]

_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="the server's GEOKG_API_KEY")
_bearer = HTTPBearer(auto_error=False, description="the server's GEOKG_API_KEY as a bearer token")


def require_api_key(
    settings: AppSettings,
    key: Annotated[str | None, Security(_key_header)] = None,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None,
) -> None:
    """Writes need the configured key, compared in constant time; none configured = no writes."""
    expected = settings.api_key.get_secret_value() if settings.api_key else ""
    if not expected:
        raise ApiProblem(
            403,
            "writes-disabled",
            "Writes disabled",
            "writes are disabled: no API key configured (start the server with GEOKG_API_KEY set)",
        )
    given = key if key is not None else bearer.credentials if bearer is not None else None
    if not given:
        raise ApiProblem(
            401,
            "unauthorized",
            "API key required",
            "this endpoint writes to the graph: send the API key in the X-API-Key header "
            "or as Authorization: Bearer <key>",
            headers={"WWW-Authenticate": 'Bearer realm="geokg"'},
        )
    # Header values arrive decoded as latin-1: encoding back gives the bytes sent, so a
    # non-ASCII key sent as UTF-8 matches the configured key's UTF-8 bytes.
    if not hmac.compare_digest(given.encode("latin-1"), expected.encode("utf-8")):
        raise ApiProblem(403, "forbidden", "Wrong API key", "the API key sent is not the server's GEOKG_API_KEY")

"""`open_store()`: the one place that decides which store a command, the API or a test gets."""

from __future__ import annotations

from typing import Any

from kg.settings import Settings, get_settings
from kg.stores.base import GraphStore


def open_store(settings: Settings | None = None, read_only: bool = False, **embedded: Any) -> GraphStore:
    """Neo4jStore when `settings.neo4j_uri` is set, else EmbeddedStore in `settings.db`.

    `embedded` passes LadybugDB options such as `max_db_size` through to EmbeddedStore.
    Imports happen here so a user of one store never loads the other's driver.
    """
    settings = settings or get_settings()
    if settings.neo4j_uri:
        from kg.stores.neo4j_store import Neo4jStore

        return Neo4jStore.from_settings(settings, read_only=read_only)
    from kg.stores.embedded import EmbeddedStore

    return EmbeddedStore(settings.db, read_only=read_only, settings=settings, **embedded)

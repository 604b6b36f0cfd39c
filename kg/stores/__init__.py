"""Graph stores: the `GraphStore` protocol and its embedded (LadybugDB) and Neo4j implementations."""

from kg.stores.base import (
    Assertion,
    Dyad,
    GraphStore,
    QueryError,
    QueryRefused,
    QueryResult,
    QueryTimeout,
    RelationFilter,
    StoreError,
    StoreLockedError,
    StoreStats,
)
from kg.stores.factory import open_store

__all__ = [
    "Assertion", "Dyad", "GraphStore", "QueryError", "QueryRefused", "QueryResult", "QueryTimeout",
    "RelationFilter", "StoreError", "StoreLockedError", "StoreStats", "open_store",
]

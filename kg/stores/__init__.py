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

__all__ = [
    "Assertion", "Dyad", "GraphStore", "QueryError", "QueryRefused", "QueryResult", "QueryTimeout",
    "RelationFilter", "StoreError", "StoreLockedError", "StoreStats",
]

"""Database schema generated from the vocabulary: Neo4j constraints and LadybugDB DDL.

Generated, never hand-written, so the stores cannot drift from `vocabulary.yaml`.
"""

from __future__ import annotations

from kg.schema.vocabulary import vocabulary

#: properties every node has in both stores, beyond its label-specific ones
COMMON_NODE_PROPERTIES = {"name": "STRING", "aliases": "STRING[]", "search_text": "STRING"}


def node_properties(label: str) -> dict[str, str]:
    """All stored properties of a label except `id` (name -> LadybugDB type)."""
    return {**COMMON_NODE_PROPERTIES, **vocabulary().labels[label].properties}


def relation_properties() -> dict[str, str]:
    return dict(vocabulary().assertion_properties)


def neo4j_constraints() -> list[str]:
    """Uniqueness constraints on every label's id and indexes on assertion ids.

    Community Edition only has uniqueness constraints; the `aid` indexes make the idempotent
    `MERGE` of assertions an index lookup instead of a scan.
    """
    statements = [
        f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        for label in vocabulary().labels
    ]
    statements += [
        f"CREATE INDEX {rel.lower()}_aid IF NOT EXISTS FOR ()-[r:{rel}]-() ON (r.aid)" for rel in vocabulary().relations
    ]
    statements += [
        f"CREATE INDEX {rel.lower()}_article IF NOT EXISTS FOR ()-[r:{rel}]-() ON (r.article)"
        for rel in vocabulary().relations
    ]
    # The node whose token every geokg write replaces (kg.stores.index_keeper).
    statements.append("CREATE CONSTRAINT geokgmeta_id IF NOT EXISTS FOR (n:GeokgMeta) REQUIRE n.id IS UNIQUE")
    # Label-free lookups (neighbours, subgraphs) go through the extra `Entity` label.
    statements.append("CREATE INDEX entity_id IF NOT EXISTS FOR (n:Entity) ON (n.id)")
    statements.append("CREATE INDEX entity_search IF NOT EXISTS FOR (n:Entity) ON (n.search_text)")
    return statements


def quote(name: str) -> str:
    """Backtick-quote a label or type for Cypher: `Group` is a reserved word in LadybugDB."""
    return "`" + name.replace("`", "``") + "`"


def ladybug_ddl() -> list[str]:
    """`CREATE NODE TABLE` / `CREATE REL TABLE` statements for LadybugDB (names quoted)."""
    statements = []
    for label in vocabulary().labels:
        columns = ", ".join(f"{name} {kind}" for name, kind in node_properties(label).items())
        statements.append(f"CREATE NODE TABLE IF NOT EXISTS {quote(label)}(id STRING PRIMARY KEY, {columns})")
    rel_columns = ", ".join(f"{name} {kind}" for name, kind in relation_properties().items())
    for rel in vocabulary().relations.values():
        pairs = ", ".join(f"FROM {quote(s)} TO {quote(t)}" for s, t in rel.pairs)
        statements.append(f"CREATE REL TABLE IF NOT EXISTS {quote(rel.name)}({pairs}, {rel_columns})")
    return statements

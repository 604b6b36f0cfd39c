"""Contract: cypher() is read-only (enforced by the database), capped, and stopped on timeout."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest
from store_samples import hack_story, open_embedded

from kg.stores.base import GraphStore, QueryError, QueryRefused, QueryTimeout, RelationFilter
from kg.stores.embedded import READ_CONNECTIONS


@pytest.fixture
def loaded(store: GraphStore) -> GraphStore:
    store.upsert([hack_story()])
    return store


def test_read_query_with_parameters(loaded: GraphStore) -> None:
    result = loaded.cypher("MATCH (n:State) WHERE n.id = $id RETURN n.name AS name;", {"id": "state:chn"})
    assert result.columns == ["name"]
    assert result.rows == [["China"]]
    assert result.truncated is False


def test_nodes_come_back_as_plain_dicts(loaded: GraphStore) -> None:
    row = loaded.cypher("MATCH (n:State {id: 'state:usa'})-[e:ACCUSES]->(m) RETURN n, e").rows[0]
    assert row[0]["_label"] == "State" and row[0]["name"] == "United States"
    assert row[1]["_label"] == "ACCUSES" and row[1]["evidence"] == "The US accused China of the hack."


def test_row_cap_sets_truncated(loaded: GraphStore) -> None:
    query = "MATCH (n:State) RETURN n.id AS id ORDER BY id"
    capped = loaded.cypher(query, max_rows=2)
    assert capped.rows == [["state:aus"], ["state:chn"]] and capped.truncated is True
    exact = loaded.cypher(query, max_rows=3)
    assert len(exact.rows) == 3 and exact.truncated is False


WRITES = [
    "CREATE (:State {id: 'state:xxx', name: 'X'})",
    "MERGE (n:State {id: 'state:yyy'}) SET n.name = 'Y'",
    "MATCH (n:State {id: 'state:chn'}) SET n.name = 'Changed'",
    "MATCH (n:State) DETACH DELETE n",
    "MATCH ()-[e:ACCUSES]->() DELETE e",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "MATCH (n) RETURN n; MATCH (n) DETACH DELETE n",
    "CALL db.createLabel('Planet')",
]


@pytest.mark.parametrize("query", WRITES)
def test_writes_are_refused_and_change_nothing(loaded: GraphStore, query: str) -> None:
    before = (loaded.stats(), loaded.entity("state:chn"), loaded.relations(RelationFilter()))
    with pytest.raises(QueryRefused, match="refused"):
        loaded.cypher(query)
    assert (loaded.stats(), loaded.entity("state:chn"), loaded.relations(RelationFilter())) == before


def test_deny_list_ignores_keywords_inside_strings(loaded: GraphStore) -> None:
    result = loaded.cypher("MATCH (n:State) WHERE n.name = 'LOAD CSV; COPY' RETURN count(n) AS c")
    assert result.rows == [[0]]


def test_slow_query_is_stopped(loaded: GraphStore) -> None:
    # ~30 s on LadybugDB and minutes on Neo4j if the timeout did not work.
    to_text = "CAST({} AS STRING)" if type(loaded).__name__ == "EmbeddedStore" else "toString({})"
    query = (
        "UNWIND range(1, 30000) AS x UNWIND range(1, 30000) AS y WITH x, y "
        f"WHERE {to_text.format('x')} + {to_text.format('y')} = 'z' RETURN count(*) AS c"
    )
    started = time.perf_counter()
    with pytest.raises(QueryTimeout, match="timeout"):
        loaded.cypher(query, timeout_s=0.5)
    assert time.perf_counter() - started < 10
    assert loaded.cypher("MATCH (n:State) RETURN count(n) AS c").rows == [[3]]  # still usable


def test_syntax_error_is_a_query_error(loaded: GraphStore) -> None:
    with pytest.raises(QueryError) as caught:
        loaded.cypher("MATCH (n RETURN n")
    assert not isinstance(caught.value, QueryRefused)
    assert str(caught.value)


def test_tiny_timeout_is_a_timeout_or_an_answer_and_leaves_no_timeout_behind(loaded: GraphStore) -> None:
    # A 1 ms timeout used to interrupt LadybugDB's BEGIN itself and leak a raw RuntimeError.
    query = "UNWIND range(1, 2000) AS x UNWIND range(1, 2000) AS y RETURN count(*) AS c"
    outcomes = set()
    for _ in range(20):
        try:
            outcomes.add(tuple(loaded.cypher(query, timeout_s=0.001).rows[0]))
        except QueryTimeout:
            outcomes.add(("timeout",))
    assert outcomes <= {(4_000_000,), ("timeout",)}
    # The timeout must not stay on the (pooled) connection for later, internal reads.
    slow_enough = "UNWIND range(1, 3000) AS x UNWIND range(1, 3000) AS y RETURN count(*) AS c"
    assert loaded.cypher(slow_enough, timeout_s=30).rows == [[9_000_000]]
    assert len(loaded.relations(RelationFilter(limit=100))) > 0


def test_embedded_read_connections_keep_no_user_timeout(tmp_path: Path) -> None:
    # User queries borrow the pooled read connections; a timeout left on one would later
    # interrupt the store's own reads (neighbours, relations) at random.
    store = open_embedded(tmp_path / "db")
    try:
        for _ in range(READ_CONNECTIONS):
            with contextlib.suppress(QueryTimeout):  # on a loaded machine even this may time out
                store.cypher("RETURN 1 AS one", timeout_s=0.001)
        slow = "UNWIND range(1, 3000) AS x UNWIND range(1, 3000) AS y RETURN count(*) AS c"
        readers = [store._readers.get() for _ in range(READ_CONNECTIONS)]
        try:
            assert [c.execute(slow).get_all() for c in readers] == [[[9_000_000]]] * READ_CONNECTIONS
        finally:
            for conn in readers:
                store._readers.put(conn)
    finally:
        store.close()

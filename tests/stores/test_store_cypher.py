"""Contract: cypher() is read-only (enforced by the database), capped, and stopped on timeout."""

from __future__ import annotations

import time

import pytest
from store_samples import hack_story

from kg.stores.base import GraphStore, QueryError, QueryRefused, QueryTimeout, RelationFilter


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

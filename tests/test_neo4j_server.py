"""The Neo4j test server itself, and the server behaviour the Neo4j store relies on.

Why these tests: the store's read-only query path leans on two server guarantees, a write in a
READ transaction is refused and a client-side ``Query(timeout=…)`` is enforced although
``db.transaction.timeout`` is 0 (no limit). Pin them here so a Neo4j upgrade that changes either
fails loudly instead of weakening the store.
"""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from neo4j.exceptions import ClientError

pytestmark = pytest.mark.neo4j

SLOW_QUERY = "UNWIND range(1, 100000000) AS x WITH x WHERE x < 0 RETURN count(x)"


@pytest.fixture
def driver(neo4j_clean: str) -> Iterator[neo4j.Driver]:
    """A driver on an emptied database, closed after the test."""
    with neo4j.GraphDatabase.driver(neo4j_clean, auth=None) as drv:
        yield drv


def test_answers_return_1(driver: neo4j.Driver) -> None:
    records, _, _ = driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1


def test_is_community_5_26(driver: neo4j.Driver) -> None:
    """The tests assume the 5.26 LTS line (Bolt 5.x, Cypher 5 syntax)."""
    info = driver.get_server_info()
    assert info.agent.startswith("Neo4j/5.26."), info.agent
    records, _, _ = driver.execute_query("CALL dbms.components() YIELD edition RETURN edition")
    assert records[0]["edition"] == "community"


def test_write_then_read_node(driver: neo4j.Driver) -> None:
    # Community Edition's only constraint kind; leaves a constraint for neo4j_clean to drop.
    driver.execute_query("CREATE CONSTRAINT state_id IF NOT EXISTS FOR (n:State) REQUIRE n.id IS UNIQUE")
    driver.execute_query("CREATE (:State {id: $id, name: $name})", id="Q30", name="United States")
    records, _, _ = driver.execute_query(
        "MATCH (s:State {id: $id}) RETURN s.name AS name",
        id="Q30",
        routing_=neo4j.RoutingControl.READ,
    )
    assert [r["name"] for r in records] == ["United States"]


def test_clean_fixture_empties_database(driver: neo4j.Driver) -> None:
    """neo4j_clean ran before this test: nothing left from the others, whatever the order."""
    records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n")
    assert records[0]["n"] == 0
    records, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN count(*) AS n")
    assert records[0]["n"] == 0


def test_read_transaction_refuses_write(driver: neo4j.Driver) -> None:
    """A single instance enforces READ access mode (observed: Neo.ClientError.Statement.AccessMode)."""
    with pytest.raises(ClientError) as caught:
        driver.execute_query("CREATE (:State {id: 'Q1'})", routing_=neo4j.RoutingControl.READ)
    assert caught.value.code is not None
    assert "AccessMode" in caught.value.code, caught.value.code
    records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n")
    assert records[0]["n"] == 0, "the refused write must not have happened"


def test_client_timeout_stops_slow_query(driver: neo4j.Driver) -> None:
    """Query(timeout=…) is enforced by the server even with db.transaction.timeout at 0.

    Observed on 5.26: Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration.
    """
    records, _, _ = driver.execute_query("CALL dbms.listConfig('db.transaction.timeout') YIELD value RETURN value")
    assert records[0]["value"] == "0s", "the test server must keep the default (no server-side limit)"
    with pytest.raises(ClientError) as caught:
        driver.execute_query(neo4j.Query(SLOW_QUERY, timeout=0.5))
    assert caught.value.code is not None
    assert caught.value.code.startswith("Neo.ClientError.Transaction.TransactionTimedOut"), caught.value.code

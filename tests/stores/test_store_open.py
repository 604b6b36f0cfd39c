"""Opening stores: the embedded data directory, its process lock, read-only mode, open_store()."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from store_samples import TEST_DB_SIZE, hack_story, open_embedded

from kg.settings import Settings
from kg.stores import open_store
from kg.stores.base import StoreError


def test_database_lives_in_the_data_directory(tmp_path: Path) -> None:
    store = open_embedded(tmp_path / "data" / "geokg")
    try:
        store.upsert([hack_story()])
    finally:
        store.close()
    assert (tmp_path / "data" / "geokg" / "graph.lbug").is_file()
    reopened = open_embedded(tmp_path / "data" / "geokg")
    try:
        assert reopened.stats().total_relations == 7
    finally:
        reopened.close()


def test_second_process_gets_a_clear_lock_error(tmp_path: Path) -> None:
    store = open_embedded(tmp_path / "db")
    script = textwrap.dedent(f"""
        from kg.stores.base import StoreLockedError
        from kg.stores.embedded import EmbeddedStore
        try:
            EmbeddedStore({str(tmp_path / "db")!r}, max_db_size={TEST_DB_SIZE})
        except StoreLockedError as exc:
            print("LOCKED", exc)
    """)
    try:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    finally:
        store.close()
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("LOCKED database ")
    assert f"{tmp_path / 'db'} is in use by another process" in done.stdout


def test_read_only_store_refuses_writes_but_reads(tmp_path: Path) -> None:
    writer = open_embedded(tmp_path / "db")
    writer.upsert([hack_story()])
    writer.close()
    reader = open_embedded(tmp_path / "db", read_only=True)
    try:
        assert reader.stats().total_relations == 7
        assert reader.cypher("MATCH (n:State) RETURN count(n) AS c").rows == [[3]]
        with pytest.raises(StoreError, match="read-only"):
            reader.upsert([hack_story("other")])
    finally:
        reader.close()


def test_read_only_needs_an_existing_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database"):
        open_embedded(tmp_path / "missing", read_only=True)


def test_open_store_picks_the_embedded_store_without_neo4j_uri(tmp_path: Path) -> None:
    settings = Settings(db=tmp_path / "picked", neo4j_uri=None)
    store = open_store(settings, max_db_size=TEST_DB_SIZE)
    try:
        assert type(store).__name__ == "EmbeddedStore"
        assert (tmp_path / "picked" / "graph.lbug").exists()
    finally:
        store.close()


@pytest.mark.neo4j
def test_open_store_picks_neo4j_when_a_uri_is_set(neo4j_clean: str) -> None:
    store = open_store(Settings(neo4j_uri=neo4j_clean))
    try:
        assert type(store).__name__ == "Neo4jStore"
        store.upsert([hack_story()])
        assert store.stats().total_relations == 7
    finally:
        store.close()


@pytest.mark.neo4j
def test_read_only_neo4j_store_refuses_writes(neo4j_uri: str) -> None:
    store = open_store(Settings(neo4j_uri=neo4j_uri), read_only=True)
    try:
        with pytest.raises(StoreError, match="read-only"):
            store.upsert([hack_story()])
        assert store.cypher("RETURN 1 AS one").rows == [[1]]
    finally:
        store.close()


def test_unreachable_neo4j_is_a_clear_store_error() -> None:
    from kg.stores.neo4j_store import Neo4jStore

    with pytest.raises(StoreError, match=r"cannot use Neo4j at bolt://127\.0\.0\.1:1"):
        Neo4jStore("bolt://127.0.0.1:1", settings=Settings())

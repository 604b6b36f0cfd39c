"""Shared pytest fixtures.

Neo4j: tests that need a server take ``neo4j_uri`` (or ``neo4j_clean`` for an empty database).
``GEOKG_TEST_NEO4J_URI=bolt://…`` points them at a running server (no auth); otherwise one
Neo4j Community server is started from Maven Central jars for the whole session (see
``tests/neo4j/server.py``). Without Java/Maven the tests are skipped locally but fail when
``CI=true``: a silently skipped store test would hide a broken store in CI.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

import pytest

_SKIP_HINT = "set GEOKG_TEST_NEO4J_URI=bolt://... to run them"


def _load_neo4j_server() -> ModuleType:
    """Import tests/neo4j/server.py by path: ``tests/neo4j`` must not shadow the ``neo4j`` driver."""
    path = Path(__file__).with_name("neo4j") / "server.py"
    spec = importlib.util.spec_from_file_location("geokg_tests_neo4j_server", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


neo4j_server = _load_neo4j_server()


def _unavailable(kind: str, reason: str, hint: str) -> NoReturn:
    """Skip locally, fail in CI (``CI=true``): a silently skipped Neo4j or browser test there
    would hide a broken store or page."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{kind} tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"{kind} tests skipped: {hint}")


def _neo4j_missing(reason: str) -> NoReturn:
    _unavailable("Neo4j", reason, f"no Java/Maven here; {_SKIP_HINT} ({reason})")


@pytest.fixture(scope="session")
def neo4j_uri() -> Iterator[str]:
    """Bolt URI of a Neo4j 5.26 server shared by the session (started lazily, stopped at the end)."""
    external = os.environ.get("GEOKG_TEST_NEO4J_URI")
    if external:
        yield external
        return
    reason = neo4j_server.unavailable_reason()
    if reason:
        _neo4j_missing(reason)
    server = neo4j_server.Neo4jTestServer()
    try:
        server.start()
    except neo4j_server.Neo4jUnavailableError as exc:
        # E.g. Maven present but offline: same policy as missing tools.
        _neo4j_missing(str(exc))
    # A Neo4jStartError (tools present, server broken) propagates: that is a real error.
    try:
        assert server.uri is not None
        yield server.uri
    finally:
        server.stop()


@pytest.fixture
def neo4j_clean(neo4j_uri: str) -> str:
    """The session's Neo4j, emptied: no nodes, no constraints, no user-created indexes.

    Cleans before (not after) the test so a failing test leaves its data for inspection.
    """
    import neo4j  # here, not at module level: only Neo4j tests pay for the driver import

    with neo4j.GraphDatabase.driver(neo4j_uri, auth=None) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
        names, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN name")
        for record in names:
            driver.execute_query(f"DROP CONSTRAINT {_quote(record['name'])} IF EXISTS")
        # Schema and data writes must not share a transaction: each DROP runs on its own.
        names, _, _ = driver.execute_query(
            "SHOW INDEXES YIELD name, type, owningConstraint "
            "WHERE type <> 'LOOKUP' AND owningConstraint IS NULL RETURN name"
        )
        for record in names:
            driver.execute_query(f"DROP INDEX {_quote(record['name'])} IF EXISTS")
    return neo4j_uri


def _quote(name: str) -> str:
    """Backtick-quote a schema name (names may contain any character)."""
    return "`" + name.replace("`", "``") + "`"


# ---------------------------------------------------------------------------- browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]


def _browser_missing(reason: str) -> NoReturn:
    _unavailable("browser", reason, f"{reason} (apt-get install chromium, or `make browser`)")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """The session's one headless Debian Chromium (never `playwright install`).

    One for the whole session, shared by every test folder: Playwright's sync API cannot run
    two instances in one thread, so a second session fixture would fail the first test using it.
    """
    if not CHROMIUM.exists():
        _browser_missing(f"no {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_missing("the playwright package is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()

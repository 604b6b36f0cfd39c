"""The `geokg` command line, run as a user runs it: the installed console script in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import networkx as nx
import pytest

GEOKG = shutil.which("geokg", path=str(Path(sys.executable).parent)) or "geokg"

ARTICLES = {
    "sanctions.txt": """\
        Ruritania's neighbours sanction its central bank

        Freedonia imposed sanctions on Russia on Tuesday, and Japan joined Freedonia in condemning Moscow.
        Foreign Minister Rufus Firefly said Russia was responsible for the cyber attack on the port.
        """,
    "summit.txt": """\
        Leaders meet in Canberra

        Australia and Japan signed a defence agreement on Monday. China criticised the agreement.
        Prime Minister Jane Example said Australia would stand with Japan.
        """,
}


def run(*args: str, db: Path | None = None, input_text: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [GEOKG, *(["--db", str(db)] if db else []), *args]
    env = {**os.environ, "GEOKG_NEO4J_URI": ""}
    env.pop("GEOKG_NEO4J_URI")
    return subprocess.run(command, capture_output=True, text=True, input=input_text, timeout=300, env=env)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    for name, text in ARTICLES.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def ingested(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("db") / "graph"
    result = run("ingest", str(corpus), db=db)
    assert result.returncode == 0, result.stderr
    assert "stored 2" in result.stdout
    return db


def stats(db: Path) -> dict[str, object]:
    result = run("stats", "--format", "json", db=db)
    assert result.returncode == 0, result.stderr
    figures: dict[str, object] = json.loads(result.stdout)
    return figures


def test_ingesting_the_same_folder_twice_changes_nothing(corpus: Path, ingested: Path) -> None:
    before = stats(ingested)
    assert before["articles"] == 2
    assert before["relations"], "the articles should yield relations"
    again = run("ingest", str(corpus), db=ingested)
    assert again.returncode == 0, again.stderr
    assert stats(ingested) == before


def test_query_returns_rows_and_refuses_writes(ingested: Path) -> None:
    ok = run("query", "MATCH (s:State) RETURN s.id ORDER BY s.id", "--format", "json", db=ingested)
    assert ok.returncode == 0, ok.stderr
    ids = [row["s.id"] for row in json.loads(ok.stdout)["rows"]]
    assert "state:aus" in ids and "state:jpn" in ids
    refused = run("query", "MATCH (s:State) SET s.name = 'x' RETURN s", db=ingested)
    assert refused.returncode == 2
    assert refused.stderr.startswith("geokg: query refused")
    bad = run("query", "MATCH (s:State RETURN s", db=ingested)
    assert bad.returncode == 2 and "bad query" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_query_params_and_row_cap(ingested: Path) -> None:
    result = run(
        "query",
        "MATCH (s:State) WHERE s.id <> $skip RETURN s.id",
        "-p",
        "skip=state:aus",
        "--max-rows",
        "1",
        "--format",
        "json",
        db=ingested,
    )
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["rows"]) == 1
    assert json.loads(result.stdout)["truncated"] is True
    too_many = run("query", "MATCH (s:State) RETURN s.id", "--max-rows", "100001", db=ingested)
    assert too_many.returncode == 2
    assert too_many.stderr.startswith("geokg: --max-rows: 100001 exceeds the maximum of 100000")
    assert "GEOKG_QUERY_MAX_ROWS_LIMIT" in too_many.stderr
    too_long = run("query", "MATCH (s:State) RETURN s.id", "--timeout", "3600", db=ingested)
    assert too_long.returncode == 2 and too_long.stderr.startswith("geokg: --timeout: 3600 s exceeds")


def test_missing_path_is_one_clear_line_and_stores_nothing(tmp_path: Path) -> None:
    db = tmp_path / "graph"
    result = run("ingest", str(tmp_path / "nope.txt"), db=db)
    assert result.returncode == 2
    assert result.stderr.strip() == f"geokg: {tmp_path / 'nope.txt'}: no such file or directory"


def test_bad_inputs_are_named_and_the_batch_goes_on(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    shutil.copytree(corpus, folder)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    db = tmp_path / "graph"
    result = run("ingest", str(folder), db=db)
    assert result.returncode == 1, result.stderr
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert any("empty.txt" in line for line in skipped) and any("binary.txt" in line for line in skipped)
    assert stats(db)["articles"] == 2


def test_locked_database_gives_a_clear_error_and_loses_nothing(ingested: Path, corpus: Path) -> None:
    before = stats(ingested)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom kg.settings import Settings\nfrom kg.stores.factory import open_store\n"
            f"s = open_store(Settings(db={str(ingested)!r}))\nprint('open', flush=True)\ntime.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        result = run("ingest", str(corpus), db=ingested)
        assert result.returncode == 3
        assert "in use by another process" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.5)
    assert stats(ingested) == before


def test_export_formats(ingested: Path, tmp_path: Path) -> None:
    graphml = tmp_path / "graph.graphml"
    assert run("export", "--format", "graphml", "-o", str(graphml), db=ingested).returncode == 0
    graph = nx.read_graphml(graphml)
    assert "state:aus" in graph.nodes
    assert graph.number_of_edges() > 0
    as_json = run("export", "--format", "json", db=ingested)
    assert as_json.returncode == 0
    assert any(n["id"] == "state:jpn" for n in json.loads(as_json.stdout)["nodes"])
    folder = tmp_path / "csv"
    assert run("export", "--format", "csv", "-o", str(folder), db=ingested).returncode == 0
    assert (folder / "nodes.csv").read_text().startswith("id,")
    assert (folder / "relations.csv").read_text().startswith("source,target,")
    assert run("export", "--format", "xml", db=ingested).returncode == 2


def test_extract_prints_the_scoring_contract(corpus: Path) -> None:
    result = run("extract", "--format", "jsonl", str(corpus / "summit.txt"))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 1
    row = rows[0]
    assert row["article"]["path"] == str(corpus / "summit.txt")
    assert {"id", "type", "name", "aliases"} <= set(row["entities"][0])
    assert any(e["id"] == "state:aus" for e in row["entities"])
    assert all({"source", "type", "target"} <= set(r) for r in row["relations"])


def test_every_command_has_help_with_an_example() -> None:
    listing = run("--help")
    assert listing.returncode == 0
    for command in ("ingest", "extract", "query", "stats", "export", "demo"):
        assert command in listing.stdout
        helped = run(command, "--help")
        assert helped.returncode == 0, helped.stderr
        assert "Example" in helped.stdout, command

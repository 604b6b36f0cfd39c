"""`geokg viz` on a real embedded store holding the seed (built by the pipeline)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner
from vizkit import node_named, page_data

from kg.cli import EXIT_USAGE, app


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_viz_writes_the_page_of_the_stored_graph(seed_db: Path, seed_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    code, stdout, stderr = _run("--db", str(seed_db), "viz", "-o", str(out))
    assert code == 0, stderr
    assert f"wrote {out}" in stdout
    data = page_data(out.read_text("utf-8"))
    assert {n["id"] for n in data["nodes"]} == {n for n, a in seed_graph.nodes(data=True) if a["label"] != "Article"}
    cited = {a["article"] for e in data["edges"] for a in e["assertions"] if "article" in a}
    assert cited and cited <= set(data["articles"]), "every cited article resolves to a title"
    assert all(data["articles"][a].get("title") for a in cited)


def test_viz_selects_types_and_a_neighbourhood(seed_db: Path, seed_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    china = node_named(seed_graph, "China", "State")
    out = tmp_path / "china.html"
    code, _, stderr = _run("--db", str(seed_db), "viz", "-o", str(out), "--center", china, "--depth", "1",
                           "--types", "ACCUSES,JOINS")
    assert code == 0, stderr
    data = page_data(out.read_text("utf-8"))
    assert {e["rtype"] for e in data["edges"]} <= {"ACCUSES", "JOINS"} and data["edges"]
    ids = {n["id"] for n in data["nodes"]}
    neighbours = {v for u, v, t in seed_graph.edges(data="type") if u == china and t in ("ACCUSES", "JOINS")}
    neighbours |= {u for u, v, t in seed_graph.edges(data="type") if v == china and t in ("ACCUSES", "JOINS")}
    assert ids == neighbours | {china}
    assert data["title"] == f"geokg: around {china}"


def test_viz_says_how_many_nodes_it_left_out(seed_db: Path, seed_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    out = tmp_path / "small.html"
    code, stdout, stderr = _run("--db", str(seed_db), "viz", "-o", str(out), "--max-nodes", "3")
    assert code == 0, stderr
    data = page_data(out.read_text("utf-8"))
    assert len(data["nodes"]) == 3 and data["omitted"] > 0
    assert f"{data['omitted']} more left out" in stdout


def test_viz_to_stdout(seed_db: Path) -> None:
    code, stdout, stderr = _run("--db", str(seed_db), "viz", "-o", "-")
    assert code == 0, stderr
    assert stdout.startswith("<!DOCTYPE html>") and page_data(stdout)["nodes"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--types", "ACCUSES,SPIES_ON"], "--types: unknown relationship type 'SPIES_ON'"),
        (["--center", "china"], "--center: 'china' is not an entity id"),
        (["--center", "state:zzz"], "--center: no entity 'state:zzz' in the store"),
        (["--since", "2022-01-01", "--until", "2021-01-01"], "since: 2022-01-01 is after until"),
        (["-o", "/nonexistent/folder/graph.html"], "folder /nonexistent/folder does not exist"),
    ],
)
def test_viz_names_the_bad_input(seed_db: Path, args: list[str], message: str) -> None:
    code, _, stderr = _run("--db", str(seed_db), "viz", *args)
    assert code == EXIT_USAGE
    assert message in " ".join(stderr.split())

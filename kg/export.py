"""Export a subgraph as GraphML, JSON (node-link) or CSV.

GraphML only takes scalar attributes, so lists (aliases, roles) are written as JSON strings;
JSON keeps them as lists. CSV is two files, nodes and relations, for spreadsheets.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import networkx as nx

FORMATS = ("graphml", "json", "csv")


def _scalar(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _scalar_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    out = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        out.add_node(node, **{k: _scalar(v) for k, v in attrs.items()})
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        out.add_edge(source, target, key=key, **{k: _scalar(v) for k, v in attrs.items()})
    return out


def to_graphml(graph: nx.MultiDiGraph) -> str:
    buffer = io.BytesIO()
    nx.write_graphml(_scalar_graph(graph), buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def to_json(graph: nx.MultiDiGraph) -> str:
    data = nx.node_link_data(graph, edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)


def to_csv(graph: nx.MultiDiGraph) -> tuple[str, str]:
    """(nodes.csv, relations.csv) contents."""
    node_keys = sorted({k for _, attrs in graph.nodes(data=True) for k in attrs})
    edge_keys = sorted({k for *_, attrs in graph.edges(data=True) for k in attrs})
    nodes, edges = io.StringIO(), io.StringIO()
    node_writer = csv.writer(nodes)
    node_writer.writerow(["id", *node_keys])
    for node, attrs in sorted(graph.nodes(data=True)):
        node_writer.writerow([node, *(_scalar(attrs.get(k)) for k in node_keys)])
    edge_writer = csv.writer(edges)
    edge_writer.writerow(["source", "target", *edge_keys])
    for source, target, attrs in graph.edges(data=True):
        edge_writer.writerow([source, target, *(_scalar(attrs.get(k)) for k in edge_keys)])
    return nodes.getvalue(), edges.getvalue()


def write_export(graph: nx.MultiDiGraph, fmt: str, output: Path | None) -> list[Path] | str:
    """Write to `output` (a file, or a folder for CSV) and return the paths written, or return
    the text itself when no output is given (CSV then returns the relations table)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "csv":
        nodes, edges = to_csv(graph)
        if output is None:
            return edges
        output.mkdir(parents=True, exist_ok=True)
        (output / "nodes.csv").write_text(nodes, encoding="utf-8")
        (output / "relations.csv").write_text(edges, encoding="utf-8")
        return [output / "nodes.csv", output / "relations.csv"]
    text = to_graphml(graph) if fmt == "graphml" else to_json(graph)
    if output is None:
        return text
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    return [output]

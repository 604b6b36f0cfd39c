"""Turn a subgraph (networkx, one edge per assertion) into what the page draws.

The store hands over one edge per assertion; the page draws one edge per
(source, type, target) whose width is the number of assertions behind it, and keeps the
assertions themselves (evidence, article, date) for the side panel. Node and edge dicts
are built with pyvis's `Network`, so their shape is exactly what vis-network expects.

Nothing here produces HTML: every string stays data, and the page renders it as text.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any

import networkx as nx
import yaml
from pyvis.network import Network

from kg.schema import label_of, vocabulary

# Edge properties copied into each assertion shown in the panel (the rest is store plumbing).
ASSERTION_FIELDS = ("aid", "article", "evidence", "date", "confidence", "rule", "negated", "hedged", "section", "role")
# Node attributes that are shown as the node's name and aliases, not as extra properties.
NODE_CORE_FIELDS = {"id", "label", "name", "aliases", "type"}
ARTICLE_FIELDS = ("title", "url", "published", "source")
FALLBACK_COLOR = "#999999"
FONT_FACE = "system-ui, 'Noto Sans', 'Noto Sans CJK SC', 'Noto Naskh Arabic', 'DejaVu Sans', sans-serif"


@dataclass(frozen=True)
class Style:
    """The parsed `style.yaml`."""

    labels: dict[str, dict[str, str]]
    relations: dict[str, dict[str, str]]
    hidden_labels: frozenset[str]
    hidden_relations: frozenset[str]
    node_size: dict[str, int]
    edge_width: dict[str, int]
    layout: list[dict[str, Any]]
    physics: dict[str, float]

    def layout_for(self, node_count: int) -> dict[str, Any]:
        """The layout budget row for a graph of this size (the last row has no bound)."""
        for row in self.layout:
            if row["max_nodes"] is None or node_count <= row["max_nodes"]:
                return row
        return self.layout[-1]


@lru_cache(maxsize=1)
def style() -> Style:
    raw = yaml.safe_load(resources.files("kg.viz").joinpath("style.yaml").read_text("utf-8"))
    return Style(
        labels=raw["labels"],
        relations=raw["relations"],
        hidden_labels=frozenset(raw.get("hidden_labels", [])),
        hidden_relations=frozenset(raw.get("hidden_relations", [])),
        node_size=raw["node_size"],
        edge_width=raw["edge_width"],
        layout=raw["layout"],
        physics=raw["physics"],
    )


def _plain(value: Any) -> Any:
    """A JSON-safe copy of a property value (dates as ISO strings, sets as lists)."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _day(value: Any) -> str | None:
    """`YYYY-MM-DD` of an assertion date, for the date filter; None when it is not a date."""
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    text = str(value or "").strip()[:10]
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def node_label(node_id: str, attrs: dict[str, Any]) -> str:
    """The node's label (State, Official...), from its attributes or else its id prefix."""
    return str(attrs.get("label") or label_of(str(node_id)) or "Unknown")


def _articles(graph: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    """Titles, links and dates of the Article nodes in the graph, by article id."""
    found = {}
    for node_id, attrs in graph.nodes(data=True):
        if node_label(node_id, attrs) == "Article":
            found[str(node_id)] = {f: _plain(attrs.get(f)) for f in ARTICLE_FIELDS if attrs.get(f) is not None}
    return found


def _assertion(attrs: dict[str, Any]) -> dict[str, Any]:
    row = {f: _plain(attrs[f]) for f in ASSERTION_FIELDS if attrs.get(f) is not None}
    day = _day(attrs.get("date"))
    if day:
        row["day"] = day
    return row


def _aggregate(graph: nx.MultiDiGraph, drawn: set[str]) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """One entry per (source, type, target) with every assertion behind it, oldest first."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    hidden = style().hidden_relations
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        rel_type = str(attrs.get("type") or key)
        if rel_type in hidden or str(source) not in drawn or str(target) not in drawn:
            continue
        groups[(str(source), rel_type, str(target))].append(_assertion(attrs))
    for assertions in groups.values():
        assertions.sort(key=lambda a: (a.get("day") or "", str(a.get("aid") or "")))
    return groups


def _curves(keys: list[tuple[str, str, str]]) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Bend parallel edges apart: several types between the same two nodes would overlap."""
    by_pair: dict[frozenset[str], list[tuple[str, str, str]]] = defaultdict(list)
    for key in keys:
        by_pair[frozenset((key[0], key[2]))].append(key)
    curves = {}
    for pair_keys in by_pair.values():
        if len(pair_keys) < 2:
            continue
        per_direction: Counter[tuple[str, str]] = Counter()
        for key in pair_keys:
            index = per_direction[(key[0], key[2])]
            per_direction[(key[0], key[2])] += 1
            curves[key] = {"enabled": True, "type": "curvedCW", "roundness": round(0.15 + 0.2 * index, 2)}
    return curves


def _options(net: Network, node_count: int) -> dict[str, Any]:
    """vis-network options: pyvis's barnesHut physics with a stabilisation budget by size."""
    look = style()
    physics = look.physics
    net.barnes_hut(
        gravity=physics["gravity"],
        central_gravity=physics["central_gravity"],
        spring_length=physics["spring_length"],
        spring_strength=physics["spring_strength"],
        damping=physics["damping"],
        overlap=physics["overlap"],
    )
    options: dict[str, Any] = json.loads(net.options.to_json())
    budget = look.layout_for(node_count)
    options["physics"]["stabilization"].update(
        {"enabled": True, "iterations": budget["iterations"], "updateInterval": 25, "fit": True}
    )
    options["layout"] = {"improvedLayout": budget["improved_layout"], "randomSeed": 7}
    options["edges"] = {
        "smooth": {"enabled": True, "type": "continuous"} if budget["smooth"] else {"enabled": False},
        "color": {"inherit": False},
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
        "scaling": {"min": look.edge_width["min"], "max": look.edge_width["max"]},
        "selectionWidth": 2,
    }
    options["nodes"] = {
        "scaling": {"min": look.node_size["min"], "max": look.node_size["max"]},
        # a system font stack, so Arabic, Chinese and Cyrillic labels use whatever font covers them
        "font": {"size": 14, "face": FONT_FACE, "strokeWidth": 3, "strokeColor": "#ffffff"},
        "widthConstraint": {"maximum": 220},  # long names wrap instead of crossing the graph
        "borderWidth": 1,
    }
    options["interaction"] = {
        "hover": True,
        "tooltipDelay": 150,
        "hideEdgesOnDrag": node_count > 600,
        "navigationButtons": False,
        "keyboard": False,
    }
    return options


def _legend(node_counts: Counter[str], assertion_counts: Counter[str], edge_counts: Counter[str]) -> dict[str, Any]:
    """Legend rows from the schema (every label and type, even when absent) with counts."""
    look, vocab = style(), vocabulary()
    labels = [
        {
            "name": name,
            "description": spec.description,
            "color": look.labels.get(name, {}).get("color", FALLBACK_COLOR),
            "shape": look.labels.get(name, {}).get("shape", "dot"),
            "count": node_counts.get(name, 0),
        }
        for name, spec in vocab.labels.items()
        if name not in look.hidden_labels
    ]
    labels += [  # labels the schema does not know still get a row, so nothing is hidden silently
        {"name": name, "description": "not in the schema", "color": FALLBACK_COLOR, "shape": "dot", "count": n}
        for name, n in sorted(node_counts.items())
        if name not in vocab.labels
    ]
    relations = [
        {
            "name": name,
            "category": spec.category,
            "description": spec.description,
            "color": look.relations.get(name, {}).get("color", FALLBACK_COLOR),
            "count": assertion_counts.get(name, 0),
            "edges": edge_counts.get(name, 0),
        }
        for name, spec in vocab.relations.items()
        if name not in look.hidden_relations
    ]
    relations += [
        {"name": name, "category": "other", "description": "not in the schema", "color": FALLBACK_COLOR,
         "count": n, "edges": edge_counts.get(name, 0)}
        for name, n in sorted(assertion_counts.items())
        if name not in vocab.relations
    ]
    return {"labels": labels, "relations": relations}


def build_view(graph: nx.MultiDiGraph, *, title: str = "geokg", omitted: int = 0) -> dict[str, Any]:
    """The page's data: vis nodes and edges, assertions, articles, legend, dates, options."""
    look = style()
    names = {str(n): str(a.get("name") or n) for n, a in graph.nodes(data=True)}
    drawn = {str(n) for n, a in graph.nodes(data=True) if node_label(n, a) not in look.hidden_labels}
    groups = _aggregate(graph, drawn)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for source, _, target in groups:
        neighbours[source].add(target)
        neighbours[target].add(source)

    net = Network(directed=True)
    node_counts: Counter[str] = Counter()
    for node_id, attrs in graph.nodes(data=True):
        key = str(node_id)
        if key not in drawn:
            continue
        label = node_label(node_id, attrs)
        node_counts[label] += 1
        degree = len(neighbours[key])
        aliases = [str(a) for a in attrs.get("aliases") or [] if a]
        net.add_node(
            key,
            label=names[key],
            shape=look.labels.get(label, {}).get("shape", "dot"),
            color=look.labels.get(label, {}).get("color", FALLBACK_COLOR),
            value=degree + 1,
            title=f"{names[key]} · {label} · {degree} connection{'s' * (degree != 1)}",
            ntype=label,
            degree=degree,
            aliases=aliases,
            props={k: _plain(v) for k, v in attrs.items() if k not in NODE_CORE_FIELDS and v not in (None, "", [])},
        )

    assertion_counts: Counter[str] = Counter()
    edge_counts: Counter[str] = Counter()
    curves = _curves(list(groups))
    for triple, assertions in groups.items():
        source, rel_type, target = triple
        assertion_counts[rel_type] += len(assertions)
        edge_counts[rel_type] += 1
        extra = {"smooth": curves[triple]} if triple in curves else {}
        net.add_edge(
            source,
            target,
            id="|".join(triple),
            rtype=rel_type,
            color=look.relations.get(rel_type, {}).get("color", FALLBACK_COLOR),
            value=len(assertions),
            title=f"{names[source]} {rel_type} {names[target]} · {len(assertions)} assertion"
            + "s" * (len(assertions) != 1),
            assertions=assertions,
            **extra,
        )

    days = sorted(a["day"] for assertions in groups.values() for a in assertions if "day" in a)
    return {
        "title": title,
        "omitted": int(omitted),
        "counts": {"nodes": len(net.nodes), "edges": len(net.edges), "assertions": sum(assertion_counts.values())},
        "legend": _legend(node_counts, assertion_counts, edge_counts),
        "nodes": net.nodes,
        "edges": net.edges,
        "articles": _articles(graph),
        "dates": {"min": days[0], "max": days[-1]} if days else None,
        "options": _options(net, len(net.nodes)),
    }

"""The viewer: a subgraph (networkx) as one self-contained interactive HTML page.

`render_page` is all callers need (`geokg viz`, the API's `GET /viz`). The page inlines
vis-network (taken from the pyvis package), its own script and style and the data, so it
works from `file://` with no network. This package never queries a store: callers pass the
subgraph the store selected (`GraphStore.subgraph`) and how many nodes it left out.

Files: `data.py` (graph -> drawable data), `page.py` (HTML assembly and escaping),
`style.yaml` (colours, shapes, layout budget), `page.html`, `viewer.js` (graph, legend,
filters, panel), `search.js` (the search box), `viewer.css`.
"""

from __future__ import annotations

import networkx as nx

from kg.viz.data import build_view
from kg.viz.page import VizAssetError, assemble


def render_page(graph: nx.MultiDiGraph, *, title: str = "geokg", omitted: int = 0) -> str:
    """The whole HTML page for `graph` (one edge per assertion, as `GraphStore.subgraph` returns).

    `omitted` is how many nodes the selection left out; when 0, the graph's own
    `omitted_nodes` attribute (set by the store) is used.
    """
    left_out = omitted or int(graph.graph.get("omitted_nodes", 0) or 0)
    return assemble(build_view(graph, title=title, omitted=left_out))


__all__ = ["VizAssetError", "build_view", "render_page"]

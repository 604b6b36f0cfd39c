"""Helpers of the viewer tests: a recorded Playwright page, page writing, graph look-ups,
the page's embedded data, and a graph full of hostile and non-Latin names."""

from __future__ import annotations

import importlib.util
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"  # gitignored
LOCAL_SCHEMES = ("file:", "data:", "blob:")
DATA_BLOCK = re.compile(r'<script type="application/json" id="geokg-data">(.*?)</script>', re.DOTALL)
# Each piece would run script if a name were ever inserted as HTML; each sets window.__pwned.
HOSTILE_NAME = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">Evil "Corp" & Co'
HOSTILE_ALIAS = "</script><script>window.__pwned = 3</script>"
HOSTILE_EVIDENCE = '</script><script>window.__pwned = 6</script><b>Evil Corp</b> attacked Russia\'s grid.'
HOSTILE_TITLE = "<img src=x onerror=\"window.__pwned = 4\">A title with markup"


@dataclass
class Viewer:
    """A page of the viewer, with every request and error it caused recorded."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: Path) -> Viewer:
        self.page.goto(path.as_uri())
        self.wait("window.geokg && window.geokg.stable", timeout_s=120)
        return self

    def js(self, expression: str, arg: Any = None) -> Any:
        """Evaluate an expression (`arg` is bound); a function call, so the page's CSP allows it."""
        return self.page.evaluate(f"(arg) => ({expression})", arg)

    def wait(self, expression: str, arg: Any = None, timeout_s: float = 10.0) -> Any:
        """Poll until the expression is truthy (Playwright's wait_for_function needs eval,
        which the page's Content-Security-Policy forbids)."""
        deadline = time.monotonic() + timeout_s
        while True:
            value = self.js(expression, arg)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for: {expression}")
            time.sleep(0.05)

    def offsite_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith(LOCAL_SCHEMES)]


def write_page(folder: Path, graph: nx.MultiDiGraph, name: str = "graph", **kwargs: Any) -> Path:
    from kg.viz import render_page

    path = folder / f"{name}.html"
    path.write_text(render_page(graph, **kwargs), encoding="utf-8")
    return path


def page_data(html: str) -> dict[str, Any]:
    """The data block a page embeds, parsed back."""
    match = DATA_BLOCK.search(html)
    assert match, "no geokg-data block in the page"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def node_named(graph: nx.MultiDiGraph, name: str, label: str | None = None) -> str:
    """The id of the node with this display name; fails the test, listing names, if absent."""
    found = [n for n, a in graph.nodes(data=True)
             if a.get("name") == name and (label is None or a.get("label") == label)]
    if not found:
        names = sorted(str(a.get("name")) for _, a in graph.nodes(data=True))
        pytest.fail(f"the extracted graph has no {label or 'node'} named {name!r} (it has: {names})")
    return str(found[0])


def hostile_graph() -> nx.MultiDiGraph:
    """Names, evidence, titles and urls that would run script if rendered as HTML, plus
    Cyrillic, Chinese, Arabic and accented names, dated and undated assertions."""
    g = nx.MultiDiGraph(omitted_nodes=0)
    g.add_node("group:evil", label="Group", name=HOSTILE_NAME, aliases=[HOSTILE_ALIAS], kind="<b>hackers</b>")
    g.add_node("state:rus", label="State", name="Россия", aliases=["Russian Federation", "Москва"], iso3="RUS")
    g.add_node("state:chn", label="State", name="中国", aliases=["China", "Beijing", "北京"], iso3="CHN")
    g.add_node("state:sau", label="State", name="المملكة العربية السعودية", aliases=["Saudi Arabia", "الرياض"])
    g.add_node("person:zhao-lijian", label="Official", name="Zhao Lìjiān", aliases=["Zhao Lijian"],
               roles=["spokesperson"])
    bad, good = "article:00000000000000aa", "article:00000000000000bb"
    g.add_node(bad, label="Article", title=HOSTILE_TITLE, url="javascript:window.__pwned = 5", published="2021-03-02")
    g.add_node(good, label="Article", title="Riyadh and Beijing sign deals", url="https://news.example/a")
    g.add_edge("group:evil", "state:rus", type="ATTACKS", aid="x1", article=bad, evidence=HOSTILE_EVIDENCE,
               date="2021-03-01", confidence=0.7, rule="test")
    g.add_edge("state:rus", "state:chn", type="COOPERATES_WITH", aid="x2", article=good,
               evidence="Russia and China signed a partnership.", date="2022-06-01", confidence=0.9, rule="test")
    g.add_edge("person:zhao-lijian", "state:chn", type="OFFICIAL_OF", aid="x3", role="spokesperson")
    for aid, day in (("x4", "2023-03-10"), ("x5", "2023-03-11")):
        g.add_edge("state:chn", "state:sau", type="COOPERATES_WITH", aid=aid, article=good,
                   evidence=f"China and Saudi Arabia agreed on {day}.", date=day, confidence=0.8, rule="test")
    return g


def synthetic_graph(n: int) -> nx.MultiDiGraph:
    """The benchmark's generated graph (benchmarks/ is not a package: loaded by path)."""
    spec = importlib.util.spec_from_file_location("viz_benchmark", REPO / "benchmarks" / "viz.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    graph: nx.MultiDiGraph = bench.synthetic_graph(n)
    return graph

"""The page as data and markup (no browser): aggregation, legend, escaping, self-containment."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

import networkx as nx
from vizkit import HOSTILE_ALIAS, HOSTILE_EVIDENCE, HOSTILE_NAME, hostile_graph, page_data, synthetic_graph

from kg.schema import vocabulary
from kg.viz import build_view, render_page
from kg.viz.data import style


def _assertion(graph: nx.MultiDiGraph, source: str, target: str, rel_type: str, aid: str, day: Any) -> None:
    graph.add_edge(source, target, key=aid, type=rel_type, aid=aid, article="article:00000000000000aa",
                   evidence=f"evidence {aid}", date=day, confidence=0.5, rule="test")


def _triangle() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(omitted_nodes=0)
    for node, label, name in (("state:aus", "State", "Australia"), ("state:chn", "State", "China"),
                              ("person:marise-payne", "Official", "Marise Payne")):
        g.add_node(node, label=label, name=name, aliases=[])
    _assertion(g, "state:aus", "state:chn", "ACCUSES", "a3", "2021-07-20")
    _assertion(g, "state:aus", "state:chn", "ACCUSES", "a1", "2021-07-19")
    _assertion(g, "state:aus", "state:chn", "ACCUSES", "a2", date(2021, 7, 19))
    _assertion(g, "state:aus", "state:chn", "DEMANDS", "d1", "2021-07-19T10:00:00")
    _assertion(g, "state:chn", "state:aus", "REJECTS", "r1", "sometime last year")
    _assertion(g, "person:marise-payne", "state:aus", "OFFICIAL_OF", "o1", None)
    return g


def test_style_covers_every_label_and_relation_type_of_the_schema() -> None:
    vocab = vocabulary()
    assert set(vocab.labels) <= set(style().labels), "a label without a shape and colour in viz/style.yaml"
    assert set(vocab.relations) <= set(style().relations), "a relation type without a colour in viz/style.yaml"


def test_one_drawn_edge_per_source_type_target_carrying_its_assertions() -> None:
    view = build_view(_triangle())
    edges = {e["id"]: e for e in view["edges"]}
    accuses = edges["state:aus|ACCUSES|state:chn"]
    assert accuses["value"] == 3 and accuses["from"] == "state:aus" and accuses["to"] == "state:chn"
    assert [a["aid"] for a in accuses["assertions"]] == ["a1", "a2", "a3"]  # oldest first
    assert accuses["assertions"][0]["evidence"] == "evidence a1"
    assert set(edges) == {
        "state:aus|ACCUSES|state:chn", "state:aus|DEMANDS|state:chn", "state:chn|REJECTS|state:aus",
        "person:marise-payne|OFFICIAL_OF|state:aus",
    }
    assert view["counts"] == {"nodes": 3, "edges": 4, "assertions": 6}
    # three types between Australia and China would overlap: they are bent apart
    curves = [edges[k].get("smooth") for k in edges if "person" not in k]
    assert all(c and c["type"] == "curvedCW" for c in curves)
    assert "smooth" not in edges["person:marise-payne|OFFICIAL_OF|state:aus"]


def test_dates_are_normalised_for_the_filter_and_bad_ones_ignored() -> None:
    view = build_view(_triangle())
    days = {a["aid"]: a.get("day") for e in view["edges"] for a in e["assertions"]}
    assert days == {"a1": "2021-07-19", "a2": "2021-07-19", "a3": "2021-07-20", "d1": "2021-07-19",
                    "r1": None, "o1": None}
    assert view["dates"] == {"min": "2021-07-19", "max": "2021-07-20"}


def test_node_size_follows_the_number_of_connections() -> None:
    view = build_view(_triangle())
    nodes = {n["id"]: n for n in view["nodes"]}
    assert nodes["state:aus"]["degree"] == 2 and nodes["person:marise-payne"]["degree"] == 1
    assert nodes["state:aus"]["value"] > nodes["person:marise-payne"]["value"]
    assert nodes["person:marise-payne"]["shape"] != nodes["state:aus"]["shape"]  # shape by label


def test_legend_is_the_schema_with_per_type_counts() -> None:
    view = build_view(_triangle())
    labels = {row["name"]: row["count"] for row in view["legend"]["labels"]}
    relations = {row["name"]: row["count"] for row in view["legend"]["relations"]}
    assert list(labels) == vocabulary().entity_labels
    assert labels["State"] == 2 and labels["Official"] == 1 and labels["Incident"] == 0
    assert relations["ACCUSES"] == 3 and relations["REJECTS"] == 1 and relations["SANCTIONS"] == 0
    assert "MENTIONS" not in relations


def test_articles_give_titles_and_are_not_drawn_nor_their_mentions() -> None:
    g = _triangle()
    g.add_node("article:00000000000000aa", label="Article", title="Australia blames China", url="https://x.example/a")
    g.add_edge("article:00000000000000aa", "state:aus", type="MENTIONS", aid="m1")
    view = build_view(g)
    assert view["articles"]["article:00000000000000aa"] == {"title": "Australia blames China",
                                                           "url": "https://x.example/a"}
    assert "article:00000000000000aa" not in {n["id"] for n in view["nodes"]}
    assert not [e for e in view["edges"] if e["rtype"] == "MENTIONS"]


def test_types_outside_the_schema_are_still_drawn_and_listed() -> None:
    g = _triangle()
    _assertion(g, "state:aus", "state:chn", "SPIES_ON", "s1", "2021-07-21")
    view = build_view(g)
    row = next(r for r in view["legend"]["relations"] if r["name"] == "SPIES_ON")
    assert row["category"] == "other" and row["count"] == 1


def test_omitted_count_comes_from_the_graph_unless_given() -> None:
    g = _triangle()
    g.graph["omitted_nodes"] = 7
    assert page_data(render_page(g))["omitted"] == 7
    assert page_data(render_page(g, omitted=12))["omitted"] == 12


def test_layout_budget_shrinks_for_big_graphs() -> None:
    small, big = build_view(synthetic_graph(60))["options"], build_view(synthetic_graph(2000))["options"]
    assert big["physics"]["stabilization"]["iterations"] < small["physics"]["stabilization"]["iterations"]
    assert small["layout"]["improvedLayout"] and not big["layout"]["improvedLayout"]
    assert big["edges"]["smooth"] == {"enabled": False}


def test_data_block_cannot_be_broken_out_of() -> None:
    html = render_page(hostile_graph(), title="</title><script>window.__pwned = 7</script>")
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    # exactly the page's own script elements close (data, vis-network, search, viewer)
    assert html.count("</script>") == 4
    data = page_data(html)
    names = {n["id"]: n for n in data["nodes"]}
    assert names["group:evil"]["label"] == HOSTILE_NAME and names["group:evil"]["aliases"] == [HOSTILE_ALIAS]
    assert data["edges"][0]["assertions"][0]["evidence"] == HOSTILE_EVIDENCE
    assert "<title>&lt;/title&gt;&lt;script&gt;" in html


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script" and dict(attrs).get("type") != "application/json"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def test_page_loads_nothing_from_anywhere() -> None:
    html = render_page(_triangle())
    parser = _Tags()
    parser.feed(html)
    linked = [(tag, attrs) for tag, attrs in parser.tags if {"src", "href"} & set(attrs) or tag in ("link", "iframe")]
    assert linked == []
    assert not re.search(r"""url\(\s*['"]?(https?:)?//""", html), "a stylesheet url pointing off the page"
    assert "sourceMappingURL" not in html


def test_csp_allows_exactly_the_inline_scripts() -> None:
    html = render_page(_triangle())
    parser = _Tags()
    parser.feed(html)
    csp = next(a["content"] for t, a in parser.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp and "default-src 'none'" in csp and "connect-src 'none'" in csp
    hashes = set(re.findall(r"'sha256-([^']+)'", csp))
    digests = {base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in parser.scripts}
    assert len(parser.scripts) == 3 and hashes == digests


def test_empty_graph_gives_a_page() -> None:
    data = page_data(render_page(nx.MultiDiGraph()))
    assert data["nodes"] == [] and data["edges"] == [] and data["dates"] is None
    json.dumps(data)  # plain JSON

"""The viewer in headless Chromium: offline loading, search, evidence, toggles, escaping.

Interactions go through the page like a person's (typing in the search box, clicking an edge
at a point computed from the layout, clicking checkboxes and buttons); `window.geokg` is
read to check what the page did.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from vizkit import (
    ARTIFACTS,
    HOSTILE_EVIDENCE,
    HOSTILE_NAME,
    HOSTILE_TITLE,
    Viewer,
    hostile_graph,
    node_named,
    synthetic_graph,
    write_page,
)

pytestmark = pytest.mark.browser

NO_MARKUP = "document.querySelectorAll('#panel img, #panel script, #panel b, #search-results img').length"


def _panel_text(viewer: Viewer) -> str:
    return " ".join(str(viewer.page.inner_text("#panel")).split())


def _search(viewer: Viewer, text: str) -> None:
    """Type into the search box and press Enter, like a person."""
    viewer.page.fill("#search", "")
    viewer.page.click("#search")
    viewer.page.keyboard.type(text)
    viewer.page.keyboard.press("Enter")


def _artifact(viewer: Viewer, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    viewer.page.screenshot(path=str(path))
    return path


# ---------------------------------------------------------------------------- the seed's graph


def test_seed_page_loads_without_any_request_leaving_it(viewer: Viewer, seed_page: Path,
                                                        seed_graph: nx.MultiDiGraph) -> None:
    viewer.open(seed_page)
    assert viewer.requests and viewer.requests[0] == seed_page.as_uri()  # the recorder sees requests
    assert viewer.offsite_requests() == []
    assert viewer.errors == []
    drawn = [a["label"] for _, a in seed_graph.nodes(data=True) if a["label"] != "Article"]
    assert viewer.js("geokg.nodes.length") == len(drawn) > 0
    for label in set(drawn):  # legend counts are the graph's
        count = viewer.page.inner_text(f"label:has(#toggle-label-{label}) .count")
        assert count == f"({drawn.count(label)})"
    shot = _artifact(viewer, "viz-seed.png")
    assert shot.stat().st_size > 10_000


def test_searching_beijing_focuses_china(viewer: Viewer, seed_page: Path, seed_graph: nx.MultiDiGraph) -> None:
    china = node_named(seed_graph, "China", "State")
    viewer.open(seed_page)
    viewer.page.click("#search")
    viewer.page.keyboard.type("Beijing")
    first = viewer.page.wait_for_selector("#search-results li")
    assert first.get_attribute("data-id") == china
    viewer.page.keyboard.press("Enter")
    viewer.wait("geokg.selected && geokg.selected.id === arg", china)
    assert viewer.page.inner_text("#panel h2") == "China"
    assert viewer.js("geokg.network.getSelectedNodes()") == [china]
    # after the focus animation China sits in the visible part of the graph, left of the panel
    viewer.wait("""(() => { const p = geokg.nodePoint(arg);
        const g = document.getElementById('graph').getBoundingClientRect();
        const panel = document.getElementById('panel').getBoundingClientRect();
        return Math.abs(p.x - (g.left + panel.left) / 2) < 40 && Math.abs(p.y - (g.top + g.bottom) / 2) < 40; })()""",
                china)


def test_clicking_the_accuses_edge_from_australia_to_china_shows_its_evidence(
    viewer: Viewer, seed_page: Path, seed_graph: nx.MultiDiGraph
) -> None:
    australia, china = node_named(seed_graph, "Australia", "State"), node_named(seed_graph, "China", "State")
    evidence = [a.get("evidence") for u, v, a in seed_graph.edges(data=True)
                if (u, v, a.get("type")) == (australia, china, "ACCUSES")]
    assert evidence, "the extractor found no Australia ACCUSES China assertion in the seed"
    edge_id = f"{australia}|ACCUSES|{china}"
    viewer.open(seed_page)
    viewer.js("geokg.network.fit({nodes: arg, animation: false})", [australia, china])
    point = viewer.wait("geokg.edgePoint(arg)", edge_id)
    viewer.page.mouse.click(point["x"], point["y"])
    viewer.wait("geokg.selected && geokg.selected.id === arg", edge_id)
    text = _panel_text(viewer)
    assert "Australia → China" in text and "ACCUSES" in text
    for sentence in evidence:
        assert sentence and " ".join(sentence.split()) in text
    quotes = viewer.js("[...document.querySelectorAll('#panel blockquote')].map(q => q.textContent)")
    assert sorted(quotes) == sorted(evidence)
    _artifact(viewer, "viz-seed-evidence.png")


def test_the_type_toggle_hides_officials(viewer: Viewer, seed_page: Path, seed_graph: nx.MultiDiGraph) -> None:
    officials = [n for n, a in seed_graph.nodes(data=True) if a["label"] == "Official"]
    assert officials, "the extractor found no officials in the seed"
    others = [n for n, a in seed_graph.nodes(data=True) if a["label"] not in ("Official", "Article")]
    hidden = "arg.map(id => geokg.network.body.nodes[id].options.hidden === true)"
    viewer.open(seed_page)
    assert not any(viewer.js(hidden, officials))
    viewer.page.click("#toggle-label-Official")
    assert all(viewer.js(hidden, officials)) and not any(viewer.js(hidden, others))
    touching = viewer.js("geokg.edges.get().filter(e => arg.includes(e.from) || arg.includes(e.to))"
                         ".map(e => geokg.network.body.edges[e.id].options.hidden)", officials)
    assert touching and all(touching)
    assert "showing" in viewer.page.inner_text("#summary")
    viewer.page.click("#toggle-label-Official")
    assert not any(viewer.js(hidden, officials))


# ---------------------------------------------------------------------------- hand-built graphs


@pytest.fixture
def hostile_page(tmp_path: Path) -> Path:
    return write_page(tmp_path, hostile_graph(), "hostile", title="<script>window.__pwned = 7</script>")


def test_markup_in_names_evidence_and_titles_shows_as_text_and_runs_nothing(viewer: Viewer, hostile_page: Path) -> None:
    viewer.open(hostile_page)
    _search(viewer, "<script")
    viewer.wait("geokg.selected && geokg.selected.id === 'group:evil' && !geokg.moving")
    assert viewer.page.inner_text("#panel h2") == HOSTILE_NAME
    assert "<b>hackers</b>" in _panel_text(viewer)
    viewer.page.click("#panel ul.relations a")  # the ATTACKS edge, from the node's panel
    viewer.wait("geokg.selected && geokg.selected.kind === 'edge'")
    assert viewer.js("document.querySelector('#panel blockquote').textContent") == HOSTILE_EVIDENCE
    assert HOSTILE_TITLE in _panel_text(viewer)
    # its article's url is javascript: so the title is plain text, not a link
    assert viewer.js("document.querySelector('#panel .evidence span.article').textContent") == HOSTILE_TITLE
    assert viewer.js("[...document.querySelectorAll('#panel a')].filter(a => a.protocol === 'javascript:').length") == 0
    x, y = viewer.js("Object.values(geokg.nodePoint('group:evil'))")
    viewer.page.mouse.move(x - 40, y - 40)
    viewer.page.mouse.move(x, y, steps=5)  # hover, so vis-network shows the node's tooltip
    tooltip = viewer.wait("(() => { const t = document.querySelector('div.vis-tooltip');"
                          " return t && t.style.visibility !== 'hidden' && t.textContent; })()")
    assert tooltip.startswith(HOSTILE_NAME)
    assert viewer.js(NO_MARKUP) == 0 and viewer.js("document.querySelectorAll('div.vis-tooltip *').length") == 0
    assert viewer.page.title() == "<script>window.__pwned = 7</script>"
    assert viewer.js("window.__pwned === undefined")
    assert viewer.errors == [] and viewer.offsite_requests() == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [("москва", "state:rus"), ("РОССИЯ", "state:rus"), ("北京", "state:chn"), ("中国", "state:chn"),
     ("الرياض", "state:sau"), ("zhao lijian", "person:zhao-lijian"), ("ZHAO LÌJIĀN", "person:zhao-lijian")],
)
def test_search_finds_non_latin_names_ignoring_case_and_accents(viewer: Viewer, hostile_page: Path, query: str,
                                                               expected: str) -> None:
    viewer.open(hostile_page)
    _search(viewer, query)
    viewer.wait("geokg.selected && geokg.selected.id === arg", expected)
    assert viewer.page.inner_text("#panel h2") == hostile_graph().nodes[expected]["name"]


def _edge_state(viewer: Viewer) -> dict[str, Any]:
    return viewer.js("Object.fromEntries(geokg.edges.get().map(e => [e.id, e.hidden ? 0 : e.value]))")


def test_the_date_slider_filters_edges_by_date(viewer: Viewer, hostile_page: Path) -> None:
    viewer.open(hostile_page)
    before = _edge_state(viewer)
    assert before["state:chn|COOPERATES_WITH|state:sau"] == 2 and before["group:evil|ATTACKS|state:rus"] == 1
    viewer.page.focus("#date-from")
    viewer.page.keyboard.press("End")  # from = the last day (2023-03-11)
    assert viewer.page.inner_text("#date-from-label") == "2023-03-11"
    after = _edge_state(viewer)
    assert after == {
        "group:evil|ATTACKS|state:rus": 0,  # 2021
        "state:rus|COOPERATES_WITH|state:chn": 0,  # 2022
        "state:chn|COOPERATES_WITH|state:sau": 1,  # one of its two assertions is on the last day
        "person:zhao-lijian|OFFICIAL_OF|state:chn": 1,  # undated: always shown
    }
    viewer.page.keyboard.press("Home")
    assert _edge_state(viewer) == before


def test_clicking_a_node_highlights_its_neighbourhood(viewer: Viewer, hostile_page: Path) -> None:
    viewer.open(hostile_page)
    viewer.page.mouse.click(*viewer.js("Object.values(geokg.nodePoint('state:rus'))"))
    viewer.wait("geokg.selected && geokg.selected.id === 'state:rus'")
    colours = viewer.js("Object.fromEntries(geokg.nodes.get().map(n => [n.id, n.color === n.baseColor]))")
    assert colours == {"group:evil": True, "state:rus": True, "state:chn": True, "state:sau": False,
                       "person:zhao-lijian": False}
    viewer.page.click("#panel-close")
    assert all(viewer.js("geokg.nodes.get().map(n => n.color === n.baseColor)"))


def test_export_png_downloads_the_current_view(viewer: Viewer, hostile_page: Path) -> None:
    viewer.open(hostile_page)
    with viewer.page.expect_download() as download:
        viewer.page.click("#export-png")
    saved = Path(download.value.path())
    png = saved.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert [width, height] == viewer.js("(c => [c.width, c.height])(document.querySelector('#graph canvas'))")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "viz-export.png").write_bytes(png)
    assert viewer.offsite_requests() == []


def test_the_page_says_what_was_left_out(viewer: Viewer, tmp_path: Path) -> None:
    graph = hostile_graph()
    graph.graph["omitted_nodes"] = 42
    viewer.open(write_page(tmp_path, graph))
    assert "42 more entities" in viewer.page.inner_text("#omitted")
    viewer.open(write_page(tmp_path, hostile_graph(), "complete"))
    assert not viewer.page.is_visible("#omitted")


def test_an_empty_selection_says_so(viewer: Viewer, tmp_path: Path) -> None:
    viewer.open(write_page(tmp_path, nx.MultiDiGraph()))
    assert viewer.page.is_visible("#empty") and viewer.errors == []


def test_physics_stops_once_a_mid_size_layout_is_stable(viewer: Viewer, tmp_path: Path) -> None:
    viewer.open(write_page(tmp_path, synthetic_graph(300)))
    assert viewer.js("geokg.network.physics.options.enabled") is False
    some = viewer.js("geokg.nodes.getIds().slice(0, 20)")
    before = viewer.js("geokg.network.getPositions(arg)", some)
    viewer.page.wait_for_timeout(500)
    assert viewer.js("geokg.network.getPositions(arg)", some) == before
    assert viewer.errors == []

"""Reports on our own fixture articles (real pipeline): the event window, roll-up of an
official to its state, hostile text kept inert in every format, the CLI and the HTTP routes.

The articles (in `articles/`) are built for this: the US accuses China on 1 March 2022 (also
through Antony Blinken, and in a headline carrying a <script>), again on 4 March (three days
later: the same event) and on 20 April (a new event); China's denial carries an <img onerror>
and Markdown link syntax.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from markdown_it import MarkdownIt
from reportkit import REPO, check_page, direct_states, raw, rendered

from kg import analytics
from kg.reports import ReportError, ReportOptions, build_report, config
from kg.settings import Settings
from kg.stores.base import GraphStore

CHINA, USA = "state:chn", "state:usa"


def us_accusations(store: GraphStore) -> list[Any]:
    """The store's ACCUSES China assertions made by the US or by one of its officials."""
    return [a for a in raw(store, "ACCUSES", target=CHINA)
            if a.source == USA or USA in direct_states(store, a.source)]


def test_reports_within_the_window_count_as_one_event(fixture_store: GraphStore) -> None:
    stored = us_accusations(fixture_store)
    days = sorted({a.date[:10] for a in stored if a.date})
    assert days == ["2022-03-01", "2022-03-04", "2022-04-20"], "the fixture articles were not read as written"
    assert any(a.source != USA for a in stored), "Blinken's accusation should be stored under his own id"

    for window, events in ((7, 2), (0, 3), (60, 1)):
        report = build_report(fixture_store, ReportOptions(window_days=window, evidence=0))
        pair = report.pair("ACCUSES", USA, CHINA)
        assert pair is not None
        sentences = {(a.article, a.evidence) for a in stored}  # one report per sentence of an article
        assert pair.tally.reports == len(sentences) >= 4
        assert pair.tally.articles == len({a.article for a in stored}) == 3
        assert pair.tally.events == events, (window, pair.tally)
        assert {(q.article, q.text) for q in pair.tally.quotes} == sentences
        out = rendered(report)
        assert out.pair("ACCUSES", USA, CHINA)["tally"]["events"] == events  # type: ignore[index]
        assert f"{len(sentences)} reports, {events} event{'s' * (events != 1)}, 3 articles" in out.markdown


def test_hostile_article_text_stays_inert_in_every_format(fixture_store: GraphStore, tmp_path: Path) -> None:
    report = build_report(fixture_store, ReportOptions(evidence=0))
    quotes = [q for p in report.pairs for q in p.tally.quotes]
    hostile = [q.text for q in quotes if "<img" in q.text or "<script" in q.text]
    assert len(hostile) >= 2, "the fixture's hostile sentences should be stored as evidence"
    assert any(q.title and "<script>" in q.title for q in quotes)
    out = rendered(report)
    for text in hostile:
        assert out.shows(text)
    for needle in ("<script", "<img src=x"):  # the figures are <img src="data:...">; an attribute is inert
        assert needle not in out.html.lower() and needle not in out.markdown.lower()
    # a Markdown renderer (markdown-it, CommonMark + tables) makes no tag, link or image of it
    as_html = MarkdownIt("commonmark").enable("table").render(out.markdown).lower()
    assert "<script" not in as_html and "<img" not in as_html and "<a " not in as_html
    assert "&lt;script&gt;" in as_html and "[smears](javascript:alert(1))" in as_html
    assert any(text in json.dumps(out.data, ensure_ascii=False) for text in hostile)  # data stays data


@pytest.mark.browser
def test_hostile_text_runs_nothing_in_chromium(fixture_store: GraphStore, browser: Any, tmp_path: Path) -> None:
    for options in (ReportOptions(), ReportOptions(kind="actor", actor=CHINA)):
        page = check_page(browser, rendered(build_report(fixture_store, options)).html, tmp_path / "r.html")
        assert page.pwned is None and page.scripts == 0 and not page.errors
        assert page.images and all(i["complete"] and i["width"] > 0 for i in page.images)
        assert page.requests == [(tmp_path / "r.html").as_uri()]


def test_bad_requests_name_the_input(fixture_store: GraphStore) -> None:
    cases = [
        (ReportOptions(kind="actor", actor="state:zzz"), "state:zzz"),
        (ReportOptions(kind="actor", actor="china"), "china"),
        (ReportOptions(types=["HUGS"]), "HUGS"),
        (ReportOptions(types=["MEMBER_OF"]), "MEMBER_OF"),
        (ReportOptions(kind="dyad", dyad=(USA, USA)), "dyad"),
    ]
    for options, word in cases:
        with pytest.raises(ReportError, match=word):
            build_report(fixture_store, options)


def _geokg(*args: str) -> subprocess.CompletedProcess[str]:
    # the console script, not `python -m kg.cli`: run as __main__, kg.cli is a second module whose
    # global options (--db) the commands defined in other modules would not see
    geokg = Path(sys.executable).with_name("geokg")
    return subprocess.run([str(geokg), *args], capture_output=True, text=True, timeout=300, cwd=REPO)


def test_cli_writes_each_format_and_fails_clearly(fixture_db: Path, tmp_path: Path) -> None:
    for fmt, marker in (("markdown", "# Dyad report"), ("html", "<!DOCTYPE html>"), ("json", '"kind": "dyad"')):
        target = tmp_path / f"dyad.{fmt}"
        done = _geokg("--db", str(fixture_db), "report", "--dyad", USA, CHINA, "--format", fmt, "-o", str(target))
        assert done.returncode == 0, done.stderr
        assert marker in target.read_text(encoding="utf-8")
    done = _geokg("--db", str(fixture_db), "report", "--actor", "state:zzz")
    assert done.returncode == 2 and "state:zzz" in done.stderr
    done = _geokg("--db", str(fixture_db), "report", "--format", "pdf")
    assert done.returncode == 2 and "pdf" in done.stderr


def _api_support() -> Any:
    """tests/api/api_support.py (its live uvicorn server), imported by path, not copied."""
    if "api_support" in sys.modules:
        return sys.modules["api_support"]
    spec = importlib.util.spec_from_file_location("api_support", REPO / "tests" / "api" / "api_support.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["api_support"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def api(fixture_store: GraphStore) -> Iterator[httpx.Client]:
    """The real app over HTTP, with the reports router (added here until the app includes it)."""
    from kg.api import create_app
    from kg.api.routes_reports import router

    app = create_app(Settings(), store=fixture_store)
    if not any(getattr(r, "path", "") == "/reports/overview" for r in app.routes):
        app.include_router(router)
    with _api_support().LiveServer(app) as server, httpx.Client(base_url=server.url, timeout=120) as client:
        yield client


def test_http_routes_serve_the_same_report(api: httpx.Client, fixture_store: GraphStore) -> None:
    expected = build_report(fixture_store, ReportOptions(kind="actor", actor=CHINA))
    got = api.get(f"/reports/actor/{CHINA}")
    assert got.status_code == 200 and got.headers["content-type"].startswith("application/json")
    assert [p["key"] for p in got.json()["pairs"]] == [p.key for p in expected.pairs]

    page = api.get(f"/reports/dyad/{USA}/{CHINA}", params={"format": "html", "type": "ACCUSES,REJECTS"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert "data:image/png;base64," in page.text and "<script" not in page.text.lower()

    text = api.get("/reports/overview", params={"format": "markdown", "since": "2022-04-01"})
    assert text.status_code == 200 and text.headers["content-type"].startswith("text/markdown")
    assert text.text.startswith("# Relations overview") and "2022-04-20" in text.text
    later = api.get("/reports/overview", params={"since": "2022-04-01", "evidence": 0}).json()
    dates = [q["date"] for p in later["pairs"] for q in p["tally"]["quotes"]]
    assert dates and all(d >= "2022-04-01" for d in dates)


def test_http_errors_are_problem_documents(api: httpx.Client) -> None:
    for path, params, status, word in (
        ("/reports/actor/state:zzz", {}, 404, "state:zzz"),
        ("/reports/actor/china", {}, 422, "china"),
        ("/reports/overview", {"type": "HUGS"}, 422, "HUGS"),
        ("/reports/overview", {"since": "2023-01-01", "until": "2022-01-01"}, 422, "since"),
        ("/reports/overview", {"format": "pdf"}, 422, "format"),
    ):
        response = api.get(path, params=params)
        assert response.status_code == status, (path, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert word.lower() in response.text.lower()


def test_count_events_anchors_the_window_at_the_first_report() -> None:
    run = [("2022-03-01", "a"), ("2022-03-06", "b"), ("2022-03-11", "c"), ("2022-03-12", "d")]
    # 03-06 is within 7 days of 03-01; 03-11 is not (10 days), so it opens a second event
    assert analytics.count_events(run, 7) == 2
    assert analytics.count_events(run, 0) == 4
    assert analytics.count_events([("2022-03-01", "a"), ("2022-03-08", "b")], 7) == 1
    assert analytics.count_events([("2022-03-01", "a"), ("2022-03-09", "b")], 7) == 2
    # undated reports cannot be placed: one event per article
    assert analytics.count_events([(None, "a"), (None, "a"), (None, "b"), ("2022-01-01", "c")], 7) == 3


def test_rollup_follows_officials_and_agencies_to_the_top() -> None:
    from kg.stores.base import Assertion

    def rel(source: str, rtype: str, target: str) -> Assertion:
        return Assertion(f"{source}{target}", rtype, source, target, None, None, None, None, None)

    structural = [rel("person:a", "OFFICIAL_OF", "agency:usa:state-department"),
                  rel("agency:usa:state-department", "PART_OF", "state:usa"),
                  rel("person:b", "OFFICIAL_OF", "state:gbr"), rel("person:b", "OFFICIAL_OF", "state:gbr"),
                  rel("person:b", "OFFICIAL_OF", "state:fra")]
    known = {"person:a", "person:b", "agency:usa:state-department", "agency:chn:mss", "state:usa", "state:gbr",
             "state:fra", "state:chn", "org:eu"}
    roll = analytics.rollup_map(structural, known)
    assert roll["person:a"] == "state:usa"
    assert roll["person:b"] == "state:gbr"  # named twice for Britain, once for France
    assert roll["agency:chn:mss"] == "state:chn"  # no PART_OF: the id names its state
    assert roll["org:eu"] == "org:eu"


@pytest.mark.parametrize("listed", [0, 2])
def test_every_link_in_the_html_report_has_its_target(fixture_store: GraphStore, listed: int) -> None:
    """Matrix cells and ranking rows link to evidence only when it is listed (reports.yaml's
    `pairs_listed` caps it for large graphs; the JSON keeps every relation)."""
    settings = config()
    before = settings["pairs_listed"]
    settings["pairs_listed"] = listed
    try:
        report = build_report(fixture_store, ReportOptions())
        out = rendered(report)
    finally:
        settings["pairs_listed"] = before
    assert len(report.pairs) > 2
    links = set(re.findall(r'href="#([^"]+)"', out.html))
    ids = set(re.findall(r'id="([^"]+)"', out.html))
    assert links and links <= ids
    shown = len(report.pairs) if listed == 0 else listed
    assert len(re.findall(r'<div class="pair" id=', out.html)) == shown
    assert len(out.data["pairs"]) == len(report.pairs)
    assert ("more relations" in out.markdown) == (listed != 0)


def test_pagerank_matches_networkx() -> None:
    import random

    import networkx as nx
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    rng = random.Random(3)
    weights: dict[tuple[str, str], float] = {}
    for _ in range(2000):
        a, b = f"n{rng.randrange(200)}", f"n{rng.randrange(220)}"  # some nodes only receive: dangling
        weights[(a, b)] = weights.get((a, b), 0) + rng.randint(1, 4)
    graph = nx.DiGraph()
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in weights.items() if a != b)
    reference = _pagerank_python(graph, weight="weight")
    mine = analytics.pagerank(weights)
    assert mine.keys() == reference.keys()
    assert max(abs(mine[k] - reference[k]) for k in mine) < 1e-9

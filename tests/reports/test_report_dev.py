"""Reports on the dev corpus graph (real pipeline): every fact checked is derived from the
store's own relations, then looked for in the Report and in all three formats."""

from __future__ import annotations

import base64
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from reportkit import INTERACTIONS, check_page, direct_states, name_of, raw, rendered

from kg.reports import ReportOptions, build_report
from kg.schema import label_of
from kg.stores.base import GraphStore

CHINA, USA = "state:chn", "state:usa"


def test_actor_report_lists_the_states_that_accused_china_with_their_quotes(dev_store: GraphStore) -> None:
    expected: dict[str, list[str]] = defaultdict(list)  # accusing state -> quotes
    for a in raw(dev_store, "ACCUSES", target=CHINA):
        if label_of(a.source) == "State":
            expected[a.source].append(a.evidence or "")
        elif label_of(a.source) == "Official":  # officials accuse for their state (ontology rule 4)
            for state in direct_states(dev_store, a.source):
                expected[state].append(a.evidence or "")
    assert expected, "the dev corpus should hold accusations against China"

    report = build_report(dev_store, ReportOptions(kind="actor", actor=CHINA, evidence=0))
    out = rendered(report)
    assert out.data["kind"] == "actor" and out.data["subjects"] == [CHINA]
    for state, quotes in expected.items():
        pair = report.pair("ACCUSES", state, CHINA)
        assert pair is not None, f"{state} accused China but the report does not say so"
        assert set(quotes) <= {q.text for q in pair.tally.quotes}
        assert pair.tally.reports == pair.tally.quotes_total >= len(set(quotes))
        json_pair = out.pair("ACCUSES", state, CHINA)
        assert json_pair is not None and set(quotes) <= {q["text"] for q in json_pair["tally"]["quotes"]}
        assert out.shows(name_of(dev_store, state))
        for quote in quotes:
            assert out.shows(quote), quote


def test_actor_report_counts_only_relations_that_touch_the_actor(dev_store: GraphStore) -> None:
    report = build_report(dev_store, ReportOptions(kind="actor", actor=CHINA))
    assert report.pairs
    assert all(CHINA in (p.source, p.target) for p in report.pairs)
    incoming = next(r for r in report.rankings if r.type == "ACCUSES").incoming
    assert incoming[0].id == CHINA and incoming[0].reports == sum(
        p.tally.reports for p in report.pairs if p.type == "ACCUSES" and p.target == CHINA
    )


def test_dyad_report_for_the_united_states_and_china_has_a_timeline(dev_store: GraphStore, tmp_path: Path) -> None:
    between = [a for a in raw(dev_store, *INTERACTIONS, source=USA, target=CHINA)
               + raw(dev_store, *INTERACTIONS, source=CHINA, target=USA) if a.date]
    assert between, "the dev corpus should hold dated relations between the US and China"

    report = build_report(dev_store, ReportOptions(kind="dyad", dyad=(USA, CHINA)))
    assert len(report.timelines) == 1
    timeline = report.timelines[0]
    assert (timeline.a, timeline.b) == (USA, CHINA)
    counts = {m: sum(s.counts[i] for s in timeline.series) for i, m in enumerate(timeline.months)}
    for a in between:
        assert counts[(a.date or "")[:7]] >= 1, a
    assert timeline.total >= len(between)
    assert timeline.months == sorted(timeline.months) and len(set(timeline.months)) == len(timeline.months)
    assert {frozenset((p.source, p.target)) for p in report.pairs} == {frozenset((USA, CHINA))}

    out = rendered(report)
    assert len(out.data["timelines"]) == 1 and out.data["timelines"][0]["months"] == timeline.months
    for month, n in counts.items():
        if n:
            assert re.search(rf"^\| {month} \|", out.markdown, re.M), month
    images = re.findall(r'<img src="data:image/png;base64,([^"]+)"', out.html)
    assert len(images) == 1 and base64.b64decode(images[0]).startswith(b"\x89PNG\r\n\x1a\n")


def test_overview_numbers_add_up_to_their_pairs(dev_store: GraphStore) -> None:
    report = build_report(dev_store, ReportOptions(evidence=0))
    stored = raw(dev_store, *INTERACTIONS)
    assert 0 < report.totals.reports <= len(stored)
    assert report.totals.reports == sum(p.tally.reports for p in report.pairs)
    assert report.totals.events == sum(p.tally.events for p in report.pairs) <= report.totals.reports
    assert report.totals.articles == len({q.article for p in report.pairs for q in p.tally.quotes})
    assert {q.aid for p in report.pairs for q in p.tally.quotes} <= {a.aid for a in stored}
    for pair in report.pairs:  # one report per sentence: a sentence stored twice (agency and state) counts once
        assert pair.tally.reports == len(pair.tally.quotes) == len({(q.article, q.text) for q in pair.tally.quotes})
    pairs = {p.key: p for p in report.pairs}
    for matrix in report.matrices:
        for i, row in enumerate(matrix.rows):
            for j, col in enumerate(matrix.cols):
                cell = pairs.get(f"{matrix.type}|{row}|{col}")
                assert matrix.reports[i][j] == (cell.tally.reports if cell else 0)
                assert matrix.events[i][j] == (cell.tally.events if cell else 0)
    for ranking in report.rankings:
        for actor in ranking.outgoing + ranking.incoming:
            assert actor.reports == sum(pairs[k].tally.reports for k in actor.pairs)


def test_officials_per_state_carry_their_roles(dev_store: GraphStore) -> None:
    report = build_report(dev_store, ReportOptions())
    listed = {(so.id, o.id): o for so in report.officials for o in so.officials}
    checked = 0
    for a in raw(dev_store, "OFFICIAL_OF"):
        if label_of(a.target) != "State":
            continue
        row = listed.get((a.target, a.source))
        if row is None:  # an official tied to two states is listed under the one named most
            assert any(o == a.source for _, o in listed), a
            continue
        checked += 1
        if a.role:
            assert a.role in row.roles
    assert checked, "the dev corpus should name officials of states"
    out = rendered(report)
    for (_, _), row in list(listed.items())[:10]:
        assert out.shows(row.name)


def test_incidents_list_who_was_blamed_and_who_was_targeted(dev_store: GraphStore) -> None:
    report = build_report(dev_store, ReportOptions(evidence=0))
    incidents = {i.id: i for i in report.incidents}
    blamed = raw(dev_store, "BLAMED_FOR")
    assert blamed, "the dev corpus should blame someone for an incident"
    for a in blamed:
        party = next(p for p in incidents[a.target].blamed if p.id == a.source)
        assert a.evidence in {q.text for q in party.tally.quotes}
    for a in raw(dev_store, "TARGETED"):
        assert any(p.id == a.target for p in incidents[a.source].targeted)
    out = rendered(report)
    assert all(out.shows(i.name) for i in report.incidents)


def test_type_and_period_filters_narrow_the_report(dev_store: GraphStore) -> None:
    dated = sorted(a.date for a in raw(dev_store, "ACCUSES") if a.date)
    middle = dated[len(dated) // 2][:10]
    from datetime import date

    report = build_report(dev_store, ReportOptions(types=["ACCUSES"], since=date.fromisoformat(middle)))
    assert {p.type for p in report.pairs} == {"ACCUSES"}
    assert all(q.date and q.date >= middle for p in report.pairs for q in p.tally.quotes)
    assert report.filters == {"types": ["ACCUSES"], "since": middle, "until": None}


@pytest.mark.browser
@pytest.mark.parametrize("options", [ReportOptions(), ReportOptions(kind="dyad", dyad=(USA, CHINA))],
                         ids=["overview", "dyad"])
def test_html_report_has_no_broken_images_in_chromium(
    dev_store: GraphStore, browser: Any, tmp_path: Path, options: ReportOptions
) -> None:
    report = build_report(dev_store, options)
    assert report.timelines
    page = check_page(browser, rendered(report).html, tmp_path / "report.html")
    assert len(page.images) == len(report.timelines)
    for image in page.images:
        assert image["complete"] and image["width"] > 100 and image["height"] > 50, image
        assert image["src"].startswith("data:image/png")
    assert page.requests == [(tmp_path / "report.html").as_uri()], "the report must load nothing else"
    assert page.scripts == 0 and not page.errors

"""What the report tests share: where the graphs come from, reading the store's own relations
(the source of every expected fact), rendering a report in all formats, and opening an HTML
report in headless Chromium."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markupsafe

from kg.report_model import Report
from kg.report_render import md, render
from kg.schema import label_of
from kg.stores.base import Assertion, GraphStore, RelationFilter

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "dev"
FIXTURE_ARTICLES = Path(__file__).with_name("articles")
INTERACTIONS = ["ACCUSES", "JOINS", "DEMANDS", "THREATENS", "REJECTS", "SANCTIONS", "COOPERATES_WITH", "ATTACKS"]


def raw(store: GraphStore, *types: str, **filters: Any) -> list[Assertion]:
    """The store's own assertions (the ground truth a report is checked against)."""
    return store.relations(RelationFilter(types=list(types), limit=1_000_000, **filters))


def direct_states(store: GraphStore, official: str) -> set[str]:
    """States an official is stated to be an official of, directly (no agency in between)."""
    return {a.target for a in raw(store, "OFFICIAL_OF", source=official) if label_of(a.target) == "State"}


def name_of(store: GraphStore, entity_id: str) -> str:
    found = store.entity(entity_id)
    assert found is not None, entity_id
    return str(found["name"])


@dataclass
class Rendered:
    """A report in every format, with the JSON parsed."""

    markdown: str
    html: str
    json_text: str
    data: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        self.data = json.loads(self.json_text)

    def pair(self, rel_type: str, source: str, target: str) -> dict[str, Any] | None:
        key = f"{rel_type}|{source}|{target}"
        return next((p for p in self.data["pairs"] if p["key"] == key), None)

    def shows(self, text: str) -> bool:
        """The text is in the Markdown and the HTML, escaped the way each format escapes."""
        return md(text) in self.markdown and str(markupsafe.escape(text)) in self.html


def rendered(report: Report) -> Rendered:
    return Rendered(render(report, "markdown"), render(report, "html"), render(report, "json"))


@dataclass
class PageCheck:
    images: list[dict[str, Any]]
    requests: list[str]
    scripts: int
    pwned: Any
    errors: list[str]


def check_page(browser: Any, html_text: str, path: Path) -> PageCheck:
    """Open the report as a file in Chromium; collect images, requests and script effects."""
    path.write_text(html_text, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(path.as_uri(), wait_until="load")
        images = page.evaluate(
            "Array.from(document.images).map(i => ({src: i.src.slice(0, 22), complete: i.complete,"
            " width: i.naturalWidth, height: i.naturalHeight}))"
        )
        scripts = page.evaluate("document.scripts.length")
        pwned = page.evaluate("window.__pwned === undefined ? null : window.__pwned")
    finally:
        context.close()
    return PageCheck(images, requests, scripts, pwned, errors)

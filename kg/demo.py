"""`geokg demo`: the showcase run on the bundled sample articles.

It ingests the samples into its own embedded database under the output folder (never a user's
graph, not even a configured Neo4j), then writes what the project produces: the interactive
viewer page and the overview report in HTML and Markdown. Ingesting twice changes nothing
(ingest is idempotent), so the demo can be re-run at will. With `--serve` the command then
serves the API on the demo graph and opens the viewer in a browser.
"""

from __future__ import annotations

import threading
import time
import webbrowser
from pathlib import Path

import httpx

from kg.settings import Settings

VIEWER, REPORT_HTML, REPORT_MD = "viewer.html", "report.html", "report.md"


def demo_settings(out_dir: Path, settings: Settings) -> Settings:
    """The user's settings, pointed at the demo's own embedded database."""
    return settings.model_copy(update={"db": out_dir / "graph", "neo4j_uri": None})


def run_demo(out_dir: Path, settings: Settings) -> list[str]:
    """Ingest the samples, write the viewer page and the overview report, and return the
    lines to print (where everything is and what to try next)."""
    from kg.loaders import LoadOptions
    from kg.loaders.extraction import Extractor
    from kg.pipeline import ingest
    from kg.queries import viewer_graph
    from kg.report_render import render
    from kg.reports import ReportOptions, build_report
    from kg.samples import sample_paths
    from kg.stores.factory import open_store
    from kg.viz import render_page

    out_dir.mkdir(parents=True, exist_ok=True)
    chosen = demo_settings(out_dir, settings)
    samples = [str(p) for p in sample_paths()]
    store = open_store(chosen)
    try:
        summary = ingest(samples, store, Extractor(model=settings.spacy_model), LoadOptions())
        figures = store.stats()
        graph = viewer_graph(store, max_nodes=1000)
        report = build_report(store, ReportOptions())
    finally:
        store.close()
    written = {
        VIEWER: render_page(graph, title="geokg demo: the sample articles"),
        REPORT_HTML: render(report, "html"),
        REPORT_MD: render(report, "markdown"),
    }
    for name, text in written.items():
        (out_dir / name).write_text(text, encoding="utf-8")
    where = out_dir.resolve()
    lines = [
        f"stored {summary.articles_stored} of {summary.articles_read} articles read from {len(samples)} sample files: "
        f"{figures.total_nodes} nodes, {figures.total_relations} relations; "
        f"{report.totals.reports} reports of {report.totals.events} distinct events between actors",
        f"viewer:  {where / VIEWER}",
        f"report:  {where / REPORT_HTML}  (Markdown: {where / REPORT_MD})",
        f"graph:   {chosen.db.resolve()}",
        f"try:     geokg --db {chosen.db} report --actor state:chn   |   "
        f"geokg --db {chosen.db} report --dyad state:usa state:chn --format html -o dyad.html",
    ]
    lines += [f"skipped {problem}" for problem in summary.skipped]
    return lines


def open_when_ready(base_url: str, path: str = "/viz", timeout_s: float = 30.0) -> threading.Thread:
    """Open `base_url + path` in the user's browser once the server's /health answers (from a
    daemon thread, so the server can run in the foreground). Gives up quietly after `timeout_s`."""
    url = base_url.rstrip("/") + path

    def wait_and_open() -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                if httpx.get(base_url.rstrip("/") + "/health", timeout=2).status_code == 200:
                    webbrowser.open(url)
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)

    thread = threading.Thread(target=wait_and_open, name="geokg-demo-browser", daemon=True)
    thread.start()
    return thread

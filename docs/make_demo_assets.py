"""Regenerate the README's demo assets: a screenshot of the demo's viewer and an excerpt of the
demo's Markdown report (docs/demo-viewer.png, docs/demo-report-excerpt.md).

    .venv/bin/python docs/make_demo_assets.py

Runs `geokg demo` into a temporary folder and opens its viewer in Debian's headless Chromium
(/usr/bin/chromium through Playwright; never `playwright install`).
"""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

from kg.demo import REPORT_MD, VIEWER, run_demo
from kg.settings import Settings

DOCS = Path(__file__).resolve().parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
#: sections of the Markdown report kept in the excerpt, and how many relations' evidence
EXCERPT_SECTIONS = ("## Who → whom", "## Evidence per relation")
EVIDENCE_PAIRS = 2


def screenshot(viewer: Path, target: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 860}, device_scale_factor=1)
            page.goto(viewer.as_uri())
            deadline = time.monotonic() + 120
            while not page.evaluate("() => Boolean(window.geokg && window.geokg.stable)"):
                if time.monotonic() > deadline:
                    raise RuntimeError("the viewer did not finish its layout within 120 s")
                time.sleep(0.1)
            page.screenshot(path=str(target))
        finally:
            browser.close()


def excerpt(report: str) -> str:
    """The report's heading and totals, the ACCUSES matrix and the first evidence lines."""
    lines = report.splitlines()
    head = lines[: lines.index("## Top actors")]
    matrix_start = next(i for i, line in enumerate(lines) if line.startswith("### ACCUSES: reciprocity"))
    matrix_end = next(i for i in range(matrix_start + 2, len(lines)) if lines[i].startswith("#"))
    evidence_start = lines.index(EXCERPT_SECTIONS[1])
    pair_starts = [i for i in range(evidence_start, len(lines)) if lines[i].startswith("- **")]
    evidence = lines[evidence_start : pair_starts[EVIDENCE_PAIRS]]
    note = ["> Excerpt of the `report.md` that `geokg demo` writes (regenerate with",
            "> `.venv/bin/python docs/make_demo_assets.py`). The sample articles are illustrative texts",
            "> written for the demo, not real reporting.", ""]
    body = [*note, *head, EXCERPT_SECTIONS[0] + " (excerpt)", "", *lines[matrix_start:matrix_end], *evidence, "",
            "…"]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(body)) + "\n"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        for line in run_demo(out, Settings()):
            print(line)
        screenshot(out / VIEWER, DOCS / "demo-viewer.png")
        (DOCS / "demo-report-excerpt.md").write_text(excerpt((out / REPORT_MD).read_text("utf-8")), "utf-8")
    print(f"wrote {DOCS / 'demo-viewer.png'} and {DOCS / 'demo-report-excerpt.md'}")


if __name__ == "__main__":
    main()

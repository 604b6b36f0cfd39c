"""Viewer benchmark: HTML size, render time and time to a stable layout in headless Chromium.

Usage: .venv/bin/python benchmarks/viz.py [--sizes 100 500 2000] [--runs 3]

For each size a synthetic graph (scale-free, labels and relation types mixed like real news,
1-4 assertions per drawn edge, evidence sentences and articles) is rendered with
`kg.viz.render_page`; the page is opened from file:// in Debian's Chromium (/usr/bin/chromium,
driven by Playwright) and timed from navigation start until the viewer reports that
stabilisation ended and physics stopped (`window.geokg.stableAt`). Medians over the runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import networkx as nx

from kg.viz import render_page

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]
# label -> (share of nodes, id prefix)
LABELS = {
    "State": (0.30, "state"), "Official": (0.25, "person"), "Agency": (0.15, "agency:xyz"),
    "Organization": (0.10, "org"), "Group": (0.12, "group"), "Incident": (0.08, "incident"),
}
INTERACTIONS = ["ACCUSES", "JOINS", "DEMANDS", "THREATENS", "REJECTS", "SANCTIONS", "COOPERATES_WITH", "ATTACKS"]
NAMES = ["Aurelia", "Borduria", "Syldavia", "Крымия", "中原", "الشرق", "Zhao Lìjiān", "Nova Terra", "Ostland"]


def _state_code(i: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[i // 676 % 26] + letters[i // 26 % 26] + letters[i % 26]


def synthetic_graph(n: int, seed: int = 1) -> nx.MultiDiGraph:
    """A store-shaped subgraph (one edge per assertion) with `n` entity nodes."""
    rng = random.Random(seed)
    shape = nx.barabasi_albert_graph(n, 2, seed=seed)
    graph = nx.MultiDiGraph(omitted_nodes=0)
    labels = rng.choices(list(LABELS), weights=[w for w, _ in LABELS.values()], k=n)
    ids = []
    for i, label in enumerate(labels):
        prefix = LABELS[label][1]
        node_id = f"state:{_state_code(i)}" if label == "State" else f"{prefix}:node-{i}"
        name = f"{rng.choice(NAMES)} {label} {i}"
        graph.add_node(node_id, label=label, name=name, aliases=[f"alias {i}", name.upper()])
        ids.append(node_id)
    label_by_id = dict(zip(ids, labels, strict=True))
    articles = [f"article:{i:016x}" for i in range(max(n // 5, 1))]
    for i, article in enumerate(articles):
        graph.add_node(article, label="Article", title=f"Article {i} about relations", url=f"https://news.example/{i}",
                       published="2022-01-01")
    start = date(2020, 1, 1)
    for u, v in shape.edges():
        source, target = (ids[u], ids[v]) if rng.random() < 0.5 else (ids[v], ids[u])
        if "Incident" in (label_by_id[source], label_by_id[target]):
            rel_type = "BLAMED_FOR" if target.startswith("incident:") else "TARGETED"
        else:
            rel_type = rng.choice(INTERACTIONS)
        for k in range(1 + min(int(rng.expovariate(1.2)), 3)):
            day = start + timedelta(days=rng.randrange(5 * 365))
            graph.add_edge(
                source, target, key=f"{u}-{v}-{k}", type=rel_type, aid=f"{u}-{v}-{k}", article=rng.choice(articles),
                evidence=f"{source} and {target} were linked ({rel_type.lower()}) in a statement on {day}, "
                "officials said, according to the report.",
                date=day.isoformat(), confidence=round(rng.uniform(0.4, 0.95), 2), rule="synthetic",
            )
    return graph


def time_to_stable(browser: object, path: Path, timeout_s: float = 300.0) -> float:
    """Milliseconds from navigation start until the viewer's layout is stable and physics off."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    try:
        page.goto(path.as_uri())
        deadline = time.monotonic() + timeout_s
        while not page.evaluate("() => Boolean(window.geokg && window.geokg.stable)"):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{path.name}: no stable layout after {timeout_s:.0f} s")
            time.sleep(0.05)
        return float(page.evaluate("() => window.geokg.stableAt"))
    finally:
        page.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 2000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"no {CHROMIUM}: install Debian's chromium (apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in args.sizes:
            graph = synthetic_graph(n)
            renders = []
            for _ in range(args.runs):
                started = time.perf_counter()
                page = render_page(graph, title=f"benchmark {n}")
                renders.append((time.perf_counter() - started) * 1000)
            path = Path(tmp) / f"viz-{n}.html"
            path.write_text(page, encoding="utf-8")
            stable = [time_to_stable(browser, path) for _ in range(args.runs)]
            rows.append((n, graph.number_of_edges(), len(page.encode("utf-8")), statistics.median(renders),
                         statistics.median(stable)))
        browser.close()

    print(f"viewer benchmark: median of {args.runs} runs, Chromium headless, file:// page")
    print(f"{'nodes':>6} {'assertions':>10} {'HTML kB':>8} {'render ms':>10} {'stable ms':>10} "
          f"{'kB/node':>8} {'stable x':>9}")
    base = rows[0]
    for n, edges, size, render_ms, stable_ms in rows:
        print(f"{n:>6} {edges:>10} {size / 1024:>8.0f} {render_ms:>10.0f} {stable_ms:>10.0f} "
              f"{size / 1024 / n:>8.2f} {stable_ms / base[4]:>9.1f}")
    print("stable x = time to stable layout relative to the smallest graph; "
          "the HTML includes ~460 kB of vis-network.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

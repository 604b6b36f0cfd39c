"""Report generation time on generated graphs of 10k and 100k assertions.

    .venv/bin/python benchmarks/report.py                       # 10k and 100k, 3 runs, embedded store
    .venv/bin/python benchmarks/report.py --sizes 10000 --runs 1 --stores embedded,neo4j

The graphs come from benchmarks/store_write.py's generator (seeded: mixed labels, ~100
assertions per article, every relation type), written into an empty store once per size. Each
run times, for the overview, the report on the busiest actor and on its busiest dyad: reading
the store (`load_input`: relations, names and titles), building the report (roll-up, events,
rankings, matrices, timelines, blocs, incidents, officials) and rendering each format (HTML
includes its matplotlib figures). Medians over the runs; the last line gives the 100k/10k ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from store_write import embedded_store, generate, neo4j_store_factory, neo4j_uri, write_all

from kg.report_render import FORMATS, render
from kg.reports import Builder, ReportOptions, load_input
from kg.stores.base import GraphStore

STAGES = ("load", "build", *FORMATS)


def subjects(store: GraphStore) -> tuple[str, tuple[str, str]]:
    """The busiest actor and its busiest counterpart (from an overview's pairs)."""
    overview = Builder(load_input(store, ReportOptions()), ReportOptions()).build()
    load: Counter[str] = Counter()
    for pair in overview.pairs:
        load[pair.source] += pair.tally.reports
        load[pair.target] += pair.tally.reports
    actor = load.most_common(1)[0][0]
    partners: Counter[str] = Counter()
    for pair in overview.pairs:
        if actor in (pair.source, pair.target):
            partners[pair.target if pair.source == actor else pair.source] += pair.tally.reports
    return actor, (actor, partners.most_common(1)[0][0])


def time_report(store: GraphStore, options: ReportOptions) -> tuple[dict[str, float], int, float]:
    """Wall seconds per stage for one report, how many pairs it holds, and the CPU seconds of
    this process (the machine may be shared: CPU time shows what the report itself costs)."""
    seconds: dict[str, float] = {}
    cpu = time.process_time()
    started = time.perf_counter()
    data = load_input(store, options)
    seconds["load"] = time.perf_counter() - started
    started = time.perf_counter()
    report = Builder(data, options).build()
    seconds["build"] = time.perf_counter() - started
    for fmt in FORMATS:
        started = time.perf_counter()
        render(report, fmt)
        seconds[fmt] = time.perf_counter() - started
    return seconds, len(report.pairs), time.process_time() - cpu


def bench_size(name: str, factory: Callable[[], AbstractContextManager[GraphStore]], size: int,
               args: argparse.Namespace) -> dict[str, float]:
    """Median total seconds per report kind for one graph size."""
    data = generate(size, args.entities, args.per_article)
    with factory() as store:
        written, seconds = write_all(store, data, 200)[:2]
        print(f"{name}, {written:,} assertions written in {seconds:.1f} s", flush=True)
        actor, dyad = subjects(store)
        kinds = {
            "overview": ReportOptions(),
            f"actor {actor}": ReportOptions(kind="actor", actor=actor),
            f"dyad {dyad[0]} {dyad[1]}": ReportOptions(kind="dyad", dyad=dyad),
        }
        totals: dict[str, float] = {}
        for kind, options in kinds.items():
            runs = [time_report(store, options) for _ in range(args.runs)]
            stage = {s: statistics.median(r[0][s] for r in runs) for s in STAGES}
            totals[kind.split()[0]] = statistics.median(sum(r[0].values()) for r in runs)
            cpu = statistics.median(r[2] for r in runs)
            detail = ", ".join(f"{s} {stage[s]:.2f}" for s in STAGES)
            print(f"  {kind}: {totals[kind.split()[0]]:.2f} s median total, {cpu:.2f} s CPU "
                  f"({runs[0][1]:,} pairs; {detail})", flush=True)
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="assertion counts, comma-separated")
    parser.add_argument("--entities", type=int, default=2_000)
    parser.add_argument("--per-article", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stores", default="embedded", help="embedded and/or neo4j")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    def run_store(label: str, factory: Callable[[], AbstractContextManager[GraphStore]]) -> None:
        results = {size: bench_size(f"{label} {size:,}", factory, size, args) for size in sizes}
        if len(sizes) > 1:
            small, large = sizes[0], sizes[-1]
            ratios = ", ".join(f"{k} {results[large][k] / results[small][k]:.1f}x" for k in results[small])
            print(f"{label}: {large:,} vs {small:,} assertions ({large / small:.0f}x the data): {ratios}")

    for store in args.stores.split(","):
        if store == "embedded":
            run_store("embedded (LadybugDB)", embedded_store)
        elif store == "neo4j":
            with neo4j_uri() as uri:
                opened: Callable[[], Iterator[GraphStore]] = neo4j_store_factory(uri)
                run_store("Neo4j", opened)  # type: ignore[arg-type]
        else:
            parser.error(f"--stores: unknown store {store!r} (embedded, neo4j)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

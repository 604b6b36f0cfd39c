"""Write throughput of both stores: relationship assertions per second on a generated graph.

    .venv/bin/python benchmarks/store_write.py                 # 100k assertions, 3 runs each
    .venv/bin/python benchmarks/store_write.py --runs 1 --assertions 20000 --stores embedded

The graph is deterministic (seeded): ~2k entities of mixed labels, ~1k articles of ~100
assertions each, every relation an allowed endpoint pair. Each run writes the whole graph into
an empty store through `upsert()` in batches of `--batch` articles (the pipeline's default),
so row building, merging with stored nodes and the writes are all timed, after one unmeasured
warm-up write of a fifth of the graph. A second figure re-upserts the same articles (the
idempotent "ingest twice" path, which retracts and rewrites every assertion). Wall times on a
shared machine swing with others' load, so the CPU seconds are printed too.
Neo4j: GEOKG_TEST_NEO4J_URI=bolt://... or, without it, a throw-away server from
tests/neo4j/server.py (needs Java and Maven).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

from kg.schema import Article, Evidence, Extraction, Relation, article_id, make_entity, vocabulary
from kg.settings import Settings
from kg.stores.base import GraphStore

ROOT = Path(__file__).resolve().parents[1]
StoreFactory = Callable[[], AbstractContextManager[GraphStore]]
LABEL_MIX = {"State": 0.1, "Organization": 0.05, "Agency": 0.15, "Official": 0.35, "Group": 0.25, "Incident": 0.1}
PREFIX = {"State": "state", "Organization": "org", "Agency": "agency", "Official": "person", "Group": "group",
          "Incident": "incident"}


def _entity_id(label: str, n: int) -> str:
    if label == "State":
        a, b, c = n // 676 % 26, n // 26 % 26, n % 26
        return "state:" + "".join(chr(97 + x) for x in (a, b, c))
    if label == "Agency":
        return f"agency:{_entity_id('State', n % 200)[6:]}:body-{n}"
    return f"{PREFIX[label]}:{label.lower()}-{n}"


def generate(assertions: int, entities: int, per_article: int, seed: int = 7) -> list[Extraction]:
    """Extractions of about `assertions` relations in total (deterministic for a seed)."""
    rng = random.Random(seed)
    pool = [(label, _entity_id(label, i)) for label, share in LABEL_MIX.items() for i in range(int(entities * share))]
    rel_specs = [r for r in vocabulary().relations.values() if r.category != "provenance"]
    extractions: list[Extraction] = []
    day0 = date(2020, 1, 1)
    for a in range(max(1, assertions // per_article)):
        url = f"https://bench.example/{a}"
        text = f"Benchmark article {a}. " * 20
        published = datetime.combine(day0 + timedelta(days=rng.randrange(1000)), datetime.min.time())
        art = Article(id=article_id(url, text), url=url, title=f"Article {a}", text=text, published=published)
        chosen = rng.sample(pool, 24)
        by_label: dict[str, list[str]] = {}
        for label, ident in chosen:
            by_label.setdefault(label, []).append(ident)
        ents = [make_entity({"id": i, "type": lbl, "name": f"{lbl} {i.split(':')[-1]}", "aliases": [i[-6:]]})
                for lbl, i in chosen]
        rels: list[Relation] = []
        while len(rels) < per_article:
            spec = rng.choice(rel_specs)
            sources = [i for lbl in spec.sources for i in by_label.get(lbl, [])]
            targets = [i for lbl in spec.targets for i in by_label.get(lbl, [])]
            if not sources or not targets:
                continue
            start = len(rels) * 40
            ev = Evidence(article=art.id, sentence=f"Sentence {len(rels)} of article {a}.", start=start,
                          end=start + 30, confidence=round(rng.random(), 2), rule="bench",
                          negated=rng.random() < 0.05)
            rels.append(Relation(source=rng.choice(sources), type=spec.name, target=rng.choice(targets), evidence=ev))
        extractions.append(Extraction(article=art, entities=ents, relations=rels))
    return extractions


def write_all(store: GraphStore, extractions: list[Extraction], batch: int) -> tuple[int, float, float]:
    """(assertions written, wall seconds, CPU seconds of this process incl. LadybugDB's threads)."""
    started, cpu = time.perf_counter(), time.process_time()
    written = sum(store.upsert(extractions[i : i + batch]) for i in range(0, len(extractions), batch))
    return written, time.perf_counter() - started, time.process_time() - cpu


@contextmanager
def embedded_store() -> Iterator[GraphStore]:
    from kg.stores.embedded import EmbeddedStore

    with tempfile.TemporaryDirectory(prefix="geokg-bench-") as tmp:
        store = EmbeddedStore(Path(tmp) / "db", max_db_size=8 << 30, settings=Settings())
        try:
            yield store
        finally:
            store.close()


def process_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) a process has used so far; 0 when unknown (not Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def neo4j_uri(pid: list[int | None]) -> Iterator[str]:
    """The server to use; `pid` receives its process id when it is ours (for its CPU time)."""
    external = os.environ.get("GEOKG_TEST_NEO4J_URI")
    if external:
        yield external
        return
    spec = importlib.util.spec_from_file_location("geokg_bench_neo4j_server", ROOT / "tests" / "neo4j" / "server.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    with module.Neo4jTestServer() as server:
        proc = getattr(server, "_proc", None)
        pid[0] = proc.pid if proc is not None else None
        yield server.uri


def neo4j_store_factory(uri: str) -> StoreFactory:
    @contextmanager
    def opened() -> Iterator[GraphStore]:
        from kg.stores.neo4j_store import Neo4jStore

        store = Neo4jStore(uri, settings=Settings())
        with store._driver.session() as session:  # IN TRANSACTIONS needs an implicit transaction
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        try:
            yield store
        finally:
            store.close()

    return opened


def measure(
    name: str, factory: StoreFactory, data: list[Extraction], args: argparse.Namespace, server_pid: int | None = None,
) -> float:
    """Write the graph into a fresh store `args.runs` times; prints each run, returns the median."""
    first, again, per_cpu = [], [], []
    if args.warmup > 0:  # a fresh JVM interprets before it compiles: the first run was 2-3x slower
        with factory() as store:
            write_all(store, data[: max(1, int(len(data) * args.warmup))], args.batch)
    for run in range(args.runs):
        with factory() as store:
            server_cpu = process_cpu(server_pid)
            written, seconds, cpu = write_all(store, data, args.batch)
            server_cpu = process_cpu(server_pid) - server_cpu
            first.append(written / seconds)
            per_cpu.append(written / cpu)
            total = store.stats().total_relations
            _, seconds_again, _ = write_all(store, data, args.batch)
            again.append(written / seconds_again)
            assert store.stats().total_relations == total, "re-upsert changed the graph"
        server = f", server CPU {server_cpu:.2f} s" if server_pid else ""
        print(f"  {name} run {run + 1}: {written} assertions in {seconds:.2f} s = {first[-1]:,.0f}/s "
              f"(client CPU {cpu:.2f} s{server}); re-upsert {seconds_again:.2f} s = {again[-1]:,.0f}/s; "
              f"stored relations {total}", flush=True)
    median = statistics.median(first)
    print(f"{name}: median {median:,.0f} assertions/s (first write), {statistics.median(again):,.0f}/s "
          f"(re-upsert), {statistics.median(per_cpu):,.0f} per client-CPU-second; {args.runs} run(s)", flush=True)
    return median


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assertions", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=2_000)
    parser.add_argument("--per-article", type=int, default=100)
    parser.add_argument("--batch", type=int, default=Settings().batch_size, help="articles per upsert()")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=0.2, help="share of the graph written once, unmeasured")
    parser.add_argument("--stores", default="embedded,neo4j")
    parser.add_argument("--neo4j-pid", type=int, default=None, help="server process, to report its CPU time")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    data = generate(args.assertions, args.entities, args.per_article)
    n = sum(len(x.relations) for x in data)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (others' work slows wall times)")
    print(f"generated {len(data)} articles, {n} assertions, {args.entities} entities "
          f"in {time.perf_counter() - started:.1f} s; batches of {args.batch} articles", flush=True)
    rates: dict[str, float] = {}
    stores = args.stores.split(",")
    if "embedded" in stores:
        rates["embedded"] = measure("embedded (LadybugDB)", embedded_store, data, args)
    if "neo4j" in stores:
        pid: list[int | None] = [args.neo4j_pid]
        with neo4j_uri(pid) as uri:
            rates["neo4j"] = measure("Neo4j", neo4j_store_factory(uri), data, args, pid[0])
    if len(rates) == 2:
        print(f"ratio embedded/neo4j: {rates['embedded'] / rates['neo4j']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

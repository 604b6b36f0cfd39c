"""API latency under load: `/entities/{id}/neighbors` and `/relations` from concurrent clients.

    .venv/bin/pip install -e '.[bench]'                           # the load generator (aiohttp)
    .venv/bin/python benchmarks/api_load.py                      # 100k assertions, both stores
    .venv/bin/python benchmarks/api_load.py --stores embedded --requests 2000 --clients 20
    .venv/bin/python benchmarks/api_load.py --db /tmp/bench-db --reuse   # load once, rerun fast

Loads the deterministic generated graph of benchmarks/store_write.py (100k assertions, 2k
entities) into a fresh store, starts `geokg serve` on it in its own process on a free
loopback port (as a user would run it, access log on), then drives each endpoint from
`--clients` concurrent aiohttp clients in closed loop (each sends its next request when the
previous one is answered) until `--requests` answers or `--seconds` have passed, after a
warm-up. Prints requests/s and p50/p95/p99 latency per store and endpoint, and the ratios
between the stores. `/entities/{id}` (one primary-key lookup) is the baseline: what the HTTP
layer itself costs under the same load. `neighbors` is the default answer (nodes and counted
ties); `neighbors+evidence` also carries every assertion among the nodes.
Aim: p95 under 50 ms at 20 clients on the embedded store.
Neo4j: GEOKG_TEST_NEO4J_URI=bolt://... or a throw-away server (needs Java and Maven).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from store_write import generate, neo4j_uri

from kg.schema import Extraction
from kg.settings import Settings
from kg.stores.factory import open_store

ROOT = Path(__file__).resolve().parents[1]
GEOKG = str(Path(sys.executable).with_name("geokg"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def load(settings: Settings, data: list[Extraction], reuse: bool, batch: int = 200) -> str:
    """Write the generated graph through the store's own upsert (timed); with `reuse`, keep a
    store that already holds exactly this graph's assertions."""
    expected = sum(len(x.relations) for x in data)
    store = open_store(settings)
    try:
        held = store.stats().total_relations
        if reuse and held == expected:
            return f"reused ({held} assertions already stored)"
        started = time.perf_counter()
        if settings.neo4j_uri:
            wipe_neo4j(settings)
        elif held:
            raise SystemExit(f"{settings.db} holds another graph ({held} assertions): use an empty --db")
        for i in range(0, len(data), batch):
            store.upsert(data[i : i + batch])
        return f"loaded in {time.perf_counter() - started:.1f} s"
    finally:
        store.close()


def wipe_neo4j(settings: Settings) -> None:
    import neo4j

    assert settings.neo4j_uri
    auth = (settings.neo4j_user, settings.neo4j_password.get_secret_value())
    with neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=auth if auth[1] else None) as driver, \
            driver.session(database=settings.neo4j_database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


@contextmanager
def served(store_args: list[str]) -> Iterator[str]:
    """`geokg <store args> serve` in a child process; yields its base URL once /health answers."""
    port = free_port()
    env = {**os.environ, "GEOKG_API_KEY": ""}
    process = subprocess.Popen(
        [GEOKG, *store_args, "serve", "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"geokg serve did not start: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            time.sleep(0.2)
        # a server that has run a while has built its memory index (embedded store): wait for it
        while httpx.get(f"{url}/health", timeout=10).json().get("memory_index") == "building":
            if time.monotonic() > deadline + 300:
                raise RuntimeError("the memory index was not built within 5 minutes")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()


async def drive(
    url: str, make_path: Callable[[random.Random], str], clients: int, requests: int, seconds: float, warmup: int
) -> tuple[list[float], int, float]:
    """Closed-loop load; returns per-request latencies (s), the number of non-200s, wall time.

    Why aiohttp and not httpx (which the tests use): the client shares this machine's cores
    with the server, and httpx's async client spent ~2.3 ms of CPU per request here against
    ~0.3 ms for aiohttp, so it measured itself: a do-nothing FastAPI route answered 430 req/s
    (p95 145 ms) under httpx and 2,870 req/s (p95 11.5 ms) under aiohttp, 20 clients each."""
    try:
        import aiohttp
    except ImportError:
        raise SystemExit("benchmarks/api_load.py needs aiohttp: .venv/bin/pip install -e '.[bench]'") from None

    latencies: list[float] = []
    errors = 0
    connector = aiohttp.TCPConnector(limit=clients)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(url, connector=connector, timeout=timeout) as session:

        async def fetch(path: str) -> int:
            async with session.get(path) as response:
                await response.read()
                return response.status

        warm = random.Random(1)
        await asyncio.gather(*(fetch(make_path(warm)) for _ in range(warmup)))
        issued = 0
        deadline = time.perf_counter() + seconds

        async def worker(seed: int) -> None:
            nonlocal issued, errors
            rng = random.Random(seed)
            while issued < requests and time.perf_counter() < deadline:
                issued += 1
                path = make_path(rng)
                began = time.perf_counter()
                status = await fetch(path)
                latencies.append(time.perf_counter() - began)
                if status != 200:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker(seed) for seed in range(clients)))
        wall = time.perf_counter() - started
    return latencies, errors, wall


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def endpoints(data: list[Extraction]) -> dict[str, Callable[[random.Random], str]]:
    """Request paths drawn from entities and types that occur in the graph."""
    ids = sorted({end for x in data for r in x.relations for end in (r.source, r.target)})
    types = sorted({r.type for x in data for r in x.relations})
    return {
        "entity": lambda rng: f"/entities/{rng.choice(ids)}",  # baseline: HTTP layer + one lookup
        "neighbors": lambda rng: f"/entities/{rng.choice(ids)}/neighbors",  # nodes and counted ties
        "neighbors+evidence": lambda rng: f"/entities/{rng.choice(ids)}/neighbors?evidence=true",  # every assertion
        "relations": lambda rng: (
            f"/relations?source={rng.choice(ids)}&limit=50" if rng.random() < 0.5
            else f"/relations?type={rng.choice(types)}&limit=50&offset={rng.randrange(0, 2000)}"
        ),
    }


def run_store(name: str, store_args: list[str], paths: dict[str, Callable[[random.Random], str]],
              args: argparse.Namespace) -> dict[str, float]:
    p95s: dict[str, float] = {}
    with served(store_args) as url:
        for endpoint, make_path in paths.items():
            latencies, errors, wall = asyncio.run(
                drive(url, make_path, args.clients, args.requests, args.seconds, args.warmup)
            )
            ms = sorted(x * 1000 for x in latencies)
            p95s[endpoint] = percentile(ms, 95)
            print(
                f"{name:9} {endpoint:18} {len(ms):6d} req in {wall:5.1f} s = {len(ms) / wall:7.1f} req/s  "
                f"p50 {percentile(ms, 50):6.1f} ms  p95 {p95s[endpoint]:6.1f} ms  p99 {percentile(ms, 99):6.1f} ms  "
                f"errors {errors}",
                flush=True,
            )
    return p95s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assertions", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=2_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=3000, help="per store and endpoint")
    parser.add_argument("--seconds", type=float, default=60, help="cap per store and endpoint")
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--stores", default="embedded,neo4j")
    parser.add_argument("--db", type=Path, default=None, help="embedded store directory (default: a temporary one)")
    parser.add_argument("--reuse", action="store_true", help="skip loading when the store already holds the graph")
    args = parser.parse_args(argv)

    data = generate(args.assertions, args.entities, 100)
    # The client's own full garbage collections (walking the 100k generated extractions) would
    # stall its event loop and count as server latency: keep them out of the collector.
    gc.freeze()
    print(f"graph: {sum(len(x.relations) for x in data)} assertions, {len(data)} articles, "
          f"{args.entities} entities; {args.clients} concurrent clients, up to {args.requests} requests "
          f"or {args.seconds:g} s per endpoint", flush=True)
    paths = endpoints(data)
    results: dict[str, dict[str, float]] = {}
    stores = args.stores.split(",")
    if "embedded" in stores:
        with tempfile.TemporaryDirectory(prefix="geokg-api-bench-") as tmp:
            db = args.db or Path(tmp) / "db"
            print(f"embedded: {load(Settings(db=db, neo4j_uri=None), data, args.reuse)}", flush=True)
            results["embedded"] = run_store("embedded", ["--db", str(db)], paths, args)
    if "neo4j" in stores:
        with neo4j_uri([None]) as uri:
            print(f"neo4j: {load(Settings(neo4j_uri=uri), data, args.reuse)}", flush=True)
            results["neo4j"] = run_store("neo4j", ["--neo4j-uri", uri], paths, args)
    if len(results) == 2:
        for endpoint in paths:
            ratio = results["neo4j"][endpoint] / results["embedded"][endpoint]
            print(f"p95 neo4j/embedded {endpoint}: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

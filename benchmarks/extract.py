"""Extraction throughput: articles and tokens per second, one process and two workers, and the
ratio of our total time to bare `nlp.pipe` on the same texts (target <= 1.3).

    .venv/bin/python benchmarks/extract.py [PATH ...] [--repeat 3] [--copies 4]

Default input: the shared dev corpus (../shared/corpus/dev), each text repeated `--copies`
times so the run is long enough to time. Figures are medians over `--repeat` runs; model load
is excluded (it is paid once per process).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from kg.loaders import LoadOptions, load_sources
from kg.loaders.extraction import Extractor, load_model
from kg.schema import Article

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


def _articles(paths: list[str], copies: int) -> list[Article]:
    files: list[str] = []
    for p in paths:
        path = Path(p)
        files += sorted(str(f) for f in path.iterdir() if f.suffix in (".txt", ".html")) if path.is_dir() else [p]
    loaded = [a for a in load_sources(files, LoadOptions()) if isinstance(a, Article)]
    return [a.model_copy(update={"path": f"{a.path}#{i}"}) for i in range(copies) for a in loaded]


def _median_seconds(run: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", default=[str(DEFAULT)])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--copies", type=int, default=4)
    args = ap.parse_args()

    articles = _articles(args.paths, args.copies)
    texts = [a.text for a in articles]
    nlp = load_model()
    extractor = Extractor()
    extractor.extract(articles[0])  # warm up: gazetteer files and matchers load once
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=extractor.batch_size))

    bare = _median_seconds(lambda: list(nlp.pipe(texts, batch_size=extractor.batch_size)), args.repeat)
    ours = _median_seconds(lambda: list(extractor.extract_many(articles)), args.repeat)
    bare2 = _median_seconds(lambda: list(nlp.pipe(texts, batch_size=extractor.batch_size, n_process=2)), args.repeat)
    ours2 = _median_seconds(lambda: list(extractor.extract_many(articles, workers=2)), args.repeat)

    print(f"input: {len(articles)} articles, {tokens} tokens; model {nlp.meta.get('name')}; "
          f"median of {args.repeat} runs")
    print(f"{'run':28} {'seconds':>8} {'articles/s':>11} {'tokens/s':>10}")
    for label, secs in (("bare nlp.pipe, 1 process", bare), ("extract, 1 process", ours),
                        ("bare nlp.pipe, 2 processes", bare2), ("extract, 2 workers", ours2)):
        print(f"{label:28} {secs:8.2f} {len(articles) / secs:11.1f} {tokens / secs:10.0f}")
    print(f"ratio extract / bare nlp.pipe, 1 process: {ours / bare:.2f} (target <= 1.3)")
    print(f"ratio extract / bare nlp.pipe, 2 workers: {ours2 / bare2:.2f}")
    print(f"speed-up of 2 workers over 1: {ours / ours2:.2f}x")


if __name__ == "__main__":
    main()

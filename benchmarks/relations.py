"""Relation rules: time of `extract_relations` alone against bare parsing of the same texts.

    .venv/bin/python benchmarks/relations.py [PATH ...] [--repeat 5]

Default input: the shared dev and seed corpora. Parsing and entity recognition run once; the
relation stage is repeated and its median printed, with its ratio to the median parse time
(the relation rules should stay a small fraction of parsing).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from kg.loaders import LoadOptions, load_sources
from kg.loaders.extraction import entities, load_model, relations
from kg.schema import Article

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _median(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", default=[str(CORPUS / "dev"), str(CORPUS / "seed")])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    files: list[str] = []
    for p in map(Path, args.paths):
        files += sorted(str(f) for f in p.iterdir() if f.suffix in (".txt", ".html")) if p.is_dir() else [str(p)]
    articles = [a for a in load_sources(files, LoadOptions()) if isinstance(a, Article)]
    nlp = load_model()
    texts = [a.text for a in articles]
    parse = _median(lambda: list(nlp.pipe(texts)), args.repeat)
    docs = list(nlp.pipe(texts))
    found = [entities.analyse(doc, art, nlp) for doc, art in zip(docs, articles, strict=True)]

    def rules() -> int:
        return sum(
            len(relations.extract_relations(doc, ents, art, structural=structural))
            for (ents, structural), doc, art in zip(found, docs, articles, strict=True)
        )

    count = rules()
    rel = _median(rules, args.repeat)
    tokens = sum(len(d) for d in docs)
    print(f"articles {len(articles)}  tokens {tokens}  relations found {count}")
    print(f"parse (nlp.pipe)   median {parse:7.3f} s  {tokens / parse:9.0f} tokens/s")
    print(f"extract_relations  median {rel:7.3f} s  {tokens / rel:9.0f} tokens/s")
    print(f"ratio relations / parse   {rel / parse:.2f}")


if __name__ == "__main__":
    main()

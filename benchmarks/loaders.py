"""Loader benchmark: articles per second for scraped text pages and HTML pages.

Usage: .venv/bin/python benchmarks/loaders.py [--articles 200] [--runs 5] [--seed 7]

Generates synthetic news pages (invented countries, officials and sentences; page furniture
like the real scraped pages: masthead, menus, cookie notice, byline with date, share bar,
teasers, related links, reader comments, footer) into a temporary folder, then times
`load_sources` over the folder end to end (read, decode, clean, language check, Article).
Prints medians over the runs and the HTML/text cost ratio.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from kg.loaders import LoadOptions, load_sources
from kg.schema import Article

STATES = ["Ruritania", "Freedonia", "Borduria", "Syldavia", "Norway", "Canada", "Japan", "Brazil", "Kenya", "India"]
PEOPLE = ["Ingrid Solberg", "Marek Vos", "Amara Obi", "Kenji Sato", "Lucia Ferro", "Tomas Berg"]
VERBS = ["accused", "condemned", "urged", "warned", "sanctioned", "thanked", "met", "criticised", "joined"]
TOPICS = ["the cable sabotage", "the border closure", "the fishing accord", "the expulsion of diplomats",
          "the cyber attack on its ministries", "the naval exercise in disputed waters"]


def sentence(rng: random.Random) -> str:
    a, b = rng.sample(STATES, 2)
    return (f"{rng.choice(['Foreign Minister', 'President', 'Defence Minister'])} {rng.choice(PEOPLE)} of {a} "
            f"{rng.choice(VERBS)} {b} on {rng.choice(['Monday', 'Tuesday', 'Friday'])} over {rng.choice(TOPICS)}, "
            f"{rng.choice(['officials said', 'the ministry said', 'according to a statement'])}.")


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))


def headline(rng: random.Random) -> str:
    a, b = rng.sample(STATES, 2)
    return f"{a} {rng.choice(VERBS)} {b} over {rng.choice(TOPICS)}"


def text_page(rng: random.Random) -> str:
    title = headline(rng)
    body = [paragraph(rng) for _ in range(rng.randint(6, 10))]
    teaser = headline(rng)
    body.insert(3, f"{teaser}\n\n  {teaser} {paragraph(rng)}")
    return "\n\n".join([
        "THE DAILY EXAMPLE - World", "Home   World   Politics   Business   Sport   Sign in",
        "We use cookies to improve your experience. Accept | Find out more",
        title, f"By Example staff | {rng.randint(1, 28)} March 2023 {rng.randint(10, 23)}:15 GMT",
        "Share: Facebook | Twitter | Email", *body,
        "MORE FROM WORLD", f"{headline(rng)}\n{paragraph(rng)}",
        "Related\n» One link\n» Another link", "Comments (2)\nbob: Nice.\nann: Where is the proof?",
        "(c) 2023 The Daily Example. All rights reserved.",
    ])


def html_page(rng: random.Random) -> str:
    title = headline(rng)
    paras = "\n".join(f"<p>{paragraph(rng)}</p>" for _ in range(rng.randint(6, 10)))
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Daily Example</title>
<meta property="og:site_name" content="Daily Example">
<script type="application/ld+json">{{"@type":"NewsArticle","headline":"{title}",
"datePublished":"2023-03-{rng.randint(10, 28)}T10:00:00Z"}}</script></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie-banner">We use cookies. <button>Accept</button></div>
<main><article><h1>{title}</h1><p class="byline">By Example staff</p>
<time datetime="2023-03-12T10:00:00Z">12 March 2023</time>{paras}</article>
<aside class="related"><h2>Related</h2><ul><li><a href="/a">{headline(rng)}</a></li></ul></aside>
<section id="comments"><h2>Comments</h2><div class="comment"><p>Nice.</p></div></section></main>
<footer><p>&copy; 2023 Daily Example</p></footer></body></html>"""


def bench(folder: Path, runs: int, options: LoadOptions) -> tuple[float, int]:
    """Median seconds of one pass over `folder`, and the number of articles it gave."""
    times = []
    count = 0
    for _ in range(runs):
        start = time.perf_counter()
        count = sum(isinstance(item, Article) for item in load_sources([str(folder)], options))
        times.append(time.perf_counter() - start)
    return statistics.median(times), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200, help="pages of each kind")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        text_dir, html_dir = Path(tmp, "text"), Path(tmp, "html")
        text_dir.mkdir()
        html_dir.mkdir()
        for i in range(args.articles):
            (text_dir / f"{i:05d}.txt").write_text(text_page(rng), encoding="utf-8")
            (html_dir / f"{i:05d}.html").write_text(html_page(rng), encoding="utf-8")
        # warm-up: imports, langdetect profiles, dateparser caches
        list(load_sources([str(text_dir / "00000.txt"), str(html_dir / "00000.html")]))
        results = {}
        for name, folder, options in (
            ("text (scraped pages)", text_dir, LoadOptions()),
            ("html (saved pages)", html_dir, LoadOptions()),
        ):
            seconds, count = bench(folder, args.runs, options)
            if count != args.articles:
                raise SystemExit(f"{name}: expected {args.articles} articles, got {count}")
            results[name] = seconds
            print(f"{name:<26} {count / seconds:8.1f} articles/s   ({seconds * 1000 / count:6.2f} ms/article, "
                  f"median of {args.runs} runs over {count} pages)")
        ratio = results["html (saved pages)"] / results["text (scraped pages)"]
        print(f"{'ratio html/text':<26} {ratio:8.2f} x the time per article")


if __name__ == "__main__":
    main()

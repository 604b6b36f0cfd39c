"""The loaders on the shared dev corpus: no sentence of a story lost, no page furniture kept.

Skipped when ../shared/corpus is absent. Expectations come from the corpus itself (gold
evidence quotes, the pages' <h1> and <time> elements), not from earlier loader output.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import lxml.html

from kg.loaders import load_sources
from kg.schema import Article

_QUOTES = re.compile(r"[\"'“”‘’]")


def _norm(text: str) -> str:
    return _QUOTES.sub("", " ".join(text.split())).casefold()


def _articles(corpus: Path) -> dict[str, Article]:
    out = {}
    for item in load_sources([str(corpus / "dev")]):
        if isinstance(item, Article):
            out[Path(item.path or "").name] = item
    return out


def test_every_required_gold_evidence_survives_cleaning(corpus: Path) -> None:
    articles = _articles(corpus)
    gold = [json.loads(line) for line in (corpus / "dev" / "gold.jsonl").read_text().splitlines() if line.strip()]
    assert {g["file"] for g in gold} <= set(articles), "every dev file loads"
    found = total = 0
    missing_required: list[tuple[str, str]] = []
    missing_optional: list[tuple[str, str]] = []
    for record in gold:
        text = _norm(articles[record["file"]].text)
        for rel in record["relations"]:
            fragments = [f for f in re.split(r"\.\.\.|…|; ", rel["evidence"]) if f.strip()]
            ok = all(_norm(f) in text for f in fragments)
            total += 1
            found += ok
            if not ok:
                (missing_optional if rel["optional"] else missing_required).append((record["file"], rel["evidence"]))
    print(f"gold evidence found in cleaned text: {found}/{total}; optional missing: {missing_optional}")
    assert not missing_required
    # the only optional quotes allowed to go are headlines from related-link lists
    assert len(missing_optional) <= 3


def test_scraped_pages_lose_masthead_and_comments(corpus: Path) -> None:
    articles = _articles(corpus)
    comments_header = re.compile(r"^((reader )?comments( \(\d+\))?|\d+ comments\b.*|comments are closed.*)$", re.I)
    for path in sorted((corpus / "dev").glob("*.txt")):
        article = articles[path.name]
        lines = [line.strip() for line in path.read_text().splitlines()]
        title_at = next(i for i, line in enumerate(lines) if article.title and article.title in line)
        header = [line for line in lines[:title_at] if line]
        start = next((i for i, line in enumerate(lines) if comments_header.match(line)), len(lines))
        tail = [line for line in lines[start:] if line]
        for line in header + tail:
            assert line not in article.text, (path.name, line)
        for line in lines:
            if re.search(r"cookies|^share\b|^by |\bsubscribe\b", line, re.I):
                assert line not in article.text, (path.name, line)


def test_html_pages_titles_dates_and_no_furniture(corpus: Path) -> None:
    articles = _articles(corpus)
    pages = sorted((corpus / "dev").glob("*.html"))
    assert pages
    for path in pages:
        tree = lxml.html.fromstring(path.read_bytes())
        article = articles[path.name]
        assert article.title == " ".join(tree.findtext(".//h1").split())
        stamp = tree.xpath("//article//time/@datetime")[0]
        assert article.published == datetime.fromisoformat(stamp)
        assert article.published.tzinfo is not None
        for paragraph in tree.xpath("(//article)[1]/p[not(@class)]"):
            assert " ".join(paragraph.text_content().split()) in article.text
        furniture = tree.xpath("//nav|//footer|//aside|//*[contains(@class,'comment') or contains(@id,'comment')]"
                               "|//*[contains(@class,'cookie')]|//*[contains(@class,'share')]")
        for element in furniture:
            for piece in element.itertext():
                piece = " ".join(piece.split())
                if len(piece.split()) >= 3 and piece not in article.title:
                    assert piece not in article.text, (path.name, piece)

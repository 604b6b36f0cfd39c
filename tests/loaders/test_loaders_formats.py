"""HTML pages, RSS/Atom feeds, JSON lines, folders and standard input."""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from kg.loaders import LoadError, LoadFailure, LoadOptions, load_html, load_sources
from kg.schema import Article


def _split(items: list[Article | LoadFailure]) -> tuple[list[Article], list[LoadFailure]]:
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, LoadFailure)]


def test_html_page_metadata_and_text(fixtures: Path) -> None:
    [article] = load_sources([str(fixtures / "article.html")])
    assert isinstance(article, Article)
    assert article.title == "Freedonia and Ruritania sign fishing accord"  # the <h1>, not the shorter og:title
    assert article.published == datetime(2023, 9, 12, 10, 15, tzinfo=timezone(timedelta(hours=2)))
    assert article.source == "The Harbour Times"
    assert article.authors == ["Mara Lind"]
    assert article.url == "https://harbour.example/world/fishing-accord"  # canonical, tracking and fragment gone
    assert article.sections[0].kind == "headline"
    assert "Norway welcomed the accord" in article.text
    for gone in ("Fisheries", "By Mara Lind", "cookies", "Home", "Halvik port reopens", "seagull", "good news",
                 "Harbour Times", "Privacy"):
        assert gone not in article.text, gone


def test_html_metadata_fallbacks() -> None:
    html = """<html><head><title>Ruritania closes border - Daily Example</title>
    <meta property="article:published_time" content="2024-01-05T06:00:00Z"></head>
    <body><div><p>Ruritania closed its border with Freedonia on Friday, citing security concerns after a week of
    protests in the capital. Freedonia called the closure illegal and summoned the Ruritanian envoy.</p>
    <p>Trade across the border, worth billions a year, came to a halt within hours of the announcement.</p>
    </div></body></html>"""
    article = load_html(html, name="page.html")
    assert article.title == "Ruritania closes border"
    assert article.source == "Daily Example"
    assert article.published == datetime(2024, 1, 5, 6, 0, tzinfo=UTC)
    assert "Trade across the border" in article.text


def test_same_story_from_feed_and_page_is_one_article(fixtures: Path) -> None:
    page, = load_sources([str(fixtures / "article.html")])
    feed_items, _ = _split(list(load_sources([str(fixtures / "feed.rss")])))
    assert isinstance(page, Article)
    assert page.id == feed_items[0].id


def test_rss_feed_items(fixtures: Path) -> None:
    articles, failures = _split(list(load_sources([str(fixtures / "feed.rss")])))
    assert not failures
    assert [a.title for a in articles] == ["Freedonia and Ruritania sign fishing accord",
                                           "Ruritania expels Norwegian diplomat"]
    first, second = articles
    assert first.path == f"{fixtures / 'feed.rss'}#1"
    assert first.published == datetime(2023, 9, 12, 8, 15, tzinfo=UTC)
    assert "creates a joint patrol" in first.text  # content:encoded wins over the short description
    assert second.published == datetime(2023, 9, 13, 7, 0, tzinfo=UTC)
    assert first.source == "The Harbour Times - World"


def test_atom_feed(fixtures: Path) -> None:
    [article] = load_sources([str(fixtures / "feed.atom")])
    assert isinstance(article, Article)
    assert article.title == "Norway and Canada condemn Ruritania over cable sabotage"
    assert article.url == "https://northwire.example/cables"
    assert article.authors == ["Kari Holm"]
    assert article.published == datetime(2022, 3, 3, 7, 30, tzinfo=UTC)


def test_truncated_feed_keeps_items_before_the_break(tmp_path: Path, fixtures: Path) -> None:
    data = (fixtures / "feed.rss").read_text()
    cut = tmp_path / "cut.xml"
    cut.write_text(data[: data.index("<item>", data.index("</item>"))] + "<item><title>Half an it")
    articles, failures = _split(list(load_sources([str(cut)])))
    assert [a.title for a in articles] == ["Freedonia and Ruritania sign fishing accord"]
    # the half item has only a title; the feed itself is reported as broken
    assert [f.input for f in failures] == [f"{cut}#2", str(cut)]
    assert "no article text" in failures[0].problem and "malformed" in failures[1].problem


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text('<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>')
    [failure] = load_sources([str(path)])
    assert failure == LoadFailure(str(path), "XML that is not an RSS or Atom feed")


def test_jsonl_good_and_bad_lines(fixtures: Path) -> None:
    name = str(fixtures / "articles.jsonl")
    articles, failures = _split(list(load_sources([name])))
    assert [a.path for a in articles] == [f"{name}:1", f"{name}:2", f"{name}:8"]
    first = articles[0]
    assert first.title == "Freedonia and Ruritania sign fishing accord"
    assert first.source == "The Harbour Times"
    assert first.published == datetime(2023, 9, 12, 10, 15, tzinfo=timezone(timedelta(hours=2)))
    assert articles[2].published == datetime(2022, 3, 3, 8, 30, tzinfo=UTC)  # epoch seconds
    assert [f.input for f in failures] == [f"{name}:{n}" for n in (3, 4, 5, 6)]
    problems = [f.problem for f in failures]
    assert "not valid JSON" in problems[0]
    assert "no 'text' field" in problems[1] and "title" in problems[1]
    assert "cannot read the 'published' date 'sometime last spring'" in problems[2]
    assert "expected a JSON object" in problems[3]
    assert str(failures[0]).startswith(f"{name}:3: ")


def test_jsonl_of_something_else_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": 1, "relations": []}\n{"id": 2, "relations": []}\n')
    [failure] = load_sources([str(path)])
    assert isinstance(failure, LoadFailure) and failure.input == str(path)
    assert "not a JSON Lines file of articles" in failure.problem


def test_folder_recursive_sorted_with_globs(tmp_path: Path, fixtures: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text((fixtures / "scraped_furniture.txt").read_text())
    (tmp_path / "a.html").write_text((fixtures / "article.html").read_text())
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04junk")
    (tmp_path / ".hidden.txt").write_text("Hidden file that must not be read by the folder loader at all.")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "d.txt").write_text("A draft that the exclude glob must keep out of the batch.")
    articles, failures = _split(list(load_sources([str(tmp_path)], LoadOptions(exclude=["drafts"]))))
    assert not failures
    assert [a.path for a in articles] == [str(tmp_path / "a.html"), str(tmp_path / "b" / "z.txt")]
    only_txt = list(load_sources([str(tmp_path)], LoadOptions(include=["*.txt"], exclude=["drafts/*"])))
    assert [a.path for a in only_txt if isinstance(a, Article)] == [str(tmp_path / "b" / "z.txt")]


def test_stdin(monkeypatch: pytest.MonkeyPatch, fixtures: Path) -> None:
    data = (fixtures / "scraped_furniture.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    [article] = load_sources(["-"])
    assert isinstance(article, Article) and article.path == "-"
    assert article.title == "Freedonia recalls ambassador after Ruritanian warships enter its waters"


def test_stdin_html_is_sniffed(monkeypatch: pytest.MonkeyPatch, fixtures: Path) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((fixtures / "article.html").read_bytes())))
    [article] = load_sources(["-"])
    assert isinstance(article, Article) and article.title == "Freedonia and Ruritania sign fishing accord"


def test_non_english_is_skipped_with_a_failure(fixtures: Path) -> None:
    path = str(fixtures / "german.txt")
    [failure] = load_sources([path])
    assert failure == LoadFailure(path, "language 'de' is not supported (English only)")
    [article] = load_sources([path], LoadOptions(english_only=False))
    assert isinstance(article, Article) and article.language == "de"


def test_strict_mode_raises_at_the_first_failure(fixtures: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    stream = load_sources([str(fixtures / "feed.atom"), str(empty), str(fixtures / "feed.rss")],
                          LoadOptions(strict=True))
    assert isinstance(next(stream), Article)
    with pytest.raises(LoadError) as info:
        next(stream)
    assert str(info.value) == f"{empty}: file is empty"
    assert info.value.failure.input == str(empty)

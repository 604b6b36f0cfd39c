"""Bad input: one clear failure naming the input, and the batch goes on."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from kg.loaders import LoadFailure, LoadOptions, load_sources
from kg.schema import Article

GOOD = ("Freedonia recalled its ambassador to Ruritania on Wednesday after two Ruritanian warships "
        "entered its territorial waters without permission, the foreign ministry said.\n")


@pytest.mark.parametrize(("name", "data", "problem"), [
    ("empty.txt", b"", "file is empty"),
    ("blank.html", b"  \n\t\n", "file contains only whitespace"),
    ("nul.txt", b"Freedonia\x00\x01\x02\x00 binary", "contains NUL bytes"),
    ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "this is a PNG image"),
    ("doc.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "this is a PDF document"),
    ("controls.txt", bytes(range(1, 32)) * 40, "looks like a binary file"),
    ("broken.rss", b"<rss><channel><title>x</title><item><title>a</ti", "not a readable RSS or Atom feed"),
    ("no-items.atom", b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>',
     "the feed has no items"),
    ("nav-only.html", b"<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav></body></html>",
     "no article text found"),
    ("only-comments.txt", b"Comments (2)\nbob: first!\nann: second", "no article text found"),
])
def test_bad_file_gives_one_failure_and_the_batch_goes_on(tmp_path: Path, name: str, data: bytes,
                                                          problem: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text(GOOD)
    items = list(load_sources([str(bad), str(good)]))
    assert len(items) == 2
    failure, article = items
    assert isinstance(failure, LoadFailure) and failure.input == str(bad), failure
    assert problem in failure.problem
    assert "\n" not in str(failure)
    assert isinstance(article, Article) and article.path == str(good)


def test_missing_path_and_unsupported_scheme() -> None:
    assert list(load_sources(["no/such/file.txt", "ftp://example.org/a"])) == [
        LoadFailure("no/such/file.txt", "no such file or folder"),
        LoadFailure("ftp://example.org/a", "unsupported URL scheme (only http and https are fetched)"),
    ]


def test_oversized_file(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(GOOD * 100)
    [failure] = load_sources([str(big)], LoadOptions(max_bytes=1000))
    assert isinstance(failure, LoadFailure) and failure.problem.startswith("too large:")


def test_wrongly_encoded_files_are_decoded(tmp_path: Path) -> None:
    text = ("Ruritania's président said on Tuesday that the accord with Freedonia, signed in Zürich "
            "after months of talks, would end the dispute over the Halvik Strait for good.")
    cases = {"latin1.txt": text.encode("cp1252"), "utf16.txt": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
             "bom.txt": codecs.BOM_UTF8 + text.encode("utf-8")}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    items = list(load_sources([str(tmp_path / n) for n in cases]))
    for item in items:
        assert isinstance(item, Article), item
        assert "président" in item.text and "Zürich" in item.text


def test_truncated_utf8_keeps_the_text(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    data = (GOOD + "The talks in Zürich").encode("utf-8")
    path.write_bytes(data[: data.index("ü".encode()) + 1])  # cut inside the two bytes of "ü"
    [article] = load_sources([str(path)])
    assert isinstance(article, Article) and "territorial waters" in article.text


def test_truncated_html_still_loads(tmp_path: Path) -> None:
    page = (Path(__file__).with_name("fixtures") / "article.html").read_text()
    path = tmp_path / "cut.html"
    path.write_text(page[: page.index("Norway welcomed")])
    [article] = load_sources([str(path)])
    assert isinstance(article, Article) and "joint patrol of the strait" in article.text


def test_special_file_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)  # reading it would block forever
    [failure] = load_sources([str(fifo)])
    assert failure == LoadFailure(str(fifo), "not a regular file or folder")


def test_html_declared_charset_is_used(tmp_path: Path) -> None:
    page = ("<html><head><meta charset='windows-1252'><title>x</title></head><body><article><h1>Accord signed in "
            "Zürich</h1><p>Ruritania's président signed the accord in Zürich on Tuesday after months of talks "
            "with Freedonia over the Halvik Strait.</p></article></body></html>")
    path = tmp_path / "cp1252.html"
    path.write_bytes(page.encode("cp1252"))
    [article] = load_sources([str(path)])
    assert isinstance(article, Article) and article.title == "Accord signed in Zürich"
    assert "président" in article.text

"""Property test: random bytes and random markup never crash the loaders.

Each input gives articles or clean failures (one line, naming the input, not an internal
error), whatever its extension says it is.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.loaders import LoadError, LoadFailure, LoadOptions, load_bytes, load_sources
from kg.schema import Article

KINDS = ["text", "html", "feed", "jsonl", None]
TAGS = ["html", "head", "body", "title", "h1", "p", "div", "article", "nav", "script", "style", "rss", "channel",
        "item", "feed", "entry", "link", "time", "meta", "br", "!--", "![CDATA[", "?xml"]
WORDS = ["Ruritania", "said", "on", "Tuesday", "|", "Comments", "Share", "By", "21:45 19 july 2021", "Source:",
         "usr: 7", "\n", "\n\n", "cookies", "&amp;", "&#0;", "\u00e2\u20ac\u2122", "{", "}", '"text":', "\x00", "."]


def _check(items: list[Article | LoadFailure], name: str) -> None:
    for item in items:
        if isinstance(item, LoadFailure):
            assert item.input.startswith(name), item
            assert item.problem and "\n" not in item.problem
            assert "unexpected error" not in item.problem, item
        else:
            assert isinstance(item, Article)
            for section in item.sections:
                assert item.text[section.start:section.start + len(section.text)] == section.text


markup = st.lists(st.one_of(
    st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
    st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
    st.sampled_from(WORDS),
    st.text(max_size=20),
), max_size=60).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), kind=st.sampled_from(KINDS))
def test_random_bytes(data: bytes, kind: str | None) -> None:
    _check(list(_load(data, kind)), "fuzz")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=markup, kind=st.sampled_from(KINDS))
def test_random_markup(text: str, kind: str | None) -> None:
    _check(list(_load(text.encode("utf-8", "surrogatepass"), kind)), "fuzz")


@settings(max_examples=40, deadline=None)
@given(text=markup, suffix=st.sampled_from([".txt", ".html", ".xml", ".jsonl", ".rss", ".dat"]))
def test_random_files_through_load_sources(text: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        _check(list(load_sources([str(path)], LoadOptions(english_only=False))), str(path))


def _load(data: bytes, kind: str | None) -> list[Article | LoadFailure]:
    """load_bytes raises LoadError for a whole-input problem; load_sources turns that into a failure."""
    try:
        return list(load_bytes(data, name="fuzz", path="fuzz", kind=kind, options=LoadOptions(english_only=False)))
    except LoadError as exc:
        return [exc.failure]

"""Assembling the `Article` every later stage trusts: sections with offsets, id, language.

Why here and only here: the id rule (canonical URL when known, else the cleaned text), the
section layout (headline first, then body and teaser sections joined by blank lines) and the
language check must be the same whichever source the text came from, so the same story from a
feed and from a saved page becomes one article.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import courlan
import yaml
from langdetect import DetectorFactory, LangDetectException, detect_langs

from kg.loaders.base import fail
from kg.loaders.clean import Block, CleanPage, clean_page_text
from kg.schema import Article, Section, article_id

DetectorFactory.seed = 0  # langdetect is random by default; seeded, the same text gives the same answer
_MIN_WORDS_FOR_LANGUAGE = 12  # below this langdetect guesses; such texts are assumed English
SEPARATOR = "\n\n"


def canonical_url(url: str | None) -> str | None:
    """Normalised http(s) URL (host case, default port, tracking parameters, fragment), else None."""
    if not url or not url.strip():
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    with contextlib.suppress(ValueError, TypeError):
        url = courlan.normalize_url(url)
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def host_of(url: str | None) -> str | None:
    """"www.abc.net.au" -> "abc.net.au": the site as people name it."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language; "en" for texts too short to tell.

    Plain English news is recognised by its function words first (see data/language.yaml),
    which is a hundred times cheaper than langdetect; everything else goes to langdetect.
    """
    tokens = text[:3000].lower().split()
    if len(tokens) < _MIN_WORDS_FOR_LANGUAGE:
        return "en"
    markers, min_share = _english_markers()
    if sum(t.strip(".,;:!?\"'()") in markers for t in tokens) >= min_share * len(tokens):
        return "en"
    try:
        best = detect_langs(text[:1000])[0]
    except LangDetectException:
        return None
    return str(best.lang) if best.prob >= 0.7 else None


@lru_cache(maxsize=1)
def _english_markers() -> tuple[frozenset[str], float]:
    data = yaml.safe_load((Path(__file__).with_name("data") / "language.yaml").read_text("utf-8"))
    return frozenset(data["english_markers"]), float(data["min_share"])


def build_article(page: CleanPage, *, name: str, path: str | None = None, url: str | None = None,
                  source: str | None = None, published: datetime | None = None,
                  authors: list[str] | None = None) -> Article:
    """The Article of a cleaned page; raises LoadError when nothing of a story is left.

    Explicit `source`/`published`/`authors` (from metadata the caller trusts more, such as
    HTML meta tags or JSON fields) win over what was read from the page text.
    """
    parts: list[tuple[str, str, str | None]] = []
    if page.title:
        parts.append(("headline", page.title, None))
    parts.extend(_merge_body(page.blocks))
    if not any(kind != "headline" for kind, _, _ in parts):
        raise fail(name, "no article text found (only a title or page furniture)" if page.title
                   else "no article text found (the page holds only navigation, notices or comments)")
    sections: list[Section] = []
    offset = 0
    for kind, text, title in parts:
        sections.append(Section(kind=kind, title=title, text=text, start=offset))  # type: ignore[arg-type]
        offset += len(text) + len(SEPARATOR)
    text = SEPARATOR.join(s.text for s in sections)
    canon = canonical_url(url)
    return Article(
        id=article_id(canon, text),
        url=canon or url,
        path=path,
        title=page.title,
        published=published or page.published,
        source=source or page.source or host_of(canon),
        authors=authors if authors else page.authors,
        language=detect_language(text),
        sections=sections,
        text=text,
    )


def _merge_body(blocks: list[Block]) -> list[tuple[str, str, str | None]]:
    """Consecutive body paragraphs become one body section; each teaser is its own section."""
    out: list[tuple[str, str, str | None]] = []
    for block in blocks:
        if block.kind == "body" and out and out[-1][0] == "body":
            out[-1] = ("body", out[-1][1] + SEPARATOR + block.text, None)
        else:
            out.append((block.kind, block.text, block.title))
    return out


def load_text(text: str, *, path: str | None = None, url: str | None = None, title: str | None = None,
              published: datetime | None = None, source: str | None = None,
              authors: list[str] | None = None, name: str | None = None) -> Article:
    """Clean a raw text (plain or scraped page) into an Article. Raises LoadError if nothing is left."""
    page = clean_page_text(text, title=title)
    return build_article(page, name=name or path or url or "<text>", path=path, url=url, source=source,
                         published=published, authors=authors)

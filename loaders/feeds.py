"""RSS and Atom feeds: one article per item, optionally from the page the item links to.

Why feedparser: it reads every RSS and Atom dialect in the wild, recovers from most
malformations and normalises dates to UTC. A feed that breaks half-way still gives the items
before the break, plus one failure saying where it broke.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser

from kg.loaders.article import build_article, host_of
from kg.loaders.base import LoadError, LoadFailure, fail
from kg.loaders.clean import clean_page_text
from kg.loaders.html import fragment_text
from kg.schema import Article

PageLoader = Callable[[str, str], Article]  # (url, item label) -> the linked page as an Article


def is_feed(data: bytes | str) -> bool:
    """Cheap sniff: an RSS, RDF or Atom root element near the start."""
    head = (data[:2048].decode("utf-8", "ignore") if isinstance(data, bytes) else data[:2048]).lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def load_feed(data: bytes, *, name: str, from_file: bool,
              follow: PageLoader | None = None) -> Iterator[Article | LoadFailure]:
    """Articles of a feed's items; `follow` fetches each item's link when following links."""
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    entries = list(parsed.entries)
    problem = parsed.get("bozo_exception")
    if not entries:
        if problem is not None or not parsed.get("version"):
            why = f" ({_short(problem)})" if problem is not None else ""
            raise fail(name, f"not a readable RSS or Atom feed{why}")
        raise fail(name, "the feed has no items")
    channel = parsed.get("feed", {})
    source = " ".join(str(channel.get("title", "")).split()) or host_of(channel.get("link")) or None
    broken = problem is not None and not isinstance(problem, feedparser.CharacterEncodingOverride)
    results: list[Article | LoadFailure] = []
    for index, entry in enumerate(entries, start=1):
        label = f"{name}#{index}"
        try:
            items = list(_item(entry, label, source=source, path=label if from_file else None, follow=follow))
        except LoadError as exc:
            items = [exc.failure]
        if not broken:
            yield from items
        results.extend(items)
    if broken:
        if not any(isinstance(r, Article) for r in results):  # nothing usable: one failure for the file
            raise fail(name, f"not a readable RSS or Atom feed ({_short(problem)})")
        yield from results
        yield LoadFailure(name, f"the feed is malformed ({_short(problem)}); read {len(entries)} items before it")


def _item(entry: Any, label: str, *, source: str | None, path: str | None,
          follow: PageLoader | None) -> Iterator[Article | LoadFailure]:
    title = " ".join(str(entry.get("title", "")).split()) or None
    link = str(entry.get("link", "")).strip() or None
    published = _date(entry)
    authors = [str(entry["author"])] if entry.get("author") else []
    if follow is not None and link:
        try:
            page = follow(link, label)
        except LoadError as exc:
            yield LoadFailure(label, f"could not follow the item link ({exc.failure.problem}); "
                                     "used the feed's summary instead")
        else:
            updates: dict[str, Any] = {"path": path}
            if page.published is None and published is not None:
                updates["published"] = published
            yield page.model_copy(update=updates)
            return
    html = _content(entry)
    page_text = clean_page_text(fragment_text(html), title=title)
    yield build_article(page_text, name=label, path=path, url=link, source=source, published=published,
                        authors=authors)


def _content(entry: Any) -> str:
    """The fullest text the item carries: content:encoded / Atom content, else the summary."""
    contents = entry.get("content") or []
    best = max((str(c.get("value", "")) for c in contents), key=len, default="")
    summary = str(entry.get("summary", ""))
    return best if len(best) >= len(summary) else summary


def _date(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    return None


def _short(exc: object) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]

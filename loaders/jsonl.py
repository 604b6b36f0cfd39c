"""JSON Lines exports: one article per line with `text`, `title`, `url`, `published`, `source`.

Why line by line: exports are large and a single broken line (a truncated last line, a stray
log message) must cost only that line. Each problem names the file and line number.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from kg.loaders.article import load_text
from kg.loaders.base import LoadError, LoadFailure, fail
from kg.loaders.dates import parse_date
from kg.loaders.html import load_html
from kg.schema import Article

FIELDS = ("text", "title", "url", "published", "source", "authors")


def load_jsonl(text: str, *, name: str) -> Iterator[Article | LoadFailure]:
    """Articles of a JSON Lines text; each bad line becomes a LoadFailure naming `name:line`."""
    found = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label = f"{name}:{number}"
        try:
            yield _record(line, label)
        except LoadError as exc:
            if not found and "no 'text' field" in exc.failure.problem:
                # the first record is not an article: this is some other JSON Lines file (one
                # message for the file, not one per line)
                raise fail(name, f"not a JSON Lines file of articles: {exc.failure.problem} on line {number}") from None
            yield exc.failure
        found = True
    if not found:
        yield LoadFailure(name, "file contains no JSON lines")


def _record(line: str, label: str) -> Article:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise fail(label, f"not valid JSON ({exc.msg} at column {exc.colno}); a truncated or broken line") from None
    except RecursionError:
        raise fail(label, "not valid JSON (nested too deeply)") from None
    if not isinstance(data, dict):
        raise fail(label, f"expected a JSON object with a 'text' field, got {type(data).__name__}")
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        keys = ", ".join(sorted(map(str, data))[:8]) or "none"
        raise fail(label, f"no 'text' field with the article text (fields: {keys})")
    fields = {key: _string(data, key, label) for key in ("title", "url", "source")}
    published = _published(data.get("published"), label)
    authors = _authors(data.get("authors", data.get("author")), label)
    if _looks_like_html(text):
        article = load_html(text, name=label, path=label, url=fields["url"])
        updates = {"source": fields["source"], "published": published}
        return article.model_copy(update={k: v for k, v in updates.items() if v is not None})
    return load_text(text, path=label, name=label, url=fields["url"], title=fields["title"], published=published,
                     source=fields["source"], authors=authors)


def _string(data: dict[str, Any], key: str, label: str) -> str | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise fail(label, f"'{key}' must be a string, got {type(value).__name__}")
    return value.strip() or None


def _published(value: Any, label: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, tz=UTC)
        except (OverflowError, OSError, ValueError):
            raise fail(label, f"'published' timestamp {value!r} is out of range") from None
    if isinstance(value, str):
        parsed = parse_date(value)
        if parsed is not None:
            return parsed
    raise fail(label, f"cannot read the 'published' date {str(value)[:60]!r} (use ISO 8601, e.g. 2021-07-19T21:45)")


def _authors(value: Any, label: str) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise fail(label, "'authors' must be a string or a list of strings")


def _looks_like_html(text: str) -> bool:
    head = text[:1000].lower()
    return head.lstrip().startswith(("<!doctype html", "<html")) or ("<p>" in head and "</p>" in head)

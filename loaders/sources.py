"""`load_sources`: paths, folders, standard input and URLs in, articles and failures out.

Why one generator for everything: the CLI, the API and the tests all need the same rules —
what a folder contains, how a file's kind is decided, what counts as a failure and when strict
mode stops — and one place to count them. Every source is guarded, so a bug in one loader
becomes a failure for that input instead of ending the batch.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path, PurePosixPath
from typing import BinaryIO, TypeAlias

from kg.loaders.article import load_text
from kg.loaders.base import LoadError, LoadFailure, LoadOptions, fail
from kg.loaders.decode import decode_bytes
from kg.loaders.feeds import is_feed, load_feed
from kg.loaders.fetch import fetch_url
from kg.loaders.html import load_html
from kg.loaders.jsonl import load_jsonl
from kg.schema import Article

EXTENSIONS = {
    ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}

Result: TypeAlias = Article | LoadFailure


def load_sources(sources: Iterable[str], options: LoadOptions | None = None) -> Iterator[Result]:
    """Articles from paths (files or folders, recursive), '-' for stdin and http(s) URLs.

    One source may yield many articles (folders, feeds, JSON lines). Problems are yielded as
    LoadFailure and the batch goes on, unless `options.strict`: then the first one raises
    LoadError. Non-English articles are failures too when `options.english_only`.
    """
    opts = options or LoadOptions()
    for source in sources:
        for item in _guarded(source, partial(_load_source, source, opts)):
            if isinstance(item, Article) and opts.english_only and item.language not in (None, "en"):
                item = LoadFailure(item.path or item.url or source,
                                   f"language '{item.language}' is not supported (English only)")
            if isinstance(item, LoadFailure) and opts.strict:
                raise LoadError(item)
            yield item


def _guarded(name: str, produce: Callable[[], Iterator[Result]]) -> Iterator[Result]:
    """Run a loader; its LoadError or any unexpected exception becomes one failure."""
    try:
        yield from produce()
    except LoadError as exc:
        yield exc.failure
    except Exception as exc:  # a bug must cost one input, not the batch; the message asks for a report
        yield LoadFailure(name, f"unexpected error while loading ({type(exc).__name__}: {exc}); please report it")


def _load_source(source: str, opts: LoadOptions) -> Iterator[Result]:
    if source == "-":
        data = _read_capped(sys.stdin.buffer, "-", opts.max_bytes)
        yield from load_bytes(data, name="-", path="-", options=opts)
        return
    lowered = source.strip().lower()
    if lowered.startswith(("http://", "https://")):
        yield from load_url(source.strip(), opts)
        return
    if "://" in lowered[:12]:
        raise fail(source, "unsupported URL scheme (only http and https are fetched)")
    path = Path(source)
    if path.is_dir():
        yield from _load_folder(source, opts)
    elif path.is_file():
        yield from load_file(source, opts)
    elif path.exists():
        raise fail(source, "not a regular file or folder")
    else:
        raise fail(source, "no such file or folder")


def load_file(path: str, options: LoadOptions | None = None, kind: str | None = None) -> Iterator[Result]:
    """Articles from one file; `path` is kept exactly as given in Article.path."""
    opts = options or LoadOptions()
    try:
        size = os.path.getsize(path)
        if size > opts.max_bytes:
            raise fail(path, f"too large: {size:,} bytes, the limit is {opts.max_bytes:,} (max_bytes)")
        with open(path, "rb") as handle:
            data = handle.read(opts.max_bytes + 1)
    except OSError as exc:
        raise fail(path, f"cannot read the file ({exc.strerror or exc})") from None
    yield from load_bytes(data, name=path, path=path, options=opts,
                          kind=kind or EXTENSIONS.get(Path(path).suffix.lower()))


def load_url(url: str, options: LoadOptions | None = None) -> Iterator[Result]:
    """Articles from a URL: a page, a feed, plain text or JSON lines, by content type and body."""
    opts = options or LoadOptions()
    fetched = fetch_url(url, opts)
    yield from load_bytes(fetched.body, name=url, url=fetched.url, options=opts, kind=fetched.kind,
                          charset=fetched.charset)


def load_bytes(data: bytes, *, name: str, path: str | None = None, url: str | None = None,
               options: LoadOptions | None = None, kind: str | None = None,
               charset: str | None = None) -> Iterator[Result]:
    """Articles from raw bytes of a known or sniffed kind ("text", "html", "feed", "jsonl")."""
    opts = options or LoadOptions()
    if not data.strip():
        raise fail(name, "file is empty" if not data else "file contains only whitespace")
    if len(data) > opts.max_bytes:
        raise fail(name, f"too large: more than {opts.max_bytes:,} bytes (max_bytes)")
    if kind in (None, "xml", "text"):
        kind = sniff(data, kind)
    if kind == "feed":
        if not is_feed(data):
            raise fail(name, "XML that is not an RSS or Atom feed")
        follow = (lambda link, _label: _follow(link, opts)) if opts.follow_links else None
        yield from load_feed(data, name=name, from_file=path is not None, follow=follow)
        return
    text = decode_bytes(data, name, charset)
    if kind == "jsonl":
        yield from load_jsonl(text, name=name)
    elif kind == "html":
        yield load_html(text, name=name, path=path, url=url)
    else:
        yield load_text(text, name=name, path=path, url=url)


def sniff(data: bytes, declared: str | None = None) -> str:
    """The kind of a body whose extension or content type did not settle it."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if is_feed(head):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in head[:1024]:
        return "html"
    if declared == "xml":
        return "feed"  # reported as "XML that is not an RSS or Atom feed"
    if declared is None and head.startswith(b"{"):
        return "jsonl"
    return "text"


def _follow(link: str, opts: LoadOptions) -> Article:
    fetched = fetch_url(link, opts)
    if fetched.kind not in (None, "html") and sniff(fetched.body) != "html":
        raise fail(link, f"the link is not an HTML page ({fetched.content_type})")
    return load_html(decode_bytes(fetched.body, link, fetched.charset), name=link, url=fetched.url)


def _load_folder(folder: str, opts: LoadOptions) -> Iterator[Result]:
    """Files under `folder`, sorted, filtered by include/exclude globs; hidden entries skipped."""
    for path in iter_folder(folder, opts.include, opts.exclude):
        yield from _guarded(path, partial(load_file, path, opts))


def iter_folder(folder: str, include: list[str], exclude: list[str]) -> Iterator[str]:
    """Paths of the files to load under `folder`, in a stable order (joined onto `folder` as given).

    Without `include` only known extensions are taken; globs match the path relative to the
    folder ("drafts/*.txt") or the file name ("*.html").
    """
    root = Path(folder)
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root)
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith(".") and not _matches((rel_dir / d).as_posix(), d, exclude))
        for filename in filenames:
            rel = (rel_dir / filename).as_posix()
            if filename.startswith(".") or _matches(rel, filename, exclude):
                continue
            if include:
                if not _matches(rel, filename, include):
                    continue
            elif Path(filename).suffix.lower() not in EXTENSIONS:
                continue
            found.append(rel)
    for rel in sorted(found):
        yield os.path.join(folder, *PurePosixPath(rel).parts)


def _matches(rel: str, filename: str, globs: list[str]) -> bool:
    return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(filename, g) or PurePosixPath(rel).match(g) for g in globs)


def _read_capped(stream: BinaryIO, name: str, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise fail(name, f"too large: more than {max_bytes:,} bytes on standard input (max_bytes)")
    return data

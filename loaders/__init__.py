"""geokg's loaders: news inputs (text, HTML, feeds, JSON lines, folders, stdin, URLs) to clean
`Article`s that extraction can trust.

    from kg.loaders import LoadOptions, load_sources
    for item in load_sources(["pages/", "https://example.org/feed.xml"], LoadOptions()):
        ...  # an Article, or a LoadFailure naming the input and the problem

The heavy libraries (trafilatura, dateparser, langdetect, httpx) are imported on first use,
so `import kg.loaders.extraction` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from kg.loaders.base import USER_AGENT, LoadError, LoadFailure, LoadOptions

if TYPE_CHECKING:
    from kg.loaders.article import build_article, canonical_url, load_text
    from kg.loaders.clean import clean_page_text
    from kg.loaders.fetch import Fetched, fetch_url
    from kg.loaders.html import load_html
    from kg.loaders.sources import iter_folder, load_bytes, load_file, load_sources, load_url

_LAZY = {
    "load_sources": "sources", "load_file": "sources", "load_url": "sources", "load_bytes": "sources",
    "iter_folder": "sources", "load_text": "article", "build_article": "article", "canonical_url": "article",
    "load_html": "html", "fetch_url": "fetch", "Fetched": "fetch", "clean_page_text": "clean",
}

__all__ = ["USER_AGENT", "Fetched", "LoadError", "LoadFailure", "LoadOptions", "build_article", "canonical_url",
           "clean_page_text", "fetch_url", "iter_folder", "load_bytes", "load_file", "load_html", "load_sources",
           "load_text", "load_url"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kg.loaders' has no attribute {name!r}")
    value = getattr(import_module(f"kg.loaders.{module}"), name)
    globals()[name] = value
    return value

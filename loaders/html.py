"""Saved or fetched HTML pages: main text via trafilatura, metadata from the page's own tags.

Why both: trafilatura is good at finding the story among menus, asides and comment threads,
but its metadata is coarse (a date without time or zone, the short JSON-LD headline instead
of the displayed one). Structured metadata is read here first — JSON-LD `datePublished`,
`article:published_time`, `<time datetime>`, `og:` tags, the `<h1>` — and trafilatura's only
fills the gaps. Its text then goes through the same cleaner as scraped text files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

import lxml.etree
import lxml.html
import trafilatura

from kg.loaders.article import build_article
from kg.loaders.base import fail
from kg.loaders.clean import clean_page_text, clean_title
from kg.loaders.dates import parse_date
from kg.schema import Article

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " · ", " :: ")
_DATE_META = ("article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
              "date", "dc.date", "dc.date.issued", "dcterms.created", "parsely-pub-date", "sailthru.date")
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd", "figcaption")
_FURNITURE_HINT = re.compile(r"comment|cookie|consent|share|social|related|newsletter|subscri|promo|advert|sidebar"
                             r"|footer|nav|menu|breadcrumb|byline|author|meta|tags", re.I)


@dataclass
class PageMeta:
    title: str | None = None
    published: datetime | None = None
    site: str | None = None
    authors: list[str] = field(default_factory=list)
    canonical: str | None = None
    language: str | None = None


def parse_html(html: str, name: str) -> lxml.html.HtmlElement:
    """Parse a page, or raise LoadError naming what is wrong with it."""
    html = _XML_DECLARATION.sub("", html, count=1)
    if not html.strip():
        raise fail(name, "file is empty")
    try:
        tree = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise fail(name, f"cannot parse the HTML ({exc})") from None
    return tree


def load_html(html: str, *, name: str, path: str | None = None, url: str | None = None) -> Article:
    """One Article from one HTML page (raises LoadError when the page holds no story)."""
    tree = parse_html(html, name)
    meta = page_metadata(tree, url)
    text = _main_text(tree, url) or "\n".join(_block_lines(tree))
    if not any(len(line.split()) >= 5 for line in text.splitlines()):
        raise fail(name, "no article text found in the HTML (nothing longer than a menu entry)")
    page = clean_page_text(text, title=meta.title)
    return build_article(page, name=name, path=path, url=meta.canonical or url, source=meta.site,
                         published=meta.published, authors=meta.authors)


def fragment_text(html: str) -> str:
    """Text of an HTML fragment (a feed item's content), one block per line."""
    if "<" not in html:
        return html
    try:
        root = lxml.html.fragment_fromstring(_XML_DECLARATION.sub("", html), create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", html)
    return "\n".join(_block_lines(root))


# ------------------------------------------------------------------------------ metadata


def page_metadata(tree: lxml.html.HtmlElement, url: str | None) -> PageMeta:
    meta = PageMeta()
    tags = _meta_tags(tree)
    ld = _json_ld(tree)
    doc_title = " ".join((tree.findtext(".//title") or "").split())
    meta.title = _title(tree, tags, ld, doc_title)
    meta.published = _published(tree, tags, ld)
    meta.site = tags.get("og:site_name") or _ld_name(ld.get("publisher")) or _title_suffix(doc_title, meta.title)
    meta.authors = _authors(tags, ld)
    canonical = next(iter(tree.xpath("//link[@rel='canonical']/@href")), None) or tags.get("og:url")
    if canonical:
        canonical = urljoin(url or "", str(canonical).strip())
        meta.canonical = canonical if canonical.startswith(("http://", "https://")) else None
    meta.language = (tree.get("lang") or "").split("-")[0].lower() or None
    return meta


def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, str]:
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = (el.get("content") or el.get("datetime") or "").strip()
        if key and value and key not in out:
            out[key] = value
    return out


def _json_ld(tree: lxml.html.HtmlElement) -> dict[str, Any]:
    """The first JSON-LD object that describes an article (looked for in @graph and lists too)."""
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, TypeError):
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if any(isinstance(k, str) and ("Article" in k or k in ("BlogPosting", "Report")) for k in kinds):
                    return item
                stack.extend(v for k, v in item.items() if k == "@graph")
    return {}


def _ld_name(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _title(tree: lxml.html.HtmlElement, tags: dict[str, str], ld: dict[str, Any], doc_title: str) -> str | None:
    """The headline as displayed: the article's <h1>, else og:title, JSON-LD, <title>."""
    h1s = tree.xpath("//article//h1") or tree.xpath("//main//h1") or tree.xpath("//h1")
    for h1 in h1s[:1]:
        text = " ".join(h1.text_content().split())
        if len(text.split()) >= 2:
            return clean_title(text)
    for candidate in (tags.get("og:title"), ld.get("headline") if isinstance(ld.get("headline"), str) else None):
        if candidate and candidate.strip():
            return clean_title(candidate)
    if doc_title:
        for sep in _TITLE_SEPARATORS:
            if sep in doc_title:
                doc_title = doc_title.rsplit(sep, 1)[0]
                break
        return clean_title(doc_title)
    return None


def _title_suffix(doc_title: str, title: str | None) -> str | None:
    """"Headline | The Meridian Post" -> "The Meridian Post" when the headline is known."""
    if not title or not doc_title.lower().startswith(title.lower()):
        return None
    rest = doc_title[len(title):].strip()
    for sep in _TITLE_SEPARATORS:
        if rest.startswith(sep.strip()):
            site = rest[len(sep.strip()):].strip()
            return site if 0 < len(site.split()) <= 6 else None
    return None


def _published(tree: lxml.html.HtmlElement, tags: dict[str, str], ld: dict[str, Any]) -> datetime | None:
    candidates: list[str] = []
    if isinstance(ld.get("datePublished"), str):
        candidates.append(ld["datePublished"])
    candidates.extend(tags[k] for k in _DATE_META if k in tags)
    times = tree.xpath("//time[@pubdate]/@datetime") or tree.xpath("//article//time/@datetime") \
        or tree.xpath("//time/@datetime")
    candidates.extend(str(t) for t in times[:1])
    if isinstance(ld.get("dateCreated"), str):
        candidates.append(ld["dateCreated"])
    for value in candidates:
        parsed = parse_date(value)
        if parsed is not None:
            return parsed
    return None


def _authors(tags: dict[str, str], ld: dict[str, Any]) -> list[str]:
    people = ld.get("author")
    items = people if isinstance(people, list) else [people] if people else []
    names = [n for n in (_ld_name(p) for p in items if not (isinstance(p, dict) and p.get("@type") == "Organization"))
             if n]
    if not names and tags.get("author") and not tags["author"].startswith("http"):
        names = [tags["author"]]
    return names


# ------------------------------------------------------------------------------ text


def _main_text(tree: lxml.html.HtmlElement, url: str | None) -> str | None:
    try:
        return trafilatura.extract(tree, url=url, include_comments=False, include_tables=True,
                                   include_images=False, deduplicate=False, with_metadata=False)
    except (ValueError, TypeError, AttributeError, lxml.etree.LxmlError):
        return None


def _block_lines(root: lxml.html.HtmlElement) -> Iterator[str]:
    """Fallback extractor: visible text of block elements outside menus, asides and comments."""
    for el in root.iter(*_BLOCK_TAGS):
        if any(a.tag in ("nav", "aside", "footer", "form", "script", "style", "noscript", "header")
               or _FURNITURE_HINT.search(f"{a.get('class', '')} {a.get('id', '')}")
               for a in el.iterancestors()):
            continue
        if any(child.tag in _BLOCK_TAGS for child in el.iterdescendants()):
            continue  # the inner block is yielded on its own
        text = " ".join(el.text_content().split())
        if text:
            yield text

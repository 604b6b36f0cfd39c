"""Turning the text of a scraped page into title, metadata and article paragraphs.

The page is read top to bottom like a person would: masthead and menus until the title, then
date, byline and "Source:" lines, then the story, interrupted by teasers of other stories,
ended by related links, reader comments and the footer. Teasers are kept (their sentences are
real statements) but marked, because they belong to other stories. The rules are general
(see furniture.py and data/boilerplate.yaml); nothing here knows a particular site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

import ftfy

from kg.loaders import furniture as fu
from kg.loaders.furniture import is_prose, words

BlockKind = Literal["body", "teaser"]
_TITLE_SEARCH_LINES = 25


@dataclass
class Block:
    """One paragraph (body) or one teaser of another story (its headline, then its paragraph)."""

    kind: BlockKind
    text: str
    title: str | None = None


@dataclass
class CleanPage:
    title: str | None = None
    published: datetime | None = None
    source: str | None = None
    authors: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


@dataclass
class _Line:
    raw: str  # as on the page (inner spacing kept: menus are told apart by wide gaps)
    text: str  # whitespace collapsed
    gap_before: bool  # a blank line precedes it


def clean_page_text(text: str, *, title: str | None = None) -> CleanPage:
    """Split a page's text into title, date, source, authors and body/teaser blocks.

    `title`, when the caller knows it (HTML metadata, a JSON field), is not searched for; its
    line is removed from the text if the text repeats it near the top. Mojibake ("â€™") is
    repaired first, and curly quotes become straight ones (ftfy), so names match gazetteers.
    """
    lines = _drop_tail_comments(_unwrap(_lines(ftfy.fix_text(text, unescape_html=False))))
    page = CleanPage()
    start = _find_title(lines, page, given=title)
    _Reader(page).read(lines[start:])
    page.blocks = _dedupe(_fix_blocks(page.blocks))
    if page.title and page.blocks and _norm(page.blocks[0].text) == _norm(page.title):
        page.blocks.pop(0)
    return page


# ------------------------------------------------------------------------------- lines


def _lines(text: str) -> list[_Line]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\t", "    ")
    out: list[_Line] = []
    gap = False
    for raw in text.split("\n"):
        raw = raw.strip()
        if not raw:
            gap = True
            continue
        out.append(_Line(raw, " ".join(raw.split()), gap))
        gap = False
    return out


def _unwrap(lines: list[_Line]) -> list[_Line]:
    """Join hard-wrapped lines (plain-text files wrapped at ~72 columns) back into paragraphs."""
    out: list[_Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (prev is not None and not line.gap_before and line.text[:1].islower()
                and len(prev.text) >= 40 and not re.search(r"[.!?:;\"”]$", prev.text)):
            out[-1] = _Line(prev.raw + " " + line.raw, prev.text + " " + line.text, prev.gap_before)
        else:
            out.append(line)
    return out


def _drop_tail_comments(lines: list[_Line]) -> list[_Line]:
    """Reader comments printed without a header at the very end ("usr: 7" / "This is interesting!")."""
    while lines:
        start = len(lines) - 1
        while start > 0 and not lines[start].gap_before:
            start -= 1
        block = lines[start:]
        if not fu.is_comment_line(block[0].text) or any(len(words(b.text)) > 60 for b in block):
            break
        lines = lines[:start]
    return lines


# ------------------------------------------------------------------------------- title


def _find_title(lines: list[_Line], page: CleanPage, *, given: str | None) -> int:
    """Set the title and the date printed above it; return the index where the story starts."""
    if given:
        page.title = clean_title(ftfy.fix_text(given, unescape_html=False))
        for i, line in enumerate(lines[:_TITLE_SEARCH_LINES]):
            if _norm(clean_title(line.text)) == _norm(page.title):
                _header_metadata(lines[:i], page)
                # kickers and menus above the title go; a prose line above it stays
                return i + 1 if not any(is_prose(x.text) for x in lines[:i]) else 0
        return 0
    for i, line in enumerate(lines[:_TITLE_SEARCH_LINES]):
        if is_prose(line.text) and not fu.is_furniture(line.raw):
            return i  # the story starts before any title-like line: there is no title
        if _title_like(line):
            page.title = clean_title(line.text)
            _header_metadata(lines[:i], page)
            return i + 1
    return 0


def _title_like(line: _Line) -> bool:
    t = line.text
    n = len(words(t))
    if not 3 <= n <= 30 or len(t) > 250 or (t.endswith(".") and not t.endswith(" .")):
        return False
    if fu.is_furniture(line.raw) or fu.metadata_line(t) or fu.is_caps_line(t):
        return False
    return not (fu.is_comment_line(t) or fu.is_sidebar_header(t) or fu.is_comments_header(t))


def _header_metadata(lines: list[_Line], page: CleanPage) -> None:
    """A date printed in the masthead is a fallback for the article's own date line."""
    for line in lines:
        meta = fu.metadata_line(line.text)
        if meta and meta.date and page.published is None:
            page.published = meta.date


def clean_title(title: str) -> str:
    """Tidy a headline: collapse spaces, drop a section word printed twice ("Australia Australia joins")."""
    t = " ".join(title.split())
    t = re.sub(r"\s+([.,;:!?])$", "", t).rstrip(" .")
    m = re.match(r"^(\w[\w'’-]*)\s+(\1)\b", t, re.I)
    if m and f"{m.group(1)} {m.group(2)}".lower() not in fu.patterns().reduplicated:
        t = t[len(m.group(1)):].lstrip()
    return t


# ------------------------------------------------------------------------------- story


class _Reader:
    """The state machine over the lines after the title: body, sidebar box, comments (stop)."""

    def __init__(self, page: CleanPage) -> None:
        self.page = page
        self.in_sidebar = False
        self.seen_body = False
        self.found_date = False

    def read(self, lines: list[_Line]) -> None:
        i = 0
        while i < len(lines):
            line = lines[i]
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if fu.is_comments_header(line.text):
                return  # reader comments and the footer after them
            if self._metadata(line):
                i += 1
                continue
            if fu.is_sidebar_header(line.text):
                self.in_sidebar = True
                i += 1
                continue
            if fu.is_furniture(line.raw):
                i += 1
                continue
            if nxt is not None and _repeats_headline(line, nxt):
                kind: BlockKind = "teaser" if self.seen_body else "body"  # above the story: its standfirst
                self._teaser(line.text, _strip_prefix(nxt.text, line.text), kind)
                i += 2
                continue
            if self.in_sidebar:
                i += self._sidebar(line, nxt)
                continue
            self._body(line.text)
            i += 1

    def _metadata(self, line: _Line) -> bool:
        meta = fu.metadata_line(line.text)
        if meta is None:
            return False
        if meta.date and not self.found_date and not self.seen_body:
            self.page.published, self.found_date = meta.date, True
        if meta.source and not self.page.source:
            self.page.source = meta.source
        if meta.author and meta.author not in self.page.authors:
            self.page.authors.append(meta.author)
        return True

    def _sidebar(self, line: _Line, nxt: _Line | None) -> int:
        """Inside a box of other stories: links go, a headline with its paragraph is a teaser."""
        if fu.is_bullet(line.text):
            return 1
        if is_prose(line.text):  # running text without a headline: the story goes on
            self.in_sidebar = False
            self._body(line.text)
            return 1
        if nxt is not None and is_prose(nxt.text) and not fu.is_comment_line(nxt.text) and len(words(line.text)) >= 3:
            self._teaser(line.text, _strip_prefix(nxt.text, line.text), "teaser")
            return 2
        return 1  # a bare link title

    def _teaser(self, headline: str, paragraph: str, kind: BlockKind) -> None:
        headline = clean_title(headline)
        text = f"{headline}\n\n{paragraph}" if paragraph else headline
        self.page.blocks.append(Block(kind, text, title=headline if kind == "teaser" else None))
        self.seen_body = self.seen_body or kind == "body"

    def _body(self, text: str) -> None:
        self.page.blocks.append(Block("body", text))
        self.seen_body = True


def _repeats_headline(line: _Line, nxt: _Line) -> bool:
    """A short title-like line and a paragraph that starts by repeating it: a teaser block."""
    t = line.text
    title_like = (3 <= len(words(t)) <= 30 and not t.endswith((".", "!", "?"))) or t.endswith(" .")
    return title_like and len(nxt.text) > len(t) + 20 and _norm(nxt.text).startswith(_norm(t.rstrip(" .")))


def _strip_prefix(paragraph: str, headline: str) -> str:
    """The paragraph without the headline it repeats at its start (whitespace-insensitive)."""
    head = headline.rstrip(" .").split()
    tokens = paragraph.split()
    if [t.casefold() for t in tokens[: len(head)]] == [h.casefold() for h in head]:
        return " ".join(tokens[len(head):]).lstrip(" .:|-–—")
    return paragraph


# ------------------------------------------------------------------------------- tidy


_JOINED_SENTENCE = re.compile(r"(?<=[a-z0-9%)][.!?])(?=[A-Z][a-z])|(?<=[a-z][.!?][\"”’])(?=[A-Z][a-z])")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([.,;:!?])(?=\s|$)")
_DATELINE_PREFIX = re.compile(r"^[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){0,3}(?:,\s[A-Z][\w.]+){0,2}"
                              r"(?:\s\([A-Za-z .]{1,30}\))?\s[-–—]+\s(?=[A-Z\"“])")


def tidy(text: str) -> str:
    """Repair what scraping does to sentences: "now.The" and "Sea ." and runs of spaces."""
    text = " ".join(text.split())
    text = _JOINED_SENTENCE.sub(" ", text)
    return _SPACE_BEFORE_PUNCT.sub(r"\1", text)


def _fix_blocks(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    first_body = True
    for block in blocks:
        parts = [tidy(p) for p in block.text.split("\n\n")]
        if block.kind == "body" and first_body:
            parts[0] = _DATELINE_PREFIX.sub("", parts[0])  # "BRUSSELS - Finland joined ..."
            first_body = False
        text = "\n\n".join(p for p in parts if p)
        if text:
            out.append(Block(block.kind, text, block.title))
    return out


def _dedupe(blocks: list[Block]) -> list[Block]:
    seen: set[str] = set()
    out: list[Block] = []
    for block in blocks:
        key = _norm(block.text)
        if key in seen:
            continue
        seen.add(key)
        out.append(block)
    return out


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()

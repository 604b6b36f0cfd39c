"""Recognising page furniture line by line: navigation, consent notices, share bars, bylines,
date lines, "Source:" lines, comment and related-story headers.

Why lines: scraped pages (and the text trafilatura leaves of HTML) keep one block of the page
per line, so a line is the unit a person would point at and say "this is not the article".
Every rule that could hit an article sentence also asks the line to be short or not a prose
sentence, because losing a sentence costs more than keeping a stray "Share" button.
The patterns live in data/boilerplate.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import yaml

from kg.loaders.dates import date_in_line

_DATA = Path(__file__).with_name("data") / "boilerplate.yaml"
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_PROSE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_SEPARATOR_CHARS = re.compile(r"\s[|·•»›▸►>/]\s|\s{3,}|\s\|\s?|\|")
_STRONG_SEPARATOR = re.compile(r"\||\s{3,}|\[[^\]]{1,30}\]")  # one of these alone can make a menu
_BULLET = re.compile(r"^\s*(?:[-–•*»›>▸►·]|\d{1,2}[.)])\s+\S")
_BUTTON = re.compile(r"\[[^\]]{1,30}\]")
_HANDLE_LINE = re.compile(r"^([\w.@-]{1,30}|[A-Z][a-z]+(?: [A-Z]\.?| from \w+)?)\s*:\s*\S")
_ADDRESSES_READER = re.compile(r"\b(we|our|you|your)\b", re.I)


@dataclass(frozen=True)
class Patterns:
    consent: re.Pattern[str]
    subscription: re.Pattern[str]
    share_only: re.Pattern[str]
    footer: re.Pattern[str]
    comments_header: re.Pattern[str]
    sidebar_header: re.Pattern[str]
    sidebar_inline: re.Pattern[str]
    byline: re.Pattern[str]
    byline_words: re.Pattern[str]
    misc: re.Pattern[str]
    not_comment_labels: frozenset[str]
    reduplicated: frozenset[str]


def _any(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    data = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    share = "|".join(data["share_words"])
    sidebar = "|".join(data["sidebar_header"])
    return Patterns(
        consent=_any(data["consent"]),
        subscription=_any(data["subscription"]),
        share_only=re.compile(rf"^(?:[\s|·•>»:/\[\]()-]|\b(?:{share})\b)*$", re.I),
        footer=_any(data["footer"]),
        comments_header=_any(data["comments_header"]),
        sidebar_header=re.compile(rf"^(?:{sidebar})\s*:?$", re.I),
        sidebar_inline=re.compile(rf"^(?:{sidebar})\s*:\s*\S", re.I),
        byline=_any(data["byline"]),
        byline_words=re.compile(rf"\b(?:{'|'.join(data['byline_words'])})\b", re.I),
        misc=_any(data["misc"]),
        not_comment_labels=frozenset(s.lower() for s in data["not_comment_labels"]),
        reduplicated=frozenset(s.lower() for s in data["reduplicated_names"]),
    )


def words(line: str) -> list[str]:
    return _WORD.findall(line)


def is_prose(line: str) -> bool:
    """A sentence of running text: ends like a sentence and has a handful of words."""
    return bool(_PROSE_END.search(line.strip())) and len(words(line)) >= 5


def separator_count(line: str) -> int:
    return len(_SEPARATOR_CHARS.findall(line)) + len(_BUTTON.findall(line))


def is_nav(line: str) -> bool:
    """Menus, breadcrumbs, tickers and button rows: short pieces strung on separators."""
    seps = separator_count(line)
    if sum(line.count(c) for c in ">›»") >= 2:
        return True
    gaps = [p for p in re.split(r"\s{2,}", line.strip()) if p]
    if len(gaps) >= 4 and all(len(words(p)) <= 3 for p in gaps):  # "Politics  Economy  Tech  Opinion"
        return True
    if seps == 0 or (is_prose(line) and seps < 3 and "|" not in line):
        return False
    if seps >= 2:
        return True
    parts = [p for p in _STRONG_SEPARATOR.split(line) if p.strip()]
    return len(parts) > 1 and all(len(words(p)) <= 3 for p in parts)


def is_caps_line(line: str) -> bool:
    """Mastheads ("THE DAILY LEDGER - Europe"): mostly upper-case words."""
    ws = [w for w in words(line) if len(w) > 1]
    return bool(ws) and sum(w.isupper() for w in ws) / len(ws) >= 0.6


def is_comments_header(line: str) -> bool:
    s = line.strip()
    return len(s) < 80 and bool(patterns().comments_header.search(s))


def is_sidebar_header(line: str) -> bool:
    s = line.strip()
    return len(words(s)) <= 6 and not is_prose(s) and bool(patterns().sidebar_header.match(s))


def is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line))


def is_byline(line: str) -> bool:
    s = line.strip()
    if is_prose(s) or len(words(s)) > 10:
        return False
    p = patterns()
    return bool(p.byline.search(s)) or (len(words(s)) <= 5 and bool(p.byline_words.search(s)))


@dataclass(frozen=True)
class Meta:
    """What a metadata line said, if it was one."""

    date: datetime | None = None
    source: str | None = None
    author: str | None = None


_SOURCE = re.compile(r"\bsource\s*:\s*(.+)$", re.I)


def metadata_line(line: str) -> Meta | None:
    """A date, byline or "Source:" line ("21:45 19 july 2021 Source: abc.net.au"), else None."""
    s = " ".join(line.split())
    if not s or is_prose(s) or len(words(s)) > 16:
        return None
    source = None
    m = _SOURCE.search(s)
    if m and len(words(m.group(1))) <= 6:
        source, s = m.group(1).strip(), s[: m.start()].strip()
        if not s:
            return Meta(source=source)
    date, rest = date_in_line(s)
    author = None
    if date is None and source is None:
        if not is_byline(s):
            return None
        return Meta(author=_author(s))
    for piece in rest:  # everything beside the date must be a dateline place, byline or read time
        if is_byline(piece):
            author = author or _author(piece)
        elif len(words(piece)) > 4 or is_prose(piece):
            return None
    return Meta(date=date, source=source, author=author)


def _author(text: str) -> str | None:
    m = re.match(r"^(?:by|author|written by|words by|story by)\s*:?\s*(.+)$", text.strip(), re.I)
    return m.group(1).strip() if m else None


def is_furniture(line: str) -> bool:
    """A line that is page furniture wherever it appears (not dates: see metadata_line).

    Prose sentences are only dropped for consent notices that speak to the reader ("we use
    cookies", "you agree"); every other pattern needs a line that is not a sentence.
    """
    s = line.strip()
    if not s:
        return True
    p = patterns()
    n = len(words(s))
    prose = is_prose(s)
    if n <= 60 and p.consent.search(s) and (not prose or _ADDRESSES_READER.search(s)):
        return True
    if is_nav(s):
        return True
    if p.sidebar_inline.match(s) and n <= 40:  # "Most read: 1. ... 2. ...", "Latest: ... | ..."
        return True
    if prose:
        return False
    if p.share_only.match(s) and n <= 12:
        return True
    if (p.subscription.search(s) and n <= 16) or (p.footer.search(s) and n <= 20) or p.misc.search(s):
        return True
    if re.match(r"^[|·•»›>/-]+\s*\S", s) and n <= 5:  # "· Defence desk" leftovers
        return True
    return is_byline(s)


def is_comment_line(line: str) -> bool:
    """"handle: text" as reader comments print it ("usr: 7", "Kimchi_Kid: Of course ...").

    Used for comments printed without a header at the end of a page, so the handle must look
    like a user name (lower case, digits, underscores, or "Margaret H."), not like a speaker
    in a transcript ("Biden: We will respond.").
    """
    m = _HANDLE_LINE.match(line.strip())
    if not m or m.group(1).lower() in patterns().not_comment_labels:
        return False
    handle = m.group(1)
    return handle.islower() or bool(re.search(r"[\d_@]", handle)) or bool(re.fullmatch(r"[A-Z][a-z]+ [A-Z]\.", handle))

"""Publication dates from the many shapes pages print them in.

Why a gate before dateparser: dateparser is generous ("March on Washington" is nearly a date)
and slow on its first calls, so a line is only handed to it when every word of it is a date
or time word. That keeps headlines with a date in them ("... on 24 September") out of the
metadata and the article text.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import dateparser
import yaml

_MONTHS = ("january february march april may june july august september october november december "
           "jan feb mar apr jun jul aug sep sept oct nov dec")
_DAYS = "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun"
_ZONES = ("gmt utc z bst ist cet cest eet eest wet west msk aest aedt acst awst nzst nzdt jst kst hkt sgt pst pdt "
          "mst mdt cst cdt est edt et pt ct mt hst akst")
_FILLERS = "am pm a.m. p.m. at on of the updated published posted first last modified local time hrs"
DATE_WORDS = frozenset((_MONTHS + " " + _DAYS + " " + _ZONES + " " + _FILLERS).split())

_TOKEN = re.compile(r"[A-Za-z][A-Za-z.]*|\d+(?:st|nd|rd|th)?")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")
_DATEPARSER_SETTINGS = {"PREFER_DAY_OF_MONTH": "first"}


def is_date_text(text: str) -> bool:
    """True when every word of `text` is a date or time word and it has a number in it."""
    if not re.search(r"\d", text) or len(text) > 80:
        return False
    if _ISO.match(text):
        return True
    return all(tok.lower().rstrip(".") in DATE_WORDS or tok.lower() in DATE_WORDS or tok[0].isdigit()
               for tok in _TOKEN.findall(text))


def parse_date(text: str) -> datetime | None:
    """Parse one date string: ISO 8601 first (metadata), then dateparser (printed dates).

    Returns an aware datetime with a fixed offset when the text names a zone, else a naive one.
    """
    text = " ".join(text.split())
    if not text:
        return None
    try:
        return _fixed_offset(datetime.fromisoformat(text))
    except ValueError:
        pass
    fast = _strptime(text)
    if fast is not None:
        return fast
    zone_name = None
    last = text.rsplit(" ", 1)[-1].lower().rstrip(".")
    if last in _formats()["ambiguous_zones"]:
        zone_name = _formats()["ambiguous_zones"][last]
        text = text.rsplit(" ", 1)[0]
    try:
        value = dateparser.parse(text, languages=["en"], settings=_DATEPARSER_SETTINGS)  # type: ignore[arg-type]
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None
    if value is None:
        return None
    if zone_name and value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(zone_name))
    return _fixed_offset(value)


@lru_cache(maxsize=1)
def _formats() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((Path(__file__).with_name("data") / "dates.yaml").read_text("utf-8"))
    return data


_WEEKDAY = re.compile(r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\b\.?", re.I)
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.I)


def _strptime(text: str) -> datetime | None:
    """The common printed shapes ("19 May 2020 07:15 AEST") without dateparser's cost."""
    t = _WEEKDAY.sub(" ", text.replace(",", " "))
    t = _ORDINAL.sub(r"\1", re.sub(r"\b(?:at|on)\b", " ", t, flags=re.I))
    t = re.sub(r"\ba\.m\.?", "AM", re.sub(r"\bp\.m\.?", "PM", t, flags=re.I), flags=re.I)
    words = t.split()
    if not words:
        return None
    table = _formats()
    tz: tzinfo | None = None
    last = words[-1].lower()
    if last in table["zones"]:
        tz, words = timezone(timedelta(minutes=table["zones"][last])), words[:-1]
    elif last in table["ambiguous_zones"]:
        tz, words = ZoneInfo(table["ambiguous_zones"][last]), words[:-1]
    candidate = " ".join(words)
    for fmt in table["formats"]:
        try:
            value = datetime.strptime(candidate, fmt)
        except ValueError:
            continue
        return _fixed_offset(value.replace(tzinfo=tz)) if tz is not None else value
    return None


def _fixed_offset(value: datetime) -> datetime:
    """Replace library-specific tzinfo objects by a plain fixed offset (stable and comparable)."""
    offset = value.utcoffset()
    if offset is None:
        return value
    return value.replace(tzinfo=timezone(timedelta(seconds=int(offset.total_seconds()))))


_SEPARATORS = re.compile(r"\s*(?:\||·|•|—|–|\s-\s|,)\s*")
_LABEL = re.compile(r"^(?:published|updated|posted|first published|last updated|date)\s*:?\s*", re.I)


def date_in_line(line: str) -> tuple[datetime | None, list[str]]:
    """Find the date of a metadata line ("By X | 21 December 2017 11:05 GMT | Updated 14:30").

    The line is cut at separators (which also cuts "August 7, 2023" in two), then the longest
    run of consecutive date-or-time pieces that parses and names a day, month or year wins.
    Returns that date and the pieces that are not part of it, so the caller can decide
    whether the whole line is metadata.
    """
    pieces = [_LABEL.sub("", p.strip()) for p in _SEPARATORS.split(line.strip())]
    pieces = [p for p in pieces if p]
    i = 0
    while i < len(pieces):
        if not is_date_text(pieces[i]):
            i += 1
            continue
        j = i
        while j < len(pieces) and is_date_text(pieces[j]):
            j += 1
        for k in range(j, i, -1):
            joined = " ".join(pieces[i:k])
            if _has_date_part(joined):
                found = parse_date(joined)
                if found is not None:
                    return found, pieces[:i] + pieces[j:]
        i = j
    return None, pieces


def _has_date_part(text: str) -> bool:
    """True when `text` holds a day, month or year, not only a time of day."""
    words = {t.lower().rstrip(".") for t in _TOKEN.findall(text)}
    if words & set(_MONTHS.split()):
        return True
    return bool(re.search(r"\b\d{4}\b|\d{1,2}[./]\d{1,2}[./]\d{2,4}", text))

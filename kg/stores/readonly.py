"""Checks every store runs before a user's read-only Cypher query reaches the database.

Why: both databases enforce read-only access themselves (a READ transaction on Neo4j,
`BEGIN TRANSACTION READ ONLY` on LadybugDB), but reading is not harmless either: `LOAD CSV`
reads files and URLs, some procedures administer the server, and a second statement after a
`;` would run outside the read-only transaction on LadybugDB. This module refuses those before
execution, with a message saying what was refused. The rules live in `readonly.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml

from kg.stores.base import QueryRefused

Dialect = Literal["ladybug", "neo4j"]


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    why: str
    stores: tuple[str, ...]


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    raw = yaml.safe_load(resources.files("kg.stores").joinpath("readonly.yaml").read_text("utf-8"))
    return tuple(
        _Rule(re.compile(r["pattern"], re.IGNORECASE | re.MULTILINE), r["why"], tuple(r.get("stores", ())))
        for r in raw["rules"]
    )


def mask_literals(query: str) -> str:
    """The query with string literals and comments blanked (same length) and backticks removed.

    Keywords inside strings or comments must not trigger a refusal, and keywords hidden in
    backtick-quoted names (`db`.`createLabel`) must still be seen.
    """
    out: list[str] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch in "'\"":
            j = i + 1
            while j < n and query[j] != ch:
                j += 2 if query[j] == "\\" else 1
            out.append(ch + " " * (min(j, n) - i - 1) + (ch if j < n else ""))
            i = j + 1
        elif query.startswith("//", i):
            j = query.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif query.startswith("/*", i):
            j = query.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(" " * (j - i))
            i = j
        elif ch == "`":
            j = query.find("`", i + 1)
            j = n if j < 0 else j
            out.append(query[i + 1 : j])
            i = j + 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def check_read_query(query: str, dialect: Dialect) -> str:
    """Refuse what the deny-list names or a second statement; returns the query without a trailing `;`."""
    masked = mask_literals(query).rstrip()
    if not masked.strip():
        raise QueryRefused("query refused: the query is empty")
    body = masked[:-1] if masked.endswith(";") else masked
    if ";" in body:
        raise QueryRefused("query refused: only one statement per query (found ';' between statements)")
    for rule in _rules():
        if rule.stores and dialect not in rule.stores:
            continue
        found = rule.pattern.search(body)
        if found:
            raise QueryRefused(f"query refused: {found.group(0).strip()!r} is not allowed: {rule.why}")
    return query.rstrip()[:-1] if masked.endswith(";") else query

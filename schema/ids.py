"""Deterministic ids (ontology.md, "id convention"): loading the same article twice must
produce the same ids, so every id is a pure function of names, urls or text."""

from __future__ import annotations

import hashlib
import re
import unicodedata

LABEL_PREFIXES = {
    "state": "State",
    "org": "Organization",
    "agency": "Agency",
    "person": "Official",
    "incident": "Incident",
    "group": "Group",
    "article": "Article",
}


def slugify(text: str) -> str:
    """Lower-case ASCII slug ("Ministry of State Security" -> "ministry-of-state-security").

    Names with no Latin letters (Arabic, Chinese, Cyrillic) fall back to a short stable hash so
    they still get a valid, deterministic id instead of an empty one.
    """
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    ascii_text = ascii_text.replace("'", "").replace("\u2019", "")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if slug:
        return slug
    return "u-" + hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:10]


def short_hash(text: str, length: int = 16) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def article_id(url: str | None, text: str) -> str:
    """`article:<hash>` of the canonical URL when known, else of the cleaned text."""
    basis = url.strip() if url and url.strip() else " ".join(text.split())
    return f"article:{short_hash(basis)}"


def label_of(entity_id: str) -> str | None:
    """The node label an id belongs to, from its prefix (`state:chn` -> `State`)."""
    prefix, _, rest = entity_id.partition(":")
    return LABEL_PREFIXES.get(prefix) if rest else None


def assertion_id(article: str, rel_type: str, source: str, target: str, start: int | None, end: int | None) -> str:
    """Stable id of one assertion, so re-ingesting an article merges onto the same edges."""
    return short_hash(f"{article}|{rel_type}|{source}|{target}|{start}|{end}", 24)


def fold(text: str) -> str:
    """Case- and accent-insensitive form used for name search ("Zhao Lìjiān" -> "zhao lijian").

    Non-Latin scripts keep their letters (NFKD then dropping combining marks only), so
    Arabic, Chinese and Cyrillic names stay searchable.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace("\u2019", "'").split())

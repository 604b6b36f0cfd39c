"""Bytes to Unicode text: encoding detection and refusal of what is not text.

Why so careful: scraped files arrive in every encoding, sometimes cut off in the middle of a
character, sometimes double-encoded ("Ã©" for "é"). Decoding wrongly would silently corrupt
names that the extractor must match, so we try UTF-8 first, then charset_normalizer (mojibake
that is already in the text is repaired by ftfy in clean.py). Anything that is not text gets
a clear refusal instead of garbage.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from kg.loaders.base import fail

_MAGIC = {  # signatures of common binary formats, for a more helpful message than "binary"
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or a Word/Excel file)",
    b"\x1f\x8b": "a gzip-compressed file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x7fELF": "an executable",
}
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_bytes(data: bytes, name: str, hint: str | None = None) -> str:
    """Decode `data` (from input `name`) to text, or raise LoadError saying why it cannot be.

    `hint` is a charset announced by the source (an HTTP header); it is tried after UTF-8.
    """
    if not data.strip():
        raise fail(name, "file is empty" if not data else "file contains only whitespace")
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise fail(name, f"this is {what}, not text, HTML, a feed or JSON lines")
    text = _decode(data, name, hint)
    if _junk_ratio(text) > 0.15:
        raise fail(name, "looks like a binary file (mostly control characters and symbols), not text")
    if not text.strip():
        raise fail(name, "file contains no text")
    return text


def _decode(data: bytes, name: str, hint: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    if b"\x00" in data[:8192]:
        raise fail(name, "looks like a binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason in ("unexpected end of data", "invalid continuation byte"):
            # truncated in the middle of the last character: keep everything before it
            return data[: exc.start].decode("utf-8")
    for declared in (hint, _declared_charset(data)):
        text = _decode_as(data, declared)
        if text is not None:
            return text
    best = from_bytes(data[:200_000]).best()
    text = _decode_as(data, best.encoding if best is not None else None, errors="replace")
    if text is None:
        raise fail(name, "cannot tell the text encoding (not UTF-8, and no other encoding fits)")
    return text


# codecs that Python can "decode" with but that are no character sets a page could be written in
_NOT_CHARSETS = {"punycode", "idna", "undefined", "unicode_escape", "raw_unicode_escape", "utf_7"}


def _decode_as(data: bytes, encoding: str | None, errors: str = "strict") -> str | None:
    """`data` decoded with a declared or detected charset, or None if that charset does not fit."""
    if not encoding:
        return None
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name.replace("-", "_") in _NOT_CHARSETS:
        return None
    try:
        return data.decode(info.name, errors=errors)
    except (UnicodeError, ValueError, LookupError):
        return None


_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.I)


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML document declares about itself near its start."""
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    return (m.group(1) or m.group(2)).decode("ascii", "ignore") or None


# control characters (not tab, newlines, form feed), the replacement mark, private-use and unassigned
# surrogate code points: no prose contains them
_JUNK = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff\ud800-\udfff]")


def _junk_ratio(text: str) -> float:
    """Share of characters that no prose contains, in a sample of the text."""
    sample = text[:20_000]
    return len(_JUNK.findall(sample)) / len(sample) if sample else 0.0

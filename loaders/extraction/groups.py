"""Groups the gazetteer does not know: companies and organisations spaCy tags as ORG.

Why so careful: most ORG spans in news are outlets ("The Washington Post"), venues or event
names; a Group is only worth a node when it is a non-state actor. Outlets (media words) and
spans that already resolved to something else are skipped.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from kg.loaders.extraction import gazetteer
from kg.loaders.extraction.registry import Registry
from kg.schema.ids import slugify

NOT_GROUPS = {"State", "Defence", "Defense", "Alliance", "Oval Office", "State of the Union", "World Cup"}


def _acceptable(span: Span, reg: Registry) -> bool:
    lex = gazetteer.load().lexicon
    media = set(lex.get("media_words", []))
    words = [t.text for t in span]
    if not words or span.text in NOT_GROUPS or any(w in media for w in words):
        return False
    if not all(t.is_title or t.is_upper or not t.is_alpha or t.lower_ in ("of", "and", "the", "&") for t in span):
        return False
    if len(span) == 1 and span[0].is_upper and len(span[0].text) <= 2:
        return False
    heads = {h.lower() for h in lex.get("title_heads", [])}
    return not any(t.lower_ in heads for t in span)


def find_groups(doc: Doc, reg: Registry) -> None:
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        start, end = ent.start, ent.end
        if doc[start].lower_ == "the":
            start += 1
        while end > start and doc[end - 1].tag_ == "POS":
            end -= 1
        span = doc[start:end]
        if not span or not reg.free(start, end) or not _acceptable(span, reg):
            continue
        ident = f"group:{slugify(span.text)}"
        reg.entity(ident, "Group", span.text, kind="organisation")
        reg.mention(ident, start, end, how="ner:org")

"""The units the relation rules read: sentences cut at line breaks, headlines re-parsed in
sentence case.

Why: the parser happily runs a headline into the first body sentence ("... warns of
'counter-measures'\n\nFinland joined NATO ..."), which puts the headline's subject on the
body's verbs; and the small English model reads a title-case headline ("Canada Expels Indian
Diplomat Over ...") as one long proper name with no verb. Each piece is re-parsed on its own;
a headline is lower-cased first (except mentions, acronyms and the first word), which the
parser reads as ordinary text. The new Doc has exactly the same tokens, so mentions keep their
positions (shifted to the piece) and the evidence still points at the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.loaders.extraction.mentions import Mention
from kg.loaders.extraction.sections import SectionIndex
from kg.loaders.extraction.syntax import MentionIndex, Syntax
from kg.settings import get_settings

_FALLBACK: dict[str, Language] = {}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def _model_for(doc: Doc) -> Language:
    """The loaded pipeline that made `doc` (it shares the Doc's vocabulary); else the
    configured model, loaded once."""
    try:
        from kg.loaders.extraction import pipeline

        for nlp in getattr(pipeline, "_MODELS", {}).values():
            if nlp.vocab is doc.vocab:
                return nlp
    except ImportError:
        pass
    for nlp in _FALLBACK.values():
        if nlp.vocab is doc.vocab:
            return nlp
    return fallback_model()


def fallback_model() -> Language:
    name = get_settings().spacy_model
    if name not in _FALLBACK:
        _FALLBACK[name] = spacy.load(name)
    return _FALLBACK[name]


def _words_of(sent: Span, index: MentionIndex, lower: bool) -> list[str]:
    words: list[str] = []
    for k, tok in enumerate(sent):
        text = tok.text
        keep = k == 0 or index.at(tok.i) is not None or (text.isupper() and len(text) > 1) or not text[:1].isupper()
        words.append(text if keep or not lower else text.lower())
    return words


def reparse(pieces: list[tuple[Span, bool]], index: MentionIndex) -> list[tuple[Span, MentionIndex]]:
    """The pieces parsed on their own (in sentence case when flagged), with their mentions.
    One batch per article through the pipeline's components, named entities left out (the
    mentions are known already)."""
    if not pieces:
        return []
    nlp = _model_for(pieces[0][0].doc)
    docs = [
        Doc(nlp.vocab, words=_words_of(p, index, lower), spaces=[bool(t.whitespace_) for t in p]) for p, lower in pieces
    ]
    stream: Iterable[Doc] = docs
    for name, proc in nlp.pipeline:
        if name != "ner":
            stream = proc.pipe(stream) if hasattr(proc, "pipe") else (proc(d) for d in stream)
    out: list[tuple[Span, MentionIndex]] = []
    for (sent, _), doc in zip(pieces, stream, strict=True):
        out.append((doc[:], MentionIndex(doc, _shifted(sent, index))))
    return out


def _shifted(sent: Span, index: MentionIndex) -> list[Mention]:
    shifted: list[Mention] = []
    seen: set[int] = set()
    for tok in sent:
        m = index.at(tok.i)
        if m is None or id(m) in seen:
            continue
        seen.add(id(m))
        start, end = max(m.start, sent.start) - sent.start, min(m.end, sent.end) - sent.start
        shifted.append(Mention(m.entity_id, m.label, start, end, m.start_char, m.end_char, m.text, m.how))
    return shifted


@dataclass
class Unit:
    """One piece of text the rules read: `span` in the article's Doc (evidence, section),
    `parsed` the same tokens as the rules see them, `sx` the parse questions over `parsed`."""

    span: Span
    parsed: Span
    sx: Syntax
    headline: bool


def units(doc: Doc, sx: Syntax, sections: SectionIndex) -> list[Unit]:
    """The article's sentences, cut at line breaks; cut or headline pieces re-parsed."""
    out: list[Unit] = []
    todo: list[tuple[int, Span, bool]] = []
    for sent in doc.sents:
        pieces: list[Span] = []
        start = None
        for tok in sent:
            if tok.is_space and "\n" in tok.text:
                if start is not None:
                    pieces.append(doc[start : tok.i])
                start = None
            elif start is None:
                start = tok.i
        if start is not None:
            pieces.append(doc[start : sent.end])
        for raw in pieces:
            piece = _strip(raw)
            if piece is None:
                continue
            if not any(sx.index.by_token.get(t.i) or t.pos_ == "PRON" for t in piece):
                continue  # nobody to relate: no rule can fire, and no re-parse is needed
            headline = sections.kind_of(piece) == "headline" or title_case(piece)
            if headline or len(pieces) > 1:
                todo.append((len(out), piece, headline))
            out.append(Unit(piece, piece, sx, False))
    parsed = reparse([(piece, headline) for _, piece, headline in todo], sx.index)
    for (k, piece, headline), (span, index) in zip(todo, parsed, strict=True):
        out[k] = Unit(piece, span, sx.piece(span.doc, index, piece.start), headline)
    return out


def _strip(span: Span) -> Span | None:
    start, end = span.start, span.end
    while start < end and span.doc[start].is_space:
        start += 1
    while end > start and span.doc[end - 1].is_space:
        end -= 1
    return span.doc[start:end] if end > start else None


def title_case(sent: Span) -> bool:
    """Headlines inside the text (teasers) are title case."""
    words = _WORD.findall(sent.text)
    if len(words) < 4:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.7

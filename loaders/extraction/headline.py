"""Headlines: re-parse a title-case sentence in sentence case.

Why: the small English model reads "Canada Expels Indian Diplomat Over ..." as one long proper
name and finds no verb at all. Lower-casing every word that is not a mention, an acronym or the
first word gives the parser ordinary text ("Canada expels Indian diplomat over ..."), which it
parses well. The new Doc has exactly the same tokens, so mentions keep their positions
(shifted to the sentence start) and the evidence still points at the original sentence.
"""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.loaders.extraction.mentions import Mention
from kg.loaders.extraction.syntax import MentionIndex
from kg.settings import get_settings

_FALLBACK: dict[str, Language] = {}


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


def sentence_case(sent: Span, index: MentionIndex, nlp: Language | None = None) -> tuple[Span, MentionIndex] | None:
    """The sentence re-parsed in sentence case with its mentions, or None when no pipeline is
    at hand or nothing would change."""
    nlp = nlp or _model_for(sent.doc)
    words: list[str] = []
    changed = False
    for k, tok in enumerate(sent):
        text = tok.text
        keep = k == 0 or index.at(tok.i) is not None or (text.isupper() and len(text) > 1) or not text[:1].isupper()
        if not keep:
            text = text.lower()
            changed = True
        words.append(text)
    if not changed:
        return None
    doc = Doc(nlp.vocab, words=words, spaces=[bool(t.whitespace_) for t in sent])
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    shifted: list[Mention] = []
    seen: set[int] = set()
    for tok in sent:
        m = index.at(tok.i)
        if m is None or id(m) in seen:
            continue
        seen.add(id(m))
        start, end = max(m.start, sent.start) - sent.start, min(m.end, sent.end) - sent.start
        shifted.append(Mention(m.entity_id, m.label, start, end, m.start_char, m.end_char, m.text, m.how))
    return doc[:], MentionIndex(doc, shifted)

"""Which Section (headline, body, teaser) a character offset of Article.text falls in.

Why here: every relation's Evidence names the section of its sentence, and headlines and
teasers are treated slightly differently by the rules; both entity and relation code need it
without importing the pipeline.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Span

from kg.schema import Article
from kg.schema.models import SectionKind


class SectionIndex:
    """Offset -> section kind for one article (sections may be absent: then all is body,
    except the first line when it equals the title, which is the headline)."""

    def __init__(self, article: Article) -> None:
        spans = sorted((s.start, s.start + len(s.text), s.kind) for s in article.sections)
        if not spans and article.title:
            first = article.text.split("\n", 1)[0]
            if first.strip() and first.strip() == article.title.strip():
                spans = [(0, len(first), "headline")]
        self._starts = [s[0] for s in spans]
        self._spans = spans

    def kind_at(self, char: int) -> SectionKind:
        i = bisect_right(self._starts, char) - 1
        if i >= 0:
            start, end, kind = self._spans[i]
            if start <= char < end:
                return kind  # type: ignore[return-value]
        return "body"

    def kind_of(self, sentence: Span) -> SectionKind:
        return self.kind_at(sentence.start_char)

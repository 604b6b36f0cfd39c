"""The Extractor pipeline: model loaded once, batches and workers give the same result as one
by one, sections map sentences to headline/body/teaser, bad relations are dropped and counted."""

from __future__ import annotations

import pytest

from kg.loaders.extraction import Extractor, load_model
from kg.loaders.extraction.sections import SectionIndex
from kg.schema import Article, Evidence, Relation, Section, article_id

TEXTS = [
    "Japan protests Chinese ships near Senkaku\nTokyo summoned China's ambassador on Monday.",
    "Foreign Minister Ana Costa of Brazil met NATO Secretary General Mark Hale in Brussels.",
    "The European Union fined a company. The bloc said Hungary had objected.",
]


def _article(text: str) -> Article:
    return Article(id=article_id(None, text), path=f"{abs(hash(text))}.txt", title=text.split("\n")[0], text=text)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def test_model_is_loaded_once_per_process(extractor: Extractor) -> None:
    assert load_model() is extractor.nlp
    assert Extractor().nlp is extractor.nlp


def test_batches_and_workers_match_one_by_one(extractor: Extractor) -> None:
    articles = [_article(t) for t in TEXTS]
    single = [extractor.extract(a).model_dump() for a in articles]
    batched = [e.model_dump() for e in extractor.extract_many(articles)]
    parallel = [e.model_dump() for e in extractor.extract_many(articles, workers=2)]
    assert single == batched == parallel
    assert [e["article"]["id"] for e in parallel] == [a.id for a in articles]


def test_sections_map_offsets_to_kinds() -> None:
    text = "Headline here\nBody sentence one.\nTeaser of another story."
    article = Article(id=article_id(None, text), text=text, sections=[
        Section(kind="headline", text="Headline here", start=0),
        Section(kind="body", text="Body sentence one.", start=14),
        Section(kind="teaser", text="Teaser of another story.", start=33),
    ])
    index = SectionIndex(article)
    assert [index.kind_at(i) for i in (0, 15, 40)] == ["headline", "body", "teaser"]
    no_sections = Article(id=article_id(None, text), text=text, title="Headline here")
    assert SectionIndex(no_sections).kind_at(2) == "headline"
    assert SectionIndex(no_sections).kind_at(20) == "body"


def test_relations_to_unknown_entities_are_dropped_and_counted(extractor: Extractor) -> None:
    article = _article(TEXTS[0])
    doc = extractor.nlp(article.text)
    from kg.loaders.extraction import entities

    found, structural = entities.analyse(doc, article, extractor.nlp)
    ev = Evidence(article=article.id, sentence="x", rule="test")
    bad = Relation(source="state:jpn", type="ACCUSES", target="state:fra", evidence=ev)
    before = extractor.dropped["endpoint not among the article's entities"]
    ex = extractor._assemble(article, found, [*structural, bad], [])
    assert extractor.dropped["endpoint not among the article's entities"] == before + 1
    assert all(r.target != "state:fra" for r in ex.relations)
    assert {"state:jpn", "state:chn"} <= {e.id for e in ex.entities}


def test_interactions_within_one_state_are_dropped(extractor: Extractor) -> None:
    article = _article("Foreign Minister Ana Costa of Brazil spoke in Brasilia. Argentina replied.")
    doc = extractor.nlp(article.text)
    from kg.loaders.extraction import entities

    found, structural = entities.analyse(doc, article, extractor.nlp)
    ev = Evidence(article=article.id, sentence="x", rule="test")
    own = Relation(source="person:ana-costa", type="ACCUSES", target="state:bra", evidence=ev)
    other = Relation(source="person:ana-costa", type="ACCUSES", target="state:arg", evidence=ev)
    ex = extractor._assemble(article, found, [*structural, own, other], [])
    accuses = {(r.source, r.target) for r in ex.relations if r.type == "ACCUSES"}
    assert accuses == {("person:ana-costa", "state:arg")}


def test_too_long_article_fails_clearly_and_the_batch_goes_on() -> None:
    extractor = Extractor()
    long_text = "Chile protested. " * 10
    articles = [_article(long_text), _article(TEXTS[0])]
    saved = extractor.nlp.max_length
    extractor.nlp.max_length = 100
    try:
        with pytest.raises(ValueError, match="max_length"):
            extractor.extract(articles[0])
        out = list(extractor.extract_many(articles))
    finally:
        extractor.nlp.max_length = saved
    assert [e.article.id for e in out] == [articles[1].id]
    assert extractor.failures and "max_length" in extractor.failures[0][1]

"""Cleaning scraped text pages: title, date, source, teasers, furniture and comments."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from kg.loaders import LoadError, load_sources, load_text
from kg.loaders.clean import clean_title
from kg.schema import Article


def _one(path: Path) -> Article:
    items = list(load_sources([str(path)]))
    assert len(items) == 1 and isinstance(items[0], Article), items
    return items[0]


def _sections_consistent(article: Article) -> None:
    """Every section's text sits at its offset, and the text is the sections joined by blank lines."""
    for section in article.sections:
        assert article.text[section.start:section.start + len(section.text)] == section.text
    assert article.text == "\n\n".join(s.text for s in article.sections)


def test_seedlike_page_structure(fixtures: Path) -> None:
    article = _one(fixtures / "scraped_seedlike.txt")
    assert article.title == "Norway and Canada condemn Ruritania over Arctic cable sabotage"
    assert article.published == datetime(2022, 3, 3, 8, 30)
    assert article.source == "northwire.example"
    assert article.path == str(fixtures / "scraped_seedlike.txt")
    assert article.sections[0].kind == "headline" and article.sections[0].text == article.title
    teasers = [s for s in article.sections if s.kind == "teaser"]
    assert [t.title for t in teasers] == [
        "Freedonia Signs Port Deal With Ruritania Despite Protests",
        "Arctic Council Suspends Ruritania's Observer Status",
        "Ruritania Expels Norwegian Diplomat in Retaliation",
    ]
    # the headline is kept once, at the start of its teaser, and not repeated in the paragraph
    assert teasers[0].text.startswith("Freedonia Signs Port Deal With Ruritania Despite Protests\n\nFreedonia's trade")
    assert article.text.count("Freedonia Signs Port Deal") == 1
    # a repeated-headline block above the story is its standfirst, not another story's teaser
    assert article.sections[1].kind == "body"
    assert article.sections[1].text.startswith("Ruritania denies cutting the cables")
    _sections_consistent(article)


def test_seedlike_page_drops_furniture_keeps_sentences(fixtures: Path) -> None:
    text = _one(fixtures / "scraped_seedlike.txt").text
    for gone in ("usr: 12", "Totally agree", "Source:", "08:30", "World World"):
        assert gone not in text
    for kept in ("registered in Ruritania. The trawler crossed",  # "Ruritania.The" repaired
                 "Storm damage closes Halvik port for a week.",  # "week ." repaired
                 "The closure affects fishing fleets from three countries.",
                 "The European Union said it stood in full solidarity with Norway and Canada."):
        assert kept in text


def test_page_furniture_removed(fixtures: Path) -> None:
    article = _one(fixtures / "scraped_furniture.txt")
    assert article.title == "Freedonia recalls ambassador after Ruritanian warships enter its waters"
    assert article.published == datetime(2023, 6, 14, 16, 20, tzinfo=UTC)
    assert article.authors == ["Ledger staff"]
    for gone in ("NORTHERN LEDGER", "Menu", "Subscribe", "cookies", "Share:", "MORE FROM WORLD", "Related",
                 "Halvik port reopens", "Comments", "north_star", "proof", "All rights reserved", "HALVIK -"):
        assert gone not in article.text, gone
    assert article.text.split("\n\n")[1].startswith("Freedonia recalled its ambassador")
    [teaser] = [s for s in article.sections if s.kind == "teaser"]
    assert teaser.title == "Arctic Council suspends Ruritania's observer status"
    assert "The council voted to suspend" in teaser.text
    _sections_consistent(article)


def test_plain_text_without_title_or_furniture() -> None:
    text = ("Ruritania expelled two Freedonian diplomats on Friday, accusing them of espionage.\n\n"
            "Freedonia's foreign ministry called the move unjustified and promised a response.")
    article = load_text(text)
    assert article.title is None
    assert [s.kind for s in article.sections] == ["body"]
    assert article.text == text
    assert article.id == load_text(text).id  # deterministic


def test_hard_wrapped_plain_text_is_unwrapped() -> None:
    text = ("Freedonia and Ruritania signed an accord on Tuesday that ends a decade-long\n"
            "dispute over fishing rights in the Halvik Strait, officials in both capitals\n"
            "said on Wednesday.\n")
    article = load_text(text)
    assert "decade-long dispute over fishing rights" in article.text
    assert "capitals said on Wednesday." in article.text


def test_id_prefers_canonical_url() -> None:
    body = "Ruritania expelled two Freedonian diplomats on Friday, accusing them of espionage."
    a = load_text(body, url="https://News.Example/story?utm_source=x#comments")
    b = load_text(body + " More text.", url="https://news.example/story")
    assert a.id == b.id and a.url == "https://news.example/story"
    assert load_text(body).id != a.id


def test_mojibake_is_repaired() -> None:
    article = load_text("Freedonia’s foreign minister said the accord was a â€œhistoric stepâ€\x9d for the region.")
    assert "Freedonia's foreign minister" in article.text
    assert "â€" not in article.text


def test_title_word_duplicated_by_the_scraper() -> None:
    assert clean_title("Australia Australia joins allies") == "Australia joins allies"
    assert clean_title("Bora Bora resort reopens") == "Bora Bora resort reopens"  # a real name stays
    assert clean_title("  Ruritania   expels envoy .") == "Ruritania expels envoy"


def test_only_furniture_is_a_failure() -> None:
    with pytest.raises(LoadError, match="no article text found"):
        load_text("Home | World | Sport\nWe use cookies to improve your experience. Accept | Manage\n"
                  "Comments (2)\nbob: nice")


def test_comment_like_labels_are_not_comments() -> None:
    text = ("Ruritania expelled two Freedonian diplomats on Friday, accusing them of espionage.\n\n"
            "Correction: An earlier version of this story misstated the number of diplomats expelled.")
    assert "Correction: An earlier version" in load_text(text).text


def test_seed_article(corpus: Path) -> None:
    path = corpus / "seed" / "000_6ad2c6f031ea4318.txt"
    article = _one(path)
    assert article.title == "Australia joins international community in blaming China for large scale Microsoft hack"
    assert article.published == datetime(2021, 7, 19, 21, 45)
    assert article.source == "abc.net.au"
    assert article.path == str(path)
    teasers = [s for s in article.sections if s.kind == "teaser"]
    assert len(teasers) == 3
    assert [t.title for t in teasers] == [
        "China Warns Joe Biden His Southeast Asia Moves 'Sabotage' Peace and Stability",
        "Chinese Foreign Official Says U.S. Dominance in 'Decline' But Will Be Hard to Overtake",
        "US blames Microsoft Exchange hack on affiliates of Chinese government",
    ]
    assert "usr: 7" not in article.text and "This is interesting!" not in article.text
    assert "Source:" not in article.text and "21:45" not in article.text
    assert "China military 'drove away' US warship in South China Sea" in article.text
    _sections_consistent(article)


@pytest.mark.parametrize("sentence", [
    "Ruritania said it would sign up to the treaty once parliament had voted on it in the spring.",
    "The EU's cookie consent rules were tightened after the court ruling last year, officials said.",
    "Regulators fined the company for showing personalised ads to children without consent.",
    "Freedonia's ministers will log in to the new secure network from next month, the ministry said.",
])
def test_article_sentences_that_look_like_notices_are_kept(sentence: str) -> None:
    text = "Freedonia and Ruritania held talks on Monday about the disputed border region.\n\n" + sentence
    assert sentence in load_text(text).text


def test_transcript_speaker_at_the_end_is_not_a_comment() -> None:
    text = ("Freedonia and Ruritania held talks on Monday about the disputed border region.\n\n"
            "Solberg: We will respond to any attack on our cables.")
    assert "Solberg: We will respond" in load_text(text).text

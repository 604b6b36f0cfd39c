"""Readings added for unseen text, one per row: recognising a leader backs him, an ultimatum
demands, deterring and promising consequences threaten, an obligation in reported speech
demands; and the near misses that must not fire. Every sentence is written for these tests."""

from __future__ import annotations

import pytest
from relations_kit import found


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        (
            "Denmark and Sweden recognised Mr Lund as interim president.",
            ("state:dnk", "COOPERATES_WITH", "person:per-lund"),
        ),
        (
            "Copenhagen announced its recognition of Mr Lund on Friday.",
            ("state:dnk", "COOPERATES_WITH", "person:per-lund"),
        ),
        (
            "Copenhagen and Stockholm had given Mr Lund eight days to call an election.",
            ("state:swe", "DEMANDS", "person:per-lund"),
        ),
        ("Sweden gave Denmark a deadline to withdraw its ships.", ("state:swe", "DEMANDS", "state:dnk")),
        ("Norway sent frigates to deter Denmark from widening the dispute.", ("state:nor", "THREATENS", "state:dnk")),
        ("Mr Lund promised severe consequences for Copenhagen.", ("person:per-lund", "THREATENS", "state:dnk")),
        ("Mr Lund said Denmark had to go.", ("person:per-lund", "DEMANDS", "state:dnk")),
        ("Mr Lund said Denmark needs to withdraw its ships.", ("person:per-lund", "DEMANDS", "state:dnk")),
        ("Norway condemned Denmark's war of aggression against Sweden.", ("state:dnk", "ATTACKS", "state:swe")),
        ("Mr Lund telephoned Copenhagen on Sunday.", ("person:per-lund", "COOPERATES_WITH", "state:dnk")),
        (
            'Denmark shelled a Norwegian port. Oslo warned that the shelling would "not go unpunished".',
            ("state:nor", "THREATENS", "state:dnk"),
        ),
    ],
)
def test_reading(text: str, triple: tuple[str, str, str]) -> None:
    assert triple in found(text)


@pytest.mark.parametrize(
    ("text", "rtype"),
    [
        ("Copenhagen recognised the scale of the problem.", "COOPERATES_WITH"),
        ("Sweden gave Denmark technical advice on fishing.", "DEMANDS"),
        ("Mr Lund said he had to leave the talks early.", "DEMANDS"),
        ("Mr Lund promised new funding for Nordic schools.", "THREATENS"),
        ("Denmark's war of words with Sweden escalated.", "ATTACKS"),
    ],
)
def test_near_miss(text: str, rtype: str) -> None:
    assert not found(text, {rtype})

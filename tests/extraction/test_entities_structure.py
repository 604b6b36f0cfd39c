"""Structural relations from recognition (PART_OF, MEMBER_OF) on sentences written for these tests."""

from __future__ import annotations

from entities_kit import ids, rels, run


def test_unnamed_middle_level_is_skipped_named_one_kept() -> None:
    ex = run("The Cybersecurity and Infrastructure Security Agency warned utilities on Friday.")
    assert ("agency:usa:cybersecurity-and-infrastructure-security-agency", "state:usa") in rels(ex, "PART_OF")
    assert "agency:usa:department-of-homeland-security" not in ids(ex)
    ex = run("The Department of Homeland Security said its Cybersecurity and Infrastructure Security Agency "
             "had warned utilities.")
    assert ("agency:usa:cybersecurity-and-infrastructure-security-agency",
            "agency:usa:department-of-homeland-security") in rels(ex, "PART_OF")

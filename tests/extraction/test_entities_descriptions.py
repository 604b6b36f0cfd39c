"""Titles and descriptions without a name: a bare office title is never a person, a generic
plural is never a named group, and definite descriptions point back to the holder or group
the article names (sentences written for these tests)."""

from __future__ import annotations

from entities_kit import entity, forms, ids, of_type, run


def test_bare_title_before_a_known_name_is_no_official() -> None:
    ex = run("The embassy said the list included Home Secretary Priti Patel, Deputy Prime Minister "
             "Dominic Raab and former Prime Minister Theresa May.")
    names = {e.name for e in of_type(ex, "Official")}
    assert "Prime Minister" not in names and "Minister" not in names
    assert {"person:dominic-raab", "person:theresa-may"} <= ids(ex)


def test_bare_title_points_back_to_the_one_holder_named_before() -> None:
    ex = run("Japanese Prime Minister Fumio Kishida met Foreign Minister Penny Wong of Australia in Tokyo. "
             "The prime minister said the talks were useful, and the foreign minister agreed.")
    assert "prime minister" in forms(entity(ex, "person:fumio-kishida"))
    assert "foreign minister" in forms(entity(ex, "person:penny-wong"))


def test_bare_title_with_two_holders_or_none_named_before_stays_unresolved() -> None:
    ex = run("President Joe Biden spoke to President Xi Jinping by phone. The president said little.")
    assert "president" not in forms(entity(ex, "person:joe-biden"))
    assert "president" not in forms(entity(ex, "person:xi-jinping"))
    ex = run("The minister said Canberra would respond. Trade Minister Don Farrell was travelling.")
    assert "minister" not in forms(entity(ex, "person:don-farrell"))


def test_bare_plural_is_no_group_but_a_qualified_one_is() -> None:
    assert not of_type(run("The White House said Russia shelters hackers and must act."), "Group")
    ex = run("The Justice Department said China hired contract hackers to break into the networks.")
    assert [g.name for g in of_type(ex, "Group")] == ["contract hackers"]


def test_description_of_a_named_group_refers_back_to_it() -> None:
    ex = run("Egypt urged Hamas to free the hostages, a day after the Palestinian group that controls "
             "the strip attacked Israel.")
    assert "palestinian group" in forms(entity(ex, "group:hamas"))
    ex = run("The Lebanese group Hezbollah fired rockets at dawn, and a senior official of the Iran-backed "
             "movement warned Israel.")
    hezbollah = entity(ex, "group:hezbollah")
    assert "iran-backed movement" in forms(hezbollah)
    assert "lebanese group" not in forms(hezbollah)


def test_group_description_needs_a_named_group_of_its_kind_before_it() -> None:
    ex = run("The militia fired rockets at the base. Later the Houthis said they had acted.")
    assert "militia" not in forms(entity(ex, "group:houthis"))
    ex = run("The G7 met in Rome on Monday. The group condemned the missile launch.")
    assert not of_type(ex, "Group")

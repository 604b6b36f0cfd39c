"""Affiliation shapes met on unseen text: a firm called "the state company" (tied to the
state named beside it, else to its own home state as the gazetteer lists it), and an
apposition the parser hangs on the wrong noun. Every sentence is written for these tests."""

from __future__ import annotations

from relations_kit import M, P, triples

W = {**M, "Rosneft": "group:rosneft", "Russia": "state:rus", "Moscow": "state:rus"}


def affiliated(text: str) -> set[tuple[str, str, str]]:
    return triples(text, W, P, {"AFFILIATED_WITH"})


def test_the_national_state_company_in_apposition() -> None:
    text = "Oslo barred Baltic Power, the Danish state energy company, from the auction."
    assert affiliated(text) == {("group:baltic-power", "AFFILIATED_WITH", "state:dnk")}


def test_the_state_company_before_its_name_is_tied_to_its_home_state() -> None:
    text = "Russia denied it. On Friday Oslo fined the state oil company, Rosneft, for the spill."
    assert affiliated(text) == {("group:rosneft", "AFFILIATED_WITH", "state:rus")}


def test_state_controlled_firm_is_tied_to_its_home_state_not_the_sentence_states() -> None:
    text = "Norwegian inspectors visited Moscow and a depot run by state-controlled Rosneft."
    assert affiliated(text) == {("group:rosneft", "AFFILIATED_WITH", "state:rus")}


def test_home_state_needs_a_mention_in_the_article() -> None:
    assert not affiliated("Norway fined the state oil company, Rosneft, for the spill.")


def test_a_state_company_of_a_firm_without_a_listed_home_names_no_one() -> None:
    assert not affiliated("Oslo fined the state oil company, Baltic Power, for the spill.")


def test_state_visit_is_no_firm() -> None:
    assert not affiliated("Baltic Power hosted a state visit by Danish officials.")


def test_apposition_the_parser_hangs_on_an_earlier_noun() -> None:
    text = "The cable belongs to Baltic Power, a company owned by the Danish state."
    assert affiliated(text) == {("group:baltic-power", "AFFILIATED_WITH", "state:dnk")}


PEOPLE = {**M, "Ola Berg": "person:ola-berg", "Kari Holm": "person:kari-holm"}
PEOPLE_P = {**P, "person:ola-berg": "state:nor", "person:kari-holm": "state:nor"}


def members(text: str) -> set[tuple[str, str, str]]:
    return triples(text, PEOPLE, PEOPLE_P, {"AFFILIATED_WITH"})


def test_people_listed_before_other_leaders_of_a_group() -> None:
    text = "Police detained Ola Berg, Mayor Kari Holm and other leaders of Nordic Bear on Monday."
    assert members(text) == {
        ("person:ola-berg", "AFFILIATED_WITH", "group:nordic-bear"),
        ("person:kari-holm", "AFFILIATED_WITH", "group:nordic-bear"),
    }


def test_a_person_described_as_a_member_of_a_group() -> None:
    text = "Ola Berg, a senior member of Nordic Bear, denied the charges."
    assert members(text) == {("person:ola-berg", "AFFILIATED_WITH", "group:nordic-bear")}


def test_leaders_of_a_state_are_no_group_members() -> None:
    assert not members("Police detained Ola Berg, Kari Holm and other leaders of Denmark on Monday.")


def test_a_person_before_unrelated_leaders_is_not_tied() -> None:
    assert not members("Ola Berg met the leaders of Nordic Bear on Monday.")


def test_a_group_named_before_a_common_noun_in_a_relative_clause() -> None:
    text = "Oslo criticised the Nordic Bear militia, which Denmark regards as Sweden's armed wing."
    assert ("group:nordic-bear", "AFFILIATED_WITH", "state:swe") in affiliated(text)


def test_a_state_controlled_firm_named_after_its_country() -> None:
    world = {**W, "Denmark Energy Holdings": "group:denmark-energy-holdings"}
    text = (
        "Angered by Copenhagen, Norway blacklisted two state-controlled conglomerates, "
        "Denmark Energy Holdings and Baltic Power."
    )
    got = triples(text, world, P, {"AFFILIATED_WITH"})
    assert got == {("group:denmark-energy-holdings", "AFFILIATED_WITH", "state:dnk")}


def test_an_aligned_or_allied_compound_ties_the_group() -> None:
    assert affiliated("Nordic Bear, a Denmark-aligned militia, struck a depot.") == {
        ("group:nordic-bear", "AFFILIATED_WITH", "state:dnk")
    }


def test_a_group_believed_to_work_for_a_state() -> None:
    text = "Nordic Bear, which is widely believed to work for Danish intelligence, denied it."
    assert ("group:nordic-bear", "AFFILIATED_WITH", "state:dnk") in affiliated(text)


def test_a_group_based_in_a_state_is_not_tied_to_it() -> None:
    assert not affiliated("Nordic Bear, a Denmark-based militia, struck a depot.")


def test_taking_orders_from_a_patron() -> None:
    assert affiliated("Oslo says Nordic Bear took its orders from Denmark.") == {
        ("group:nordic-bear", "AFFILIATED_WITH", "state:dnk")
    }

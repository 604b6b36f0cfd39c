"""Agencies from kinds, names and the shape of the text, on sentences written for these tests."""

from __future__ import annotations

import pytest
from entities_kit import entity, forms, ids, of_type, rels, run


def test_a_known_name_inside_a_longer_name_is_not_that_body() -> None:
    ex = run("Latvia's State Security Service detained a professor on Monday.")
    assert "agency:gbr:mi5" not in ids(ex)
    agency = entity(ex, "agency:lva:state-security-service")
    assert ("agency:lva:state-security-service", "state:lva") in rels(ex, "PART_OF")
    assert "latvia's state security service" in forms(agency)


def test_description_in_apposition_is_the_named_body() -> None:
    ex = run("Slovenia's domestic intelligence agency, the Slovenian Intelligence and Security Agency (SOVA), "
             "said it had expelled an attache.")
    agencies = of_type(ex, "Agency")
    assert len(agencies) == 1, agencies
    assert {"sova", "domestic intelligence agency"} <= forms(agencies[0])


def test_acronym_body_takes_state_from_apposition_or_context() -> None:
    ex = run("The National Counterterrorism Directorate (NCTD), the Latvian counter-intelligence agency, made arrests.")
    agencies = of_type(ex, "Agency")
    assert len(agencies) == 1 and agencies[0].id.startswith("agency:lva:")


def test_qualifier_before_an_acronym_and_seat_after_a_ministry() -> None:
    ex = run("Boats of the Federal Security Service (FSB) border guard detained the crew. Later the interior "
             "ministry in Warsaw said it was watching.")
    assert "agency:rus:fsb-coast-guard" in ids(ex)
    assert ("agency:rus:fsb-coast-guard", "agency:rus:federal-security-service") in rels(ex, "PART_OF")
    assert "agency:pol:ministry-of-interior" in ids(ex)


def test_assets_name_their_owner_body() -> None:
    ex = run("Vietnamese coast guard vessels shadowed the survey ship for days.")
    assert "agency:vnm:coast-guard" in ids(ex)


def test_mission_to_the_un_keeps_the_organisation() -> None:
    ex = run("Cuba's mission to the United Nations issued a statement on Friday.")
    assert "agency:cub:mission-to-the-un" in ids(ex)
    assert "org:un" in ids(ex)
    assert "cuba's mission to the united nations" in forms(entity(ex, "agency:cub:mission-to-the-un"))


def test_full_capitalised_ministry_name_with_several_portfolios() -> None:
    ex = run("Japan's Ministry of Health, Labour and Welfare (MHLW) issued new rules. The ministry said more "
             "would follow.")
    agency = entity(ex, "agency:jpn:ministry-of-health-labour-and-welfare")
    assert {"mhlw", "ministry"} <= forms(agency)
    assert "agency:jpn:ministry-of-health" not in ids(ex)


def test_numbered_unit_of_a_named_agency() -> None:
    ex = run("Researchers tied the leaks to the GRU's military unit 54777, a psychological operations outfit.")
    assert ("agency:rus:gru-unit-54777", "agency:rus:main-intelligence-directorate") in rels(ex, "PART_OF")
    assert entity(ex, "agency:rus:gru-unit-54777").name == "Unit 54777"


@pytest.mark.parametrize(("text", "expected"), [
    ("NATO's Military Committee met in Brussels, and the Foreign Affairs Committee of the European "
     "Parliament held a hearing.",
     {("agency:nato:military-committee", "org:nato"),
      ("agency:eu:foreign-affairs-committee", "agency:eu:european-parliament")}),
    # a numbered formation keeps its number and belongs to the body named with it
    ("The launcher came from the 61st Anti-Tank Missile Brigade, a unit of the Russian armed forces. "
     "Prosecutors charged three members of the PLA's 72nd Research Institute.",
     {("agency:rus:61st-anti-tank-missile-brigade", "agency:rus:armed-forces"),
      ("agency:chn:72nd-research-institute", "agency:chn:pla")}),
    # a branch named with the parent's acronym introduced in parentheses
    ("The People's Liberation Army (PLA) Rocket Force held drills.",
     {("agency:chn:pla-rocket-force", "agency:chn:pla")}),
])
def test_bodies_of_bodies(text: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= rels(run(text), "PART_OF")


def test_her_ministry_is_the_ministry_of_her_portfolio() -> None:
    ex = run("Defence Minister Ana Lopes of Portugal said her ministry would publish the report.")
    assert "agency:prt:ministry-of-defence" in ids(ex)
    assert "her ministry" in forms(entity(ex, "agency:prt:ministry-of-defence"))


def test_police_and_courts_need_a_state_qualifier() -> None:
    ex = run("Czech police arrested two men on Sunday. Police said the road was closed.")
    assert "agency:cze:police" in ids(ex)
    ex = run("Police said the road was closed after the Supreme Court ruling.")
    assert not of_type(ex, "Agency")


def test_described_kind_and_later_proper_name_are_one_body() -> None:
    ex = run("Moldova's domestic intelligence agency said on Monday it had seen more spying. The Information and "
             "Security Service (SIS) named no suspects.")
    agencies = of_type(ex, "Agency")
    assert len(agencies) == 1, agencies
    assert {"sis", "information and security service", "domestic intelligence agency"} <= forms(agencies[0])


def test_a_named_body_of_another_state_is_not_taken_for_its_namesake() -> None:
    ex = run("Russia's Ministry of Defence said the drills were over, and the Russian Security Council met.")
    assert "agency:rus:ministry-of-defence" in ids(ex)
    assert "agency:gbr:ministry-of-defence" not in ids(ex)
    assert "agency:un:security-council" not in ids(ex)
    assert "agency:rus:security-council" in ids(ex)


def test_descriptions_resolve_to_named_services_and_parliaments() -> None:
    ex = run("Sweden's domestic intelligence agency warned of sabotage, and the Swedish parliament met.")
    assert {"agency:swe:security-service", "agency:swe:riksdag"} <= ids(ex)


def test_brussels_is_the_eu_only_where_the_eu_is_named() -> None:
    ex = run("Brussels said the EU would answer the tariffs within days.")
    assert "org:eu" in ids(ex) and "state:bel" not in ids(ex)
    assert "brussels" in forms(entity(ex, "org:eu"))
    ex = run("Brussels said Belgian ports would stay open.")
    assert "org:eu" not in ids(ex)


def test_unqualified_public_body_belongs_to_the_state_in_context() -> None:
    ex = run("Four Chinese officials were sanctioned, among them Li Ming, director of the Tibet Public Security "
             "Bureau.")
    assert "agency:chn:tibet-public-security-bureau" in ids(ex)
    ex = run("Four Chinese officials met executives of the Lotus Media Bureau and the Harbin Chess Club.")
    assert not of_type(ex, "Agency")


def test_troops_are_the_armed_forces_only_when_they_act() -> None:
    ex = run("Monitors documented abuses by Belarusian troops near the border.")
    assert "agency:blr:armed-forces" in ids(ex)
    ex = run("A drone attack on Belarusian troops killed two, Minsk said.")
    assert "agency:blr:armed-forces" not in ids(ex)


def test_a_known_body_named_only_as_a_modifier_leaves_its_state() -> None:
    ex = run("The first US military deaths from hostile fire were reported on Sunday.")
    assert "agency:usa:armed-forces" not in ids(ex)
    assert "state:usa" in ids(ex)


def test_merged_generic_body_leaves_no_invented_name() -> None:
    ex = run("Germany's domestic intelligence agency, the Federal Office for the Protection of the Constitution, "
             "warned of sabotage.")
    agency = entity(ex, "agency:deu:bfv")
    assert "security service of germany" not in forms(agency)
    assert "germany's domestic intelligence agency" in forms(agency)


def test_numbered_military_formations_after_a_state() -> None:
    ex = run("Ukraine's 47th Mechanized Brigade said it had held the line.")
    assert ("agency:ukr:47th-mechanized-brigade", "state:ukr") in rels(ex, "PART_OF")


def test_ministry_before_a_known_spokesman_is_the_spokesman_s_state_s() -> None:
    ex = run("The US State Department welcomed the talks. Foreign ministry spokesman Lu Kang said Beijing "
             "would respond.")
    assert "agency:chn:ministry-of-foreign-affairs" in ids(ex)
    assert not any(a.lower() == "foreign ministry" for a in entity(ex, "agency:usa:department-of-state").aliases)


def test_military_districts_and_numbered_state_units_are_agencies_of_their_forces() -> None:
    ex = run("Troops of the Western Military District moved south. Washington blamed APT1 for the breach.")
    assert ("agency:rus:western-military-district", "agency:rus:armed-forces") in rels(ex, "PART_OF")
    assert entity(ex, "agency:chn:pla-unit-61398").type == "Agency"


def test_a_bare_plural_at_the_start_of_a_sentence_names_people_not_an_office() -> None:
    ex = run("The FBI opened a case in Ohio. Prosecutors said the two men were paid by a broker.")
    assert not [e for e in of_type(ex, "Agency") if "rosecutor" in e.name]


def test_a_possessive_owner_wins_over_a_later_place() -> None:
    ex = run("The volunteers fought beside Russia's regular army in Ukraine for a year.")
    agencies = [e for e in of_type(ex, "Agency") if e.id.startswith("agency:ukr:")]
    assert not agencies
    assert "agency:rus:armed-forces" in ids(ex)  # a state's army is its armed forces
    ex = run("Beijing said the foreign ministry in Sofia had summoned its envoy.")
    assert "agency:bgr:ministry-of-foreign-affairs" in ids(ex)


def test_a_state_s_army_and_its_military_are_one_body_but_a_named_army_stays() -> None:
    ex = run("The Venezuelan army stayed loyal, and Venezuela's military said it backed the president.")
    assert [e.id for e in of_type(ex, "Agency")] == ["agency:ven:armed-forces"]
    ex = run("The British Army sent a battalion to Estonia.")
    assert "agency:gbr:british-army" in ids(ex)


def test_a_described_body_known_by_a_name_is_that_named_body_whatever_the_context() -> None:
    ex = run("Thai diplomats met on Monday. The military, known as the Tatmadaw, took power in Myanmar.")
    assert [e.id for e in of_type(ex, "Agency")] == ["agency:mmr:tatmadaw"]
    assert "military" in forms(entity(ex, "agency:mmr:tatmadaw"))


def test_a_firm_whose_name_begins_with_a_body_s_name_is_not_that_body() -> None:
    ex = run("Canberra protested. Treasury Wine Estates, the largest listed winemaker, suspended its shares.")
    assert not of_type(ex, "Agency")
    ex = run("The Treasury Department sanctioned the firm, and FBI Director Christopher Wray spoke.")
    assert {"agency:usa:department-of-the-treasury", "agency:usa:federal-bureau-of-investigation"} <= ids(ex)


def test_a_bare_parliament_a_minister_addresses_is_his_state_s() -> None:
    ex = run("Prime Minister Ana Costa of Portugal told parliament that the files had been sent.")
    assert ("agency:prt:parliament", "state:prt") in rels(ex, "PART_OF")
    ex = run("Portugal said parliaments across Europe should act.")
    assert not of_type(ex, "Agency")


def test_an_unplaced_embassy_is_the_one_embassy_the_article_places() -> None:
    ex = run("Chinese embassy hits back. The Chinese embassy in Ottawa accused Canadian politicians of smears.")
    assert [e.id for e in of_type(ex, "Agency")] == ["agency:chn:embassy-in-canada"]


def test_a_consulate_joined_to_a_qualified_embassy_shares_its_state() -> None:
    ex = run("Ottawa expelled staff of the Chinese embassy in Ottawa and the consulate in Toronto.")
    assert ("agency:chn:consulate", "state:chn") in rels(ex, "PART_OF")


def test_its_branch_after_a_body_is_that_body_s_branch_not_the_state_s() -> None:
    ex = run("The Islamic Revolutionary Guard Corps (IRGC) said its navy had stopped a Greek tanker.")
    assert ("agency:irn:irgc-navy", "agency:irn:islamic-revolutionary-guard-corps") in rels(ex, "PART_OF")
    assert "its navy" in forms(entity(ex, "agency:irn:irgc-navy"))
    ex = run("Iran's navy said it had stopped a Greek tanker.")
    assert "agency:irn:irgc-navy" not in ids(ex)


def test_a_body_placed_by_context_moves_to_the_state_of_the_person_it_is_about() -> None:
    ex = run("Peru and Chile on Monday recognised opposition leader Rosa Mendez as Bolivia's interim "
             "president. Mendez, the head of the opposition-controlled National Assembly, declared herself "
             "president last week.")
    parts = {s: t for s, t in rels(ex, "PART_OF")}
    assembly = [s for s in parts if "assembly" in s or "parliament" in s]
    assert assembly and all(parts[s] == "state:bol" for s in assembly)


def test_their_forces_after_two_states_are_no_one_state_s_forces() -> None:
    ex = run("Canberra and Tokyo agreed on a pact that will let their forces train in each other's territory.")
    assert not of_type(ex, "Agency")
    ex = run("Vietnam said its navy had seen the ships.")
    assert "agency:vnm:navy" in ids(ex)


def test_its_after_states_in_prepositional_phrases_is_the_subject_s() -> None:
    ex = run("Vietnam on Monday lodged a protest with Beijing over the reef, hours after its navy "
             "tracked the ships.")
    assert "agency:vnm:navy" in ids(ex) and "agency:chn:navy" not in ids(ex)
    ex = run("The minister accused Hanoi of sending its navy into the strait.")
    assert "agency:vnm:navy" in ids(ex)


def test_a_body_s_people_or_assets_that_do_nothing_are_not_the_body() -> None:
    ex = run("The president offered Minsk a reserve of Ukrainian police officers for the summit.")
    assert "agency:ukr:police" not in ids(ex)
    ex = run("Ukrainian police officers detained two suspects on Monday.")
    assert "agency:ukr:police" in ids(ex)


def test_an_unqualified_army_refers_back_but_takes_no_state_from_context() -> None:
    ex = run("Ankara accused the movement of infiltrating the army and the judiciary.")
    assert not [e for e in of_type(ex, "Agency") if e.id.endswith(":armed-forces")]
    ex = run("The Turkish army shelled the village. Ankara said the army would stay.")
    assert "army" in forms(entity(ex, "agency:tur:armed-forces"))

"""Entity recognition and in-article resolution, on sentences written for these tests."""

from __future__ import annotations

import pytest

from kg.loaders.extraction import Extractor
from kg.schema import Article, Extraction, article_id


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def run(extractor: Extractor, text: str) -> Extraction:
    return extractor.extract(Article(id=article_id(None, text), path="t.txt", text=text))


def ids(ex: Extraction) -> set[str]:
    return {e.id for e in ex.entities}


def rels(ex: Extraction, rtype: str) -> set[tuple[str, str]]:
    return {(r.source, r.target) for r in ex.relations if r.type == rtype}


def test_metonyms_and_demonyms_resolve_to_states(extractor: Extractor) -> None:
    ex = run(extractor, "The Kremlin rejected the claims on Tuesday. Downing Street said Beijing and "
                        "the White House had spoken, and Australian officials agreed.")
    assert {"state:rus", "state:gbr", "state:chn", "state:usa", "state:aus"} <= ids(ex)
    rus = next(e for e in ex.entities if e.id == "state:rus")
    assert "the Kremlin" in rus.aliases or "The Kremlin" in rus.aliases


def test_qualified_generic_agency_gets_state_and_part_of(extractor: Extractor) -> None:
    ex = run(extractor, "Vietnam's defence ministry protested, and the Chinese foreign ministry replied.")
    assert "agency:vnm:ministry-of-defence" in ids(ex)
    assert "agency:chn:ministry-of-foreign-affairs" in ids(ex)
    assert ("agency:vnm:ministry-of-defence", "state:vnm") in rels(ex, "PART_OF")
    assert ("agency:chn:ministry-of-foreign-affairs", "state:chn") in rels(ex, "PART_OF")


def test_named_agency_of_a_kind_takes_over(extractor: Extractor) -> None:
    ex = run(extractor, "The US foreign ministry, better known as the State Department, issued a warning.")
    assert "agency:usa:department-of-state" in ids(ex)
    assert "agency:usa:ministry-of-foreign-affairs" not in ids(ex)


def test_acronym_introduced_in_parentheses_is_reused(extractor: Extractor) -> None:
    ex = run(extractor, "The Armed Forces of Malaysia (AFM) moved ships north. An AFM spokesman, "
                        "Colonel Ahmad Rahman, said the deployment was routine.")
    agency = [e for e in ex.entities if e.type == "Agency"]
    assert len(agency) == 1 and agency[0].id.startswith("agency:mys:")
    assert "AFM" in agency[0].aliases
    officials = [e for e in ex.entities if e.type == "Official"]
    assert [o.name for o in officials] == ["Ahmad Rahman"]
    assert (officials[0].id, agency[0].id) in rels(ex, "OFFICIAL_OF")


def test_title_before_name_gives_official_role_and_state(extractor: Extractor) -> None:
    ex = run(extractor, "Brazilian Foreign Minister Carlos Alberto Franca met reporters. Mr Franca said talks "
                        "would continue, and Franca later left.")
    person = [e for e in ex.entities if e.type == "Official"]
    assert len(person) == 1
    assert person[0].name == "Carlos Alberto Franca"
    assert {"Mr Franca", "Franca"} <= set(person[0].aliases)
    official_of = [r for r in ex.relations if r.type == "OFFICIAL_OF"]
    assert [(r.target, r.role) for r in official_of] == [("state:bra", "Foreign Minister")]
    assert any(n.mention == "Mr Franca" for n in ex.merges)


def test_appositive_title_after_and_before_the_name(extractor: Extractor) -> None:
    ex = run(extractor, "Peru's ambassador in Madrid, Luisa Campos Ortega, said the talks failed. "
                        "Mateo Ruiz Vidal, Chile's deputy minister for trade, disagreed.")
    officials = {e.name: e.id for e in ex.entities if e.type == "Official"}
    assert set(officials) == {"Luisa Campos Ortega", "Mateo Ruiz Vidal"}
    assert (officials["Luisa Campos Ortega"], "state:per") in rels(ex, "OFFICIAL_OF")
    assert (officials["Mateo Ruiz Vidal"], "state:chl") in rels(ex, "OFFICIAL_OF")


def test_people_without_an_office_are_not_officials(extractor: Extractor) -> None:
    ex = run(extractor, "Striker Marco Bellini scored twice as Italy beat Spain, and columnist Anna Berg "
                        "praised the coach, Paolo Verdi.")
    assert not [e for e in ex.entities if e.type == "Official"]


def test_shared_surname_is_not_merged(extractor: Extractor) -> None:
    ex = run(extractor, "Foreign Minister Ana Silva of Portugal met Defence Minister Jorge Silva of Brazil. "
                        "Silva said the meeting went well.")
    officials = sorted(e.name for e in ex.entities if e.type == "Official")
    assert officials == ["Ana Silva", "Jorge Silva"]
    for e in ex.entities:
        if e.type == "Official":
            assert "Silva" not in e.aliases


def test_bloc_and_administration_corefer(extractor: Extractor) -> None:
    ex = run(extractor, "The European Union imposed new tariffs. The bloc said more could follow. "
                        "Mexico protested, and the government recalled its envoy.")
    eu = next(e for e in ex.entities if e.id == "org:eu")
    assert "the bloc" in eu.aliases or "The bloc" in eu.aliases
    mex = next(e for e in ex.entities if e.id == "state:mex")
    assert "the government" in mex.aliases


def test_membership_from_text_and_small_clubs(extractor: Extractor) -> None:
    ex = run(extractor, "Montenegro joined NATO in 2017. Leaders of the Quad met; Japan and India attended "
                        "while Norway watched.")
    members = rels(ex, "MEMBER_OF")
    assert ("state:mne", "org:nato") in members
    assert {("state:jpn", "org:quad"), ("state:ind", "org:quad")} <= members
    assert ("state:nor", "org:quad") not in members


def test_named_incident_and_back_reference(extractor: Extractor) -> None:
    ex = run(extractor, "Officials blamed Moscow for the NotPetya attack in 2017. The attack hit ports.")
    inc = next(e for e in ex.entities if e.type == "Incident")
    assert inc.id == "incident:notpetya-2017"
    assert "The attack" in inc.aliases


def test_us_state_named_like_a_country_is_not_a_state(extractor: Extractor) -> None:
    ex = run(extractor, "Fuel ran short in Atlanta, Georgia, and in Virginia and Georgia stations closed.")
    assert "state:geo" not in ids(ex)


def test_every_entity_has_a_mention_and_relations_are_valid(extractor: Extractor) -> None:
    ex = run(extractor, "Chinese Foreign Ministry spokesperson Lin Jian said Beijing would respond.")
    assert "agency:chn:ministry-of-foreign-affairs" in ids(ex)
    off = [r for r in ex.relations if r.type == "OFFICIAL_OF"]
    assert [(r.source, r.target) for r in off] == [("person:lin-jian", "agency:chn:ministry-of-foreign-affairs")]


def test_states_named_only_as_places_or_in_place_names_are_dropped(extractor: Extractor) -> None:
    ex = run(extractor, "OSLO - Ships crossed the Taiwan Strait while talks in Nepal and in Varna, Bulgaria "
                        "stalled. Chile condemned the war in Ukraine.")
    found = ids(ex)
    assert {"state:nor", "state:twn", "state:npl", "state:bgr"}.isdisjoint(found)
    assert {"state:chl", "state:ukr"} <= found


def test_document_names_are_not_organisations(extractor: Extractor) -> None:
    ex = run(extractor, "Manila cited the UN Convention on the Law of the Sea.")
    assert "org:un" not in ids(ex)


def test_leader_name_before_administration_is_the_state(extractor: Extractor) -> None:
    ex = run(extractor, "The Biden administration said the Morrison government agreed.")
    assert {"state:usa", "state:aus"} <= ids(ex)
    assert not [e for e in ex.entities if e.type == "Official"]


def test_peer_and_portfolio_words(extractor: Extractor) -> None:
    ex = run(extractor, "Foreign Office minister Lord Hamid said Paris agreed. Armed Forces Minister Claire Dubois "
                        "met reporters.")
    officials = {e.name for e in ex.entities if e.type == "Official"}
    assert officials == {"Lord Hamid", "Claire Dubois"}
    assert not any(e.id.endswith(":armed-forces") for e in ex.entities)
    assert ("person:lord-hamid", "agency:gbr:foreign-and-commonwealth-office") in rels(ex, "OFFICIAL_OF")


def test_first_description_of_an_unnamed_event_is_the_incident(extractor: Extractor) -> None:
    ex = run(extractor, "Hackers caused a ransomware attack on a hospital in Brno in 2022. Prague said the attack "
                        "was criminal.")
    incidents = [e for e in ex.entities if e.type == "Incident"]
    assert len(incidents) == 1 and incidents[0].id == "incident:ransomware-attack-2022"
    assert {"a ransomware attack", "the attack"} <= set(incidents[0].aliases)


def test_party_offices_are_not_public_offices_and_mps_are(extractor: Extractor) -> None:
    ex = run(extractor, "OTTAWA - Canada protested. Tomas Ruiz, a deputy leader of the Green Unity party, "
                        "spoke first, and opposition MP Laura Finch said Ottawa must act.")
    officials = {e.name for e in ex.entities if e.type == "Official"}
    assert officials == {"Laura Finch"}
    assert ("person:laura-finch", "state:can") in rels(ex, "OFFICIAL_OF")


def test_kosovo_and_headline_lines_do_not_leak_into_titles(extractor: Extractor) -> None:
    ex = run(extractor, "Talks stall after border clash\nPRISTINA, 2 May 2024\n\nKosovo Prime Minister Albin "
                        "Kurti blamed Serbia.")
    off = [r for r in ex.relations if r.type == "OFFICIAL_OF"]
    assert [(r.source, r.target, r.role) for r in off] == [("person:albin-kurti", "state:xkx", "Prime Minister")]


def test_roles_keep_portfolio_and_drop_places(extractor: Extractor) -> None:
    ex = run(extractor, "Egypt's ambassador in Rome, Samir Adel Fahmy, met Greece's deputy minister for trade, "
                        "Nikos Pappas Stavrou.")
    roles = {r.source: r.role for r in ex.relations if r.type == "OFFICIAL_OF"}
    assert roles == {"person:samir-adel-fahmy": "ambassador",
                     "person:nikos-pappas-stavrou": "deputy minister for trade"}


def test_capitalised_body_after_a_state_and_its_head(extractor: Extractor) -> None:
    ex = run(extractor, "Riga let Taiwan open the Taiwanese Economic Office in Latvia last year. The office is "
                        "headed by Anna Lin.")
    agency = "agency:twn:economic-office-in-latvia"
    assert agency in ids(ex)
    assert (agency, "state:twn") in rels(ex, "PART_OF")
    assert ("person:anna-lin", agency) in rels(ex, "OFFICIAL_OF")


def test_his_minister_belongs_to_the_official_named_before(extractor: Extractor) -> None:
    ex = run(extractor, "President Andrzej Duda of Poland accused Moscow. His foreign minister, Zbigniew Rau, "
                        "agreed.")
    assert ("person:zbigniew-rau", "state:pol") in rels(ex, "OFFICIAL_OF")


def test_election_interference_and_described_objects_are_incidents(extractor: Extractor) -> None:
    ex = run(extractor, "Officials said Tehran's attempts to sway the 2024 parliamentary election had failed.")
    inc = [e for e in ex.entities if e.type == "Incident"]
    assert [e.id for e in inc] == ["incident:election-interference-2024"]
    assert "Tehran's attempts to sway the 2024 parliamentary election" in inc[0].aliases
    ex = run(extractor, "Canada tracked a suspected Russian spy balloon in 2023. The balloon drifted east.")
    inc = [e for e in ex.entities if e.type == "Incident"]
    assert [e.id for e in inc] == ["incident:spy-balloon-2023"]
    assert "state:rus" in ids(ex) and "The balloon" in inc[0].aliases


def test_sports_attacks_are_not_incidents(extractor: Extractor) -> None:
    ex = run(extractor, "Brazil launched a late attack and France held on to win the final in Doha.")
    assert not [e for e in ex.entities if e.type in ("Incident", "Official", "Group")]


def test_ambiguous_state_names_tagged_as_people_are_states_unless_inside_a_name(extractor: Extractor) -> None:
    ex = run(extractor, "Mali's military government expelled the envoy, and Chad Smith, a tourist, left.")
    assert "state:mli" in ids(ex) and "state:tcd" not in ids(ex)


def test_a_nationality_of_a_people_or_a_group_names_no_state(extractor: Extractor) -> None:
    ex = run(extractor, "Qatar blamed Israel for violating the rights of the Palestinian people.")
    assert "state:pse" not in ids(ex)
    ex = run(extractor, "Ankara accused Stockholm of backing the Syrian Kurdish YPG militia.")
    assert "state:syr" not in ids(ex)
    ex = run(extractor, "Chinese state-backed hackers attacked Taiwan's banks.")
    assert "state:chn" in ids(ex)

"""The gazetteer data files load and cover what the issue requires (states with their names,
demonyms, capitals and metonyms; 60+ organisations; agencies; titles), with valid ids."""

from __future__ import annotations

import re

import pytest
import yaml
from entities_kit import ids, run

from kg.loaders.extraction import gazetteer
from kg.schema.vocabulary import vocabulary


@pytest.fixture(scope="module")
def gaz() -> gazetteer.Gazetteer:
    return gazetteer.load()


def _ids(gaz: gazetteer.Gazetteer, text: str) -> set[str]:
    return {f.entry.id for f in gaz.forms.get(text, [])}


def test_every_file_is_valid_yaml_with_a_top_level_mapping() -> None:
    for path in sorted(gazetteer.DATA.glob("*.yaml")):
        assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict), path


def test_sovereign_states_are_covered(gaz: gazetteer.Gazetteer) -> None:
    states = {e.id for e in gaz.entries.values() if e.label == "State"}
    assert len(states) >= 190
    assert "state:hkg" not in states and "state:pri" not in states  # territories are not states


@pytest.mark.parametrize(("text", "ident"), [
    ("Russia", "state:rus"), ("Russian Federation", "state:rus"), ("Iran", "state:irn"),
    ("North Korea", "state:prk"), ("DPRK", "state:prk"), ("South Korea", "state:kor"), ("Taiwan", "state:twn"),
    ("Vietnam", "state:vnm"), ("Viet Nam", "state:vnm"), ("Britain", "state:gbr"), ("UK", "state:gbr"),
    ("U.S.", "state:usa"), ("United States of America", "state:usa"), ("Czechia", "state:cze"),
    ("Türkiye", "state:tur"), ("People's Republic of China", "state:chn"),
    # demonyms
    ("Chinese", "state:chn"), ("Australian", "state:aus"), ("British", "state:gbr"), ("Filipino", "state:phl"),
    ("North Korean", "state:prk"), ("Dutch", "state:nld"),
    # capitals
    ("Beijing", "state:chn"), ("Moscow", "state:rus"), ("Canberra", "state:aus"), ("Pyongyang", "state:prk"),
    ("Kyiv", "state:ukr"), ("Tirana", "state:alb"),
    # government metonyms
    ("Kremlin", "state:rus"), ("White House", "state:usa"), ("Downing Street", "state:gbr"),
    ("Zhongnanhai", "state:chn"), ("Elysee", "state:fra"), ("Élysée", "state:fra"), ("Whitehall", "state:gbr"),
    ("Blue House", "state:kor"), ("Foggy Bottom", "state:usa"), ("Quai d'Orsay", "state:fra"),
])
def test_state_forms(gaz: gazetteer.Gazetteer, text: str, ident: str) -> None:
    assert ident in _ids(gaz, text)


def test_at_least_sixty_organisations_with_the_required_acronyms(gaz: gazetteer.Gazetteer) -> None:
    orgs = {e.id for e in gaz.entries.values() if e.label == "Organization"}
    assert len(orgs) >= 60
    for text, ident in [("UN", "org:un"), ("NATO", "org:nato"), ("EU", "org:eu"), ("ASEAN", "org:asean"),
                        ("G7", "org:g7"), ("G20", "org:g20"), ("Quad", "org:quad"), ("AUKUS", "org:aukus"),
                        ("Five Eyes", "org:five-eyes"), ("OSCE", "org:osce"), ("WTO", "org:wto"),
                        ("IAEA", "org:iaea"), ("AU", "org:au"), ("OAS", "org:oas"), ("SCO", "org:sco"),
                        ("BRICS", "org:brics"), ("GCC", "org:gcc"), ("Arab League", "org:arab-league"),
                        ("OPEC", "org:opec"), ("European Union", "org:eu")]:
        assert ident in _ids(gaz, text), text


@pytest.mark.parametrize(("text", "ident"), [
    ("MSS", "agency:chn:ministry-of-state-security"), ("GRU", "agency:rus:main-intelligence-directorate"),
    ("SVR", "agency:rus:foreign-intelligence-service"), ("FSB", "agency:rus:federal-security-service"),
    ("CIA", "agency:usa:central-intelligence-agency"), ("NSA", "agency:usa:national-security-agency"),
    ("GCHQ", "agency:gbr:gchq"), ("ASD", "agency:aus:australian-signals-directorate"),
    ("MOIS", "agency:irn:ministry-of-intelligence"), ("NCSC", "agency:gbr:national-cyber-security-centre"),
    ("Pentagon", "agency:usa:department-of-defense"), ("APT28", "agency:rus:gru-85th-main-centre-for-special-services"),
    # companion files (agencies_world.yaml, groups_world.yaml)
    ("Storting", "agency:nor:storting"), ("Black Sea Fleet", "agency:rus:black-sea-fleet"),
    ("Kataib Hezbollah", "group:kataib-hezbollah"), ("Mint Sandstorm", "group:apt42"), ("Rosatom", "group:rosatom"),
])
def test_named_agencies_and_groups(gaz: gazetteer.Gazetteer, text: str, ident: str) -> None:
    assert ident in _ids(gaz, text)


def test_agency_parents_exist_and_point_upwards(gaz: gazetteer.Gazetteer) -> None:
    for entry in gaz.entries.values():
        if entry.label == "Agency":
            assert entry.parent, entry.id
            parent = entry.parent
            assert parent.startswith(("state:", "org:", "agency:")), entry.id
            if parent.startswith("agency:"):
                assert parent in gaz.entries, f"{entry.id}: unknown parent {parent}"


def test_generic_agency_kinds_and_titles(gaz: gazetteer.Gazetteer) -> None:
    kinds = {k["kind"] for k in gaz.agency_kinds}
    assert {"ministry-of-foreign-affairs", "ministry-of-defence", "armed-forces", "coast-guard", "parliament",
            "embassy", "central-bank"} <= kinds
    heads = set(gaz.lexicon["title_heads"])
    assert {"minister", "secretary", "president", "prime minister", "spokesperson", "ambassador", "envoy",
            "chief", "vice minister"} <= heads


def test_every_id_matches_the_schema_pattern(gaz: gazetteer.Gazetteer) -> None:
    labels = vocabulary().labels
    for entry in gaz.entries.values():
        assert labels[entry.label].id_pattern.match(entry.id), entry.id
        assert re.fullmatch(r"[^\s].*[^\s]|[^\s]", entry.name), entry.id


def test_no_surface_form_names_two_entities_of_the_same_label(gaz: gazetteer.Gazetteer) -> None:
    clashes = []
    for text, forms in gaz.forms.items():
        labels = [f.entry.label for f in forms]
        if len(labels) != len(set(labels)):
            clashes.append((text, [f.entry.id for f in forms]))
    assert clashes == []


def test_vendor_schemes_name_states_that_exist(gaz: gazetteer.Gazetteer) -> None:
    assert gaz.actor_schemes["Typhoon"] == "chn" and gaz.actor_schemes["Blizzard"] == "rus"
    for iso in filter(None, gaz.actor_schemes.values()):
        assert f"state:{iso}" in gaz.entries, iso


def test_a_listed_body_is_found_in_either_english_spelling() -> None:
    assert gazetteer.spellings("National Cyber Security Centre") == ["National Cyber Security Centre",
                                                           "National Cyber Security Center"]
    assert gazetteer.spellings("Centre") == ["Centre"]
    assert "Office of the US Trade Representative" in \
        gazetteer.spellings("Office of the United States Trade Representative")
    ex = run("The National Cyber Security Center in London issued a warning on Friday.")
    assert "agency:gbr:national-cyber-security-centre" in ids(ex)


def test_listed_parties_movements_and_state_militaries_get_their_label() -> None:
    ex = run("The Tatmadaw detained leaders of the National League for Democracy, and Ankara blamed the Gulen "
             "movement. The Lima Group met in Ottawa.")
    found = {e.id: e.type for e in ex.entities}
    assert found.get("agency:mmr:tatmadaw") == "Agency"
    assert found.get("group:national-league-for-democracy") == "Group"
    assert found.get("group:gulen-movement") == "Group"
    assert found.get("org:lima-group") == "Organization"


def test_a_qualified_body_name_is_that_state_s_body() -> None:
    ex = run("Agents were stopped by the Dutch Military Intelligence and Security Service (MIVD) on Friday.")
    agencies = {i for i in ids(ex) if i.startswith("agency:")}
    assert agencies == {"agency:nld:mivd"}


def test_an_ambiguous_state_name_listed_after_another_state_is_the_state() -> None:
    ex = run("Officials from Chile, Peru and Bolivia met in Lima on Friday.")
    assert {"state:chl", "state:per", "state:bol"} <= ids(ex)

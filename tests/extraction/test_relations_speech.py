"""Reported speech, nominalisations, headlines, affiliation and incident links, on sentences
written for these tests."""

from __future__ import annotations

import pytest
from relations_kit import M, P, found, run, triples

# ------------------------------------------------------------------ reported speech


def test_speaker_accuses_who_the_clause_holds_responsible() -> None:
    got = found("Per Lund said Denmark was responsible for the pipeline breach.")
    assert ("person:per-lund", "ACCUSES", "state:dnk") in got
    assert ("state:dnk", "BLAMED_FOR", "incident:pipeline-breach") in got


def test_quote_with_speaker_after_it() -> None:
    got = found('"We trusted Copenhagen, and that trust has been betrayed," Mr Lund said in a statement.', {"ACCUSES"})
    assert got == {("person:per-lund", "ACCUSES", "state:dnk")}


def test_quote_continued_in_the_next_sentence_keeps_its_speaker() -> None:
    text = '"This was a reckless act," Mr Lund told reporters on Friday. "Denmark must end its dangerous provocations."'
    assert ("person:per-lund", "ACCUSES", "state:dnk") in found(text, {"ACCUSES"})


def test_negative_characterisation_of_an_owned_thing() -> None:
    got = found("Mr Lund called the Danish decision reckless and shameful.", {"ACCUSES"})
    assert got == {("person:per-lund", "ACCUSES", "state:dnk")}


def test_neutral_speech_is_no_accusation() -> None:
    assert not found("Per Lund said Denmark would host the talks in May.", {"ACCUSES"})


def test_speaker_does_not_accuse_his_own_state() -> None:
    assert not found("Per Lund said Norway had been reckless.", {"ACCUSES"})


# ------------------------------------------------------------------ nominalisations


def test_nominal_sanctions_with_possessive_agent() -> None:
    assert found("Sweden's sanctions against Denmark took effect on Monday.", {"SANCTIONS"}) == {
        ("state:swe", "SANCTIONS", "state:dnk")
    }


def test_nominal_with_light_verb() -> None:
    assert ("state:nor", "SANCTIONS", "state:dnk") in found("Oslo imposed fresh penalties on Copenhagen.")


def test_expelling_diplomats_targets_their_state() -> None:
    assert ("state:swe", "SANCTIONS", "state:nor") in found("Stockholm expelled three Norwegian diplomats.")


# ------------------------------------------------------------------ headlines


def test_title_case_headline_is_reparsed() -> None:
    got = triples("Sweden Blames Norway For Pipeline Breach\n\nThe story follows.", M, P, {"ACCUSES"})
    assert ("state:swe", "ACCUSES", "state:nor") in got


def test_headline_evidence_points_at_the_original_text() -> None:
    text = "Denmark Condemns Sweden Over Border Row\n\nMore text here."
    rels = [r for r in run(text, M, P) if r.type == "ACCUSES"]
    assert rels and rels[0].evidence is not None
    assert text[rels[0].evidence.start : rels[0].evidence.end].startswith("Denmark Condemns Sweden")


# ------------------------------------------------------------------ affiliation and incidents


def test_group_linked_to_a_state() -> None:
    got = found("Nordic Bear, a hacking team long linked to Copenhagen, was named in the report.", {"AFFILIATED_WITH"})
    assert got == {("group:nordic-bear", "AFFILIATED_WITH", "state:dnk")}


def test_patron_verb() -> None:
    got = found("Investigators said Denmark had hired Nordic Bear to carry out the grid attack.", {"AFFILIATED_WITH"})
    assert ("group:nordic-bear", "AFFILIATED_WITH", "state:dnk") in got


def test_incident_victim_and_perpetrator() -> None:
    got = found("Nordic Bear carried out the grid attack on Baltic Power, which crippled Estonia's networks.")
    assert ("group:nordic-bear", "BLAMED_FOR", "incident:grid-attack") in got
    assert ("incident:grid-attack", "TARGETED", "group:baltic-power") in got


def test_incident_hit_victim() -> None:
    got = found("The attack hit Latvia particularly hard.", {"TARGETED"})
    assert got == {("incident:grid-attack", "TARGETED", "state:lva")}


def test_evidence_fields() -> None:
    text = "Intro line.\n\nSweden accused Norway of the pipeline breach."
    rel = next(r for r in run(text, M, P) if r.type == "ACCUSES")
    ev = rel.evidence
    assert ev is not None
    assert ev.sentence == "Sweden accused Norway of the pipeline breach."
    assert text[ev.start : ev.end].strip() == ev.sentence
    assert ev.rule.startswith("accuses.") and 0 < ev.confidence <= 1 and not ev.negated


def test_we_in_a_quote_is_not_an_earlier_speaker() -> None:
    text = (
        'Denmark said on Monday it would talk to Oslo. "This is a betrayal," Mr Lund told reporters. '
        '"We had built trust with Copenhagen, and that trust has been betrayed."'
    )
    got = found(text, {"ACCUSES"})
    assert ("person:per-lund", "ACCUSES", "state:dnk") in got
    assert not any(src == "state:dnk" for src, _, _ in got)


def test_spokesman_for_a_ministry_speaks_for_it() -> None:
    text = "A spokesman for the Danish foreign ministry, calling the Swedish accusation a provocation, spoke on TV."
    rels = triples(
        text,
        {**M, "the Danish foreign ministry": "agency:dnk:foreign-ministry", "Swedish": "state:swe"},
        {**P, "agency:dnk:foreign-ministry": "state:dnk"},
        {"ACCUSES"},
    )
    assert ("agency:dnk:foreign-ministry", "ACCUSES", "state:swe") in rels


def test_backed_and_owned_groups_are_affiliated() -> None:
    # as entity recognition marks it: the state before the hyphen is a mention of its own
    mentions = {
        **M,
        "backed militia": "group:dnk-militia",
        "Nordic Bear": "group:nordic-bear",
        "Baltic Power": "group:baltic-power",
    }
    got = triples("The Danish-backed militia shelled the town.", mentions, P, {"AFFILIATED_WITH"})
    assert got == {("group:dnk-militia", "AFFILIATED_WITH", "state:dnk")}
    got = triples("Baltic Power, a unit of Nordic Bear, denied the report.", mentions, P, {"AFFILIATED_WITH"})
    assert got == {("group:baltic-power", "AFFILIATED_WITH", "group:nordic-bear")}
    got = triples(
        "Baltic Power, a firm that is majority-owned by the Danish state, said nothing.",
        mentions,
        P,
        {"AFFILIATED_WITH"},
    )
    assert got == {("group:baltic-power", "AFFILIATED_WITH", "state:dnk")}


def test_attack_on_a_victim_is_targeted() -> None:
    assert found("The grid attack on Latvia lasted two days.", {"TARGETED"}) == {
        ("incident:grid-attack", "TARGETED", "state:lva")
    }


def test_groups_a_relative_clause_ties_to_a_patron() -> None:
    mentions = {**M, "Red Fox": "group:red-fox", "Blue Owl": "group:blue-owl"}
    text = "The report named two groups it tied to Copenhagen, Red Fox and Blue Owl."
    got = triples(text, mentions, P, {"AFFILIATED_WITH"})
    assert got == {
        ("group:red-fox", "AFFILIATED_WITH", "state:dnk"),
        ("group:blue-owl", "AFFILIATED_WITH", "state:dnk"),
    }


def test_according_to_makes_a_speaker() -> None:
    got = found("Denmark was behind the pipeline breach, according to Oslo.")
    assert ("state:nor", "ACCUSES", "state:dnk") in got


def test_according_to_does_not_read_relative_clauses() -> None:
    text = "Sweden, which has blamed Denmark for the grid attack, offered Oslo help, according to Finland."
    assert ("state:fin", "ACCUSES", "state:dnk") not in found(text)


def test_after_comma_and_the_speaker_goes_on_acting() -> None:
    text = "Per Lund said the ban would boost Norway's security, and accused Denmark of spying on its citizens."
    assert ("person:per-lund", "ACCUSES", "state:dnk") in found(text, {"ACCUSES"})


def test_without_a_comma_the_reported_subject_keeps_the_verb() -> None:
    assert not found("Per Lund said the ban would boost security and protect Denmark.", {"COOPERATES_WITH"})


@pytest.mark.parametrize("noun", ["mastermind", "culprit", "perpetrator"])
def test_naming_the_mastermind_accuses_and_blames(noun: str) -> None:
    got = found(f"Mr Lund said Denmark was the {noun} of the grid attack.")
    assert {("person:per-lund", "ACCUSES", "state:dnk"), ("state:dnk", "BLAMED_FOR", "incident:grid-attack")} <= got


def test_organising_a_summit_is_no_perpetration() -> None:
    assert not found("Mr Lund said Denmark was the host of the summit.", {"ACCUSES", "BLAMED_FOR"})


@pytest.mark.parametrize("event", ["the coup", "the failed putsch", "the unrest"])
def test_being_behind_a_coup_or_unrest_is_an_accusation(event: str) -> None:
    assert ("person:per-lund", "ACCUSES", "state:dnk") in found(f"Mr Lund said Denmark was behind {event}.")


def test_being_behind_a_plan_for_peace_is_none() -> None:
    assert not found("Mr Lund said Denmark was behind the peace initiative.", {"ACCUSES"})


def test_a_statement_that_criticises_acts_for_its_author() -> None:
    text = "Denmark held drills near Norway. NATO issued a statement that criticised the drills."
    assert ("org:nato", "ACCUSES", "state:dnk") in found(text, {"ACCUSES"})


def test_citing_a_statement_makes_no_author_of_the_citer() -> None:
    text = "Denmark held drills near Norway. Sweden cited a statement that criticised the drills."
    assert ("state:swe", "ACCUSES", "state:dnk") not in found(text, {"ACCUSES"})

"""Relation rules on sentences written for these tests (never corpus sentences), parsed by the
real spaCy model, with mentions marked by string (relations_kit)."""

from __future__ import annotations

import pytest
from relations_kit import M, P, found, run

# ------------------------------------------------------------------ active and passive voice


@pytest.mark.parametrize(
    "text",
    [
        "Sweden accused Norway of launching the pipeline breach.",
        "Sweden on Monday formally blamed Norway for the pipeline breach.",
        "Sweden blamed the pipeline breach on Norway.",
        "Sweden attributed the pipeline breach to Norway.",
        "Norway was blamed by Sweden for the pipeline breach.",
        "The pipeline breach was blamed on Norway by Sweden.",
    ],
)
def test_accusation_with_incident_any_voice(text: str) -> None:
    got = found(text, {"ACCUSES", "BLAMED_FOR"})
    assert ("state:swe", "ACCUSES", "state:nor") in got
    assert ("state:nor", "BLAMED_FOR", "incident:pipeline-breach") in got
    assert ("state:nor", "ACCUSES", "state:swe") not in got


def test_no_agent_no_interaction_edge() -> None:
    got = found("Norway was blamed for the pipeline breach.")
    assert got == {("state:nor", "BLAMED_FOR", "incident:pipeline-breach")}


def test_hold_accountable() -> None:
    assert ("state:swe", "ACCUSES", "state:nor") in found("Sweden held Oslo accountable for the breach.")
    # a vow to hold someone accountable is a threat, not yet an accusation
    assert found("Sweden vowed to hold Oslo accountable.", {"ACCUSES", "THREATENS"}) == {
        ("state:swe", "THREATENS", "state:nor")
    }


def test_wished_action_is_not_an_event() -> None:
    got = found("Per Lund urged Copenhagen to stop the drills and to cut ties with Stockholm.")
    assert ("person:per-lund", "DEMANDS", "state:dnk") in got
    assert ("state:dnk", "SANCTIONS", "state:swe") not in got


# ------------------------------------------------------------------ lists and joining


def test_joined_in_accusing_gives_joins_and_the_joiner_accuses() -> None:
    got = found("Finland has joined Sweden and other allies in accusing Norway of staging the pipeline breach.")
    assert ("state:fin", "JOINS", "state:swe") in got
    assert ("state:fin", "ACCUSES", "state:nor") in got
    assert ("state:fin", "BLAMED_FOR", "incident:pipeline-breach") not in got


def test_joined_by_list_distributes() -> None:
    got = found(
        "Sweden, joined by allies including Finland, Iceland and Estonia, on Friday condemned Norway.", {"JOINS"}
    )
    assert got == {
        ("state:fin", "JOINS", "state:swe"),
        ("state:isl", "JOINS", "state:swe"),
        ("state:est", "JOINS", "state:swe"),
    }


def test_conjoined_subjects_distribute() -> None:
    got = found("Finland, Iceland and Latvia joined Stockholm in condemning the decision.", {"JOINS"})
    assert got == {
        ("state:fin", "JOINS", "state:swe"),
        ("state:isl", "JOINS", "state:swe"),
        ("state:lva", "JOINS", "state:swe"),
    }


def test_joining_an_organisation() -> None:
    assert found("Iceland joined NATO in 1949.", {"JOINS"}) == {("state:isl", "JOINS", "org:nato")}


def test_joined_in_without_object_joins_the_last_actor() -> None:
    text = "Sweden condemned Norway on Monday. Hours later Copenhagen joined in."
    assert ("state:dnk", "JOINS", "state:swe") in found(text, {"JOINS"})


# ------------------------------------------------------------------ negation, denial, hedges


@pytest.mark.parametrize(
    "text",
    [
        "Sweden did not accuse Norway.",
        "Officials in Stockholm stopped short of accusing Norway of funding the group.",
        "Sweden refrained from condemning Norway.",
        "None of the ministers criticised Norway by name.",
    ],
)
def test_negation_drops_the_edge(text: str) -> None:
    assert not found(text, {"ACCUSES"})


def test_denial_targets_the_accuser() -> None:
    text = "Sweden accused Norway of the pipeline breach. Norway denied the accusations on Tuesday."
    assert ("state:nor", "REJECTS", "state:swe") in found(text, {"REJECTS"})


def test_rejecting_an_owned_claim() -> None:
    assert ("state:nor", "REJECTS", "state:dnk") in found("Oslo rejected Denmark's claims as baseless.", {"REJECTS"})


def test_hedge_sets_the_flag_and_lowers_confidence() -> None:
    plain = [r for r in run("Sweden attacked Norway.", M, P) if r.type == "ATTACKS"]
    hedged = [r for r in run("Sweden allegedly attacked Norway.", M, P) if r.type == "ATTACKS"]
    assert plain and hedged
    assert hedged[0].evidence is not None and plain[0].evidence is not None
    assert hedged[0].evidence.hedged and not plain[0].evidence.hedged
    assert hedged[0].evidence.confidence < plain[0].evidence.confidence


def test_conditional_is_not_an_event() -> None:
    assert not found("Stockholm said it would respond if Norway attacked Denmark.", {"ATTACKS"})


def test_becoming_a_member_joins_the_organisation_in_context() -> None:
    assert ("state:swe", "JOINS", "org:nato") in found("Sweden became a member of NATO in March.", {"JOINS"})
    text = "NATO met in Brussels. Iceland became a member decades ago."
    assert ("state:isl", "JOINS", "org:nato") in found(text, {"JOINS"})


def test_expressing_concern_about_an_owned_act_accuses_its_owner() -> None:
    got = found("Sweden expressed serious concern about Norway's use of mercenaries.", {"ACCUSES"})
    assert got == {("state:swe", "ACCUSES", "state:nor")}


def test_two_signatories_cooperate_with_each_other() -> None:
    got = found("Sweden and Finland signed a defence agreement on Monday.", {"COOPERATES_WITH"})
    assert got == {("state:swe", "COOPERATES_WITH", "state:fin"), ("state:fin", "COOPERATES_WITH", "state:swe")}
    assert not found("Sweden, Finland and Iceland held talks in Oslo.", {"COOPERATES_WITH"})


def test_verb_conjoined_into_a_reported_clause_keeps_the_speaker() -> None:
    text = "Per Lund said Denmark had fabricated the report and urged Copenhagen to stop the campaign."
    got = found(text, {"DEMANDS", "ACCUSES"})
    assert ("person:per-lund", "DEMANDS", "state:dnk") in got
    assert ("person:per-lund", "ACCUSES", "state:dnk") in got

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
        ("Norway gave Danish diplomats 24 hours to leave.", ("state:nor", "SANCTIONS", "state:dnk")),
        ("Norway urged Denmark to leave the talks.", ("state:nor", "DEMANDS", "state:dnk")),
        ("Norway reimposed sanctions on Denmark.", ("state:nor", "SANCTIONS", "state:dnk")),
        ("Denmark vowed revenge against Norway for the grid attack.", ("state:dnk", "THREATENS", "state:nor")),
        ("Danish warships encircled Norwegian islands.", ("state:dnk", "ATTACKS", "state:nor")),
        ("Sweden will deliver weapons to Norway.", ("state:swe", "COOPERATES_WITH", "state:nor")),
        ("Norway voiced concern over Denmark's military build-up.", ("state:nor", "ACCUSES", "state:dnk")),
        ("Nordic Bear breached the networks of the Danish navy.", ("group:nordic-bear", "ATTACKS", "agency:dnk:navy")),
        ("Nordic Bear targeted Danish vaccine researchers.", ("group:nordic-bear", "ATTACKS", "state:dnk")),
        ("Nordic Bear stole data from a Danish bank.", ("group:nordic-bear", "ATTACKS", "state:dnk")),
        (
            "Danish intelligence services hacked the Norwegian grid. Oslo condemned the hack.",
            ("state:nor", "ACCUSES", "state:dnk"),
        ),
        ("Nordic Bear gunmen bombed a Danish government building.", ("group:nordic-bear", "ATTACKS", "state:dnk")),
        ("Norway charged Denmark with violating the treaty.", ("state:nor", "ACCUSES", "state:dnk")),
        (
            "The grid attack hit Oslo. Mr Lund said the trail led to Denmark.",
            ("person:per-lund", "ACCUSES", "state:dnk"),
        ),
        (
            "The grid attack hit Oslo. Mr Lund said the evidence pointed to Denmark.",
            ("state:dnk", "BLAMED_FOR", "incident:grid-attack"),
        ),
        ("Norway brokered a ceasefire between Denmark and Sweden.", ("state:nor", "COOPERATES_WITH", "state:swe")),
        (
            "Norway sanctioned Danish officials over the grid attack.",
            ("state:dnk", "BLAMED_FOR", "incident:grid-attack"),
        ),
        ("Norway suspended flights to Denmark.", ("state:nor", "SANCTIONS", "state:dnk")),
        ("Norway halted imports from Denmark.", ("state:nor", "SANCTIONS", "state:dnk")),
        ("Norway gave Denmark a one-week ultimatum to withdraw.", ("state:nor", "THREATENS", "state:dnk")),
        ("Norway closed its airspace to Danish airlines.", ("state:nor", "SANCTIONS", "state:dnk")),
        ("Sweden banned Danish carriers from its airspace.", ("state:swe", "SANCTIONS", "state:dnk")),
        (
            "Denmark claimed responsibility for the grid attack, and Norway blamed Sweden for it.",
            ("state:swe", "BLAMED_FOR", "incident:grid-attack"),
        ),
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
        ("Norway gave Danish diplomats 24 hours to leave.", "DEMANDS"),
        ("Norway blacklisted three Danish firms over the grid attack.", "BLAMED_FOR"),
        ("Sweden will deliver the verdict to Norway.", "COOPERATES_WITH"),
        ("Denmark breached the ceasefire on Monday.", "ATTACKS"),
        ("Norway charged the Danish ferry a higher fee.", "ACCUSES"),
        ("Mr Lund said the road led to Denmark.", "ACCUSES"),
        ("Norway closed its embassy in Oslo for the holidays.", "SANCTIONS"),
        ("Mr Lund said he had to leave the talks early.", "DEMANDS"),
        ("Mr Lund promised new funding for Nordic schools.", "THREATENS"),
        ("Denmark's war of words with Sweden escalated.", "ATTACKS"),
    ],
)
def test_near_miss(text: str, rtype: str) -> None:
    assert not found(text, {rtype})


def test_having_played_no_part_denies_the_accusation() -> None:
    text = "Norway accused Denmark of the grid attack. Copenhagen said it had played no part in the attack."
    got = found(text)
    assert ("state:dnk", "REJECTS", "state:nor") in got
    assert ("state:dnk", "ACCUSES", "state:nor") not in got


def test_clearing_someone_else_accuses_no_one() -> None:
    text = "Norway accused Denmark of the grid attack. Copenhagen said Sweden had played no part in the attack."
    got = found(text)
    assert not {r for r in got if r[0] == "state:dnk" and r[1] in ("ACCUSES", "REJECTS")}


def test_personnel_act_for_their_state() -> None:
    text = "Danish military personnel were in Latvia, helping Norwegian forces to operate the drones."
    assert ("state:dnk", "COOPERATES_WITH", "state:nor") in found(text, {"COOPERATES_WITH"})


def test_support_for_a_states_security_supports_the_state() -> None:
    text = "Sweden said Norwegian support for Denmark's security was rock solid."
    assert ("state:nor", "COOPERATES_WITH", "state:dnk") in found(text, {"COOPERATES_WITH"})


def test_holding_up_a_package_rejects_its_owner() -> None:
    text = "Denmark's sanctions package was held up for weeks by Sweden, which refused to approve it."
    assert ("state:swe", "REJECTS", "state:dnk") in found(text, {"REJECTS"})


def test_a_warning_about_relations_between_two_allies_does_not_threaten_their_alliance() -> None:
    text = "Mr Lund warned that refusing the request would damage relations between the two NATO allies."
    assert not found(text, {"THREATENS"})


# ------------------------------------------------------------------ "it" for the incident just reported


def test_condemning_it_after_an_incident_accuses_its_perpetrator() -> None:
    text = "Nordic Bear carried out the grid attack on Monday. Denmark condemned it as terrorism."
    assert ("state:dnk", "ACCUSES", "group:nordic-bear") in found(text, {"ACCUSES"})


def test_calling_it_unacceptable_after_an_incident_accuses_its_perpetrator() -> None:
    text = "Nordic Bear carried out the grid attack on Monday. Mr Lund called it absolutely unacceptable."
    assert ("person:per-lund", "ACCUSES", "group:nordic-bear") in found(text, {"ACCUSES"})


def test_denouncing_it_after_an_event_noun_accuses_who_did_the_event() -> None:
    text = "Denmark launched a missile over Sweden. Oslo condemned the launch, and Mr Lund denounced it as reckless."
    assert ("person:per-lund", "ACCUSES", "state:dnk") in found(text, {"ACCUSES"})


def test_it_for_a_thing_named_in_between_is_not_the_incident() -> None:
    text = "Nordic Bear carried out the grid attack on Monday. Denmark signed the treaty and Sweden condemned it."
    assert not {r for r in found(text, {"ACCUSES"}) if r[2] == "group:nordic-bear"}


def test_destroying_relations_is_a_charge() -> None:
    text = 'Mr Lund said Denmark had destroyed "what little remains" of relations between the two countries.'
    assert ("person:per-lund", "ACCUSES", "state:dnk") in found(text, {"ACCUSES"})


def test_wanted_by_a_state_over_a_crime_is_accused_by_it() -> None:
    text = "Mr Lund is also wanted by Denmark over alleged interference in the vote."
    assert ("state:dnk", "ACCUSES", "person:per-lund") in found(text, {"ACCUSES"})


def test_wanting_someone_to_act_is_no_charge() -> None:
    assert not found("Norway wants Denmark to pay for the damage.", {"ACCUSES"})


# ------------------------------------------------------------------ threats announced, demands rejected


def test_a_warning_that_one_would_strike_is_a_threat_not_an_attack() -> None:
    got = found("Norway warned that it would strike Denmark.")
    assert ("state:nor", "THREATENS", "state:dnk") in got
    assert ("state:nor", "ATTACKS", "state:dnk") not in got


def test_announcing_an_expulsion_still_sanctions() -> None:
    assert ("state:nor", "SANCTIONS", "state:dnk") in found("Norway said it would expel ten Danish diplomats.")


def test_the_object_of_a_conditional_is_not_the_one_threatened() -> None:
    text = "Norway threatened to use force if Denmark did not release Mr Lund."
    got = found(text, {"THREATENS"})
    assert ("state:nor", "THREATENS", "person:per-lund") not in got


def test_rejecting_demands_rejects_the_one_who_made_them() -> None:
    text = "Norway gave Denmark ten days to comply with a list of demands. Denmark rejected the demands."
    assert ("state:dnk", "REJECTS", "state:nor") in found(text, {"REJECTS"})


# ------------------------------------------------------------------ joining


def test_joining_a_body_named_before_a_common_noun() -> None:
    text = "Denmark, Sweden and Finland will join the NATO alliance in January."
    got = found(text, {"JOINS"})
    assert got == {(s, "JOINS", "org:nato") for s in ("state:dnk", "state:swe", "state:fin")}


def test_those_who_joined_later_did_the_same() -> None:
    text = "Norway and Denmark, later joined by Sweden and Finland, cut ties with Latvia."
    got = found(text)
    assert {("state:swe", "JOINS", "state:nor"), ("state:fin", "JOINS", "state:dnk")} <= got
    assert {("state:swe", "SANCTIONS", "state:lva"), ("state:fin", "SANCTIONS", "state:lva")} <= got


def test_saying_the_claims_were_absurd_rejects_the_accuser() -> None:
    text = "Norway accused Denmark of the grid attack. Copenhagen said the claims were absurd."
    got = found(text)
    assert ("state:dnk", "REJECTS", "state:nor") in got
    assert ("state:dnk", "ACCUSES", "state:nor") not in got


def test_having_nothing_to_do_with_it_denies() -> None:
    text = "Norway accused Denmark of the grid attack. Copenhagen said it had nothing to do with the attack."
    assert ("state:dnk", "REJECTS", "state:nor") in found(text, {"REJECTS"})


def test_saying_someone_elses_claims_are_true_is_no_rejection() -> None:
    text = "Norway accused Denmark of the grid attack. Sweden said the claims were credible."
    assert not found(text, {"REJECTS"})


def test_telling_someone_that_ones_side_would_respond_threatens_them() -> None:
    assert ("person:per-lund", "THREATENS", "state:dnk") in found("Mr Lund told Denmark that Norway would respond.")


def test_telling_someone_good_news_is_no_threat() -> None:
    assert not found("Mr Lund told Denmark that Norway would deepen cooperation.", {"THREATENS"})


def test_joining_someones_calls_joins_the_callers() -> None:
    assert ("state:swe", "JOINS", "state:dnk") in found("Sweden joined Danish calls for an investigation.", {"JOINS"})


def test_joining_the_chorus_joins_whoever_acted_last() -> None:
    text = "Denmark condemned Norway on Monday. Sweden and Finland joined the chorus of condemnation."
    got = found(text, {"JOINS"})
    assert {("state:swe", "JOINS", "state:dnk"), ("state:fin", "JOINS", "state:dnk")} <= got


def test_trading_accusations_accuses_each_other() -> None:
    got = found("Norway and Denmark traded accusations over the border clash.", {"ACCUSES"})
    assert got == {("state:nor", "ACCUSES", "state:dnk"), ("state:dnk", "ACCUSES", "state:nor")}


def test_exchanging_prisoners_is_no_accusation() -> None:
    assert not found("Norway and Denmark exchanged prisoners on Monday.", {"ACCUSES", "THREATENS"})


def test_hitting_back_at_someone_criticises_them() -> None:
    assert ("state:nor", "ACCUSES", "state:dnk") in found("Norway hit back at Denmark over the fishing quotas.")


def test_blaming_unnamed_hackers_working_for_a_state_accuses_the_state() -> None:
    text = "Oslo blamed the grid attack on hackers working for Denmark."
    assert ("state:nor", "ACCUSES", "state:dnk") in found(text, {"ACCUSES"})


def test_blaming_people_living_in_a_state_does_not_accuse_it() -> None:
    assert not found("Oslo blamed the grid attack on criminals living in Denmark.", {"ACCUSES"})


# ------------------------------------------------------------------ deals and go-betweens


def test_a_brokered_ceasefire_ties_the_broker_to_both_sides() -> None:
    got = found("Norway and Denmark signed a Sweden-brokered ceasefire.", {"COOPERATES_WITH"})
    assert {("state:swe", "COOPERATES_WITH", "state:nor"), ("state:swe", "COOPERATES_WITH", "state:dnk")} <= got
    assert ("state:nor", "COOPERATES_WITH", "state:dnk") in got


def test_welcoming_an_agreement_between_two_welcomes_both() -> None:
    got = found("Sweden welcomed the agreement between Norway and Denmark.", {"COOPERATES_WITH"})
    assert got == {("state:swe", "COOPERATES_WITH", "state:nor"), ("state:swe", "COOPERATES_WITH", "state:dnk")}

"""The rules that carry over to unseen phrasing: denials by characterisation, retorts that
name no one, plural descriptions ("the two leaders"), the mandative subjunctive, implied
incidents, events referred back to, affiliation by means received (the lexicon's readings:
test_relations_lexicon.py). Every sentence is written for these tests."""

from __future__ import annotations

import pytest
from relations_kit import found

# ------------------------------------------------------------------ demands: mandative subjunctive


def test_insisting_that_others_act_is_a_demand() -> None:
    got = found("Mr Lund insisted that Denmark and Sweden withdraw their ships.", {"DEMANDS"})
    assert got == {("person:per-lund", "DEMANDS", "state:dnk"), ("person:per-lund", "DEMANDS", "state:swe")}


def test_insisting_on_a_fact_is_no_demand() -> None:
    assert not found("Mr Lund insisted that Denmark was responsible.", {"DEMANDS"})


# ------------------------------------------------------------------ denials and characterisations


def _accusation_then(denial: str) -> str:
    return f"Norway accused Denmark of sabotage on Monday. {denial}"


def test_calling_the_accusation_false_rejects_the_accuser() -> None:
    got = found(_accusation_then("Copenhagen called the accusations baseless."))
    assert ("state:dnk", "REJECTS", "state:nor") in got
    assert ("state:dnk", "ACCUSES", "state:nor") not in got


def test_calling_the_accusation_a_provocation_also_accuses() -> None:
    got = found(_accusation_then('Copenhagen called the accusation "a deliberate provocation".'))
    assert {("state:dnk", "REJECTS", "state:nor"), ("state:dnk", "ACCUSES", "state:nor")} <= got


def test_brushing_aside_rejects_the_accuser() -> None:
    assert ("state:dnk", "REJECTS", "state:nor") in found(
        _accusation_then("Copenhagen brushed the allegations aside as absurd.")
    )


def test_characterised_object_through_a_relative_pronoun() -> None:
    got = found("The talks did not cover Denmark, which Mr Lund has called a reckless aggressor.", {"ACCUSES"})
    assert got == {("person:per-lund", "ACCUSES", "state:dnk")}


def test_condemning_an_unowned_move_accuses_who_acted() -> None:
    text = "Norway imposed sanctions on Denmark on Monday, and Copenhagen condemned the move."
    assert ("state:dnk", "ACCUSES", "state:nor") in found(text)


# ------------------------------------------------------------------ retorts that name no one


def test_vow_to_retaliate_targets_who_attacked() -> None:
    text = "Norwegian jets struck Nordic Bear positions overnight. Nordic Bear vowed to retaliate."
    assert ("group:nordic-bear", "THREATENS", "state:nor") in found(text, {"THREATENS"})


def test_promised_response_targets_the_one_accused_in_the_sentence() -> None:
    text = "Mr Lund condemned Denmark and promised a stern response."
    assert ("person:per-lund", "THREATENS", "state:dnk") in found(text, {"THREATENS"})


def test_a_warning_of_retaliation_far_from_any_act_names_no_one() -> None:
    text = (
        "Denmark criticised Norway in January. Trade grew in spring. The fishing season opened. "
        "Ferries ran late. Oslo warned that it would retaliate."
    )
    assert not found(text, {"THREATENS"})


def test_threat_of_force_by_the_speakers_own_side() -> None:
    text = "Denmark accused Norway of spying on Monday. Next time, Mr Lund warned, Norway could strike Danish ships."
    assert ("person:per-lund", "THREATENS", "state:dnk") in found(text, {"THREATENS"})


def test_threatened_freedom_is_no_threat_by_the_speaker() -> None:
    text = "Sweden criticised Denmark. Oslo said Danish conduct threatened freedom of navigation."
    assert not {r for r in found(text, {"THREATENS"}) if r[0] == "state:nor"}


# ------------------------------------------------------------------ plural descriptions


def test_the_two_leaders_are_the_two_just_named() -> None:
    text = "Mr Lund spoke by phone with Copenhagen, and the two leaders agreed to deepen cooperation with Sweden."
    got = found(text, {"COOPERATES_WITH"})
    assert {("person:per-lund", "COOPERATES_WITH", "state:swe"), ("state:dnk", "COOPERATES_WITH", "state:swe")} <= got
    assert ("state:dnk", "COOPERATES_WITH", "person:per-lund") not in got  # with a third party, not each other


def test_the_three_countries_as_an_object() -> None:
    text = "Norway, Denmark and Sweden signed a pact. Finland urged the three countries to reconsider."
    got = found(text, {"DEMANDS"})
    assert got == {("state:fin", "DEMANDS", s) for s in ("state:nor", "state:dnk", "state:swe")}


def test_they_after_a_plural_description() -> None:
    text = "Oslo hosted Copenhagen and Stockholm, and the three governments met. They condemned Finland."
    got = found(text, {"ACCUSES"})
    assert {("state:nor", "ACCUSES", "state:fin"), ("state:swe", "ACCUSES", "state:fin")} <= got


def test_modified_plural_is_no_description() -> None:
    text = "Mr Lund met Denmark's premier. Baltic leaders condemned Sweden."
    assert not found(text, {"ACCUSES"})


def test_verb_after_a_closing_quote_belongs_to_the_speaker() -> None:
    text = 'Mr Lund said the pact "harms everyone", and urged the three countries to drop it.'
    got = found("Denmark, Sweden and Finland signed a pact. " + text, {"DEMANDS"})
    assert ("person:per-lund", "DEMANDS", "state:dnk") in got


# ------------------------------------------------------------------ adverbials, lists of owners


def test_in_solidarity_with_takes_the_verbs_agent() -> None:
    text = "Sweden and Finland expelled Danish diplomats in solidarity with Oslo."
    got = found(text, {"COOPERATES_WITH"})
    assert got == {("state:swe", "COOPERATES_WITH", "state:nor"), ("state:fin", "COOPERATES_WITH", "state:nor")}


def test_conjoined_owners_of_an_asset() -> None:
    got = found("Norwegian and Danish warplanes struck Nordic Bear camps.", {"ATTACKS"})
    assert {("state:nor", "ATTACKS", "group:nordic-bear"), ("state:dnk", "ATTACKS", "group:nordic-bear")} <= got


def test_participle_modifier_names_the_owner() -> None:
    got = found("Denmark and Sweden vetoed a Norwegian-drafted resolution.", {"REJECTS"})
    assert got == {("state:dnk", "REJECTS", "state:nor"), ("state:swe", "REJECTS", "state:nor")}


# ------------------------------------------------------------------ responsibility with the incident implied


def test_involvement_of_an_actor_in_an_incident() -> None:
    text = "Mr Lund said there was proof of the involvement of the Danish navy in the pipeline breach."
    assert ("agency:dnk:navy", "BLAMED_FOR", "incident:pipeline-breach") in found(text)


def test_hallmarks_of_an_actor() -> None:
    text = "The pipeline breach shocked Oslo. Mr Lund said the breach bore the hallmarks of Nordic Bear."
    got = found(text)
    assert ("group:nordic-bear", "BLAMED_FOR", "incident:pipeline-breach") in got
    assert ("person:per-lund", "ACCUSES", "group:nordic-bear") in got


def test_work_of_is_no_blame_without_an_attack() -> None:
    assert not found("Mr Lund said the new treaty was the work of Denmark.", {"ACCUSES", "BLAMED_FOR"})


def test_claimed_responsibility_for_the_incident_just_mentioned() -> None:
    text = "The grid attack left Oslo dark for a day. Nordic Bear claimed responsibility."
    assert ("group:nordic-bear", "BLAMED_FOR", "incident:grid-attack") in found(text)


def test_it_was_carried_out_by() -> None:
    text = 'The grid attack hit Oslo on Monday. "It was carried out by Nordic Bear," Mr Lund said.'
    got = found(text)
    assert ("group:nordic-bear", "BLAMED_FOR", "incident:grid-attack") in got


def test_held_responsible_blames_the_object_not_the_speaker() -> None:
    text = "Mr Lund discussed the grid attack on Monday and said he held Denmark responsible."
    got = found(text, {"BLAMED_FOR"})
    assert got == {("state:dnk", "BLAMED_FOR", "incident:grid-attack")}


# ------------------------------------------------------------------ affiliation: receiving means


def test_receiving_money_and_weapons_from_a_patron() -> None:
    text = "Nordic Bear, one of several gangs that receive money and weapons from Denmark, denied it."
    assert ("group:nordic-bear", "AFFILIATED_WITH", "state:dnk") in found(text, {"AFFILIATED_WITH"})


def test_refusing_orders_is_no_tie() -> None:
    assert not found("Nordic Bear does not take orders from Denmark.", {"AFFILIATED_WITH"})


def test_militias_blamed_for_an_attack_are_not_tied_to_its_place() -> None:
    text = "Oslo blames Danish-backed militias for the deadly attack on Swedish troops in Finland."
    assert "state:fin" not in {t for _, _, t in found(text, {"AFFILIATED_WITH"})}


# ------------------------------------------------------------------ events referred back to


def test_the_launch_belongs_to_who_launched() -> None:
    text = "Denmark launched a missile over Sweden on Tuesday. Mr Lund denounced the launch as reckless."
    assert ("person:per-lund", "ACCUSES", "state:dnk") in found(text, {"ACCUSES"})


def test_the_launch_far_back_is_not_resolved() -> None:
    text = (
        "Denmark launched a missile on Tuesday. Ferries ran late. Trade grew. Markets fell. Rain came. "
        "Schools closed. Roads flooded. Trains stopped. Shops shut. Fog lifted. "
        "Mr Lund denounced the launch as reckless."
    )
    assert not found(text, {"ACCUSES"})


def test_what_they_called_a_brutal_war() -> None:
    text = "Oslo backed Finland in the face of what it called Denmark's brutal war."
    assert ("state:nor", "ACCUSES", "state:dnk") in found(text, {"ACCUSES"})


def test_protest_lodged_in_the_passive_by_the_reporting_government() -> None:
    text = "Mr Lund said a protest had been lodged with Denmark."
    assert ("person:per-lund", "ACCUSES", "state:dnk") in found(text, {"ACCUSES"})


def test_attack_reported_in_the_passive_has_no_agent() -> None:
    assert not found("Mr Lund said Norwegian ships had been attacked near Denmark.", {"ATTACKS"})


def test_involved_in_the_passive_blames_and_accuses() -> None:
    text = 'The grid attack hit Oslo. "Danish state bodies were involved," Mr Lund said.'
    got = found(text)
    assert {("person:per-lund", "ACCUSES", "state:dnk"), ("state:dnk", "BLAMED_FOR", "incident:grid-attack")} <= got


@pytest.mark.parametrize(
    "text",
    [
        "Mr Lund said investigators had found no evidence so far that Denmark was involved.",
        "Oslo says it has no evidence the Danish government was involved.",
    ],
)
def test_no_evidence_of_involvement_is_no_accusation(text: str) -> None:
    assert not found(text, {"ACCUSES", "BLAMED_FOR"})


def test_right_to_retaliate_and_an_accusation_in_one_clause() -> None:
    text = "Oslo said Norway reserved the right to take retaliatory measures and accused Copenhagen of lying."
    got = found(text)
    assert {("state:nor", "ACCUSES", "state:dnk"), ("state:nor", "THREATENS", "state:dnk")} <= got


# ------------------------------------------------------------------ retaliation and assets, second pass


def test_a_named_company_is_not_its_state() -> None:
    got = found("Sweden sanctioned a Danish company, Nordic Bear, over the grid attack.")
    assert ("state:swe", "SANCTIONS", "group:nordic-bear") in got
    assert ("state:swe", "SANCTIONS", "state:dnk") not in got
    assert ("state:dnk", "BLAMED_FOR", "incident:grid-attack") not in got


def test_blacklisting_firms_does_not_blame_their_state() -> None:
    got = found("Sweden announced the blacklisting of Danish firms over the grid attack.")
    assert ("state:swe", "SANCTIONS", "state:dnk") in got
    assert ("state:dnk", "BLAMED_FOR", "incident:grid-attack") not in got


def test_the_aim_of_a_vetoed_resolution_is_not_the_vetoing_sides_act() -> None:
    text = "Sweden and Finland vetoed a Norwegian-drafted resolution to tighten sanctions on Denmark."
    got = found(text)
    assert ("state:swe", "REJECTS", "state:nor") in got
    assert not {r for r in got if r[1] == "SANCTIONS"}


def test_announced_plans_to_expel_is_the_announcers_act() -> None:
    assert ("state:nor", "SANCTIONS", "state:dnk") in found("Norway announced plans to expel Danish diplomats.")


def test_a_pledge_to_cooperate_is_cooperation() -> None:
    assert ("person:per-lund", "COOPERATES_WITH", "state:swe") in found(
        "Mr Lund pledged to deepen cooperation with Stockholm."
    )


def test_a_pledge_to_sanction_is_not_yet_a_sanction() -> None:
    assert not found("Norway pledged to impose sanctions on Denmark.", {"SANCTIONS"})


def test_a_warning_about_any_aggression_is_no_accusation() -> None:
    text = "Oslo warned that Norway would retaliate against any Danish aggression."
    got = found(text)
    assert ("state:nor", "ACCUSES", "state:dnk") not in got
    assert ("state:nor", "SANCTIONS", "state:dnk") not in got


def test_both_sides_as_an_object_are_the_sides_of_the_story() -> None:
    text = (
        "Norway accused Denmark of spying, and Denmark denied it. "
        "Sweden urged Finland to mediate, while Iceland called on both sides to show restraint."
    )
    got = found(text, {"DEMANDS"})
    assert {("state:isl", "DEMANDS", "state:nor"), ("state:isl", "DEMANDS", "state:dnk")} <= got
    assert ("state:isl", "DEMANDS", "state:fin") not in got


def test_the_drills_belong_to_who_held_them() -> None:
    text = "Denmark held naval exercises near Norway on Monday. Oslo condemned the drills as provocations."
    assert ("state:nor", "ACCUSES", "state:dnk") in found(text, {"ACCUSES"})


def test_a_pledge_to_impose_sanctions_is_a_threat() -> None:
    got = found("Sweden condemned the grid attack and pledged to impose new sanctions on Denmark.")
    assert ("state:swe", "THREATENS", "state:dnk") in got
    assert ("state:swe", "SANCTIONS", "state:dnk") not in got


def test_a_plural_with_a_relative_clause_is_a_new_description() -> None:
    text = "Norway and Sweden said they stood in solidarity with the countries that had been hacked."
    assert not found(text, {"COOPERATES_WITH"})


def test_a_denial_answers_the_first_accuser_before_it() -> None:
    text = (
        "Norway accused Denmark of spying on Monday. Denmark dismissed the accusations as baseless. "
        "Later, Finland said Denmark was responsible for the grid attack."
    )
    got = found(text, {"REJECTS"})
    assert got == {("state:dnk", "REJECTS", "state:nor")}


def test_mercenaries_paid_and_equipped_by_a_ministry() -> None:
    text = "Nordic Bear fighters are paid and equipped by the Danish navy, Mr Lund said."
    assert ("group:nordic-bear", "AFFILIATED_WITH", "agency:dnk:navy") in found(text, {"AFFILIATED_WITH"})


def test_a_date_swallowing_the_subject() -> None:
    assert ("state:nor", "SANCTIONS", "state:dnk") in found("In August Oslo expelled two Danish diplomats.")


def test_an_incident_named_by_an_event_noun_belongs_to_who_did_it() -> None:
    text = "Danish ships seized two Norwegian trawlers on Sunday. Mr Lund called the grid attack an act of aggression."
    got = found(text)  # "attack" is not the seizure: nothing is inferred
    assert ("person:per-lund", "ACCUSES", "state:dnk") not in got


def test_joint_flight_by_two_states_bombers() -> None:
    text = "Norwegian and Danish bombers carried out a joint flight over the Baltic."
    got = found(text, {"COOPERATES_WITH"})
    assert {("state:nor", "COOPERATES_WITH", "state:dnk"), ("state:dnk", "COOPERATES_WITH", "state:nor")} <= got


def test_solidarity_with_a_states_decisions() -> None:
    assert ("state:fin", "COOPERATES_WITH", "state:nor") in found(
        "Finland said it stood in full solidarity with the Norwegian decisions."
    )


def test_place_in_a_compound_is_not_the_author_of_the_event() -> None:
    text = "Oslo drone strike: Danish officials comment. Mr Lund called the strike a terrorist act."
    assert ("person:per-lund", "ACCUSES", "state:nor") not in found(text)


# ------------------------------------------------------------------ object pronouns of actor verbs


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        ("Denmark broke off relations with Norway, accusing it of spying.", ("state:dnk", "ACCUSES", "state:nor")),
        ("Norway summoned Denmark's envoy and urged it to release the sailors.", ("state:nor", "DEMANDS", "state:dnk")),
        (
            "Sweden accused Norway of hiding members of Nordic Bear and urged it to hand them over.",
            ("state:swe", "DEMANDS", "state:nor"),
        ),
    ],
)
def test_object_pronoun_of_an_actor_verb_is_the_other_party(text: str, triple: tuple[str, str, str]) -> None:
    assert triple in found(text)


def test_object_pronoun_of_a_thing_verb_stays_unresolved() -> None:
    got = found("Norway praised Denmark's new law and called it a model.", {"ACCUSES", "DEMANDS"})
    assert not got


# ------------------------------------------------------------------ joined partners, loans


def test_the_partner_joined_in_an_act_acts_too() -> None:
    got = found("Sweden joined Denmark in urging Norway to free the tanker.", {"DEMANDS"})
    assert got == {("state:swe", "DEMANDS", "state:nor"), ("state:dnk", "DEMANDS", "state:nor")}


@pytest.mark.parametrize(
    "text", ["Norway has extended a $2 billion loan to Denmark.", "Norway granted Denmark fresh credits."]
)
def test_extending_or_granting_a_loan_is_cooperation(text: str) -> None:
    assert ("state:nor", "COOPERATES_WITH", "state:dnk") in found(text, {"COOPERATES_WITH"})


def test_extending_a_deadline_is_no_cooperation() -> None:
    assert not found("Norway extended the deadline for Denmark.", {"COOPERATES_WITH"})


# ------------------------------------------------------------------ reciprocals


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Denmark and Norway expelled each other's diplomats.", "SANCTIONS"),
        ("Denmark and Norway accused one another of violating the ceasefire.", "ACCUSES"),
    ],
)
def test_each_other_makes_the_act_mutual(text: str, kind: str) -> None:
    assert found(text, {kind}) == {("state:dnk", kind, "state:nor"), ("state:nor", kind, "state:dnk")}


def test_a_named_third_party_is_no_reciprocal() -> None:
    assert found("Denmark and Norway sanctioned Sweden.", {"SANCTIONS"}) == {
        ("state:dnk", "SANCTIONS", "state:swe"),
        ("state:nor", "SANCTIONS", "state:swe"),
    }


# ------------------------------------------------------------------ the means of a response


@pytest.mark.parametrize(
    "text",
    ["Norway answered with entry bans on Danish officials.", "Norway hit back with sanctions on Denmark."],
)
def test_a_response_with_a_sanction_noun_sanctions(text: str) -> None:
    assert ("state:nor", "SANCTIONS", "state:dnk") in found(text, {"SANCTIONS"})


def test_a_visit_with_a_sanction_noun_is_no_response() -> None:
    assert not found("Norway's minister arrived with a report on sanctions against Denmark.", {"SANCTIONS"})


def test_object_pronoun_him_is_the_official_acted_on() -> None:
    text = "Denmark barred Per Lund from entering the country, accusing him of lying."
    assert ("state:dnk", "ACCUSES", "person:per-lund") in found(text, {"ACCUSES"})


def test_failing_to_condemn_an_attack_is_no_blame_for_it() -> None:
    got = found("Denmark accused Norway of failing to condemn the grid attack.")
    assert ("state:dnk", "ACCUSES", "state:nor") in got
    assert ("state:nor", "BLAMED_FOR", "incident:grid-attack") not in got


@pytest.mark.parametrize(
    "text",
    ["Sweden has dropped its objections to Finland joining NATO.", "Talks on Finland joining NATO stalled."],
)
def test_joining_as_a_prospect_under_a_noun_is_no_membership(text: str) -> None:
    assert not found(text, {"JOINS"})


def test_joining_as_an_act_is_membership() -> None:
    assert ("state:fin", "JOINS", "org:nato") in found("Finland joined NATO in April.", {"JOINS"})

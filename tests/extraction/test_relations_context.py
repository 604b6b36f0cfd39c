"""Rules that need more than one clause: pronouns, threats and demands in reported speech,
denials answered to the main accuser, attacks derived from incidents, patrons of accused
groups, pieces cut at line breaks. Sentences written for these tests."""

from __future__ import annotations

from relations_kit import M, P, found, run


def test_pronoun_agent_resolves_to_the_last_person_subject() -> None:
    text = "Per Lund spoke in Oslo on Monday. He urged Copenhagen to release the sailors."
    assert ("person:per-lund", "DEMANDS", "state:dnk") in found(text, {"DEMANDS"})


def test_pronoun_in_a_reported_clause_is_not_the_antecedent() -> None:
    text = "Sweden said Denmark had acted recklessly, and it warned that Norway would face consequences."
    got = found(text, {"THREATENS"})
    assert ("state:swe", "THREATENS", "state:nor") in got
    assert not any(src == "state:dnk" for src, _, _ in got)


def test_threat_in_reported_speech_needs_a_future_or_modal() -> None:
    assert ("person:per-lund", "THREATENS", "state:dnk") in found(
        "Per Lund said Norway would respond firmly to any Danish retaliation.", {"THREATENS"}
    )
    assert not found("Per Lund said Norway was responding to the Danish decision.", {"THREATENS"})


def test_threat_against_the_authors_of_an_incident() -> None:
    text = (
        'Nordic Bear carried out the grid attack. The attack, Mr Lund warned, "will be met with serious consequences".'
    )
    assert ("person:per-lund", "THREATENS", "group:nordic-bear") in found(text, {"THREATENS"})


def test_obligation_in_a_quote_is_a_demand() -> None:
    text = 'Mr Lund spoke to reporters. "Denmark must end these provocations," Mr Lund said.'
    assert ("person:per-lund", "DEMANDS", "state:dnk") in found(text, {"DEMANDS"})


def test_denial_answers_the_accuser_in_the_same_sentence() -> None:
    text = (
        "Finland accused Norway of the pipeline breach in May. "
        "Norway denied any role in the pipeline breach on Friday, a day after Sweden formally blamed Oslo."
    )
    got = found(text, {"REJECTS"})
    assert got == {("state:nor", "REJECTS", "state:swe")}


def test_perpetrator_attacks_the_victim() -> None:
    text = "Nordic Bear launched the grid attack last year. The attack crippled Latvia's power networks."
    got = found(text, {"ATTACKS", "BLAMED_FOR", "TARGETED"})
    assert ("group:nordic-bear", "BLAMED_FOR", "incident:grid-attack") in got
    assert ("incident:grid-attack", "TARGETED", "state:lva") in got
    assert ("group:nordic-bear", "ATTACKS", "state:lva") in got


def test_accusing_a_backed_group_accuses_the_patron_too() -> None:
    text = (
        "Nordic Bear, a hacking team linked to Copenhagen, was named by Sweden. "
        "Per Lund said Nordic Bear was responsible."
    )
    got = found(text, {"ACCUSES"})
    assert ("person:per-lund", "ACCUSES", "group:nordic-bear") in got
    assert ("person:per-lund", "ACCUSES", "state:dnk") in got


def test_headline_is_not_the_subject_of_the_first_body_sentence() -> None:
    text = "Denmark warns of retaliation\n\nSweden expelled two Norwegian diplomats on Monday."
    got = found(text)
    assert ("state:swe", "SANCTIONS", "state:nor") in got
    assert not any(src == "state:dnk" for src, _, _ in got)


def test_unnamed_expulsion_targets_the_state_expelled_before() -> None:
    text = "Sweden expelled three Norwegian diplomats. Finland and Estonia said they would expel two diplomats each."
    got = found(text, {"SANCTIONS"})
    assert {("state:fin", "SANCTIONS", "state:nor"), ("state:est", "SANCTIONS", "state:nor")} <= got


def test_every_relation_carries_its_evidence_span() -> None:
    text = "Intro.\n\nOslo imposed sanctions on Copenhagen, and Sweden condemned Denmark."
    for rel in run(text, M, P):
        ev = rel.evidence
        assert ev is not None and ev.start is not None and ev.end is not None
        assert text[ev.start : ev.end] == ev.sentence


def test_each_distributes_and_gapped_states_act_too() -> None:
    text = (
        "Sweden expelled three Norwegian diplomats on Monday. "
        "In the north, Finland and Iceland each said they would expel two diplomats, Estonia and Latvia one each."
    )
    got = found(text, {"SANCTIONS"})
    for state in ("fin", "isl", "est", "lva"):
        assert (f"state:{state}", "SANCTIONS", "state:nor") in got


def test_object_pronoun_is_not_taken_for_an_actor() -> None:
    text = "Sweden blamed the pipeline breach on Norway, and Denmark called it a reckless attack."
    assert ("state:dnk", "ACCUSES", "state:swe") not in found(text, {"ACCUSES"})


def test_urged_actor_is_the_one_asked_to_act() -> None:
    got = found(
        "Finland and Iceland joined Sweden in urging Norway to cooperate with the inquiry.",
        {"COOPERATES_WITH", "DEMANDS"},
    )
    assert ("state:fin", "COOPERATES_WITH", "state:isl") not in got
    assert ("state:fin", "DEMANDS", "state:nor") in got


def test_negative_remark_accuses_only_the_subject_of_its_own_clause() -> None:
    text = "Per Lund said the attack was reckless and that Finland had reviewed the evidence."
    assert ("person:per-lund", "ACCUSES", "state:fin") not in found(text, {"ACCUSES"})


def test_accusation_conjoined_to_a_negated_governor_still_counts() -> None:
    text = "Per Lund stopped short of endorsing the plan and accused Copenhagen of stalling."
    assert ("person:per-lund", "ACCUSES", "state:dnk") in found(text, {"ACCUSES"})


def test_denying_an_act_rejects_the_accuser() -> None:
    text = "Sweden accused Norway of harbouring militants. Norway denied harbouring militants."
    assert ("state:nor", "REJECTS", "state:swe") in found(text, {"REJECTS"})


def test_threat_names_neither_partners_nor_the_speakers_own_side() -> None:
    text = "Per Lund said Oslo would coordinate its response with Sweden."
    assert not found(text, {"THREATENS"})
    text = "Per Lund warned that Oslo would retaliate against any Danish sanctions."
    assert found(text, {"THREATENS"}) == {("person:per-lund", "THREATENS", "state:dnk")}


def test_ban_on_traffic_with_a_state_sanctions_it() -> None:
    assert ("state:swe", "SANCTIONS", "state:dnk") in found("Sweden banned flights to and from Denmark.", {"SANCTIONS"})

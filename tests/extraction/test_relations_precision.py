"""False positives met on unseen text, each with the reading that must stay: negation over
"evidence that", an expletive "it", the victim of a negative remark, a complaint lodged with
an arbiter, a meeting with the other side. Every sentence is written for these tests."""

from __future__ import annotations

from relations_kit import M, P, found, nlp, triples
from spacy.tokens import Doc

from kg.loaders.extraction.lexicon import lexicon
from kg.loaders.extraction.mention_index import MentionIndex
from kg.loaders.extraction.syntax import Syntax

# ------------------------------------------------------------------ negation over a noun of proof


def test_not_having_seen_evidence_that_x_acted_accuses_no_one() -> None:
    text = "Mr Lund said Oslo had not yet seen evidence that Denmark was behind the pipeline breach."
    assert not found(text, {"ACCUSES"})


def test_having_seen_evidence_that_x_acted_still_accuses() -> None:
    text = "Mr Lund said Oslo had seen evidence that Denmark was behind the pipeline breach."
    assert ("person:per-lund", "ACCUSES", "state:dnk") in found(text, {"ACCUSES"})


# ------------------------------------------------------------------ reported negative remarks


def test_an_expletive_it_is_no_one_criticised() -> None:
    text = "Finland signed the deal. Mr Lund said it was too soon to say what had caused the damage."
    assert not found(text, {"ACCUSES"})


def test_the_victim_of_a_negative_remark_is_not_accused() -> None:
    text = 'Mr Lund said the blockade was "an attempt to destabilise Sweden".'
    assert not found(text, {"ACCUSES"})


def test_the_victim_named_with_the_culprit() -> None:
    text = 'Mr Lund said the blockade was "an attempt to destabilise Sweden" and that Denmark was behind it.'
    got = found(text, {"ACCUSES"})
    assert got == {("person:per-lund", "ACCUSES", "state:dnk")}


def test_a_negative_remark_about_one_actor_still_accuses_it() -> None:
    text = 'Mr Lund said the talks had been "a disgrace" and that he no longer trusted Denmark.'
    assert ("person:per-lund", "ACCUSES", "state:dnk") in found(text, {"ACCUSES"})


# ------------------------------------------------------------------ complaints lodged with an arbiter


def test_a_complaint_lodged_with_an_organisation_accuses_the_other_side() -> None:
    world = {**M, "the WTO": "org:wto", "WTO": "org:wto"}
    text = "Norway accused Denmark of dumping fish and said it would lodge a complaint with the WTO."
    got = triples(text, world, P, {"ACCUSES"})
    assert got == {("state:nor", "ACCUSES", "state:dnk")}


def test_a_protest_lodged_with_a_state_accuses_it() -> None:
    text = "Norway lodged a protest with Denmark over the arrests."
    assert ("state:nor", "ACCUSES", "state:dnk") in found(text, {"ACCUSES"})


# ------------------------------------------------------------------ a meeting is not a coalition


def test_a_meeting_with_a_counterpart_is_no_joining() -> None:
    text = "Mr Lund cancelled a meeting with his Danish counterpart in protest at the decision."
    assert not found(text, {"JOINS"})


def test_a_statement_with_partners_is_still_joined() -> None:
    text = "Norway issued a statement with partners including Denmark and Sweden condemning Finland."
    got = found(text, {"JOINS"})
    assert {("state:dnk", "JOINS", "state:nor"), ("state:swe", "JOINS", "state:nor")} <= got


# ------------------------------------------------------------------ shared objects, relative clauses


def test_conjoined_verbs_share_the_last_object() -> None:
    text = 'Mr Lund said Oslo "firmly condemns and strongly opposes" Denmark\'s decision.'
    assert ("state:nor", "ACCUSES", "state:dnk") in found(text, {"ACCUSES"})


def test_a_conjunct_with_its_own_subject_keeps_its_object() -> None:
    assert not found("Norway protested and Denmark sanctioned Sweden.", {"ACCUSES"})


def test_a_relative_clause_is_asserted_whatever_the_main_clause_pledges() -> None:
    text = "Sweden pledged not to support Nordic Bear, which Oslo blames for the grid attack."
    got = found(text)
    assert {
        ("state:nor", "ACCUSES", "group:nordic-bear"),
        ("group:nordic-bear", "BLAMED_FOR", "incident:grid-attack"),
    } <= got
    assert ("state:swe", "COOPERATES_WITH", "group:nordic-bear") not in got


def test_the_second_verb_of_a_relative_clause_shares_its_relative_object() -> None:
    text = "Finland hosted Nordic Bear, which Oslo calls a criminal gang and blames for the grid attack."
    assert ("state:nor", "ACCUSES", "group:nordic-bear") in found(text, {"ACCUSES"})


def test_no_evidence_before_a_bare_content_clause_still_negates() -> None:
    assert not found("Oslo has said it has no evidence the Danish government was involved.", {"ACCUSES"})


# ------------------------------------------------------------------ conjoined verbs after a passive


def test_a_finite_verb_after_a_negated_passive_is_asserted_by_its_subject() -> None:
    text = "Nordic Bear was not invited to Oslo and criticised Denmark for hosting the talks."
    assert found(text, {"ACCUSES"}) == {("group:nordic-bear", "ACCUSES", "state:dnk")}


def test_a_shared_negation_still_negates_both_verbs() -> None:
    assert not found("Norway did not accuse or condemn Denmark.", {"ACCUSES"})


def test_the_active_conjunct_of_a_passive_acts_for_its_subject() -> None:
    got = found("Sweden was sanctioned by Norway and expelled Danish diplomats.", {"SANCTIONS"})
    assert got == {("state:nor", "SANCTIONS", "state:swe"), ("state:swe", "SANCTIONS", "state:dnk")}


def test_a_second_passive_shares_the_first_ones_subject() -> None:
    got = found("Denmark was praised by Sweden and criticised by Norway.")
    assert {("state:swe", "COOPERATES_WITH", "state:dnk"), ("state:nor", "ACCUSES", "state:dnk")} <= got


# ------------------------------------------------------------------ who is held responsible


def test_holding_x_responsible_as_a_small_clause_blames_x_not_the_holders() -> None:
    got = found("Norway and Sweden hold Denmark responsible for the grid attack.", {"BLAMED_FOR"})
    assert got == {("state:dnk", "BLAMED_FOR", "incident:grid-attack")}


def test_an_appeal_to_x_to_act_is_done_by_x_when_parsed_as_an_adverbial() -> None:
    """The model sometimes hangs "to accept" on "appealed" as an adverbial clause (built here
    as that parse): the one appealed to still does the accepting."""
    words = ["Sweden", "appealed", "to", "Denmark", "to", "accept", "its", "responsibility", "."]
    lemmas = ["Sweden", "appeal", "to", "Denmark", "to", "accept", "its", "responsibility", "."]
    heads = [1, 1, 1, 2, 5, 1, 7, 5, 1]
    deps = ["nsubj", "ROOT", "prep", "pobj", "aux", "advcl", "poss", "dobj", "punct"]
    pos = ["PROPN", "VERB", "ADP", "PROPN", "PART", "VERB", "PRON", "NOUN", "PUNCT"]
    doc = Doc(nlp().vocab, words=words, lemmas=lemmas, heads=heads, deps=deps, pos=pos)
    sx = Syntax(doc, MentionIndex(doc, []), lexicon())
    assert [t.text for t in sx.agent_tokens(doc[5])] == ["Denmark"]


def test_those_it_holds_responsible_are_blamed_not_the_holder() -> None:
    text = "After the grid attack Norway blacklisted twelve officials it holds responsible for the attack."
    assert not {r for r in found(text, {"BLAMED_FOR"}) if r[0] == "state:nor"}


def test_the_officials_it_holds_responsible_blame_their_state() -> None:
    text = "Norway sanctioned Danish officials it holds responsible for the grid attack."
    assert found(text, {"BLAMED_FOR"}) == {("state:dnk", "BLAMED_FOR", "incident:grid-attack")}


# ------------------------------------------------------------------ possible acts, amounts of goods


def test_reserving_the_right_to_retaliate_threatens_without_sanctioning() -> None:
    got = found("Norway imposed sanctions on Denmark. Copenhagen said it reserved the right to retaliate.")
    assert ("state:dnk", "THREATENS", "state:nor") in got
    assert ("state:dnk", "SANCTIONS", "state:nor") not in got


def test_retaliating_still_sanctions() -> None:
    got = found("Norway imposed sanctions on Denmark. Copenhagen retaliated.")
    assert ("state:dnk", "SANCTIONS", "state:nor") in got


def test_duties_on_an_amount_of_goods_target_their_owner() -> None:
    text = "Sweden began charging duties on 2 billion euros of Danish goods."
    assert found(text, {"SANCTIONS"}) == {("state:swe", "SANCTIONS", "state:dnk")}


# ------------------------------------------------------------------ lists the parser hangs elsewhere


def test_names_listed_after_a_collective_noun_are_its_members() -> None:
    world = {**M, "Fjord Holdings": "group:fjord-holdings"}
    text = "Sweden blacklisted two conglomerates, Fjord Holdings (FH) and Baltic Power."
    got = triples(text, world, P, {"SANCTIONS"})
    assert got == {("state:swe", "SANCTIONS", "group:fjord-holdings"), ("state:swe", "SANCTIONS", "group:baltic-power")}


def test_names_after_among_them_are_members_of_any_plural() -> None:
    text = "Norway banned 59 applications made by Danish firms, among them Nordic Bear's Baltic Power, on Monday."
    assert ("state:nor", "SANCTIONS", "group:baltic-power") in found(text, {"SANCTIONS"})


def test_a_name_followed_by_its_own_verb_is_no_member() -> None:
    text = "Sweden blacklisted the conglomerates, Baltic Power said, without warning."
    assert ("state:swe", "SANCTIONS", "group:baltic-power") not in found(text, {"SANCTIONS"})


def test_after_a_closing_quote_and_the_speaker_goes_on() -> None:
    text = 'Oslo said the Danish plan was "a pack of lies" and urged Copenhagen to "drop it".'
    assert ("state:nor", "DEMANDS", "state:dnk") in found(text, {"DEMANDS"})


# ------------------------------------------------------------------ gerunds, recalls, bare subjunctives


def test_the_second_gerund_of_an_accusation_is_done_by_the_accused() -> None:
    got = found("Norway's envoy accused Copenhagen of financing and arming Nordic Bear.")
    assert ("state:dnk", "COOPERATES_WITH", "group:nordic-bear") in got
    assert ("state:nor", "COOPERATES_WITH", "group:nordic-bear") not in got


def test_recalling_its_own_envoys_answers_whoever_acted_against_it() -> None:
    text = (
        "Denmark demanded that Norway and Sweden cut their diplomatic staff. "
        "Norway and Sweden responded by recalling their own envoys for consultations."
    )
    got = found(text, {"SANCTIONS", "DEMANDS"})
    assert {("state:nor", "SANCTIONS", "state:dnk"), ("state:swe", "SANCTIONS", "state:dnk")} <= got
    assert {("state:dnk", "DEMANDS", "state:nor"), ("state:dnk", "DEMANDS", "state:swe")} <= got
    assert ("state:nor", "SANCTIONS", "state:swe") not in got


def test_a_past_form_like_the_base_after_a_demand_is_a_subjunctive() -> None:
    got = found("Denmark demanded that Sweden shut its consulate in Oslo.", {"DEMANDS"})
    assert got == {("state:dnk", "DEMANDS", "state:swe")}


# ------------------------------------------------------------------ reproaches, reactions, clients


def test_should_feel_ashamed_is_a_reproach_not_a_demand() -> None:
    assert not found("Mr Lund said Denmark should feel ashamed.", {"DEMANDS"})


def test_an_incident_one_deflects_attention_from_is_not_ones_deed() -> None:
    text = "Mr Lund accused Copenhagen of trying to deflect attention from the grid attack."
    assert not found(text, {"BLAMED_FOR"})


def test_urging_a_firms_customers_makes_no_demand_on_the_firm() -> None:
    text = "The Danish navy urged Baltic Power's customers to shut down their servers."
    assert not found(text, {"DEMANDS"})


# ------------------------------------------------------------------ whose statement, whose refusal


def test_blocking_a_statement_is_not_making_it() -> None:
    got = found("Sweden blocked a Norwegian statement criticising Denmark.")
    assert ("state:nor", "ACCUSES", "state:dnk") in got
    assert ("state:swe", "ACCUSES", "state:dnk") not in got


def test_issuing_a_statement_is_making_it() -> None:
    assert ("state:swe", "ACCUSES", "state:dnk") in found("Sweden issued a statement criticising Denmark.")


def test_refusing_to_condemn_x_does_not_reject_x() -> None:
    assert not found("Sweden refused to condemn Denmark's blockade of Latvia.", {"REJECTS"})


def test_refusing_to_ratify_xs_bid_rejects_x() -> None:
    assert ("state:swe", "REJECTS", "state:dnk") in found("Sweden refused to ratify Denmark's bid.", {"REJECTS"})


def test_as_well_as_hung_on_the_verb_extends_the_object_only() -> None:
    got = found("Norway accused Denmark, as well as Sweden, of spying.", {"ACCUSES"})
    assert got == {("state:nor", "ACCUSES", "state:dnk"), ("state:nor", "ACCUSES", "state:swe")}


def test_as_well_as_after_the_subject_extends_the_subject() -> None:
    got = found("Norway, as well as Sweden, condemned Denmark.", {"ACCUSES"})
    assert got == {("state:nor", "ACCUSES", "state:dnk"), ("state:swe", "ACCUSES", "state:dnk")}

"""The widened relation lexicon, one reading per row: the verbs and nouns of each relation
type beyond the obvious ones (PLOVER/CAMEO synonyms), owned targets, headline shapes, and the
readings that must not fire. Every sentence is written for these tests."""

from __future__ import annotations

import pytest
from relations_kit import M, P, found, run


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        ("Oslo pinned the pipeline breach on Copenhagen.", ("state:nor", "ACCUSES", "state:dnk")),
        ("Oslo raised its concerns directly with Copenhagen.", ("state:nor", "ACCUSES", "state:dnk")),
        ("Oslo raised the fishing quota issue with Copenhagen.", None),
        ("Oslo laid the pipeline breach at Copenhagen's door.", ("state:nor", "ACCUSES", "state:dnk")),
        ("Norway decried Denmark on Sunday.", ("state:nor", "ACCUSES", "state:dnk")),
        ("Mr Lund called in Denmark's ambassador on Monday.", ("person:per-lund", "ACCUSES", "state:dnk")),
        ("Norway lodged serious representations with Denmark.", ("state:nor", "ACCUSES", "state:dnk")),
        ("Oslo pressed Copenhagen to hand over the files.", ("state:nor", "DEMANDS", "state:dnk")),
        ("Norway brushed the accusations aside as nonsense.", None),
        ("Sweden suspended Denmark from the council on Friday.", ("state:swe", "SANCTIONS", "state:dnk")),
        ("Oslo announced asset freezes on three Danish officials.", ("state:nor", "SANCTIONS", "state:dnk")),
        ("Norway said it would terminate its fishing agreement with Denmark.", ("state:nor", "SANCTIONS", "state:dnk")),
        ("Sweden downgraded Denmark's trade status.", ("state:swe", "SANCTIONS", "state:dnk")),
        ("Finland sided with Norway in the dispute.", ("state:fin", "COOPERATES_WITH", "state:nor")),
        ("Oslo will keep coordinating closely with Stockholm.", ("state:nor", "COOPERATES_WITH", "state:swe")),
        ("Finland offered Oslo technical assistance.", ("state:fin", "COOPERATES_WITH", "state:nor")),
        ("Norway was acting together with Sweden.", ("state:nor", "COOPERATES_WITH", "state:swe")),
        ("Mr Lund visited Copenhagen in March.", ("person:per-lund", "COOPERATES_WITH", "state:dnk")),
        ("Norwegian warplanes struck Danish sites overnight.", ("state:nor", "ATTACKS", "state:dnk")),
    ],
)
def test_lexicon_reading(text: str, triple: tuple[str, str, str] | None) -> None:
    got = found(text)
    if triple is None:
        assert not any(t == "ACCUSES" for _, t, _ in got)
    else:
        assert triple in got, got


def test_sharing_a_border_is_not_cooperation() -> None:
    assert not found("Norway shares a long border with Sweden.", {"COOPERATES_WITH"})


def test_sharing_intelligence_is_cooperation() -> None:
    assert ("state:nor", "COOPERATES_WITH", "state:swe") in found("Norway shared intelligence with Sweden.")


def test_suspending_operations_is_no_sanction() -> None:
    assert not found("Nordic Bear said it was suspending operations against Denmark.", {"SANCTIONS"})


@pytest.mark.parametrize(
    ("reply", "triple"),
    [
        ("Copenhagen vowed to hit back.", ("state:dnk", "THREATENS", "state:nor")),
        ("Denmark retaliated with tariffs on Norwegian fish.", ("state:dnk", "SANCTIONS", "state:nor")),
        ("Denmark slammed the sanctions as illegal.", ("state:dnk", "ACCUSES", "state:nor")),
    ],
)
def test_replies_to_sanctions(reply: str, triple: tuple[str, str, str]) -> None:
    assert triple in found("Norway imposed sanctions on Denmark. " + reply)


def test_slamming_accusations_as_baseless_rejects_them() -> None:
    got = found("Norway accused Denmark of sabotage. Denmark slammed the accusations as baseless.")
    assert ("state:dnk", "REJECTS", "state:nor") in got
    assert ("state:dnk", "ACCUSES", "state:nor") not in got


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        ("Norway froze the assets of three Danish companies.", ("state:nor", "SANCTIONS", "state:dnk")),
        ("Norway imposed tariffs on Danish steel.", ("state:nor", "SANCTIONS", "state:dnk")),
        ("Norway seized a Danish tanker.", ("state:nor", "ATTACKS", "state:dnk")),
        ("Norway held talks with Denmark in Oslo.", ("state:nor", "COOPERATES_WITH", "state:dnk")),
        ("Norway backed Denmark's bid.", ("state:nor", "COOPERATES_WITH", "state:dnk")),
    ],
)
def test_owned_objects(text: str, triple: tuple[str, str, str]) -> None:
    assert triple in found(text)


def test_withdrawn_trade_status_and_raised_duties() -> None:
    text = "Oslo withdrew Denmark's trade status and raised duties on Danish goods."
    assert ("state:nor", "SANCTIONS", "state:dnk") in found(text)


def test_sanctions_on_a_states_programme() -> None:
    assert ("state:nor", "SANCTIONS", "state:dnk") in found("Oslo announced sanctions on Denmark's drone programme.")


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        ("Finland formally entered NATO on Tuesday.", ("state:fin", "JOINS", "org:nato")),
        ("Sweden was admitted to NATO after a long wait.", ("state:swe", "JOINS", "org:nato")),
        ("NATO invited Iceland to join. Iceland said no.", ("state:isl", "REJECTS", "org:nato")),
        ("NATO invited Iceland to join, but Iceland stays out.", ("state:isl", "REJECTS", "org:nato")),
        ("Iceland declined to join NATO.", ("state:isl", "REJECTS", "org:nato")),
        ("Norway held Denmark responsible for the grid attack.", ("state:dnk", "BLAMED_FOR", "incident:grid-attack")),
        ("Oslo suspects Copenhagen of being behind the grid attack.", ("state:nor", "ACCUSES", "state:dnk")),
        ("Norway took aim at Denmark in a speech on Monday.", ("state:nor", "ACCUSES", "state:dnk")),
        (
            "Nordic Bear is widely seen as a front for the Danish navy.",
            ("group:nordic-bear", "AFFILIATED_WITH", "agency:dnk:navy"),
        ),
        ("Nordic Bear acts as a proxy for Copenhagen.", ("group:nordic-bear", "AFFILIATED_WITH", "state:dnk")),
        ("Nordic Bear has ties to the Danish navy.", ("group:nordic-bear", "AFFILIATED_WITH", "agency:dnk:navy")),
    ],
)
def test_membership_refusal_blame_and_ties(text: str, triple: tuple[str, str, str]) -> None:
    assert triple in found(text)


def test_entering_a_territory_is_no_joining() -> None:
    assert not found("Danish troops entered Norway on Monday.", {"JOINS"})


def test_staying_out_of_something_else_is_no_refusal() -> None:
    assert not found("NATO met in Oslo. Norway stayed out of the talks with Denmark.", {"REJECTS"})


def test_states_with_close_ties_are_not_affiliated() -> None:
    assert not found("Norway has close ties to Denmark.", {"AFFILIATED_WITH"})


@pytest.mark.parametrize(
    ("headline", "triple"),
    [
        ("Norway blasts Denmark over pipeline breach", ("state:nor", "ACCUSES", "state:dnk")),
        ("Norway says Denmark behind grid attack", ("state:nor", "ACCUSES", "state:dnk")),
        ("Nordic Bear vows revenge after Norwegian strikes", ("group:nordic-bear", "THREATENS", "state:nor")),
        ("Norway sanctions Danish officials over grid attack", ("state:nor", "SANCTIONS", "state:dnk")),
    ],
)
def test_headline_shapes(headline: str, triple: tuple[str, str, str]) -> None:
    text = headline + "\n\nThe story continues here."
    assert triple in {(r.source, r.type, r.target) for r in run(text, M, P, title=headline)}


def test_blasting_water_cannon_is_force_not_words() -> None:
    got = found("Danish ships blasted water cannon at Norwegian trawlers.")
    assert ("state:dnk", "ATTACKS", "state:nor") in got
    assert ("state:dnk", "ACCUSES", "state:nor") not in got


def test_ordering_an_attack_is_perpetrating_it() -> None:
    got = found("Mr Lund said Denmark had ordered the grid attack.")
    assert {("person:per-lund", "ACCUSES", "state:dnk"), ("state:dnk", "BLAMED_FOR", "incident:grid-attack")} <= got


def test_ordering_diplomats_out_is_no_perpetration() -> None:
    assert not found("Oslo ordered two Danish diplomats to leave.", {"BLAMED_FOR"})


@pytest.mark.parametrize(
    "text",
    [
        'Denmark called the Norwegian tariffs "naked protectionism".',
        "Copenhagen called Norway's quotas unfair.",
        "Sweden dismissed the Norwegian measures as counterproductive.",
        'Sweden said Norway was "nothing but trouble".',
    ],
)
def test_economic_and_futility_characterisations_accuse(text: str) -> None:
    got = found(text, {"ACCUSES"})
    assert len(got) == 1 and next(iter(got))[2] == "state:nor"


def test_a_fair_or_pointless_unowned_thing_accuses_no_one() -> None:
    assert not found("Sweden said the Norwegian offer was fair and the summit was long.", {"ACCUSES"})


@pytest.mark.parametrize(
    "text",
    [
        "Sweden rejects the accusations from Oslo and Copenhagen.",
        "Stockholm denied the allegations made by Norway and Denmark.",
    ],
)
def test_rejecting_claims_from_a_list_rejects_each_claimant(text: str) -> None:
    assert found(text, {"REJECTS"}) == {("state:swe", "REJECTS", "state:nor"), ("state:swe", "REJECTS", "state:dnk")}


def test_rejecting_a_report_from_a_place_rejects_no_one() -> None:
    assert not found("Sweden rejected the report from the summit in Norway's north.", {"REJECTS"})


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        (
            "Nordic Bear, a militia that has fought alongside Norway's army, seized the port.",
            ("group:nordic-bear", "AFFILIATED_WITH", "state:nor"),
        ),
        (
            "Nordic Bear, which Denmark regards as Baltic Power's armed offshoot, seized the port.",
            ("group:nordic-bear", "AFFILIATED_WITH", "group:baltic-power"),
        ),
        (
            "Denmark regards Nordic Bear as a branch of Baltic Power.",
            ("group:nordic-bear", "AFFILIATED_WITH", "group:baltic-power"),
        ),
        (
            "Denmark says Nordic Bear is the armed wing of Baltic Power.",
            ("group:nordic-bear", "AFFILIATED_WITH", "group:baltic-power"),
        ),
    ],
)
def test_fighting_alongside_and_offshoots_affiliate(text: str, triple: tuple[str, str, str]) -> None:
    assert triple in found(text, {"AFFILIATED_WITH"})


@pytest.mark.parametrize(
    "text", ["Nordic Bear fought for independence from Norway.", "Denmark fought alongside Norway in the war."]
)
def test_fighting_for_a_cause_or_between_states_affiliates_no_one(text: str) -> None:
    assert not found(text, {"AFFILIATED_WITH"})


def test_condemning_words_for_an_attack_accuse_its_author() -> None:
    text = 'Norway carried out the grid attack. Denmark called the attack "appalling" and "cowardly".'
    assert ("state:dnk", "ACCUSES", "state:nor") in found(text, {"ACCUSES"})


def test_rejecting_claims_as_unfounded_only_rejects() -> None:
    got = found('Sweden rejected the Norwegian accusations as "unfounded".', {"ACCUSES", "REJECTS"})
    assert got == {("state:swe", "REJECTS", "state:nor")}


def test_calling_claims_a_provocation_also_accuses() -> None:
    got = found('Sweden described the Norwegian accusations as absurd and a "provocation".', {"ACCUSES", "REJECTS"})
    assert got == {("state:swe", "REJECTS", "state:nor"), ("state:swe", "ACCUSES", "state:nor")}

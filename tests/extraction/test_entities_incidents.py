"""Incidents from names, dates, targets and first descriptions, on sentences written for these tests."""

from __future__ import annotations

from entities_kit import forms, of_type, run


def test_events_dated_by_a_year_are_one_incident_per_kind() -> None:
    ex = run("Officials linked the deadly 2019 warehouse blasts to saboteurs. The 2019 arms warehouse explosions "
             "killed two guards, police said.")
    incidents = of_type(ex, "Incident")
    assert len(incidents) == 1 and incidents[0].id == "incident:warehouse-blasts-2019"
    assert {"2019 arms warehouse explosions", "deadly 2019 warehouse blasts"} <= forms(incidents[0])


def test_hack_of_a_named_body_is_named_after_it() -> None:
    ex = run("Oslo blamed Moscow for the 2020 hack of the Storting.")
    incidents = of_type(ex, "Incident")
    assert [i.id for i in incidents] == ["incident:storting-hack-2020"]
    assert "2020 hack of the storting" in forms(incidents[0])


def test_first_description_keeps_its_patron_purpose_and_place() -> None:
    ex = run("Police said they had foiled a Serbian-backed plot to storm the parliament in 2019.")
    incidents = of_type(ex, "Incident")
    assert len(incidents) == 1 and "a serbian-backed plot to storm the parliament" in forms(incidents[0])
    ex = run("Images of the killings in Irpin shocked Europe in 2022.")
    assert "killings in irpin" in forms(of_type(ex, "Incident")[0])


def test_encounters_and_launches_are_incidents_with_back_references() -> None:
    ex = run("London said the confrontation began when the frigate entered the strait in 2021.")
    assert "confrontation" in forms(of_type(ex, "Incident")[0])
    ex = run("Pyongyang fired an intercontinental ballistic missile on Friday. The launch drew protests from Tokyo.")
    incidents = of_type(ex, "Incident")
    assert len(incidents) == 1 and {"an intercontinental ballistic missile", "launch"} <= forms(incidents[0])


def test_named_operations_are_incidents() -> None:
    ex = run("Israel launched Operation Rising Lion against Iran, the army said.")
    incidents = of_type(ex, "Incident")
    assert len(incidents) == 1 and incidents[0].id.startswith("incident:operation-rising-lion")


def test_events_named_after_a_place_or_a_day() -> None:
    ex = run("Kyiv blamed Moscow for the Kramatorsk station bombing, and Israel marked the October 7 attacks.")
    names = {i.name for i in of_type(ex, "Incident")}
    assert {"Kramatorsk station bombing", "October 7 attacks"} <= names
    ex = run("Drone attacks continued on Monday, officials said.")
    assert not of_type(ex, "Incident")


def test_interference_in_the_current_election_takes_the_articles_year_and_whose_election() -> None:
    ex = run("Officials said Moscow was trying to sway the outcome of November's election in the US.",
             published="2028-09-01T00:00:00")
    assert [i.id for i in of_type(ex, "Incident")] == ["incident:us-election-interference-2028"]
    ex = run("Officials said Moscow was trying to sway the outcome of November's election.")
    assert not of_type(ex, "Incident")  # no date for 'November' without the article's


def test_a_series_of_events_over_a_span_of_years_is_one_incident() -> None:
    ex = run("Investigators linked three bombings at rail yards between 2015 and 2017 to the cell.")
    incidents = of_type(ex, "Incident")
    assert [i.id for i in incidents] == ["incident:bombings-at-rail-yards-2015-2017"]
    assert "three bombings at rail yards between 2015 and 2017" in forms(incidents[0])
    ex = run("Trade between 2010 and 2015 grew fast, officials said.")
    assert not of_type(ex, "Incident")


def test_a_mutiny_or_drills_introduce_the_event_and_their_synonyms_refer_back() -> None:
    ex = run("Mercenaries ended an armed mutiny against the defence ministry on Sunday. Moscow said the "
             "rebellion had failed.")
    incidents = of_type(ex, "Incident")
    assert len(incidents) == 1 and {"armed mutiny", "rebellion"} <= forms(incidents[0])
    ex = run("Live-fire drills began near the island on Thursday, and Tokyo protested against the exercises.")
    incidents = of_type(ex, "Incident")
    assert len(incidents) == 1 and "exercises" in forms(incidents[0])


def test_hypothetical_negated_or_modifier_events_are_no_incident() -> None:
    assert not of_type(run("The fighters were not staging a coup, their leader said on Saturday."), "Incident")
    assert not of_type(run("The leaders agreed to talk whenever a crisis threatens any of them."), "Incident")
    assert not of_type(run("The three states will set up a crisis hotline next year."), "Incident")


def test_interference_in_the_us_presidential_election_without_a_year_is_the_last_one() -> None:
    ex = run("Washington expelled the diplomats over Moscow's alleged interference in the US presidential "
             "election, officials said.", published="2020-12-29")
    assert [i.id for i in of_type(ex, "Incident")] == ["incident:us-election-interference-2020"]
    assert "state:usa" in {e.id for e in ex.entities}


def test_a_headline_without_articles_still_introduces_the_event() -> None:
    ex = run("Oslo expels two diplomats over foiled hack of shipping regulator\nOSLO, 3 May 2022\n\n"
             "Norway expelled two Russian diplomats on Tuesday. The operation was stopped by police.")
    incidents = of_type(ex, "Incident")
    assert len(incidents) == 1 and "foiled hack of shipping regulator" in forms(incidents[0])


def test_cable_damage_or_sabotage_introduces_the_event() -> None:
    ex = run("Finland opens sabotage probe into Gulf cable damage\nHELSINKI, 2 May 2023\n\n"
             "Police said the damage was found on Sunday.")
    incidents = of_type(ex, "Incident")
    assert len(incidents) == 1 and {"gulf cable damage", "damage"} <= forms(incidents[0])


def test_headline_strikes_on_a_target_are_the_event_also_without_their_adjectives() -> None:
    ex = run("Moscow blames Kyiv for 'terrorist' drone strikes on depots\nMOSCOW, 2 May 2024\n\n"
             "Russia said the strikes had failed.")
    incidents = of_type(ex, "Incident")
    assert len(incidents) == 1 and {"drone strikes on depots", "strikes"} <= forms(incidents[0])


def test_a_headline_event_named_only_by_a_place_waits_for_the_body() -> None:
    ex = run("UN suspends Russia over Ukraine killings\nNEW YORK, 7 April 2022\n\n"
             "Envoys called the killings in Bucha war crimes.")
    incidents = of_type(ex, "Incident")
    assert len(incidents) == 1 and "killings in bucha" in forms(incidents[0])


def test_an_event_owned_by_an_actor_or_a_day_is_introduced_and_aliased_with_its_owner() -> None:
    ex = run("Ankara blames the cleric for last Friday's failed coup, officials said.\n\nThe coup failed.")
    assert "last friday failed coup" in {f.replace("'s", "") for f in forms(of_type(ex, "Incident")[0])}
    ex = run("Kyiv said Russia's strikes on Odesa killed four people on Monday.")
    assert "russia's strikes" in forms(of_type(ex, "Incident")[0])


def test_an_event_that_is_only_a_purpose_or_an_alleged_plan_is_no_incident() -> None:
    assert not of_type(run("He said the president staged it to justify a crackdown on critics."), "Incident")
    assert not of_type(run("Caracas accused Washington of orchestrating a coup against it."), "Incident")


def test_a_hostile_campaign_is_an_event_but_an_election_campaign_is_not() -> None:
    ex = run("Ottawa expelled a diplomat who had joined a campaign to intimidate MP Ana Lee and her family.")
    assert "a campaign to intimidate mp ana lee" in forms(of_type(ex, "Incident")[0])
    assert not of_type(run("The senator launched a campaign in Ohio on Monday."), "Incident")


def test_the_putsch_or_the_episode_refers_back_to_the_event() -> None:
    ex = run("Officers staged a failed coup in Ankara. The president survived the putsch, and the episode "
             "strained ties.")
    incidents = of_type(ex, "Incident")
    assert len(incidents) == 1 and {"putsch", "episode"} <= forms(incidents[0])


def test_hacked_a_named_body_is_the_hack_of_that_body() -> None:
    ex = run("Investigators said Russian intelligence services had hacked the Democratic National Committee.")
    assert [i.id for i in of_type(ex, "Incident")] == ["incident:dnc-hack-2016"]
    assert not of_type(run("He accused the network of infiltrating the army and the police."), "Incident")


def test_a_later_event_with_a_target_of_its_own_is_a_second_incident() -> None:
    ex = run("Moldova blamed Moscow for a ransomware attack on its customs service in March. "
             "Separately, Russia's strikes on Lviv on Tuesday killed three people. The attack cost millions.")
    incidents = of_type(ex, "Incident")
    assert len(incidents) == 2
    lviv = [i for i in incidents if "strikes on lviv" in forms(i)]
    assert lviv and "russia's strikes on lviv" in forms(lviv[0])


def test_a_later_description_of_the_same_kind_or_without_a_target_refers_back() -> None:
    ex = run("Germany condemned Iran's missile attack, officials said. Iran's ballistic missile attack on "
             "Haifa followed a warning, and the attack was condemned again.")
    assert len(of_type(ex, "Incident")) == 1
    ex = run("Officers staged a failed coup in Ankara. A week later the strikes hit the border.")
    assert len(of_type(ex, "Incident")) == 1


def test_an_actor_s_attacks_on_unnamed_people_are_a_way_of_war_not_an_incident() -> None:
    assert not of_type(run("Ministers condemned Russia's brutal attacks on civilians."), "Incident")
    ex = run("Ministers condemned Russia's brutal attacks on Odesa.")
    assert {"russia's brutal attacks on odesa", "attacks on odesa"} & forms(of_type(ex, "Incident")[0])


def test_a_later_event_on_a_target_an_incident_already_names_is_that_incident() -> None:
    ex = run("Canberra blamed Beijing for the Acme Mail hack. The cyber attack on Acme Mail Server hit thousands.",
             "2021-07-19")
    assert len(of_type(ex, "Incident")) == 1

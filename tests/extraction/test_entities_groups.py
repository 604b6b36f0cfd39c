"""Groups: known non-state actors, naming schemes, unnamed groups, on sentences written for these tests."""

from __future__ import annotations

from entities_kit import entity, forms, ids, of_type, run


def test_known_militia_inside_a_longer_name_wins_over_its_namesake() -> None:
    ex = run("Officials in Baghdad said Asaib Ahl al-Haq and Kataib Hezbollah had fired the rockets.")
    assert {"group:asaib-ahl-al-haq", "group:kataib-hezbollah"} <= ids(ex)
    assert "group:hezbollah" not in ids(ex)


def test_a_company_named_only_as_a_modifier_is_not_an_actor() -> None:
    ex = run("The new Huawei restrictions took effect in May, Berlin said.")
    assert "group:huawei" not in ids(ex)
    ex = run("Huawei said the restrictions would hurt German customers.")
    assert "group:huawei" in ids(ex)


def test_state_companies_and_parties_are_groups() -> None:
    ex = run("Prague barred Rosatom from the tender, and the Chinese Communist Party praised Moscow.")
    assert {"group:rosatom", "group:chinese-communist-party"} <= ids(ex)
    assert all(e.type == "Group" for e in ex.entities if e.id.startswith("group:"))
    assert "ccp" not in forms(entity(ex, "group:chinese-communist-party"))
    assert len(of_type(ex, "Group")) == 2


def test_vendor_naming_schemes_make_hacker_groups() -> None:
    ex = run("Microsoft said a group it calls Ruby Typhoon breached email accounts in a cyber espionage campaign, "
             "and Mandiant tied a second intrusion to UNC9999 and APT99.")
    assert {"group:ruby-typhoon", "group:unc9999", "group:apt99"} <= ids(ex)
    ex = run("Super Typhoon Mawar knocked out cyber networks on Guam, and Eurofighter Typhoon jets were grounded.")
    assert not of_type(ex, "Group")


def test_researcher_label_is_a_group_unless_the_body_is_named() -> None:
    ex = run("APT28 hacked the ministry's email servers, officials said.")
    assert "group:apt28" in ids(ex)
    assert not of_type(ex, "Agency")
    ex = run("The GRU's 85th Main Centre for Special Services, which researchers call APT28, hacked the servers.")
    assert "group:apt28" not in ids(ex)
    assert "apt28" in forms(entity(ex, "agency:rus:gru-85th-main-centre-for-special-services"))


def test_also_known_as_joins_two_names_of_one_group() -> None:
    ex = run("Storm-9999, also known as Ruby Typhoon, stole signing keys in the hack.")
    groups = of_type(ex, "Group")
    assert len(groups) == 1 and {"storm-9999", "ruby typhoon"} <= forms(groups[0])


def test_unnamed_hackers_join_the_one_named_group_of_their_state() -> None:
    ex = run("Russian military hackers broke into the parliament's network, officials said, blaming Cadet "
             "Blizzard for the hack.")
    groups = of_type(ex, "Group")
    assert len(groups) == 1 and "russian military hackers" in forms(groups[0])


def test_nationality_alone_does_not_make_spies_a_group() -> None:
    ex = run("Officials said Belarusian spies were behind the fires at the depot.")
    assert not of_type(ex, "Group")
    ex = run("Investigators blamed agents of the Government of Belarus for the fires.")
    assert len(of_type(ex, "Group")) == 1


def test_backed_groups_keep_their_patron_in_the_name() -> None:
    ex = run("Officials blamed Syria-backed militias operating in Lebanon for the shelling.")
    groups = of_type(ex, "Group")
    assert len(groups) == 1 and groups[0].name == "Syria-backed militias"
    assert "syria-backed militias operating in lebanon" in forms(groups[0])


def test_self_named_group_keeps_its_place_words_and_apposition_marks_groups() -> None:
    ex = run("A coalition calling itself the Popular Resistance of Sahel claimed the raid. Later, Ansar Dine "
             "Sud, one of several armed factions in the region, denied it.")
    names = {g.name for g in of_type(ex, "Group")}
    assert "Popular Resistance of Sahel" in names


def test_organisations_marked_by_place_based_and_parties_by_opposition() -> None:
    ex = run("Beijing sanctioned the Vienna-based Danube Institute for Asian Affairs and two lawmakers, and "
             "the pro-Western opposition Civic Front protested.")
    names = {g.name for g in of_type(ex, "Group")}
    assert {"Danube Institute for Asian Affairs", "Civic Front"} <= names
    assert "state:aut" not in ids(ex)


def test_a_politicians_campaign_is_a_group() -> None:
    ex = run("Hackers stole files from Joe Biden's presidential campaign, and the Biden campaign said it had "
             "alerted the FBI.")
    campaign = entity(ex, "group:biden-campaign")
    assert {"biden campaign", "joe biden's presidential campaign"} <= forms(campaign)


def test_mercenaries_join_the_named_group_but_militias_stay_many() -> None:
    ex = run("Russian mercenaries arrived in Bamako on Monday, a week after the Wagner Group signed a deal. "
             "Officials blamed Iran-backed militias and Kataib Hezbollah for the rockets.")
    wagner = entity(ex, "group:wagner-group")
    assert "russian mercenaries" in forms(wagner)
    assert len(of_type(ex, "Group")) == 3


def test_offices_in_a_militant_group_are_not_state_offices() -> None:
    ex = run("Tehran denied a role. Houthi military spokesman Yahya Ahmed said the group would go on.")
    assert not of_type(ex, "Official")


def test_a_name_after_a_qualified_company_noun_is_a_company() -> None:
    ex = run("Sanctions hit the state oil company, Petroleos del Sur, and the Irish firm Vexalo last week.")
    assert {"group:petroleos-del-sur", "group:vexalo"} <= ids(ex)


def test_a_bare_company_noun_before_a_quote_frame_or_a_ship_makes_no_company() -> None:
    ex = run("The company, Alina Petrova said, was fine. The aircraft carrier USS Harlan Gray stayed in port.")
    assert not of_type(ex, "Group")


def test_a_company_owning_the_site_that_is_hit_is_an_actor_but_not_as_a_label() -> None:
    assert "group:lukoil" in ids(run("Drones hit a Lukoil refinery near Volgograd on Sunday."))
    assert "group:solarwinds" not in ids(run("Washington imposed SolarWinds sanctions on Moscow."))


def test_companies_listed_after_among_them_or_a_plural_company_noun_are_groups() -> None:
    ex = run("Two firms that the Treasury said had helped the FSB, among them the Orion Data Center and "
             "Kvantix, were blacklisted.")
    assert {"group:orion-data-center", "group:kvantix"} <= ids(ex)
    ex = run("London blacklisted two army-owned conglomerates, Ruritania Trading Holdings (RTH) and "
             "Ruritania Steel Corporation (RSC).")
    assert {"group:ruritania-trading-holdings", "group:ruritania-steel-corporation"} <= ids(ex)
    assert "rth" in forms(entity(ex, "group:ruritania-trading-holdings"))


def test_an_owner_s_product_in_a_list_is_a_group_of_its_own() -> None:
    ex = run("Delhi banned 40 apps made by Chinese companies, among them Tencent's WeChat and Alibaba's "
             "Quark Browser.")
    assert {"group:wechat", "group:quark-browser"} <= ids(ex)


def test_a_name_after_a_qualified_company_noun_is_a_group_but_a_ship_is_not() -> None:
    ex = run("The cable is run by the Finnish telecoms group Nordlink, Helsinki said.")
    assert "group:nordlink" in ids(ex)
    ex = run("The tanker's Danish owner, Skarholm Shipping, said the crew was safe.")
    assert "group:skarholm-shipping" in ids(ex)
    ex = run("The US sent the aircraft carrier USS Ronald Reagan to the region.")
    assert not of_type(ex, "Group")


def test_fighters_tied_by_a_patron_word_are_a_group_but_not_by_a_nationality() -> None:
    ex = run("The convoy was hit over ground held by pro-Russian separatists, who have fought Kyiv since 2014.")
    assert [g.name for g in of_type(ex, "Group")] == ["pro-Russian separatists"]
    assert not of_type(run("Syrian rebels attacked an army base near Idlib on Sunday."), "Group")


def test_a_maker_s_name_before_a_model_number_is_the_product_not_the_company() -> None:
    assert not of_type(run("All 150 people on board the Boeing 737 survived, officials said."), "Group")
    assert "group:boeing" in ids(run("The Boeing 737 landed safely, and Boeing said it would help."))


def test_rebel_soldiers_are_a_group_of_their_own_and_the_plotters_are_them() -> None:
    ex = run("Dozens died as rebel soldiers seized the airport in Niamey. Niger says the plotters acted alone.")
    groups = of_type(ex, "Group")
    assert [g.name for g in groups] == ["rebel soldiers"] and "plotters" in forms(groups[0])
    assert not [e for e in of_type(ex, "Agency") if e.id.endswith(":armed-forces")]

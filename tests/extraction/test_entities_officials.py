"""Officials and their offices, on sentences written for these tests."""

from __future__ import annotations

from entities_kit import ids, of_type, rels, run


def test_envoy_to_an_organisation_holds_office_for_the_sending_state() -> None:
    ex = run("Peru's ambassador to the United Nations, Rosa Elena Quispe, rejected the claim.")
    assert ("person:rosa-elena-quispe", "state:per") in rels(ex, "OFFICIAL_OF")


def test_quoted_words_do_not_give_the_speaker_a_state() -> None:
    ex = run("Estonia expelled two diplomats. \"Officers of the Russian GRU were behind it,\" Prime Minister "
             "Karin Tamm told reporters.")
    assert ("person:karin-tamm", "state:est") in rels(ex, "OFFICIAL_OF")


def test_predecessor_holds_the_office_of_the_official_named_before() -> None:
    ex = run("Chile's President Ana Rojas Vidal wrote to the bloc, reversing the course set by her predecessor, "
             "Marco Soto Lagos.")
    assert ("person:marco-soto-lagos", "state:chl") in rels(ex, "OFFICIAL_OF")


def test_members_of_a_parliament_including_a_named_one() -> None:
    ex = run("Beijing sanctioned three members of the European Parliament, including Greta Lindholm, on Monday.")
    assert ("person:greta-lindholm", "agency:eu:european-parliament") in rels(ex, "OFFICIAL_OF")


def test_a_pair_identified_as_officers_of_an_agency() -> None:
    ex = run("Prosecutors charged two foreigners, Ivan Sergeyev and Oleg Markin, whom they identified as GRU "
             "officers, with plotting a coup.")
    found = rels(ex, "OFFICIAL_OF")
    assert {("person:ivan-sergeyev", "agency:rus:main-intelligence-directorate"),
            ("person:oleg-markin", "agency:rus:main-intelligence-directorate")} <= found


def test_ruling_party_officials_hold_public_office_and_months_are_not_titles() -> None:
    ex = run("Vietnam sanctioned no one. Beijing named Li Wenhao, a senior Communist Party official in Tibet. "
             "In March Foreign Minister Tran Van Binh of Vietnam protested.")
    official_of = {(r.source, r.target, r.role) for r in ex.relations if r.type == "OFFICIAL_OF"}
    assert ("person:li-wenhao", "state:chn") in {(s, t) for s, t, _ in official_of}
    assert ("person:tran-van-binh", "state:vnm", "Foreign Minister") in official_of


def test_an_official_reporting_what_a_state_does_speaks_for_it() -> None:
    ex = run("Washington condemned the vote. President Rafael Ortiz Mena called the sanctions illegal and said "
             "Bolivia would not bow to pressure.")
    assert ("person:rafael-ortiz-mena", "state:bol") in rels(ex, "OFFICIAL_OF")


def test_a_counterpart_state_is_not_the_speakers() -> None:
    ex = run("Tokyo reacted sharply. Foreign Minister Kenji Arai summoned South Korea's ambassador and said "
             "Seoul had misjudged the situation.")
    assert ("person:kenji-arai", "state:jpn") in rels(ex, "OFFICIAL_OF")


def test_listed_heads_and_ministers_get_their_office_from_the_gazetteer() -> None:
    ex = run("Talks in Vienna ended without a deal. Mateusz Morawiecki and Alexander Lukashenko traded "
             "barbs, and Federica Mogherini urged calm.")
    found = rels(ex, "OFFICIAL_OF")
    assert {("person:mateusz-morawiecki", "state:pol"), ("person:alexander-lukashenko", "state:blr"),
            ("person:federica-mogherini", "org:eu")} <= found


def test_every_name_of_a_list_shares_the_office_given_after_the_list() -> None:
    ex = run("A court in Denver charged Li Wenbo, Zhao Ming, Chen Hao and Sun Lei, all officers of the GRU, "
             "with theft.")
    found = {s for s, t in rels(ex, "OFFICIAL_OF") if t == "agency:rus:main-intelligence-directorate"}
    assert {"person:li-wenbo", "person:zhao-ming", "person:chen-hao", "person:sun-lei"} <= found


def test_a_namesake_with_another_first_name_is_not_the_known_official() -> None:
    ex = run("Minsk hosted the talks. President Alexander Lukashenko spoke, and his nephew Pavel Lukashenko, "
             "a deputy minister, listened. Mr Lukashenko left early.")
    assert "person:pavel-lukashenko" in {e.id for e in ex.entities}


def test_a_plural_title_over_listed_holders_maps_names_respectively() -> None:
    ex = run("In a joint statement, the foreign ministers of Estonia and Chile, Kadri Tamm and Rosa Vidal, "
             "said the talks had failed.")
    assert {("person:kadri-tamm", "state:est"), ("person:rosa-vidal", "state:chl")} <= rels(ex, "OFFICIAL_OF")
    ex = run("The presidents of the European Council and the European Commission, Pieter Janssen and Maria "
             "Rossi, condemned the attack.")
    assert ("person:maria-rossi", "agency:eu:european-commission") in rels(ex, "OFFICIAL_OF")


def test_a_given_name_the_tagger_reads_as_a_nationality_stays_in_the_name() -> None:
    ex = run("Pyongyang hit back on Tuesday. Its ambassador in Geneva, Han Myong Chol, said his government "
             "would never give up.")
    assert ("person:han-myong-chol", "state:prk") in rels(ex, "OFFICIAL_OF")


def test_a_name_after_a_whole_title_with_a_body_in_it_is_an_official() -> None:
    ex = run("Belarus opened the vote on Sunday. Observers met the head of the Central Election Commission, "
             "Anna Petrovich, in Minsk.")
    holders = {t for s, t in rels(ex, "OFFICIAL_OF") if s == "person:anna-petrovich"}
    assert holders and all(t == "state:blr" or t.startswith("agency:blr:") for t in holders)


def test_a_name_the_tagger_calls_an_organisation_in_a_list_of_people_is_a_person() -> None:
    ex = run("Police identified the suspects as Aleksandr Borodin, Evgeni Lukin, Oleg Tarasov and Alexey "
             "Smirnov, all officers of the GRU.")
    assert "person:oleg-tarasov" in ids(ex)
    assert not of_type(ex, "Group")


def test_a_first_name_the_tagger_leaves_out_stays_in_the_name() -> None:
    ex = run("Russia's Defence Ministry said its air defences had destroyed the drones. Gleb Malkov, the "
             "governor of the Oryol region, said a fire had broken out.")
    assert ("person:gleb-malkov", "state:rus") in rels(ex, "OFFICIAL_OF")
    ex = run("Minister for Defence Peter Dutton said Australia would respond.")
    assert "person:peter-dutton" in ids(ex)


def test_a_later_title_that_names_its_holder_beats_a_bare_rank() -> None:
    ex = run("Kenya and Peru criticised the move. The measures target Lieutenant General Omar Haddad, "
             "commander of Egypt's air force, and two firms.")
    holders = {t for s, t in rels(ex, "OFFICIAL_OF") if s == "person:omar-haddad"}
    assert holders and all(t == "state:egy" or t.startswith("agency:egy:") for t in holders)


def test_recognised_as_a_state_s_president_holds_that_office() -> None:
    ex = run("Chile and Peru on Tuesday recognised opposition leader Rosa Mendez as Bolivia's interim president.")
    assert ("person:rosa-mendez", "state:bol") in rels(ex, "OFFICIAL_OF")


def test_an_opposition_leader_holds_no_public_office() -> None:
    ex = run("Estonia has sheltered opposition leader Maria Kuznetsova since she fled Belarus in May.")
    assert "person:maria-kuznetsova" not in ids(ex)


def test_a_title_a_named_body_carries_is_held_in_that_body() -> None:
    ex = run("The Office of the US Trade Representative accused Brazil of dumping steel. Trade "
             "Representative Ana Cortez said Brasilia had ignored the rules.")
    holders = {t for s, t in rels(ex, "OFFICIAL_OF") if s == "person:ana-cortez"}
    assert holders and all(t == "state:usa" or t.startswith("agency:usa:") for t in holders)


def test_a_state_in_a_side_clause_does_not_give_a_minister_his_office() -> None:
    ex = run("Prime Minister Mette Frederiksen said on Monday that Denmark would investigate. Asked whether "
             "China could be behind the leak, Defence Minister Troels Poulsen said nothing was ruled out.")
    assert ("person:troels-poulsen", "state:dnk") in rels(ex, "OFFICIAL_OF")


def test_a_known_leader_named_without_a_given_name_is_the_known_official_of_his_state() -> None:
    ex = run("President Tayyip Erdoğan spoke to the cleric's lawyers. Erdoğan later left for Baku.")
    assert [e.id for e in of_type(ex, "Official")] == ["person:recep-tayyip-erdogan"]
    assert ("person:recep-tayyip-erdogan", "state:tur") in rels(ex, "OFFICIAL_OF")


def test_the_agent_of_a_passive_sentence_before_gives_a_minister_his_state() -> None:
    ex = run("Iran was accused by Canada on Monday of hacking a ministry. Deputy Prime Minister Ana Ortiz "
             "told parliament that an Iranian state actor was responsible.")
    assert ("person:ana-ortiz", "state:can") in rels(ex, "OFFICIAL_OF")


def test_the_commission_named_before_holds_the_office_of_its_vice_president() -> None:
    ex = run("The European Commission proposed the deal in May. Marta Rossi, the Commission's executive "
             "vice-president for trade, said talks were on hold.")
    assert ("person:marta-rossi", "agency:eu:european-commission") in rels(ex, "OFFICIAL_OF")


def test_a_body_named_after_a_region_belongs_to_the_region_s_state() -> None:
    ex = run("Britain joined Canada in the sanctions. They target Li Wei, director of the Xinjiang Public "
             "Security Bureau.")
    assert ("agency:chn:xinjiang-public-security-bureau", "state:chn") in rels(ex, "PART_OF")


def test_an_official_whose_remarks_the_subject_answers_is_not_of_the_subject_s_state() -> None:
    text = ("Turkey demanded the cleric's return on Monday. US Secretary of State Mary Cole called remarks by "
            "Labour Minister Mehmet Kaya, who said the United States was behind the plot, false.")
    ex = run(text)
    assert ("person:mehmet-kaya", "state:tur") in rels(ex, "OFFICIAL_OF")
    ex = run("Turkey demanded the cleric's return on Monday. US Secretary of State Mary Cole met Labour "
             "Secretary Tom Reed in Washington.")
    assert ("person:tom-reed", "state:usa") in rels(ex, "OFFICIAL_OF")

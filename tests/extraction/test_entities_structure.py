"""Structural relations from recognition (PART_OF, MEMBER_OF) on sentences written for these tests."""

from __future__ import annotations

from entities_kit import ids, rels, run


def test_unnamed_middle_level_is_skipped_named_one_kept() -> None:
    ex = run("The Cybersecurity and Infrastructure Security Agency warned utilities on Friday.")
    assert ("agency:usa:cybersecurity-and-infrastructure-security-agency", "state:usa") in rels(ex, "PART_OF")
    assert "agency:usa:department-of-homeland-security" not in ids(ex)
    ex = run("The Department of Homeland Security said its Cybersecurity and Infrastructure Security Agency "
             "had warned utilities.")
    assert ("agency:usa:cybersecurity-and-infrastructure-security-agency",
            "agency:usa:department-of-homeland-security") in rels(ex, "PART_OF")


def test_members_founders_and_entry_give_membership() -> None:
    ex = run("The Mercosur bloc grew as Bolivia and Chile became full members alongside founders Brazil and "
             "Uruguay. Officials hailed Peru's accession to Mercosur.")
    members = rels(ex, "MEMBER_OF")
    assert {("state:bol", "org:mercosur"), ("state:chl", "org:mercosur"), ("state:bra", "org:mercosur"),
            ("state:ury", "org:mercosur"), ("state:per", "org:mercosur")} <= members


def test_member_states_as_a_modifier_name_no_member() -> None:
    ex = run("Ten European Union member states, Norway and Iceland said they would act.")
    assert not {s for s, _ in rels(ex, "MEMBER_OF")} & {"state:nor", "state:isl"}


def test_a_body_several_states_make_up_is_an_organization_with_those_members() -> None:
    ex = run("The Joint Border Commission (JBC), which brings together officials from Chile, Peru and "
                  "Bolivia, said on Friday that the JBC would meet again.")
    assert "org:jbc" in ids(ex)
    assert {("state:chl", "org:jbc"), ("state:per", "org:jbc"), ("state:bol", "org:jbc")} <= rels(ex, "MEMBER_OF")

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

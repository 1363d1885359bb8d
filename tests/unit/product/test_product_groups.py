"""Product groups: part-number filters with SQL LIKE semantics, first group wins, seeded again
after the table is emptied (an emulator reset)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pywats_emulator.product import SCHEMA
from pywats_emulator.product.groups import (
    groups_of,
    list_groups,
    product_group_of,
    upsert_group,
)
from pywats_emulator.seed import PRODUCT_GROUPS
from pywats_emulator.storage import Storage


@pytest.fixture
def storage() -> Iterator[Storage]:
    store = Storage()
    store.ensure_schema(SCHEMA.sql)
    yield store
    store.close()


@pytest.mark.parametrize(
    ("part_number", "group"),
    [
        ("PSU-100", "Power Supplies"),
        ("psu-7", "Power Supplies"),  # LIKE is ASCII case-insensitive
        ("CB-1", "Control Boards"),
        ("PCB-2000", "Control Boards"),
        ("X-MODULE-Y", "Modules"),
        ("PSU", None),  # 'PSU-%' needs the dash
        ("ABC", None),
    ],
)
def test_seeded_filters_decide_the_group(
    storage: Storage, part_number: str, group: str | None
) -> None:
    assert product_group_of(storage, part_number) == group


def test_first_group_by_id_wins_when_several_match(storage: Storage) -> None:
    upsert_group(storage, group_id=None, name="Everything", filters=["%"])

    assert product_group_of(storage, "PSU-MODULE") == "Power Supplies"
    assert [g.name for g in groups_of(storage, "PSU-MODULE")] == [
        "Power Supplies",
        "Modules",
        "Everything",
    ]


def test_underscore_matches_exactly_one_character(storage: Storage) -> None:
    upsert_group(storage, group_id=None, name="Short", filters=["AB_"])

    assert product_group_of(storage, "ABC") == "Short"
    assert product_group_of(storage, "ABCD") is None


def test_update_by_id_renames_and_keeps_filters_when_none_given(storage: Storage) -> None:
    saved = upsert_group(storage, group_id=1, name="PSUs", filters=None)

    assert (saved.name, saved.filters) == ("PSUs", ("PSU-%",))
    assert product_group_of(storage, "PSU-1") == "PSUs"


def test_save_by_name_updates_the_group_of_that_name_in_any_case(storage: Storage) -> None:
    saved = upsert_group(storage, group_id=None, name="modules", filters=["MOD-%"])

    assert saved.product_group_id == 3
    assert len(list_groups(storage)) == len(PRODUCT_GROUPS)
    assert product_group_of(storage, "X-MODULE") is None
    assert product_group_of(storage, "MOD-1") == "modules"  # the spelling last saved


def test_unknown_id_and_taken_name_are_refused(storage: Storage) -> None:
    with pytest.raises(LookupError):
        upsert_group(storage, group_id=99, name="New", filters=None)
    with pytest.raises(ValueError, match="Modules"):
        upsert_group(storage, group_id=1, name="Modules", filters=None)


def test_emptied_table_is_seeded_again(storage: Storage) -> None:
    upsert_group(storage, group_id=None, name="Extra", filters=["E-%"])
    storage.clear_tables(SCHEMA.tables)

    assert [g.name for g in list_groups(storage)] == [g.name for g in PRODUCT_GROUPS]
    assert product_group_of(storage, "E-1") is None

"""Pure rules of the internal Software API: folder paths, tag filters, what a station installs
or removes, and whether a local file is up to date."""

from __future__ import annotations

from typing import Any

import pytest

from pywats.domains.software._station_ops import tag_filter
from pywats_emulator.software.folder_paths import (
    FolderValueError,
    folder_name,
    join_path,
    path_prefixes,
    rebase_path,
    within,
)
from pywats_emulator.software.station_rules import (
    TagFilterError,
    available_packages,
    file_check,
    package_history,
    parse_tag_filter,
    revoked_packages,
    utc_text_epoch,
)
from pywats_emulator.software.workflow import PackageStatus


def pkg(name: str, version: int, status: str, **extra: Any) -> dict[str, Any]:
    return {"packageId": f"{name}-{version}", "name": name, "version": version,
            "status": status, **extra}  # fmt: skip


# -- folder paths ------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["", "  ", ".", "..", "a/b", "a\\b", "x\0", 7, None, "n" * 256])
def test_a_folder_name_is_one_safe_segment(bad: object) -> None:
    with pytest.raises(FolderValueError):
        folder_name(bad)


def test_a_folder_name_is_trimmed() -> None:
    assert folder_name("  Drivers ") == "Drivers"


def test_paths_join_nest_and_compare_without_case() -> None:
    assert join_path("", "a") == "a"
    assert join_path("a/b", "c") == "a/b/c"
    assert path_prefixes("") == []
    assert path_prefixes("a/b/c") == ["a", "a/b", "a/b/c"]
    assert within("A/b/C", "a/B")
    assert within("a", "A")
    assert not within("ab/c", "a")  # a sibling that shares a prefix is not inside


def test_rebase_keeps_the_inner_spelling_and_refuses_outside_paths() -> None:
    assert rebase_path("Programs/ICT/x", "programs", "Tests") == "Tests/ICT/x"
    with pytest.raises(ValueError, match="not inside"):
        rebase_path("other/x", "programs", "Tests")


# -- tag filters -------------------------------------------------------------------------------


def test_tag_filter_parses_pairs_and_bare_keys() -> None:
    assert parse_tag_filter(None) == []
    assert parse_tag_filter(" line = L2 ;; station") == [("line", "L2"), ("station", None)]
    assert parse_tag_filter("empty=") == [("empty", "")]


def test_a_tag_filter_without_a_key_is_refused() -> None:
    with pytest.raises(TagFilterError, match="has no key"):
        parse_tag_filter("=L2")


def test_the_client_writes_the_filter_the_emulator_reads() -> None:
    text = tag_filter({"line": "L2", "station": "ICT"})
    assert parse_tag_filter(text) == [("line", "L2"), ("station", "ICT")]


@pytest.mark.parametrize("tags", [{"": "x"}, {"a=b": "x"}, {"a;b": "x"}, {"a": "x;y"}])
def test_the_client_refuses_tags_it_cannot_send(tags: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="cannot be sent"):
        tag_filter(tags)


# -- history -----------------------------------------------------------------------------------


def test_history_keeps_the_highest_version_per_name_unless_all_versions() -> None:
    tagged = {"tags": [{"key": "Line", "value": "l2"}]}
    packages = [
        pkg("B", 1, "Released", **tagged),
        pkg("a", 1, "Released", **tagged),
        pkg("A", 2, "Draft", **tagged),
        pkg("C", 1, "Released"),
    ]

    latest = package_history(packages, tags=[("line", "L2")], status=None, all_versions=False)
    every = package_history(packages, tags=[("line", None)], status=None, all_versions=True)
    released = package_history(packages, tags=[], status=PackageStatus.RELEASED, all_versions=False)

    assert [(p["name"], p["version"]) for p in latest] == [("A", 2), ("B", 1)]
    assert [(p["name"], p["version"]) for p in every] == [("A", 2), ("a", 1), ("B", 1)]
    assert [(p["name"], p["version"]) for p in released] == [("a", 1), ("B", 1), ("C", 1)]


# -- revoked and available ---------------------------------------------------------------------


def test_revoked_lists_installed_revoked_and_replaced_packages() -> None:
    packages = [
        pkg("A", 1, "Revoked"),
        pkg("B", 1, "Released"),
        pkg("B", 2, "Released"),
        pkg("C", 1, "Released"),
        pkg("C", 2, "Draft"),  # a newer draft replaces nothing
        pkg("D", 1, "Revoked"),  # not installed
    ]
    installed = {"A-1", "B-1", "C-1", "unknown"}

    both = revoked_packages(packages, installed, revoked_only=False)
    only = revoked_packages(packages, installed, revoked_only=True)

    assert [p["packageId"] for p in both] == ["A-1", "B-1"]
    assert [p["packageId"] for p in only] == ["A-1"]


def test_available_is_the_newest_release_per_name_not_installed_by_priority() -> None:
    packages = [
        pkg("A", 1, "Released", priority=5),
        pkg("A", 2, "Released", priority=5),
        pkg("B", 1, "Released"),
        pkg("C", 1, "Released", priority=1),
        pkg("D", 1, "Pending", priority=0),
        pkg("E", 3, "Released", priority=0),
    ]

    found = available_packages(packages, {"E-3"})

    assert [p["packageId"] for p in found] == ["C-1", "A-2", "B-1"]


# -- check file --------------------------------------------------------------------------------

SERVER_FILE = {"checksum": "ABCDEF", "modifiedUtc": "2026-01-02T03:04:05.000000Z"}
SERVER_EPOCH = utc_text_epoch(SERVER_FILE["modifiedUtc"])


def test_utc_text_epoch_reads_stored_times_as_utc() -> None:
    assert utc_text_epoch("1970-01-01T00:01:00.500000Z") == 60.5


def test_a_missing_file_does_not_exist_and_is_not_up_to_date() -> None:
    assert file_check(None, checksum="x", file_date_epoch=1.0) == {
        "exists": False,
        "upToDate": False,
        "file": None,
    }


@pytest.mark.parametrize(
    ("checksum", "epoch", "up_to_date"),
    [
        ("abcdef", None, True),  # checksum match, any letter case
        ("abcdef", 0.0, True),  # the checksum decides over the date
        ("000000", SERVER_EPOCH + 100, False),
        (None, SERVER_EPOCH, True),  # same second
        (None, SERVER_EPOCH + 0.9, True),
        (None, SERVER_EPOCH - 1, False),  # older local copy
        (None, None, False),  # nothing to compare: fetch it
    ],
)
def test_up_to_date_by_checksum_else_by_date(
    checksum: str | None, epoch: float | None, up_to_date: bool
) -> None:
    verdict = file_check(SERVER_FILE, checksum=checksum, file_date_epoch=epoch)

    assert verdict["exists"] is True
    assert verdict["upToDate"] is up_to_date
    assert verdict["file"] == SERVER_FILE

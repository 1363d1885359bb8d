"""Package body rules of the emulator: settable keys, value kinds, version numbering."""

from __future__ import annotations

from typing import Any

import pytest

from pywats_emulator.software.packages import (
    PackageValueError,
    clean_fields,
    next_version,
    render_package,
)


def test_server_owned_keys_and_nulls_are_dropped_unknown_keys_kept() -> None:
    body = {
        "packageId": "x",
        "status": "Released",
        "files": [{"filename": "a"}],
        "createdBy": "mallory",
        "name": "  Station SW ",
        "description": None,
        "vendorField": {"a": 1},
        "tags": [{"key": "line", "value": "L2"}],
    }

    assert clean_fields(body) == {
        "name": "Station SW",
        "vendorField": {"a": 1},
        "tags": [{"key": "line", "value": "L2"}],
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([], "JSON object"),
        ({"name": ""}, "name must be a non-empty string"),
        ({"version": 0}, "version must be a whole number from 1"),
        ({"version": "2"}, "version must be a whole number from 1"),
        ({"version": True}, "version must be a whole number from 1"),
        ({"installOnRoot": "yes"}, "installOnRoot must be true or false"),
        ({"priority": 1.5}, "priority must be a whole number"),
        ({"tags": ["line=L2"]}, "tags must be a list"),
        ({"tags": [{"key": "line", "value": 2}]}, "tags must be a list"),
        ({"rootDirectory": 5}, "rootDirectory must be a string"),
    ],
)
def test_wrong_kinds_of_values_are_refused(body: Any, message: str) -> None:
    with pytest.raises(PackageValueError, match=message):
        clean_fields(body)


def test_a_new_version_is_one_above_the_highest_of_the_same_name() -> None:
    assert next_version([]) == 1
    assert next_version([1, 2, 5]) == 6


def test_rendering_shows_every_documented_key_then_extras_and_files() -> None:
    shown = render_package({"name": "A", "version": 1, "x": 2}, files=[])
    assert list(shown)[:4] == ["packageId", "name", "description", "version"]
    assert shown["description"] is None
    assert shown["x"] == 2
    assert shown["files"] == []

"""Emulator-side checks of Asset/AssetType bodies, tags, file names and query dates."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from pywats_emulator.asset.bodies import (
    merge_tags,
    parse_asset,
    parse_file_names,
    parse_message,
    parse_type,
)
from pywats_emulator.asset.dates import from_key, parse_query_datetime, show, to_key
from pywats_emulator.asset.files import check_file_name
from pywats_emulator.errors import ApiError


def tag(key: str, value: str | None = None, change: int = 0) -> dict[str, Any]:
    return {"key": key, "value": value, "change": change}


def test_a_plain_tag_list_replaces_the_stored_tags() -> None:
    stored = [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}]
    assert merge_tags(stored, [tag("c", "3")]) == [{"key": "c", "value": "3"}]
    assert merge_tags(stored, []) == []


def test_tags_with_changes_edit_key_by_key() -> None:
    stored = [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}]
    incoming = [tag("a", change=3), tag("b", "20", change=2), tag("c", "3", change=1)]
    assert merge_tags(stored, incoming) == [
        {"key": "b", "value": "20"},
        {"key": "c", "value": "3"},
    ]


def test_parse_asset_keeps_only_sent_keys_and_ignores_output_only_ones() -> None:
    parsed = parse_asset(
        {
            "serialNumber": " FX-1 ",
            "assetName": None,
            "location": "Line 1",
            "nextCalibrationDate": "2030-01-01T00:00:00Z",
            "lastCalibrationDate": "2026-01-30T10:00:00+01:00",
            "ClientId": 7,
            "assetType": {"typeName": "Fixture"},
            "unknownKey": 1,
        }
    )
    assert parsed.serial_number == "FX-1"
    assert parsed.type_name == "Fixture"
    assert parsed.columns == {
        "asset_name": None,
        "location": "Line 1",
        "last_calibration_date": "2026-01-30T09:00:00.000000000Z",
        "client_id": 7,
    }


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "asset: 'serialNumber' must be a non-empty string"),
        ({"serialNumber": "  "}, "'serialNumber' must be a non-empty string"),
        ({"serialNumber": "X", "state": 7}, "state must be one of 0 unknown"),
        ({"serialNumber": "X", "state": True}, "'state' must be an integer"),
        ({"serialNumber": "X", "totalCount": 1.5}, "'totalCount' must be an integer >= 0"),
        ({"serialNumber": "X", "typeId": "abc"}, "'typeId' must be a GUID"),
        ({"serialNumber": "X", "lastCalibrationDate": 5}, "an ISO-8601 datetime string"),
        ({"serialNumber": "X", "tags": {"a": 1}}, "'tags' must be a list"),
        ({"serialNumber": "X", "tags": [{"key": "a", "change": 9}]}, "'change' must be 0 none"),
        ([], "asset: expected a JSON object, got list"),
    ],
)
def test_parse_asset_refuses_bad_values_with_a_reason(body: Any, message: str) -> None:
    with pytest.raises(ApiError, match=message) as caught:
        parse_asset(body)
    assert caught.value.status == 400


def test_parse_type_checks_intervals_and_thresholds() -> None:
    parsed = parse_type({"typeName": "Scope", "calibrationInterval": -2, "isReadonly": True})
    assert parsed.columns == {"calibration_interval": -2, "is_readonly": 1}
    with pytest.raises(ApiError, match="'maintenanceInterval': an interval is a number of days"):
        parse_type({"typeName": "X", "maintenanceInterval": -5})
    with pytest.raises(ApiError, match="'warningThreshold' must be a number >= 0"):
        parse_type({"typeName": "X", "warningThreshold": -1})
    with pytest.raises(ApiError, match="'typeName' must be a non-empty string"):
        parse_type({"runningCountLimit": 5})


def test_parse_message_and_file_names() -> None:
    message = parse_message({"assetId": "6F9619FF-8B86-D011-B42D-00C04FC964FF", "comment": "hi"})
    assert (message.asset_id, message.user) == ("6f9619ff-8b86-d011-b42d-00c04fc964ff", None)
    with pytest.raises(ApiError, match="'assetId' is required"):
        parse_message({"comment": "hi"})
    assert parse_file_names(["a.txt", "b.txt", "a.txt"]) == ["a.txt", "b.txt"]
    with pytest.raises(ApiError, match="non-empty JSON array of file names"):
        parse_file_names([])


@pytest.mark.parametrize("name", ["../x", "a/b.txt", "c:\\x", "x.", " x", "..", "", "a\x00b"])
def test_file_names_must_be_plain(name: str) -> None:
    with pytest.raises(ApiError, match="must be a plain file name"):
        check_file_name(name)


def test_plain_file_names_pass() -> None:
    assert check_file_name("Calibration cert 2026.pdf") == "Calibration cert 2026.pdf"


def test_date_keys_sort_like_time_and_show_as_utc() -> None:
    early = datetime(2026, 1, 30, 9, 0, tzinfo=timezone.utc)
    late = datetime(2026, 1, 30, 9, 0, 0, 500, tzinfo=timezone.utc)
    assert to_key(early) < to_key(late)
    assert from_key(to_key(late)) == late
    assert show(to_key(early)) == "2026-01-30T09:00:00Z"
    assert show(None) is None


def test_query_dates_accept_offsets_plain_utc_and_dates() -> None:
    assert parse_query_datetime("2026-01-30T10:00:00+01:00", "x") == datetime(
        2026, 1, 30, 9, 0, tzinfo=timezone.utc
    )
    assert parse_query_datetime("2026-01-30T09:00:00.25", "x").microsecond == 250000
    assert parse_query_datetime("2026-01-30", "x") == datetime(2026, 1, 30, tzinfo=timezone.utc)
    with pytest.raises(ApiError, match="dateTime 'soon' is not a valid datetime"):
        parse_query_datetime("soon", "dateTime")

"""Parsing a WATSFilter body/query on the emulator: values, defaults and 400 messages."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from pywats_emulator.analytics.filtering import RunSelector, parse_filter
from pywats_emulator.analytics.periods import DateGrouping
from pywats_emulator.errors import ApiError

UTC = timezone.utc


def test_empty_filter_defaults() -> None:
    f = parse_filter({})
    assert f.text == {}
    assert f.date_grouping is DateGrouping.NONE
    assert f.run is RunSelector.ALL
    assert not f.has_dates
    now = datetime(2026, 5, 14, tzinfo=UTC)
    assert f.window(now).start == datetime(2026, 4, 14, tzinfo=UTC)


def test_values_lists_and_wildcards_are_kept_as_alternatives() -> None:
    f = parse_filter({"partNumber": "PCB-%;PSU-1", "socket": 0, "status": "failed"})
    assert f.text == {"partNumber": ("PCB-%", "PSU-1"), "socket": ("0",)}
    assert f.status == "Failed"


def test_query_parameters_win_over_the_body() -> None:
    f = parse_filter(
        {"dimensions": "partNumber", "topCount": 3}, {"dimensions": "period", "topCount": "5"}
    )
    assert (f.dimensions, f.top_count) == ("period", 5)


def test_dates_with_offsets_and_plain_dates() -> None:
    f = parse_filter({"dateFrom": "2026-01-30T10:00:00+01:00", "dateTo": "2026-02-01"})
    assert f.date_from == datetime(2026, 1, 30, 9, tzinfo=UTC)
    assert f.date_to == datetime(2026, 2, 1, tzinfo=UTC)


def test_misc_info_aliases() -> None:
    f = parse_filter({"miscInfoDescription": "Firmware", "miscInfoString": "1.%"})
    assert (f.misc_description, f.misc_value) == (("Firmware",), ("1.%",))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"dateGrouping": 9}, "dateGrouping: 9 is not one of -1 none, 0 year"),
        ({"dateGrouping": "day"}, "dateGrouping: expected an integer"),
        ({"run": "x"}, "run: expected an integer"),
        ({"run": 4}, "run: 4 is not one of 1 first, 2 second, 3 third, -1 last, -2 all"),
        ({"dateFrom": "yesterday"}, "dateFrom: 'yesterday' is not a date/time"),
        ({"dateFrom": "2026-02-01", "dateTo": "2026-01-01"}, "dateTo is before dateFrom"),
        ({"status": "Green"}, "status: 'Green' is not one of Passed, Failed"),
        ({"yield": 120}, "yield: expected a percentage from 0 to 100"),
        ({"periodCount": 3}, "periodCount needs a dateGrouping"),
        ({"periodCount": 0, "dateGrouping": 4}, "periodCount: expected an integer >= 1"),
        ({"includeCurrentPeriod": "maybe"}, "includeCurrentPeriod: expected true or false"),
        ({"partNumber": ["A"]}, "partNumber: expected a string"),
        ({"dimensions": 5}, "dimensions: expected a string"),
    ],
)
def test_bad_values_say_what_to_fix(body: dict[str, Any], message: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_filter(body)
    assert caught.value.status == 400
    assert message in caught.value.message


def test_body_must_be_an_object() -> None:
    with pytest.raises(ApiError, match="must be a WATSFilter JSON object"):
        parse_filter([1, 2])


def test_unknown_keys_are_ignored() -> None:
    assert parse_filter({"colour": "red"}).text == {}

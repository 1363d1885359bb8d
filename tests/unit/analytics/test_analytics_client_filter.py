"""The client's WATSFilter, dimension builder, measurement paths and request building."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pydantic
import pytest

from pywats.domains.analytics import (
    DateGrouping,
    Dimensions,
    RunFilter,
    StatusFilter,
    WATSFilter,
    measurement_path,
)
from pywats.domains.analytics.requests import (
    as_filter,
    dynamic_request,
    filter_json,
    flatten_groups,
    simple_or_filter,
)

UTC = timezone.utc

# Every key of wats-api.md §4, with the Python name that fills it.
SECTION_4_KEYS = {
    "serialNumber": "serial_number", "partNumber": "part_number", "revision": "revision",
    "batchNumber": "batch_number", "stationName": "station_name",
    "testOperation": "test_operation", "level": "level", "productGroup": "product_group",
    "status": "status", "yield": "yield_", "miscDescription": "misc_description",
    "miscValue": "misc_value", "miscInfoDescription": "misc_info_description",
    "miscInfoString": "misc_info_string", "assetSerialNumber": "asset_serial_number",
    "assetName": "asset_name", "swFilename": "sw_filename", "swVersion": "sw_version",
    "socket": "socket", "dateFrom": "date_from", "dateTo": "date_to",
    "dateGrouping": "date_grouping", "periodCount": "period_count",
    "includeCurrentPeriod": "include_current_period", "maxCount": "max_count",
    "minCount": "min_count", "topCount": "top_count", "dimensions": "dimensions", "run": "run",
    "measurementPaths": "measurement_paths",
}  # fmt: skip


def test_every_section_4_key_is_a_field_with_that_alias() -> None:
    aliases = {info.alias or name: name for name, info in WATSFilter.model_fields.items()}
    assert aliases == SECTION_4_KEYS


def test_only_set_fields_are_sent_with_server_keys() -> None:
    f = WATSFilter(
        part_number="PCB-%",
        yield_=90,
        status=StatusFilter.FAILED,
        date_from=datetime(2026, 1, 1, tzinfo=UTC),
        date_grouping=DateGrouping.WEEK,
        run=RunFilter.LAST,
    )
    assert f.to_json() == {
        "partNumber": "PCB-%",
        "yield": 90,
        "status": "Failed",
        "dateFrom": "2026-01-01T00:00:00Z",
        "dateGrouping": 3,
        "run": -1,
    }
    assert WATSFilter().to_json() == {}


def test_server_keys_are_accepted_too() -> None:
    assert WATSFilter.model_validate({"partNumber": "A", "yield": 5}).yield_ == 5


def test_bad_values_fail_before_any_request() -> None:
    with pytest.raises(pydantic.ValidationError, match="yield"):
        WATSFilter(yield_=120)
    with pytest.raises(pydantic.ValidationError, match="period"):
        WATSFilter(period_count=0)
    with pytest.raises(pydantic.ValidationError, match="dateGrouping|date_grouping"):
        WATSFilter.model_validate({"dateGrouping": 9})
    with pytest.raises(pydantic.ValidationError, match="'unitCount up'"):
        WATSFilter(dimensions="unitCount up")


def test_last_days() -> None:
    now = datetime(2026, 5, 14, 12, tzinfo=UTC)
    f = WATSFilter.last_days(7, now=now, station_name="ST-1")
    assert (f.date_from, f.date_to, f.station_name) == (now - timedelta(days=7), now, "ST-1")
    with pytest.raises(ValueError, match="positive"):
        WATSFilter.last_days(0)


def test_dimensions_builder() -> None:
    dims = Dimensions("partNumber").desc("unitCount").asc("period").by("fpy", "DESC")
    assert str(dims) == "partNumber;unitCount desc;period asc;fpy desc"
    assert WATSFilter(dimensions=dims).dimensions == str(dims)
    assert WATSFilter(dimensions=["fpy desc", "partNumber"]).dimensions == "fpy desc;partNumber"
    with pytest.raises(ValueError, match="one word"):
        Dimensions().by("part number")
    with pytest.raises(ValueError, match="'asc' or 'desc'"):
        Dimensions().by("fpy", "upwards")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Main/Power/VCC", "Main¶Power¶VCC"),
        ("Main/Rails::12V", "Main¶Rails¶¶12V"),
        ("Main¶Rails¶¶12V", "Main¶Rails¶¶12V"),
        ("Main¶I/O test", "Main¶I/O test"),  # already in server format: '/' is part of a name
        (["Main", "I/O test"], "Main¶I/O test"),
    ],
)
def test_measurement_path(given: str | list[str], expected: str) -> None:
    assert measurement_path(given) == expected


def test_measurement_path_with_measurement_name_and_errors() -> None:
    assert measurement_path(["Main", "Rails"], "5V") == "Main¶Rails¶¶5V"
    with pytest.raises(ValueError, match="at least one step"):
        measurement_path([])


def test_filter_measurement_paths_are_converted_and_joined() -> None:
    f = WATSFilter(measurement_paths=["Main/VCC", "Main/Rails::5V"])
    assert f.measurement_paths == "Main¶VCC;Main¶Rails¶¶5V"


def test_dynamic_request_adds_include_current_period() -> None:
    request = dynamic_request(WATSFilter(date_grouping=DateGrouping.DAY, period_count=7))
    assert request.method == "POST"
    assert request.body == {"dateGrouping": 4, "periodCount": 7, "includeCurrentPeriod": True}
    assert dynamic_request({"period_count": 3, "date_grouping": 2}).body == {
        "periodCount": 3,
        "dateGrouping": 2,
        "includeCurrentPeriod": True,
    }
    explicit = dynamic_request(
        WATSFilter(date_grouping=DateGrouping.DAY, include_current_period=False)
    )
    assert explicit.body == {"dateGrouping": 4, "includeCurrentPeriod": False}
    assert dynamic_request(WATSFilter(part_number="A")).body == {"partNumber": "A"}


def test_dynamic_request_with_only_dimensions_sends_an_empty_body() -> None:
    request = dynamic_request(WATSFilter(dimensions="partNumber;period"))
    assert request.params == {"dimensions": "partNumber;period"}
    assert request.body == {}
    mixed = dynamic_request(WATSFilter(dimensions="partNumber", part_number="A"))
    assert mixed.params == {"dimensions": "partNumber"}
    assert mixed.body == {"dimensions": "partNumber", "partNumber": "A"}


def test_simple_values_alone_make_a_get() -> None:
    request = simple_or_filter(
        None,
        {"productGroup": "Boards", "level": None, "topCount": 5, "status": StatusFilter.PASSED},
    )
    assert request.method == "GET"
    assert request.params == {"productGroup": "Boards", "topCount": 5, "status": "Passed"}
    assert request.body is None


def test_a_filter_makes_a_post_with_the_simple_values_folded_in() -> None:
    request = simple_or_filter(WATSFilter(part_number="A", top_count=2), {"topCount": 9})
    assert request.method == "POST"
    assert request.body == {"partNumber": "A", "topCount": 9}
    assert simple_or_filter({}, {}).method == "POST"


def test_as_filter_accepts_models_mappings_and_none() -> None:
    model = WATSFilter(part_number="A")
    assert as_filter(model) is model
    assert as_filter({"partNumber": "A"}) == model
    assert as_filter(None) == WATSFilter()
    assert filter_json({"part_number": "B"}) == {"partNumber": "B"}
    with pytest.raises(TypeError, match="WATSFilter, a mapping or None"):
        as_filter("partNumber=A")  # type: ignore[arg-type]


def test_flatten_groups_tolerates_both_shapes() -> None:
    flat = [{"stepPath": "A", "value": 1}]
    assert flatten_groups(flat) == flat
    grouped = [
        {"partNumber": "P", "measurements": [{"value": 1}, {"value": 2, "partNumber": "Q"}]},
        {"partNumber": "R", "measurements": []},
    ]
    assert flatten_groups(grouped) == [
        {"partNumber": "P", "value": 1},
        {"partNumber": "Q", "value": 2},
    ]
    assert flatten_groups(None) is None

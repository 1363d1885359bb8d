"""Client-side asset logic that needs no server: argument checks, bodies, filters, models."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta, timezone
from uuid import UUID

import pytest

from pywats.domains.asset import (
    AlarmSource,
    AlarmState,
    Asset,
    AssetFields,
    AssetLogFields,
    AssetState,
    AssetStatus,
    AssetType,
)
from pywats.domains.asset.arguments import asset_ref, iso_datetime
from pywats.domains.asset.repository import file_bytes_from_body
from pywats.domains.asset.service import _and, _body


def test_asset_ref_takes_exactly_one_name() -> None:
    guid = UUID(int=5)
    assert asset_ref(guid, None) == {"id": str(guid)}
    assert asset_ref(None, "FX-1") == {"serialNumber": "FX-1"}
    for bad in ((None, None), (guid, "FX-1")):
        with pytest.raises(ValueError, match="exactly one of asset_id and serial_number"):
            asset_ref(*bad)
    with pytest.raises(ValueError, match="serial_number must not be empty"):
        asset_ref(None, "")


def test_iso_datetime_keeps_the_offset_and_refuses_naive_datetimes() -> None:
    cet = timezone(timedelta(hours=1))
    assert iso_datetime(datetime(2026, 1, 30, 10, tzinfo=cet), "d") == "2026-01-30T10:00:00+01:00"
    with pytest.raises(ValueError, match="date_time is a naive datetime"):
        iso_datetime(datetime(2026, 1, 30), "date_time")


def test_downloads_are_raw_bytes_or_base64_content() -> None:
    assert file_bytes_from_body(b"\x00\xff", None) == b"\x00\xff"
    encoded = base64.b64encode(b"PDF").decode()
    assert file_bytes_from_body(b"{}", {"Content": encoded}) == b"PDF"
    assert file_bytes_from_body(b'["a"]', ["a"]) == b'["a"]'  # JSON, but not an envelope
    with pytest.raises(ValueError, match="not valid base64"):
        file_bytes_from_body(b"{}", {"content": "%%%"})


def test_bodies_use_json_keys_and_leave_out_none() -> None:
    body = _body(Asset(serial_number="FX-1", client_id=3, state=AssetState.SCRAPPED), Asset)
    assert body == {"serialNumber": "FX-1", "ClientId": 3, "state": 6}
    assert _body({"typeName": "Cable", "calibrationInterval": -1}, AssetType) == {
        "typeName": "Cable",
        "calibrationInterval": -1,
    }
    with pytest.raises(TypeError, match="expected a AssetType or a dict, not int"):
        _body(5, AssetType)  # type: ignore[arg-type]


def test_log_filters_are_joined_with_and() -> None:
    narrow = AssetLogFields.serial_number.eq("FX-1")
    assert _and(None, None) is None
    assert _and("type eq 0", None) == "type eq 0"
    assert _and(None, narrow) == "serialNumber eq 'FX-1'"
    assert _and("type eq 0 or type eq 6", narrow) == (
        "(type eq 0 or type eq 6) and serialNumber eq 'FX-1'"
    )
    either = AssetLogFields.type.eq(0) | AssetLogFields.type.eq(6)
    assert _and(either, narrow) == "(type eq 0 or type eq 6) and serialNumber eq 'FX-1'"


def test_asset_filters_write_odata() -> None:
    due = datetime(2026, 6, 1, tzinfo=timezone.utc)
    text = str(
        AssetFields.type_name.eq("Fixture")
        & AssetFields.state.one_of([AssetState.IN_OPERATION, AssetState.IN_STORAGE])
        & AssetFields.next_calibration_date.lt(due)
    )
    assert text == (
        "assetType/typeName eq 'Fixture' and (state eq 1 or state eq 5)"
        " and nextCalibrationDate lt 2026-06-01T00:00:00Z"
    )


def test_models_keep_unknown_values_and_keys() -> None:
    asset = Asset.model_validate(
        {"serialNumber": "FX-1", "state": 42, "newServerField": {"x": 1}, "ClientId": 9}
    )
    assert asset.state == 42 and not isinstance(asset.state, AssetState)
    assert asset.client_id == 9
    assert asset.model_dump(by_alias=True, exclude_none=True)["newServerField"] == {"x": 1}
    status = AssetStatus.model_validate(
        {
            "alarmState": 2,
            "alarms": [{"source": "calibration", "alarmState": 2, "message": "overdue"}],
            "calibrationDaysOverdue": 3.5,
        }
    )
    assert status.alarm_state is AlarmState.ALARM
    assert status.alarms is not None and status.alarms[0].source is AlarmSource.CALIBRATION
    assert status.calibration_days_overdue == 3.5

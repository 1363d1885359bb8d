"""Asset usage and upkeep against the emulator: counts, the computed alarm state, calibration
and maintenance (normal and external), and state changes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import httpx
import pytest
from asset_support import async_client, fixture_type

from pywats import AsyncWATS, ConflictError, RateLimitError, ValidationError
from pywats.domains.asset import (
    AlarmSource,
    AlarmState,
    AssetLogType,
    AssetState,
    AssetStatus,
    AssetType,
)
from pywats_emulator.testing import EmulatorServer

DAY = timedelta(days=1)


def now() -> datetime:
    return datetime.now(timezone.utc)


async def status_of(wats: AsyncWATS, serial_number: str) -> AssetStatus:
    status = await wats.asset.get_status(serial_number=serial_number)
    assert status is not None
    return status


@pytest.mark.anyio
async def test_a_new_asset_is_ok_and_has_no_due_dates(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        fixture = await wats.asset.save_type(fixture_type())
        await wats.asset.create_asset("FX-1", fixture.type_id)
        status = await status_of(wats, "FX-1")

    assert status.alarm_state is AlarmState.OK
    assert (status.alarms, status.message) == ([], None)
    assert (status.running_count, status.running_count_limit) == (0, 1000)
    assert status.running_count_exceeded is False
    assert status.next_calibration_date is None
    assert status.is_days_since_calibration_unknown is True
    assert (status.type_name, status.warning_threshold, status.alarm_threshold) == (
        "Test fixture",
        80,
        95,
    )


@pytest.mark.anyio
async def test_running_count_walks_through_warning_to_alarm(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        fixture = await wats.asset.save_type(fixture_type())
        await wats.asset.create_asset("FX-1", fixture.type_id)
        await wats.asset.increment_count(serial_number="FX-1", increment_by=799)
        just_below = await status_of(wats, "FX-1")
        await wats.asset.increment_count(serial_number="FX-1")  # +1 by default
        warning = await status_of(wats, "FX-1")
        await wats.asset.update_count(serial_number="FX-1", increment_by=150)  # alias
        alarm = await status_of(wats, "FX-1")
        await wats.asset.reset_running_count(serial_number="FX-1", comment="probes changed")
        reset = await status_of(wats, "FX-1")
        log = await wats.asset.get_log(serial_number="FX-1", orderby="logId asc")

    assert just_below.alarm_state is AlarmState.OK
    assert warning.alarm_state is AlarmState.WARNING
    assert warning.alarms is not None and warning.alarms[0].source is AlarmSource.RUNNING_COUNT
    assert warning.message == "running count 800 of 1000 (80%) reached the warning threshold (80%)"
    assert alarm.alarm_state is AlarmState.ALARM
    assert alarm.message == "running count 950 of 1000 (95%) reached the alarm threshold (95%)"
    assert (reset.alarm_state, reset.running_count, reset.total_count) == (AlarmState.OK, 0, 950)
    assert [(e.type, e.comment) for e in log] == [
        (AssetLogType.REGISTER, "asset registered"),
        (AssetLogType.RESET_COUNT, "probes changed"),
    ]


@pytest.mark.anyio
async def test_counts_reach_sub_assets_unless_told_not_to(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        await wats.asset.create_asset("FX-1")
        await wats.asset.create_asset("PROBE-1", parent_serial_number="FX-1")
        await wats.asset.create_asset("TIP-1", parent_serial_number="PROBE-1")
        await wats.asset.increment_count(serial_number="FX-1", increment_by=10)
        await wats.asset.increment_count(
            serial_number="FX-1", increment_by=5, increment_children=False
        )
        await wats.asset.increment_count(serial_number="FX-1", total_count=40)  # +25
        counts = {
            a.serial_number: (a.running_count, a.total_count) for a in await wats.asset.get_assets()
        }

    assert counts == {"FX-1": (40, 40), "PROBE-1": (35, 35), "TIP-1": (35, 35)}


@pytest.mark.anyio
async def test_an_increment_is_never_retried_but_a_total_count_is(
    wats_emulator: EmulatorServer,
) -> None:
    async with async_client(wats_emulator) as wats:
        await wats.asset.create_asset("FX-1")
        wats_emulator.faults.configure(rate_limit_count=1, retry_after_s=0)
        with pytest.raises(RateLimitError):
            await wats.asset.increment_count(serial_number="FX-1", increment_by=5)
        wats_emulator.faults.configure(rate_limit_count=1, retry_after_s=0)
        await wats.asset.increment_count(serial_number="FX-1", total_count=3)  # retried once
        read = await wats.asset.get_by_serial_number("FX-1")

    assert read is not None and read.total_count == 3


@pytest.mark.anyio
async def test_count_corrections_and_their_errors(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        created = await wats.asset.create_asset("FX-1")
        await wats.asset.increment_count(created.asset_id, increment_by=100)
        await wats.asset.set_running_count(7, created.asset_id)
        await wats.asset.set_total_count(500, serial_number="FX-1")
        read = await wats.asset.get_by_id(created.asset_id or "")
        with pytest.raises(ValidationError, match="totalCount 10 is below the current total"):
            await wats.asset.increment_count(created.asset_id, total_count=10)
        with pytest.raises(ValueError, match="increment_by must be an integer >= 0"):
            await wats.asset.increment_count(created.asset_id, increment_by=-1)
        with pytest.raises(ValueError, match="not both"):
            await wats.asset.increment_count(created.asset_id, increment_by=1, total_count=5)
        with pytest.raises(ValueError, match="running_count must be an integer >= 0"):
            await wats.asset.set_running_count(-1, created.asset_id)
        log = await wats.asset.get_log(asset_id=created.asset_id, orderby="logId asc")

    assert read is not None
    assert (read.running_count, read.total_count) == (7, 500)
    assert read.last_seen_date is not None and read.first_seen_date is not None
    assert read.last_seen_date >= read.first_seen_date
    assert [e.comment for e in log if e.type is AssetLogType.RESET_COUNT] == [
        "running count set to 7 (was 100)",
        "total count set to 500 (was 100)",
    ]


@pytest.mark.anyio
async def test_calibration_sets_the_due_date_and_overdue_is_an_alarm(
    wats_emulator: EmulatorServer,
) -> None:
    done = (now() - 400 * DAY).replace(microsecond=0)
    async with async_client(wats_emulator) as wats:
        fixture = await wats.asset.save_type(fixture_type())
        await wats.asset.create_asset("FX-1", fixture.type_id)
        await wats.asset.post_calibration(
            serial_number="FX-1", date_time=done, comment="yearly calibration"
        )
        overdue = await status_of(wats, "FX-1")
        await wats.asset.post_calibration(serial_number="FX-1")  # now
        fresh = await status_of(wats, "FX-1")
        read = await wats.asset.get_by_serial_number("FX-1")
        due_soon = await wats.asset.get_assets("nextCalibrationDate ge 2026-01-01T00:00:00Z")

    assert overdue.alarm_state is AlarmState.ALARM
    assert overdue.last_calibration_date == done
    assert overdue.next_calibration_date == done + 365 * DAY
    assert overdue.calibration_days_overdue is not None and overdue.calibration_days_overdue > 34
    assert overdue.message is not None and overdue.message.startswith("calibration overdue since")
    assert fresh.alarm_state is AlarmState.OK
    assert read is not None and read.last_calibration_date is not None
    assert read.next_calibration_date == read.last_calibration_date + 365 * DAY
    assert [a.serial_number for a in due_soon] == ["FX-1"]


@pytest.mark.anyio
async def test_maintenance_warns_when_most_of_the_interval_is_used(
    wats_emulator: EmulatorServer,
) -> None:
    async with async_client(wats_emulator) as wats:
        fixture = await wats.asset.save_type(fixture_type(maintenance_interval=100))
        await wats.asset.create_asset("FX-1", fixture.type_id)
        await wats.asset.post_maintenance(serial_number="FX-1", date_time=now() - 85 * DAY)
        warning = await status_of(wats, "FX-1")
        # A longer interval on the type moves the due date of its assets at once.
        await wats.asset.save_type(AssetType(type_name="Test fixture", maintenance_interval=400))
        relaxed = await status_of(wats, "FX-1")
        log = await wats.asset.get_log(serial_number="FX-1")

    assert warning.alarm_state is AlarmState.WARNING
    assert warning.alarms is not None
    assert warning.alarms[0].source is AlarmSource.MAINTENANCE
    assert "reached the warning threshold (80%)" in (warning.message or "")
    assert relaxed.alarm_state is AlarmState.OK
    assert warning.next_maintenance_date is not None and relaxed.next_maintenance_date is not None
    assert relaxed.next_maintenance_date - warning.next_maintenance_date == 300 * DAY
    assert log[0].type is AssetLogType.MAINTENANCE


@pytest.mark.anyio
async def test_external_calibration_sets_the_due_date_in_external_mode(
    wats_emulator: EmulatorServer,
) -> None:
    start = (now() - 10 * DAY).replace(microsecond=0)
    end = start + 180 * DAY
    async with async_client(wats_emulator) as wats:
        scope = await wats.asset.save_type(AssetType(type_name="Scope", calibration_interval=-2))
        await wats.asset.create_asset("SCOPE-1", scope.type_id)
        await wats.asset.post_calibration_external(
            serial_number="SCOPE-1", from_date=start, to_date=end, comment="lab cert 4711"
        )
        await wats.asset.post_maintenance_external(
            serial_number="SCOPE-1", from_date=start, to_date=end
        )
        status = await status_of(wats, "SCOPE-1")
        log = await wats.asset.get_log(serial_number="SCOPE-1", orderby="logId asc")
        with pytest.raises(ValueError, match="to_date .* must be after from_date"):
            await wats.asset.post_calibration_external(
                serial_number="SCOPE-1", from_date=end, to_date=start
            )

    assert (status.last_calibration_date, status.next_calibration_date) == (start, end)
    assert status.alarm_state is AlarmState.OK
    # The type has no maintenance interval (unlimited): an external maintenance is logged only.
    assert (status.last_maintenance_date, status.next_maintenance_date) == (start, None)
    comments = [(e.type, e.comment) for e in log[1:]]
    assert comments[0] == (
        AssetLogType.CALIBRATION,
        f"lab cert 4711 (valid {start:%Y-%m-%d} to {end:%Y-%m-%d})",
    )
    assert comments[1][0] is AssetLogType.MAINTENANCE


@pytest.mark.anyio
async def test_state_changes_are_logged_and_scrapped_is_final(
    wats_emulator: EmulatorServer,
) -> None:
    async with async_client(wats_emulator) as wats:
        created = await wats.asset.create_asset("FX-1")
        await wats.asset.set_state(AssetState.IN_CALIBRATION, created.asset_id)
        await wats.asset.set_state(AssetState.IN_CALIBRATION, created.asset_id)  # no change
        await wats.asset.set_state(6, serial_number="FX-1")
        with pytest.raises(ConflictError, match="'FX-1' is scrapped"):
            await wats.asset.set_state(AssetState.IN_OPERATION, serial_number="FX-1")
        with pytest.raises(ConflictError, match="scrapped"):
            await wats.asset.update_asset({"serialNumber": "FX-1", "state": 1})
        read = await wats.asset.get_by_id(created.asset_id or "")
        changes = await wats.asset.get_log(
            f"type eq {int(AssetLogType.STATE_CHANGE)}", asset_id=created.asset_id
        )

    assert read is not None and read.state is AssetState.SCRAPPED
    assert [e.comment for e in changes] == [
        "state changed from in calibration to scrapped",
        "state changed from in operation to in calibration",
    ]


def test_the_server_refuses_unknown_states_and_bad_dates(wats_emulator: EmulatorServer) -> None:
    # The client refuses these before sending; the emulator must refuse them too (other clients).
    with httpx.Client(base_url=wats_emulator.url, headers=wats_emulator.auth_headers) as http:
        assert http.put("/api/Asset", json={"serialNumber": "FX-1"}).status_code == 200
        state = http.put("/api/Asset/State", params={"serialNumber": "FX-1", "state": 7})
        dates = http.post(
            "/api/Asset/Calibration/External",
            params={"serialNumber": "FX-1", "fromDate": "2026-02-01", "toDate": "2026-01-01"},
        )
        bad_date = http.post(
            "/api/Asset/Calibration", params={"serialNumber": "FX-1", "dateTime": "yesterday"}
        )
        negative = http.put("/api/Asset/Count", params={"serialNumber": "FX-1", "incrementBy": -1})

    assert state.status_code == 400
    assert "state must be one of 0 unknown" in state.json()["message"]
    assert dates.status_code == 400
    assert "must be after fromDate" in dates.json()["message"]
    assert bad_date.status_code == 400
    assert "dateTime 'yesterday' is not a valid datetime" in bad_date.json()["message"]
    assert negative.status_code == 400
    assert "incrementBy must be >= 0" in negative.json()["message"]

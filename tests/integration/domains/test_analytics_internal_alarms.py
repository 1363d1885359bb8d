"""Alarm and notification logs (``/api/internal/Trigger/GetAlarmAndNotificationLogs``).

The emulator derives them (docs/emulator.md): failed UUT reports (type 1), part number and
test operation with FPY below 95/90 % (type 2), measurements with Cpk below 1.33/1.0 (type 4),
assets in warning/alarm (type 5). In the seeded window (``test_analytics_seed``):

* 8 failed reports: PCB-100 A1 (1 Mar 10:00), A3 (12:00, 13:00), A4 (2 Mar 11:00, 3 Mar 9:00,
  10:00), A5 (3 Mar 12:00); PSU-200 B1 at EOL (2 Mar 12:00);
* 2 low yields: PCB-100 PCBA test (FPY 1 of 5 = 20 %), PSU-200 End of line test (0 of 1);
* 3 low capabilities: PCB-100 VCC (mean 5.1 on the 5.1 V limit: Cpk 0), PCB-100 Rails 12V
  (Cpk 0.43), CAL-1 Output (Cpk 1.054: a warning); the other paths have no spread.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from test_analytics_seed import WINDOW, async_client, at, seeded_history, sync_client

from pywats.core.errors import ValidationError
from pywats.domains.analytics import AlarmLog, AlarmLogType
from pywats.domains.asset import AssetType
from pywats_emulator.testing import EmulatorServer

__all__ = ["seeded_history"]

pytestmark = pytest.mark.anyio

ROOT = "MainSequence Callback"
FROM, TO = WINDOW["date_from"], WINDOW["date_to"]


def by_type(logs: list[AlarmLog]) -> dict[int, list[AlarmLog]]:
    grouped: dict[int, list[AlarmLog]] = {}
    for log in logs:
        grouped.setdefault(int(log.alarm_type or 0), []).append(log)
    return grouped


async def test_logs_derived_from_the_seeded_history(seeded_history: EmulatorServer) -> None:
    async with async_client(seeded_history) as wats:
        logs = await wats.analytics.get_alarm_logs(date_from=FROM, date_to=TO)
    grouped = by_type(logs)
    assert {kind: len(items) for kind, items in grouped.items()} == {1: 8, 2: 2, 4: 3}
    dates = [log.log_date for log in logs]
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]
    assert len({log.log_id for log in logs}) == 13

    failed = grouped[1]
    assert sorted((log.serial_number or "", log.log_date) for log in failed)[:2] == [
        ("A1", at(1, 10)),
        ("A3", at(1, 12)),
    ]
    assert {log.name for log in failed} == {"Failed report"}
    assert {log.state for log in failed} == {1}
    assert all(log.report_guid is not None and log.part_number for log in failed)

    yields = {(log.part_number, log.test_operation): log for log in grouped[2]}
    pcb = yields[("PCB-100", "PCBA test")]
    assert (pcb.fpy, pcb.spy, pcb.tpy, pcb.lpy, pcb.unit_count, pcb.state) == (
        20.0,
        40.0,
        60.0,
        80.0,
        5,
        2,
    )
    assert pcb.product_group == "Control Boards"
    assert pcb.log_date == at(3, 12)  # A5's run, the last of the counted units
    assert yields[("PSU-200", "End of line test")].fpy == 0.0

    capability = {log.measurement_path: log for log in grouped[4]}
    assert set(capability) == {f"{ROOT}¶Power¶VCC", f"{ROOT}¶Rails¶¶12V", f"{ROOT}¶Output"}
    output = capability[f"{ROOT}¶Output"]
    assert (output.part_number, output.state) == ("CAL-1", 1)
    assert output.cpk == pytest.approx(1.054093, abs=1e-6)
    assert output.log_date == at(2, 18)  # C5, the newest measurement
    assert capability[f"{ROOT}¶Rails¶¶12V"].cpk == pytest.approx(0.4282, abs=1e-4)
    assert {capability[f"{ROOT}¶Power¶VCC"].state, capability[f"{ROOT}¶Rails¶¶12V"].state} == {2}
    # one trigger id per kind of log
    assert len({log.trigger_id for log in logs}) == 3


async def test_top_count_type_filter_and_product_group(seeded_history: EmulatorServer) -> None:
    async with async_client(seeded_history) as wats:
        newest = await wats.analytics.get_alarm_logs(top_count=5, date_from=FROM, date_to=TO)
        yields = await wats.analytics.get_alarm_logs(
            alarm_type=AlarmLogType.YIELD_VOLUME, date_from=FROM, date_to=TO
        )
        mixed = await wats.analytics.get_alarm_logs(
            alarm_type=[1, AlarmLogType.MEASUREMENT], date_from=FROM, date_to=TO
        )
        cut_then_filtered = await wats.analytics.get_alarm_logs(
            top_count=5, alarm_type=AlarmLogType.MEASUREMENT, date_from=FROM, date_to=TO
        )
        supplies = await wats.analytics.get_alarm_logs(
            product_group="Power Supplies", date_from=FROM, date_to=TO
        )
        on_a_level = await wats.analytics.get_alarm_logs(
            level="Production Line 1", date_from=FROM, date_to=TO
        )
        day_one = await wats.analytics.get_alarm_logs(
            date_from=at(1, 0), date_to=datetime(2026, 3, 1, 23, 59, tzinfo=timezone.utc)
        )
    # four logs at 3 Mar 12:00 (A5's failure, PCB-100's yield, VCC and 12V), then A4 at 10:00
    assert [log.log_date for log in newest] == [at(3, 12)] * 4 + [at(3, 10)]
    assert [log.part_number for log in yields] == ["PCB-100", "PSU-200"]
    assert {int(log.alarm_type or 0) for log in mixed} == {1, 4} and len(mixed) == 11
    # the type filter runs on the client, after the server's topCount: 2 of the 5 newest
    assert len(cut_then_filtered) == 2
    assert [(log.alarm_type, log.serial_number) for log in supplies] == [
        (AlarmLogType.YIELD_VOLUME, None),
        (AlarmLogType.REPORT, "B1"),
    ]
    assert len(on_a_level) == 13  # a known level is accepted; reports carry no level
    # 1 March only: A1, A3, A3 failed; PCB-100's yield counts A1, A2, A3 (1 of 3 first-pass);
    # VCC read 5.0, 5.3, 5.0, 5.3, 5.0 (mean 5.12 above the 5.1 limit) and 12V 12.1 x4, 12.7
    # (mean 12.22, sigma 0.268: Cpk 0.35) are both below Cpk 1
    assert sorted((int(log.alarm_type or 0), log.serial_number or "") for log in day_one) == [
        (1, "A1"),
        (1, "A3"),
        (1, "A3"),
        (2, ""),
        (4, ""),
        (4, ""),
    ]
    day_yield = next(log for log in day_one if log.alarm_type is AlarmLogType.YIELD_VOLUME)
    assert day_yield.fpy == pytest.approx(100 / 3)
    cpks = {
        log.measurement_path: log.cpk
        for log in day_one
        if log.alarm_type is AlarmLogType.MEASUREMENT
    }
    assert cpks == {
        f"{ROOT}¶Power¶VCC": pytest.approx(-0.02 / (3 * 0.027**0.5)),
        f"{ROOT}¶Rails¶¶12V": pytest.approx(0.28 / (3 * 0.072**0.5)),
    }


def fixture_type(**overrides: Any) -> AssetType:
    return AssetType(
        type_name="Probe card", running_count_limit=10, warning_threshold=80, **overrides
    )


async def test_assets_in_warning_or_alarm_are_logged(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        probe = await wats.asset.save_type(fixture_type())
        for serial, uses in (("PC-1", 10), ("PC-2", 8), ("PC-3", 1)):
            asset = await wats.asset.create_asset(
                serial, probe.type_id, asset_name=f"Probe {serial}", part_number="PCB-100"
            )
            await wats.asset.increment_count(asset.asset_id, increment_by=uses)
        logs = await wats.analytics.get_alarm_logs(alarm_type=AlarmLogType.ASSET)
        boards = await wats.analytics.get_alarm_logs(product_group="Control Boards")
        supplies = await wats.analytics.get_alarm_logs(product_group="Power Supplies")
        past = await wats.analytics.get_alarm_logs(date_from=at(1, 0), date_to=at(2, 0))
    states = {log.asset_serial_number or "": log for log in logs}
    assert sorted(states) == ["PC-1", "PC-2"]
    alarm, warning = states["PC-1"], states["PC-2"]
    assert (alarm.state, alarm.asset_name, alarm.asset_state) == (2, "Probe PC-1", 1)
    assert warning.state == 1
    assert (alarm.name, alarm.asset_type_id) == ("Asset alarm", probe.type_id)
    assert "running count 10 of 10" in str(
        alarm.model_extra.get("message") if alarm.model_extra else ""
    )
    assert len(boards) == 2  # the assets' part number is in Control Boards
    assert supplies == []
    assert past == []  # asset states are "now": outside a window in the past


async def test_bad_values_are_rejected(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        with pytest.raises(ValidationError, match="filter productGroup 'Nope' not found"):
            await wats.analytics.get_alarm_logs(product_group="Nope")
        with pytest.raises(ValidationError, match="filter level 'Mars' not found"):
            await wats.analytics.get_alarm_logs(level="Mars")
        with pytest.raises(ValueError, match="top_count must be an integer >= 1"):
            await wats.analytics.get_alarm_logs(top_count=0)
        with pytest.raises(ValueError, match="use AlarmLogType values"):
            await wats.analytics.get_alarm_logs(alarm_type=8)
    calls = wats_emulator.stats()["by_path"]["/api/internal/Trigger/GetAlarmAndNotificationLogs"]
    assert calls == {"400": 2}


def test_sync_twin_reads_alarm_logs(seeded_history: EmulatorServer) -> None:
    with sync_client(seeded_history) as wats:
        logs = wats.analytics.get_alarm_logs(
            alarm_type=AlarmLogType.REPORT, date_from=FROM, date_to=TO
        )
    assert sorted(log.serial_number or "" for log in logs) == [
        "A1", "A3", "A3", "A4", "A4", "A4", "A5", "B1",
    ]  # fmt: skip

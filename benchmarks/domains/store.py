"""A realistic analytics store: test reports of several products, stations and days, with retests.

Each unit is tested at least once; about one unit in eight fails a measurement on its first
run and is retested 10-40 minutes later (one in five of those fails again and passes on the
third run), so first-pass yield is below last-pass yield as on a real line. Units are spread
evenly over the last ``DAYS`` days (ending an hour ago), round-robin over four part numbers
and three stations. Each report holds 57 steps: 44 numeric limit steps in four sequences
(rails, sensors, calibration points), 8 pass/fail steps and the sequence calls; a failing run
puts one of a few typical steps out of its limit, so "top failed" has several entries.

Reports are built with the public ``ReportBuilder`` (values from a seeded RNG, repeatable) and
submitted with ``AsyncWATS`` (10 in flight, rate limiter off) before any timing starts.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import anyio

from emulator_process import EmulatorProcess
from pywats import AsyncWATS, RateLimiter
from pywats.domains.analytics import WATSFilter
from pywats.domains.report.models import UUTReport
from pywats.tools import ReportBuilder, SequenceBuilder

__all__ = ["MEASUREMENT_PATHS", "SeededStore", "build_store", "seed_store"]

PROCESS_CODE = 50  # "PCBA test" in the emulator's seed data
PRODUCTS = (("PCB-4410", "B"), ("PCB-4420", "A"), ("PSU-200", "C"), ("RF-900", "A"))
STATIONS = (("FCT-01", "Line 1"), ("FCT-02", "Line 1"), ("FCT-03", "Line 2"))
DAYS = 14
FIRST_FAIL_ONE_IN = 8
SECOND_FAIL_ONE_IN = 5
SUBMIT_CONCURRENCY = 10
_RAILS = (("3V3", 3.3), ("5V0", 5.0), ("1V8", 1.8), ("1V2", 1.2), ("12V", 12.0), ("VBAT", 3.7))
_FAILING_STEPS = (
    ("Power", "Rail 5V0 voltage"),
    ("Power", "Rail 12V current"),
    ("Sensors", "Sensor 3 reading"),
    ("Calibration", "Cal point 7"),
    ("Calibration", "Cal point 11"),
)
MEASUREMENT_PATHS = (
    "MainSequence Callback/Power/Rail 3V3 voltage",
    "MainSequence Callback/Calibration/Cal point 7",
)
"""Readable paths of the aggregated-measurement call (every report has both steps)."""


@dataclass(frozen=True)
class SeededStore:
    """What was stored: the counts the analytics answers are checked against, and the window."""

    reports: int
    units: int
    failed_reports: int
    date_from: datetime
    date_to: datetime

    def window(self, **fields: object) -> WATSFilter:
        """A filter over every stored report (plus whatever ``fields`` set)."""
        return WATSFilter(date_from=self.date_from, date_to=self.date_to, **fields)


def _near(rng: random.Random, nominal: float, spread: float) -> float:
    return round(rng.gauss(nominal, spread), 4)


def _value(fail: tuple[str, str] | None, where: tuple[str, str], ok: float, high: float) -> float:
    # A failing run puts exactly its chosen step 10 % above the high limit.
    return round(high * 1.1, 4) if fail == where else ok


def _power(seq: SequenceBuilder, rng: random.Random, fail: tuple[str, str] | None) -> None:
    for rail, volts in _RAILS:
        name = f"Rail {rail} voltage"
        value = _value(fail, ("Power", name), _near(rng, volts, volts * 0.005), volts * 1.03)
        seq.numeric(name, value, low=volts * 0.97, high=volts * 1.03, unit="V", tot_time_s=0.02)
        name = f"Rail {rail} current"
        value = _value(fail, ("Power", name), _near(rng, 0.25, 0.01), 0.4)
        seq.numeric(name, value, low=0.1, high=0.4, unit="A", tot_time_s=0.02)


def _sensors(seq: SequenceBuilder, rng: random.Random, fail: tuple[str, str] | None) -> None:
    for index in range(12):
        name = f"Sensor {index} reading"
        value = _value(fail, ("Sensors", name), _near(rng, 25.0, 0.3), 30.0)
        seq.numeric(name, value, low=20.0, high=30.0, unit="degC", tot_time_s=0.01)


def _digital(seq: SequenceBuilder) -> None:
    for bus in ("I2C", "SPI", "UART", "CAN"):
        seq.pass_fail(f"{bus} ACK", True, tot_time_s=0.005)
        seq.pass_fail(f"{bus} loopback", True, tot_time_s=0.005)


def _calibration(seq: SequenceBuilder, rng: random.Random, fail: tuple[str, str] | None) -> None:
    for point in range(20):
        name = f"Cal point {point}"
        value = _value(fail, ("Calibration", name), _near(rng, 1.0, 0.002), 1.01)
        seq.numeric(name, value, low=0.99, high=1.01, unit="V", tot_time_s=0.02)


def _report(
    serial: str, product: int, station: int, start: datetime, rng: random.Random, failing: bool
) -> UUTReport:
    part_number, revision = PRODUCTS[product]
    station_name, location = STATIONS[station]
    fail = rng.choice(_FAILING_STEPS) if failing else None
    uut = ReportBuilder.uut(
        part_number=part_number,
        serial_number=serial,
        revision=revision,
        process_code=PROCESS_CODE,
        operator="bench-operator",
        start=start,
        exec_time_s=round(rng.uniform(40.0, 70.0), 1),
        station_name=station_name,
        location=location,
        purpose="Production",
    )
    uut.misc_info("Firmware", "2.14.0")
    with uut.root.sequence("Power") as seq:
        _power(seq, rng, fail)
    with uut.root.sequence("Sensors") as seq:
        _sensors(seq, rng, fail)
    with uut.root.sequence("Digital") as seq:
        _digital(seq)
    with uut.root.sequence("Calibration") as seq:
        _calibration(seq, rng, fail)
    return uut.build()


def _runs_per_unit(count: int, rng: random.Random) -> Iterator[int]:
    """Runs of each unit (1, 2 or 3), the last unit cut so that the total is ``count``."""
    left = count
    while left > 0:
        runs = 1
        if rng.randrange(FIRST_FAIL_ONE_IN) == 0:
            runs = 3 if rng.randrange(SECOND_FAIL_ONE_IN) == 0 else 2
        runs = min(runs, left)
        left -= runs
        yield runs


def build_store(count: int, *, seed: int = 7) -> tuple[list[UUTReport], SeededStore]:
    """``count`` reports (every run but a unit's last one fails) and the counts they make."""
    rng = random.Random(seed)
    plan = list(_runs_per_unit(count, rng))
    now = datetime.now(timezone.utc).replace(microsecond=0)
    end = now - timedelta(hours=1)
    first = end - timedelta(days=DAYS)
    spacing = (end - first) / len(plan)
    reports: list[UUTReport] = []
    for unit, runs in enumerate(plan):
        product, station = unit % len(PRODUCTS), unit % len(STATIONS)
        start = first + spacing * unit
        for run in range(runs):
            failing = run < runs - 1
            reports.append(_report(f"SN-DOM-{unit:06d}", product, station, start, rng, failing))
            start += timedelta(minutes=rng.uniform(10.0, 40.0))
            station = (station + 1) % len(STATIONS)  # retests often run on another station
    failed = sum(1 for report in reports if report.result.value != "P")
    store = SeededStore(
        reports=len(reports),
        units=len(plan),
        failed_reports=failed,
        date_from=first - timedelta(days=1),
        date_to=now,
    )
    return reports, store


async def _submit_all(url: str, token: str, reports: list[UUTReport]) -> list[str]:
    ids: list[str] = []
    work = iter(reports)
    async with AsyncWATS(url, token, rate_limiter=RateLimiter(enabled=False)) as wats:

        async def worker() -> None:
            for report in work:  # a shared iterator: each report is taken once
                ids.append(await wats.report.submit_report(report))

        async with anyio.create_task_group() as tg:
            for _ in range(SUBMIT_CONCURRENCY):
                tg.start_soon(worker)
    return ids


def seed_store(emulator: EmulatorProcess, reports: list[UUTReport]) -> None:
    """Empty the emulator, submit ``reports`` and check that every one was stored once."""
    emulator.reset()
    ids = anyio.run(_submit_all, emulator.url, emulator.token, reports, backend="asyncio")
    stored = emulator.stats()["reports_stored"]
    if sorted(ids) != sorted(str(report.id) for report in reports) or stored != len(reports):
        raise RuntimeError(
            f"seeding: sent {len(reports)} reports, {len(ids)} answered, emulator stores {stored}"
        )

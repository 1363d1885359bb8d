"""A seeded production history for the analytics integration tests, with hand-kept facts.

Imported by the other ``test_analytics_*`` modules (pytest puts this folder on ``sys.path``).
All reports start in March 2026 (explicit UTC times); every query of the tests gives
:data:`WINDOW` (1-3 March) because the server's default is the last 30 days.

PCB-100 (Control Boards), PCBA test (50); steps ``Power/VCC`` (4.9..5.1 V), ``Rails`` (5V,
12V <= 12.5) and ``LED``; ``fail`` names the step that fails::

    A0  27 Feb 10:00 VCC   | 1 Mar 08:00 pass          first run before the window: not counted
    A1   1 Mar 10:00 VCC   | 2 Mar 09:00 pass          second-pass (counts on 1 Mar)
    A2   1 Mar 11:00 pass                              first-pass
    A3   1 Mar 12:00 VCC   | 1 Mar 13:00 Rails | 2 Mar 10:00 pass        third-pass
    A4   2 Mar 11:00 VCC   | 3 Mar 09:00 Rails | 3 Mar 10:00 LED | 3 Mar 11:00 pass   last-pass
    A5   3 Mar 12:00 VCC                                never passes

PSU-200 (Power Supplies): B1, B2 pass PCBA test on 1 Mar; B1 fails LED in End of line test
(100) on 2 Mar 12:00 at EOL-1, passes at 13:00. CAL-1 (no group): C1..C5 on 2 Mar 14:00..18:00
at station CAL-1, Burn In test (90), ``Output`` = 9.8, 10.0, 10.2, 10.1, 9.9 (9.5..11 V),
exec times 600, 600, 900, 600, 600 s. Repairs (500) at REP-1: R1 (1 Mar 15:00) for A1's
first run, Component/Defective on U7, step VCC; R2 (1 Mar 16:00) for A3's second run,
Solder/Bridge on J2 (step Rails) and Component/Missing on R5 (no step).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest

from pywats import AsyncWATS, RetryConfig, Station, pyWATS
from pywats.core.throttle import RateLimiter
from pywats.domains.report import Report, Step, UUTReport
from pywats.tools import ReportBuilder
from pywats_emulator.testing import EmulatorServer

__all__ = [
    "CAL_VALUES",
    "ROOT",
    "WINDOW",
    "async_client",
    "board",
    "recent",
    "seeded_history",
    "sync_client",
]

UTC = timezone.utc
STATION = Station("PYWATS-ANALYTICS", "Line 1", "Production")
WINDOW = {
    "date_from": datetime(2026, 3, 1, tzinfo=UTC),
    "date_to": datetime(2026, 3, 3, 23, 59, 59, tzinfo=UTC),
}
CAL_VALUES = (9.8, 10.0, 10.2, 10.1, 9.9)
CAL_EXEC_S = (600.0, 600.0, 900.0, 600.0, 600.0)
ROOT = "MainSequence Callback"
FAST_RETRY = RetryConfig(base_delay_s=0.01)


def async_client(server: EmulatorServer) -> AsyncWATS:
    """An async client of ``server`` (fast retries, its own rate limiter)."""
    return AsyncWATS(
        server.url, server.token, station=STATION, retry=FAST_RETRY, rate_limiter=RateLimiter()
    )


def sync_client(server: EmulatorServer) -> pyWATS:
    """A blocking client of ``server``."""
    return pyWATS(
        server.url, server.token, station=STATION, retry=FAST_RETRY, rate_limiter=RateLimiter()
    )


def at(day: int, hour: int, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def board(
    serial: str,
    start: datetime,
    fail: str | None = None,
    *,
    part: str = "PCB-100",
    process: int = 50,
    station: str = "ICT-1",
) -> UUTReport:
    """A board test; ``fail`` is ``"VCC"``, ``"Rails"`` or ``"LED"`` (that step fails)."""
    builder = ReportBuilder.uut(
        part_number=part, serial_number=serial, revision="A", process_code=process,
        start=start, station_name=station, location="Line 1", purpose="Production",
        operator="op1", exec_time_s=60.0,
    )  # fmt: skip
    with builder.root.sequence("Power") as power:
        power.numeric("VCC", 5.3 if fail == "VCC" else 5.0, low=4.9, high=5.1, unit="V")
    rails = builder.root.multi_numeric("Rails")
    rails.add("5V", 5.01, low=4.9, high=5.1, unit="V")
    rails.add("12V", 12.7 if fail == "Rails" else 12.1, high=12.5, unit="V")
    builder.root.pass_fail("LED", fail != "LED")
    return builder.build()


def calibration(serial: str, start: datetime, value: float, exec_s: float) -> UUTReport:
    builder = ReportBuilder.uut(
        part_number="CAL-1", serial_number=serial, revision="A", process_code=90, start=start,
        station_name="CAL-1", location="Lab", purpose="Production", exec_time_s=exec_s,
    )  # fmt: skip
    builder.root.numeric("Output", value, low=9.5, high=11.0, unit="V")
    return builder.build()


def step_named(report: UUTReport, name: str) -> Step:
    assert report.root is not None
    stack = [report.root]
    while stack:
        step = stack.pop()
        if step.name == name:
            return step
        stack.extend(step.steps or ())
    raise LookupError(name)


def history() -> list[Report]:
    """Every report of the seeded history (see the module docstring)."""
    a1_first = board("A1", at(1, 10), "VCC")
    a3_second = board("A3", at(1, 13), "Rails")
    reports: list[Report] = [
        board("A0", at(27, 10, month=2), "VCC"), board("A0", at(1, 8)),
        a1_first, board("A1", at(2, 9)),
        board("A2", at(1, 11)),
        board("A3", at(1, 12), "VCC"), a3_second, board("A3", at(2, 10)),
        board("A4", at(2, 11), "VCC"), board("A4", at(3, 9), "Rails"),
        board("A4", at(3, 10), "LED"), board("A4", at(3, 11)),
        board("A5", at(3, 12), "VCC"),
        board("B1", at(1, 9), part="PSU-200"), board("B2", at(1, 10), part="PSU-200"),
        board("B1", at(2, 12), "LED", part="PSU-200", process=100, station="EOL-1"),
        board("B1", at(2, 13), part="PSU-200", process=100, station="EOL-1"),
    ]  # fmt: skip
    for i, (value, exec_s) in enumerate(zip(CAL_VALUES, CAL_EXEC_S, strict=True)):
        reports.append(calibration(f"C{i + 1}", at(2, 14 + i), value, exec_s))
    r1 = ReportBuilder.uur_for(
        a1_first, start=at(1, 15), station_name="REP-1", comment="Replaced regulator"
    )
    r1.failure("Component", "Defective", com_ref="U7", ref_step=step_named(a1_first, "VCC"))
    r2 = ReportBuilder.uur_for(a3_second, start=at(1, 16), station_name="REP-1")
    r2.failure(
        "Solder", "Bridge", com_ref="J2", ref_step=step_named(a3_second, "Rails"),
        comment="short on 12V",
    )  # fmt: skip
    r2.failure("Component", "Missing", com_ref="R5")
    reports += [r1.build(), r2.build()]
    return reports


@pytest.fixture(scope="module")
def seeded_history() -> Iterator[EmulatorServer]:
    """One emulator holding :func:`history`, shared by a module's read-only tests."""
    with EmulatorServer() as server:
        with sync_client(server) as wats:
            for report in history():
                wats.report.submit_report(report)
        yield server


def test_the_seed_is_accepted_and_complete(seeded_history: EmulatorServer) -> None:
    with sync_client(seeded_history) as wats:
        uuts = wats.report.query_headers("U", top=100)
        uurs = wats.report.query_headers("R", top=100)
    assert (len(uuts), len(uurs)) == (22, 2)


def recent(hours_ago: float) -> datetime:
    """A start time relative to now, for the GET forms (their window is the last 30 days)."""
    return datetime.now(UTC) - timedelta(hours=hours_ago)

"""Typical test reports for the submit benchmark, built with the public ``ReportBuilder``.

One report looks like a board-level functional test (PCBA, process 50) of about 200 steps:
nested sequences per power rail and bus, numeric limit steps with the usual operators,
multi-numeric, pass/fail, string and multi-string steps, one chart with two 101-point series,
misc info, a sub-unit and an asset. Values come from a seeded RNG, so runs are repeatable; about
one report in twenty has a failing measurement, as on a real line.

Station fields (``machineName``, ``location``, ``purpose``) are set here so the library sends
exactly the bytes the raw baseline sends: nothing is filled in on the way.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from pywats.domains.report.models import UUTReport
from pywats.tools import ReportBuilder, SequenceBuilder

__all__ = ["PreparedReport", "build_report", "build_reports", "count_steps", "wsjf_body"]

PART_NUMBER = "PCB-4410"
REVISION = "B"
PROCESS_CODE = 50  # "PCBA test" in the emulator's seed data (a test operation)
STATION_NAME, LOCATION, PURPOSE = "BENCH-ST-01", "Bench lab", "Benchmark"
_RAILS = (("3V3", 3.3), ("5V0", 5.0), ("1V8", 1.8), ("1V2", 1.2), ("12V", 12.0), ("VBAT", 3.7))
_BUSES = ("I2C", "SPI", "UART", "CAN")
_FAIL_ONE_IN = 20
_START = datetime(2026, 1, 5, 6, 0, tzinfo=timezone.utc)


@dataclass(frozen=True)
class PreparedReport:
    """A built report and its WSJF body as the raw baseline POSTs it."""

    report: UUTReport
    body: bytes

    @property
    def report_id(self) -> str:
        return str(self.report.id)


def _near(rng: random.Random, nominal: float, spread: float) -> float:
    return round(rng.gauss(nominal, spread), 4)


def _add_power(seq: SequenceBuilder, rng: random.Random) -> None:
    for rail, volts in _RAILS:
        with seq.sequence(f"Rail {rail}") as r:
            r.numeric("Voltage", _near(rng, volts, volts * 0.005), low=volts * 0.97,
                      high=volts * 1.03, unit="V", tot_time_s=0.02)  # fmt: skip
            r.numeric("Current", _near(rng, 0.25, 0.01), low=0.1, high=0.4, unit="A",
                      tot_time_s=0.02)  # fmt: skip
            r.numeric("Ripple", abs(_near(rng, 0.012, 0.002)), high=0.05, unit="Vpp",
                      tot_time_s=0.05)  # fmt: skip
            r.pass_fail("Power good", True, tot_time_s=0.01)


def _add_digital(seq: SequenceBuilder, rng: random.Random) -> None:
    for bus in _BUSES:
        with seq.sequence(f"{bus} bus") as b:
            for device in range(4):
                b.pass_fail(f"{bus} device {device} ACK", True, tot_time_s=0.005)
            b.string(f"{bus} device ID", f"{bus}-{0x4A:02X}", limit=f"{bus}-{0x4A:02X}")
            b.numeric("Bit error rate", abs(_near(rng, 1e-9, 1e-10)), high=1e-6, unit="")


def _add_analog(seq: SequenceBuilder, rng: random.Random) -> None:
    for channel in range(8):
        m = seq.multi_numeric(f"ADC channel {channel}", tot_time_s=0.03)
        m.add("Offset", _near(rng, 0.0, 0.4), low=-2.0, high=2.0, unit="mV")
        m.add("Gain error", _near(rng, 0.0, 0.05), low=-0.5, high=0.5, unit="%")
        m.add("INL", abs(_near(rng, 0.3, 0.1)), high=1.0, unit="LSB")
        m.add("Noise", abs(_near(rng, 0.8, 0.1)), high=2.0, unit="LSB")
    for index in range(30):
        seq.numeric(f"Sensor {index} reading", _near(rng, 25.0, 0.3), low=20.0, high=30.0,
                    unit="degC", tot_time_s=0.01)  # fmt: skip


def _add_rf(seq: SequenceBuilder, rng: random.Random) -> None:
    sweep = seq.chart("Frequency response", x_label="Frequency", x_unit="MHz",
                      y_label="Gain", y_unit="dB")  # fmt: skip
    freqs = [800.0 + 2.0 * i for i in range(101)]
    gain = [round(12.0 - ((f - 900.0) / 60.0) ** 2 + rng.gauss(0.0, 0.05), 3) for f in freqs]
    sweep.add_series("Measured", freqs, gain)
    sweep.add_series("Upper limit", freqs, [14.0] * len(freqs))
    for band in range(20):
        seq.numeric(f"Band {band} power", _near(rng, -10.0, 0.4), low=-12.0, high=-8.0,
                    unit="dBm", tot_time_s=0.04)  # fmt: skip


def _add_memory(seq: SequenceBuilder) -> None:
    with seq.sequence("Flash") as flash:
        for block in range(16):
            flash.pass_fail(f"Block {block} verify", True, tot_time_s=0.02)
    with seq.sequence("RAM") as ram:
        for bank in range(12):
            ram.pass_fail(f"Bank {bank} march test", True, tot_time_s=0.03)


def _add_calibration(seq: SequenceBuilder, rng: random.Random, fail: bool) -> None:
    for point in range(30):
        value = _near(rng, 1.0, 0.002)
        if fail and point == 17:
            value = 1.05  # the out-of-limit point of a failing unit
        seq.numeric(f"Cal point {point}", value, low=0.99, high=1.01, unit="V", tot_time_s=0.02)
    for threshold in range(6):
        seq.numeric(f"Trim {threshold}", rng.randint(10, 200), low=0, comp_op="GE")
    strings = seq.multi_string("Calibration constants")
    for name in ("Version", "Table", "Checksum"):
        strings.add(name, f"{name.upper()}-{rng.randint(1000, 9999)}")


def count_steps(report: UUTReport) -> int:
    """Steps in the report, the root sequence included."""
    stack = [report.root] if report.root is not None else []
    total = 0
    while stack:
        step = stack.pop()
        total += 1
        stack.extend(step.steps or ())
    return total


def build_report(index: int, *, run_tag: str, seed: int = 1) -> UUTReport:
    """Report number ``index`` of one run: a unique id (builder) and a unique serial number."""
    rng = random.Random(seed * 1_000_003 + index)
    fail = index % _FAIL_ONE_IN == _FAIL_ONE_IN - 1
    uut = ReportBuilder.uut(
        part_number=PART_NUMBER,
        serial_number=f"SN-{run_tag}-{index:06d}",
        revision=REVISION,
        process_code=PROCESS_CODE,
        operator="bench-operator",
        start=_START + timedelta(seconds=90 * index),
        fixture_id="FIX-07",
        sequence_version="3.4.1",
        station_name=STATION_NAME,
        location=LOCATION,
        purpose=PURPOSE,
    )
    uut.misc_info("Firmware", "2.14.0-rc3")
    uut.misc_info("Test software", "FCT 3.4.1")
    uut.misc_info("Ambient temperature", round(rng.uniform(21.0, 25.0), 1))
    uut.sub_unit("Radio module", "RM-220", f"RM-{run_tag}-{index:06d}", "C")
    uut.asset("DMM-34465A-0042", usage_count=1000 + index)
    with uut.root.sequence("Initialize") as init:
        init.action("Fixture clamp", tot_time_s=0.5)
        init.string("Bootloader version", "1.8.2", limit="1.8.2")
        init.pass_fail("Fixture ID matches", True)
        init.message_popup("Insert unit", response="OK", button=0)
    with uut.root.sequence("Power") as seq:
        _add_power(seq, rng)
    with uut.root.sequence("Digital") as seq:
        _add_digital(seq, rng)
    with uut.root.sequence("Analog") as seq:
        _add_analog(seq, rng)
    with uut.root.sequence("RF") as seq:
        _add_rf(seq, rng)
    with uut.root.sequence("Memory") as seq:
        _add_memory(seq)
    with uut.root.sequence("Calibration") as seq:
        _add_calibration(seq, rng, fail)
    with uut.root.sequence("Finalize") as fin:
        fin.string("Serial written", f"SN-{run_tag}-{index:06d}")
        fin.pass_fail("Label printed", True)
        fin.action("Fixture release", tot_time_s=0.4)
    return uut.build()


def wsjf_body(report: UUTReport) -> bytes:
    """The JSON body the library POSTs for ``report`` (``to_wsjf`` then httpx's encoding)."""
    # httpx serialises ``json=`` with compact separators and ensure_ascii=False.
    return json.dumps(report.to_wsjf(), ensure_ascii=False, separators=(",", ":")).encode()


def build_reports(count: int, *, run_tag: str) -> list[PreparedReport]:
    """``count`` reports with their pre-serialised bodies (built before any timing starts)."""
    out = []
    for index in range(count):
        report = build_report(index, run_tag=run_tag)
        out.append(PreparedReport(report=report, body=wsjf_body(report)))
    return out

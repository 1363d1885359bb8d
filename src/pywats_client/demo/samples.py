"""Realistic tester output for the station demo, written fresh each run.

Three kinds of file land in the demo's watch folders, as three kinds of tester would write
them: an FCT station's ``;``-separated CSV log (decimal commas, a key/value header then a step
table), a firmware rig's JUnit XML, and WSJF JSON from a test sequencer. Values are random
around realistic nominals (seeded), so some units fail; one deliberately broken file shows
what happens to bad input.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pywats.tools import ReportBuilder

__all__ = ["FCT_TEMPLATE", "SampleFile", "write_samples"]

#: The CSV mapping template for the FCT logs (see ``converters.builtin.csv_mapping``).
FCT_TEMPLATE: dict[str, Any] = {
    "delimiter": ";",
    "decimal_comma": True,
    "table": {"header_starts_with": "Step"},
    "fields": {
        "serial_number": {"key": "Serial"},
        "part_number": {"key": "Product"},
        "revision": {"key": "Revision"},
        "operator": {"key": "Operator"},
        "fixture_id": {"key": "Fixture"},
        "start": {"key": "Started", "format": "%d.%m.%Y %H:%M:%S"},
        "exec_time_s": {"key": "Duration (s)"},
    },
    "defaults": {"process_code": 50},
    "status_words": {"pass": ["OK"], "fail": ["NOK"], "log": ["Info"]},
    "step_rows": {
        "name_column": "Step",
        "sequence_column": "Section",
        "value_column": "Value",
        "low_column": "Min",
        "high_column": "Max",
        "unit_column": "Unit",
        "status_column": "Status",
    },
}

# (section, step, low, nominal, sigma, high, unit)
_FCT_STEPS = [
    ("Power", "Input current idle", 0.05, 0.082, 0.01, 0.15, "A"),
    ("Power", "Rail 12V", 11.64, 12.0, 0.09, 12.36, "V"),
    ("Power", "Rail 5V", 4.85, 5.0, 0.04, 5.15, "V"),
    ("Power", "Rail 3V3", 3.2, 3.3, 0.03, 3.4, "V"),
    ("Load", "Efficiency full load", 86.0, 89.5, 1.2, None, "%"),
    ("Load", "Overcurrent trip", 6.5, 7.0, 0.15, 7.5, "A"),
    ("Cooling", "Fan tachometer", 2000, 2450, 180, 3200, "rpm"),
]


@dataclass(frozen=True)
class SampleFile:
    """One file to drop: which watch folder (converter) it goes to, its name and content."""

    converter: str
    name: str
    content: bytes
    serial: str | None
    """The unit's serial, or ``None`` for the deliberately broken file."""


def _num(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".").replace(".", ",")


def _fct_csv(rng: random.Random, serial: str, start: datetime) -> bytes:
    rows = []
    for section, step, low, nominal, sigma, high, unit in _FCT_STEPS:
        value = rng.gauss(nominal, sigma)
        ok = (low is None or value >= low) and (high is None or value <= high)
        low_text = "" if low is None else _num(low)
        high_text = "" if high is None else _num(high)
        status = "OK" if ok else "NOK"
        rows.append(";".join([step, section, low_text, _num(value), high_text, unit, status]))
    header = [
        f"Serial;{serial}",
        "Product;PSU-200",
        "Revision;C",
        f"Operator;{rng.choice(['anna.k', 'bjorn.l', 'chen.w'])}",
        "Fixture;FX-07",
        f"Started;{start:%d.%m.%Y %H:%M:%S}",
        f"Duration (s);{_num(rng.uniform(38, 47))}",
        "Step;Section;Min;Value;Max;Unit;Status",
        "Firmware version;Setup;;2.4.1;;;Info",
    ]
    return ("\n".join(header + rows) + "\n").encode("utf-8")


def _junit_xml(rng: random.Random, serial: str, start: datetime) -> bytes:
    crc_ok = rng.random() > 0.1
    boot_ms = int(rng.gauss(2400, 150))
    message = "CRC mismatch in bank 1"
    failure = "" if crc_ok else f'<failure message="{message}">test_flash.py:22</failure>'

    return f"""<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="ctrl310-fw-selftest" timestamp="{start:%Y-%m-%dT%H:%M:%S}">
  <properties>
    <property name="serial_number" value="{serial}"/>
    <property name="part_number" value="CTRL-310"/>
    <property name="revision" value="D"/>
  </properties>
  <testsuite name="boot" tests="2" time="2.9">
    <testcase classname="tests.test_boot" name="test_boot_time" time="2.6">
      <properties><property name="boot_time_ms" value="{boot_ms}"/></properties>
    </testcase>
    <testcase classname="tests.test_boot" name="test_watchdog_armed" time="0.2"/>
  </testsuite>
  <testsuite name="flash" tests="1" time="1.1">
    <testcase classname="tests.test_flash" name="test_flash_crc" time="1.1">{failure}</testcase>
  </testsuite>
</testsuites>
""".encode()


def _wsjf_json(rng: random.Random, serial: str, start: datetime) -> bytes:
    uut = ReportBuilder.uut(
        part_number="PCB-100", serial_number=serial, revision="B", process_code=100,
        start=start, operator="sequencer",
    )  # fmt: skip
    with uut.root.sequence("End of line") as eol:
        eol.numeric("Standby power", rng.gauss(0.42, 0.03), low=0.3, high=0.5, unit="W")
        eol.pass_fail("Label readable", rng.random() > 0.05)
        eol.string("Firmware", "5.2.0", limit="5.2.0")
    return uut.build().to_wsjf_json().encode()


def write_samples(folder: Path, count: int, *, seed: int = 7) -> list[SampleFile]:
    """``count`` sample files (round-robin CSV, JUnit, WSJF) plus one broken CSV.

    Nothing is written to disk here except into ``folder`` (a staging area): the demo moves
    each file into its watch folder when it "lands".
    """
    rng = random.Random(seed)  # noqa: S311 - sample data, not security
    start = datetime.now().astimezone().replace(microsecond=0) - timedelta(minutes=2 * count)
    samples: list[SampleFile] = []
    makers = [
        ("csv", ".csv", _fct_csv),
        ("junit", ".xml", _junit_xml),
        ("wsjf", ".json", _wsjf_json),
    ]
    for index in range(count):
        kind, suffix, make = makers[index % len(makers)]
        serial = f"DEMO-{kind.upper()}-{1000 + index}"
        when = start + timedelta(minutes=2 * index)
        samples.append(SampleFile(kind, f"{serial}{suffix}", make(rng, serial, when), serial))
    broken = b"Serial;DEMO-BROKEN\nProduct;PSU-200\nthis is not the log format\x00\x01"
    samples.append(SampleFile("csv", "DEMO-BROKEN.csv", broken, None))
    folder.mkdir(parents=True, exist_ok=True)
    for sample in samples:
        (folder / sample.name).write_bytes(sample.content)
    return samples

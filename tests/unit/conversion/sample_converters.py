"""Small converters for the conversion tests (loaded by file path in worker processes).

The ``SampleConverter`` format::

    PYWATS-TEST
    sn: SN-0001
    values: 1.5 2.5
    process: 50        (optional; default: the process_code argument)

Behaviour words anywhere in a file: ``HANG`` (sleeps forever), ``CRASH`` (``os._exit``),
``SEGV`` (kills itself with SIGSEGV), ``RAISE`` (an unexpected exception), ``SKIP`` (skip),
``SLOW`` (sleeps 0.4 s before converting), ``PRINT`` (writes to stdout and stdin is read).
"""

from __future__ import annotations

import os
import signal
import sys
import time
from datetime import datetime, timezone
from typing import Any, ClassVar

from pywats.tools import ReportBuilder
from pywats_client.converters.base import (
    ConverterContext,
    ConverterError,
    ConverterResult,
    ConverterSource,
    FileConverter,
    FolderConverter,
    ScheduledConverter,
)

HEADER = b"PYWATS-TEST"
FIXED_START = datetime(2026, 1, 30, 10, 0, tzinfo=timezone.utc)


def sample_text(serial: str, *values: float) -> str:
    return f"PYWATS-TEST\nsn: {serial}\nvalues: {' '.join(str(v) for v in values) or '1.0'}\n"


def _report(serial: str, values: list[float], process_code: int) -> Any:
    uut = ReportBuilder.uut(
        part_number="PN-TEST", serial_number=serial, revision="A",
        process_code=process_code, start=FIXED_START,
    )  # fmt: skip
    for index, value in enumerate(values):
        uut.root.numeric(f"Value {index}", value, low=0, high=100, unit="V")
    return uut.build()


class SampleConverter(FileConverter):
    """The test format above; ``process_code`` argument (default 50)."""

    name: ClassVar[str] = "sample"
    version: ClassVar[str] = "1.0"
    patterns: ClassVar[tuple[str, ...]] = ("*.txt", "*.dat")

    def __init__(self, *, process_code: int = 50, **unknown: Any) -> None:
        if unknown:
            raise ValueError(f"unknown argument(s): {', '.join(sorted(unknown))}")
        if not isinstance(process_code, int):
            raise ValueError(f"process_code must be an integer, got {process_code!r}")
        self.process_code = process_code

    def validate(self, source: ConverterSource, context: ConverterContext) -> float:
        with source.path.open("rb") as stream:
            head = stream.read(len(HEADER))
        if head == HEADER:
            return 1.0
        return 0.3 if head.startswith(b"PYWATS") else 0.05

    def convert(self, source: ConverterSource, context: ConverterContext) -> ConverterResult:
        data = source.read_bytes()
        if b"HANG" in data:
            time.sleep(3600)
        if b"CRASH" in data:
            os._exit(7)
        if b"SEGV" in data:
            os.kill(os.getpid(), signal.SIGSEGV)
        if b"SLOW" in data:
            time.sleep(0.4)
        if b"PRINT" in data:
            print("converter output that must not break the protocol")
            sys.stdout.flush()
            sys.stdin.read()
        text = source.read_text()
        if "SKIP" in text:
            return ConverterResult.skip("marked SKIP")
        if "RAISE" in text:
            raise RuntimeError("unexpected trouble inside the converter")
        fields = dict(line.split(":", 1) for line in text.splitlines()[1:] if ":" in line)
        serial = fields.get("sn", "").strip()
        if not serial:
            raise ConverterError(f"{source.name}: no 'sn:' line")
        try:
            values = [float(v) for v in fields.get("values", "").split()]
        except ValueError as exc:
            raise ConverterError(f"{source.name}: bad value ({exc})") from exc
        if not values:
            raise ConverterError(f"{source.name}: no values")
        process_code = int(fields.get("process", self.process_code))
        context.logger.info("converted %s", serial)
        return ConverterResult.success(_report(serial, values, process_code))


class MultiConverter(FileConverter):
    """One report per line ``SN value``."""

    name: ClassVar[str] = "multi"
    patterns: ClassVar[tuple[str, ...]] = ("*.multi",)

    def convert(self, source: ConverterSource, context: ConverterContext) -> ConverterResult:
        reports = []
        for line in source.read_text().splitlines():
            serial, value = line.split()
            reports.append(_report(serial, [float(value)], 50))
        return ConverterResult.success(*reports)


class FolderSample(FolderConverter):
    """A folder with ``done.flag``: one report, one value per ``*.val`` file."""

    name: ClassVar[str] = "folder-sample"
    ready_marker: ClassVar[str | None] = "done.flag"

    def convert(self, source: ConverterSource, context: ConverterContext) -> ConverterResult:
        values = [float(p.read_text()) for p in source.files() if p.suffix == ".val"]
        return ConverterResult.success(_report(source.name, values, 50))


class TickConverter(ScheduledConverter):
    """Every run returns the same report (so the same id: queued once)."""

    name: ClassVar[str] = "tick"
    run_on_start: ClassVar[bool] = True

    def run(self, context: ConverterContext) -> ConverterResult:
        return ConverterResult.success(_report("SN-TICK", [1.0], 50))

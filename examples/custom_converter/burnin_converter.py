"""A custom converter for a (made-up) burn-in rack log: the pattern to copy for your own tester.

The rack writes one text file per unit: a header block of ``key: value`` lines, a ``---``
separator, then one line per reading (``minutes,temp_c,vout_v``)::

    # BURNIN-RACK LOG 1
    rack: BR-07
    slot: 12
    serial: PSU48-000123
    part: PSU-48V
    revision: B
    operator: kim
    start: 2026-11-20T08:00:00+01:00
    ---
    0,24.8,48.02
    30,61.3,47.98

What this file teaches, in the order the service uses it:

* **The contract.** Subclass :class:`FileConverter`, set ``name`` and ``version`` (both are part
  of every report id the service derives, so bump ``version`` when the output changes), the
  file ``patterns`` you take, and implement ``convert(source, context)``. It is plain,
  synchronous code: the service runs it in a worker process with a timeout, so a crash or hang
  fails only that file. Never upload, never pick report ids.
* **``validate()`` confidence.** Return 0..1: how sure you are that the file is yours. The
  service rejects files below the config's ``reject_threshold`` and alarms below
  ``alarm_threshold``. Check something cheap and specific (here: the first line).
* **Errors with what and where.** Raise :class:`ConverterError` naming the file, the line and
  what was expected; that message lands in the error folder's ``.error.txt`` as is.
* **``ReportBuilder``.** Build the report with :class:`pywats.tools.ReportBuilder`; leave the
  station fields (machine name, location, purpose) out - the service fills them in.
* **Arguments from config.** The ``arguments`` dict of the converter's config entry is passed to
  ``__init__`` as keyword arguments; reject bad ones with a ``ValueError`` naming the argument.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from pywats.tools import ReportBuilder
from pywats_client.converters.base import (
    ConverterContext,
    ConverterError,
    ConverterResult,
    ConverterSource,
    FileConverter,
)

__all__ = ["BurnInConverter"]

MAGIC = "# BURNIN-RACK LOG"
SEPARATOR = "---"
REQUIRED_HEADER = ("serial", "part", "revision", "start")


class BurnInConverter(FileConverter):
    """Burn-in rack logs → one UUT report with a temperature and a voltage step per reading."""

    name: ClassVar[str] = "burnin-rack"
    version: ClassVar[str] = "1.0"
    description: ClassVar[str] = "Burn-in rack text logs (header block + readings)"
    patterns: ClassVar[tuple[str, ...]] = ("*.log", "*.txt")

    def __init__(
        self,
        *,
        process_code: int = 100,
        max_temp_c: float = 85.0,
        vout_low_v: float = 47.5,
        vout_high_v: float = 48.5,
        **unknown: Any,
    ) -> None:
        if unknown:
            raise ValueError(f"burnin-rack: unknown argument(s) {', '.join(sorted(unknown))}")
        if not vout_low_v < vout_high_v:
            raise ValueError("burnin-rack: vout_low_v must be below vout_high_v")
        self.process_code = int(process_code)
        self.max_temp_c = float(max_temp_c)
        self.vout_low_v = float(vout_low_v)
        self.vout_high_v = float(vout_high_v)

    def validate(self, source: ConverterSource, context: ConverterContext) -> float:
        """1.0 when the first line is the rack's magic line, 0.0 otherwise (cheap: one line)."""
        with source.path.open("rb") as stream:
            first = stream.readline(128).decode("utf-8-sig", "replace").strip()
        return 1.0 if first.startswith(MAGIC) else 0.0

    def convert(self, source: ConverterSource, context: ConverterContext) -> ConverterResult:
        lines = source.read_text().splitlines()
        if not lines or not lines[0].startswith(MAGIC):
            raise ConverterError(f"{source.name}: line 1 must start with {MAGIC!r}")
        header, first_reading = self._header(source.name, lines)
        uut = ReportBuilder.uut(
            part_number=header["part"],
            serial_number=header["serial"],
            revision=header["revision"],
            process_code=self.process_code,
            start=self._start(source.name, header["start"]),
            operator=header.get("operator"),
            fixture_id=f"{header.get('rack', '?')}/{header.get('slot', '?')}",
        )
        uut.misc_info("Rack", header.get("rack", ""))
        readings = uut.root.sequence("Readings")
        count = 0
        for number, line in enumerate(lines[first_reading:], start=first_reading + 1):
            if not line.strip():
                continue
            minutes, temp_c, vout_v = self._reading(source.name, number, line)
            readings.numeric(f"Temp @ {minutes:g} min", temp_c, high=self.max_temp_c, unit="°C")
            readings.numeric(
                f"Vout @ {minutes:g} min", vout_v, low=self.vout_low_v, high=self.vout_high_v,
                unit="V",
            )  # fmt: skip
            count += 1
        if count == 0:
            raise ConverterError(f"{source.name}: no readings after the '{SEPARATOR}' line")
        context.logger.debug("burn-in %s: %d readings", header["serial"], count)
        return ConverterResult.success(uut.build())

    @staticmethod
    def _header(name: str, lines: list[str]) -> tuple[dict[str, str], int]:
        """The ``key: value`` block and the index of the first reading line."""
        header: dict[str, str] = {}
        for index, line in enumerate(lines[1:], start=1):
            if line.strip() == SEPARATOR:
                missing = [key for key in REQUIRED_HEADER if not header.get(key)]
                if missing:
                    raise ConverterError(f"{name}: header lacks {', '.join(missing)}")
                return header, index + 1
            key, colon, value = line.partition(":")
            if not colon:
                raise ConverterError(f"{name}: line {index + 1}: expected 'key: value'")
            header[key.strip().lower()] = value.strip()
        raise ConverterError(f"{name}: no '{SEPARATOR}' line ends the header")

    @staticmethod
    def _start(name: str, text: str) -> datetime:
        try:
            return datetime.fromisoformat(text)
        except ValueError as exc:
            raise ConverterError(f"{name}: start {text!r} is not an ISO 8601 time") from exc

    @staticmethod
    def _reading(name: str, number: int, line: str) -> tuple[float, float, float]:
        fields = [field.strip() for field in line.split(",")]
        if len(fields) != 3:
            raise ConverterError(
                f"{name}: line {number}: expected 'minutes,temp_c,vout_v', got {line!r}"
            )
        try:
            minutes, temp_c, vout_v = (float(field) for field in fields)
        except ValueError as exc:
            raise ConverterError(f"{name}: line {number}: not a number in {line!r}") from exc
        return minutes, temp_c, vout_v

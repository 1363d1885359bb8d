"""ATML test results (IEEE 1636.1 ``TestResults``, IEEE 1671 family) → one UUT report per UUT.

Read: ATML 2.02 (``http://www.ieee.org/ATML/2007/TestResults``), 5.00
(``urn:IEEE-1636.1:2011:01:...``) and 6.01 (``urn:IEEE-1636.1:2013:...``); the root is one
``TestResults`` or a ``TestResultsCollection`` (a TestStand batch report: one report per
``TestResults``, i.e. per test socket).

Header of each ``TestResults``:

* serial = ``UUT/SerialNumber``. TestStand writes ``NONE`` (or nothing) when no serial was
  entered; such a unit gets the ``TestResults`` ``uuid`` as serial (unique and traceable to
  the file) and a ``Serial number`` misc info saying so.
* part number = the ``IdentificationNumber`` of type ``Part``, else the ``part_number``
  argument, else ``ModelName`` (unless TestStand's ``UNKNOWN``), else the sequence file name;
  revision = the ``revision`` argument (ATML results carry none).
* operator = ``Personnel/SystemOperator`` (name, else ID); station (machineName) =
  ``TestStation/SerialNumber``, else the batch table's ``stationID``.
* start = ``ResultSet/@startDateTime`` (naive times in ``timezone``), execTime = end - start;
  result = ``ResultSet/Outcome`` (kept, not recomputed); process code =
  ``process_codes[<sequence file name>]``, else ``process_code``.
* TestStand extensions: test socket index, batch serial number.

Steps: see :mod:`._atml_steps` and :mod:`._atml_data` (groups → sequences, tests → numeric /
pass-fail / string steps with limits and comparators, session actions → action steps).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any, ClassVar

from pywats.domains.report.models import UUTReport
from pywats.tools import ReportBuilder, ReportBuildError
from pywats_client.converters.base import (
    ConverterContext,
    ConverterError,
    ConverterResult,
    ConverterSource,
    FileConverter,
)

from ._atml_data import element_children, first, local
from ._atml_steps import StepWalker, group_name, outcome_status, parse_time
from ._inputs import fit, parse_number, parse_xml, read_input, reject_unknown
from ._tester_common import HEADER_ARGUMENTS, HeaderDefaults, result_of

__all__ = ["AtmlConverter"]

_NAMESPACE_MARKS = (b"ieee.org/ATML", b"IEEE-1636.1")
_SNIFF_BYTES = 4096
_MISSING_SERIALS = frozenset({"", "NONE"})
_UNKNOWN_MODEL = "UNKNOWN"


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _is_atml(namespace: str) -> bool:
    return "ieee.org/ATML" in namespace or "IEEE-1636.1" in namespace


def _text(element: ET.Element | None) -> str | None:
    if element is None:
        return None
    return (element.text or "").strip() or None


class AtmlConverter(FileConverter):
    """Converts ATML TestResults (2.02, 5.00, 6.01; single or batch) into UUT reports.

    Args:
        part_number: Part number for units without a ``Part`` identification number.
        revision: Revision of every unit (ATML results carry none; default ``"1"``).
        process_code: WATS process code (default 10) when ``process_codes`` has no entry for
            the sequence file's name.
        process_codes: ``{"<sequence file name without .seq>": <WATS process code>}``.
        timezone: Zone of the file's naive times: ``"UTC"``, ``"+01:00"``, ``"Europe/Oslo"``;
            default the station's zone.
        max_size_bytes: Larger files are refused (default 64 MiB).
    """

    name: ClassVar[str] = "atml"
    version: ClassVar[str] = "1.0"
    description: ClassVar[str] = "ATML / IEEE 1636.1 TestResults (2.02, 5.00, 6.01, batch)"
    patterns: ClassVar[tuple[str, ...]] = ("*.xml", "*.atml")

    def __init__(self, **arguments: Any) -> None:
        known = {key: arguments.pop(key) for key in HEADER_ARGUMENTS if key in arguments}
        reject_unknown(self.name, arguments, HEADER_ARGUMENTS)
        self.defaults = HeaderDefaults.from_arguments(self.name, **known)

    def validate(self, source: ConverterSource, context: ConverterContext) -> float:
        """0.95 when a TestResults(Collection) element with an ATML namespace starts the file."""
        with source.path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
        if b"TestResults" not in head:
            return 0.0
        return 0.95 if any(mark in head for mark in _NAMESPACE_MARKS) else 0.2

    def convert(self, source: ConverterSource, context: ConverterContext) -> ConverterResult:
        root = parse_xml(read_input(source, self.defaults.max_size_bytes), source.name)
        tag, namespace = local(root.tag), _namespace(root.tag)
        if tag not in ("TestResults", "TestResultsCollection") or not _is_atml(namespace):
            raise ConverterError(
                f"{source.name}: root element is <{tag}> in namespace {namespace!r}, expected "
                f"an ATML TestResults or TestResultsCollection (IEEE 1636.1)"
            )
        units = [root] if tag == "TestResults" else element_children(root, "TestResults")
        if not units:
            raise ConverterError(f"{source.name}: the collection holds no TestResults")
        batch = first(root, "Extension", "TSBatchTable")
        reports = []
        for index, unit in enumerate(units):
            where = f"{source.name}: TestResults[{index}]"
            try:
                reports.append(_Unit(self.defaults, unit, batch, where).build())
            except ReportBuildError as exc:
                raise ConverterError(f"{where}: {exc}") from None
        return ConverterResult.success(*reports)


class _Unit:
    """One ``TestResults`` element: its header, then its result tree."""

    def __init__(
        self,
        defaults: HeaderDefaults,
        unit: ET.Element,
        batch: ET.Element | None,
        where: str,
    ) -> None:
        self.defaults = defaults
        self.unit = unit
        self.batch = batch
        self.where = where
        self.missing_serial = False

    def error(self, message: str) -> ConverterError:
        return ConverterError(f"{self.where}: {message}")

    def main_sequence(self, result_set: ET.Element) -> ET.Element:
        """ATML 2.02 wraps the main sequence in one TestGroup; later versions do not."""
        items = [e for e in result_set if local(e.tag) in ("TestGroup", "Test", "SessionAction")]
        if len(items) == 1 and local(items[0].tag) == "TestGroup":
            return items[0]
        return result_set

    def build(self) -> UUTReport:
        result_set = first(self.unit, "ResultSet")
        if result_set is None:
            raise self.error("no ResultSet")
        main = self.main_sequence(result_set)
        start = parse_time(result_set.get("startDateTime"))
        if start is None:
            raise self.error(
                f"ResultSet startDateTime {result_set.get('startDateTime')!r} is not a time"
            )
        end = parse_time(result_set.get("endDateTime"))
        status, unknown = outcome_status(first(result_set, "Outcome"))
        if unknown or status is None:
            raise self.error(f"unknown or missing ResultSet outcome {unknown!r}")
        sequence_file = (result_set.get("name") or "").split("#", 1)[0]
        stem = sequence_file.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0] or None
        builder = ReportBuilder.uut(
            part_number=fit(self.part_number(stem)),
            serial_number=fit(self.serial_number()),
            revision=self.defaults.revision,
            process_code=self.defaults.process_code_for(stem),
            start=self.defaults.localize(start),
            operator=self.operator(),
            station_name=self.station(),
            batch_serial_number=self.batch_serial(),
            test_socket_index=self.socket(),
            exec_time_s=_duration(start, end),
            result=result_of(status),
            sequence_name="MainSequence Callback" if main is result_set else group_name(main),
            sequence_path=fit(sequence_file, 500) or None,
        )  # fmt: skip
        builder.root.force_status(status)
        if builder.root.step.seq_call is not None and "#" in (result_set.get("name") or ""):
            builder.root.step.seq_call.name = fit(
                result_set.get("name", "").rsplit("#", 1)[-1], 200
            )
        builder.root.step.tot_time_s = builder.exec_time_s
        if self.missing_serial:
            builder.misc_info("Serial number", "missing in file; TestResults uuid used")
        walker = StepWalker(self.where)
        walker.children(builder.root, main)
        walker.decorate(builder.root, main)
        return builder.build()

    def serial_number(self) -> str:
        serial = _text(first(self.unit, "UUT", "SerialNumber")) or ""
        if serial.upper() not in _MISSING_SERIALS:
            return serial
        self.missing_serial = True
        fallback = (self.unit.get("uuid") or "").strip()
        if not fallback:
            raise self.error("the UUT has no serial number and the TestResults no uuid")
        return fallback

    def part_number(self, sequence_stem: str | None) -> str:
        numbers = first(self.unit, "UUT", "Definition", "Identification", "IdentificationNumbers")
        for entry in element_children(numbers, "IdentificationNumber"):
            if (entry.get("type") or "").lower() == "part" and (entry.get("number") or "").strip():
                return (entry.get("number") or "").strip()
        if self.defaults.part_number:
            return self.defaults.part_number
        model = _text(first(self.unit, "UUT", "Definition", "Identification", "ModelName"))
        if model and model.upper() != _UNKNOWN_MODEL:
            return model
        if sequence_stem:
            return sequence_stem
        raise self.error("the UUT has no part number; set the converter's 'part_number'")

    def operator(self) -> str | None:
        found = first(self.unit, "Personnel", "SystemOperator")
        if found is None:
            return (self.batch.get("operator") or None) if self.batch is not None else None
        return (found.get("name") or found.get("ID") or "").strip() or None

    def station(self) -> str | None:
        station = _text(first(self.unit, "TestStation", "SerialNumber"))
        if station is None and self.batch is not None:
            station = (self.batch.get("stationID") or "").strip() or None
        return fit(station) if station else None

    def extension_value(self, name: str) -> str | None:
        found = first(self.unit, "Extension", "TSResultSetProperties", name)
        return None if found is None else ((found.get("value") or "").strip() or None)

    def batch_serial(self) -> str | None:
        found = self.extension_value("BatchSerialNumber")
        if found is None and self.batch is not None:
            found = (self.batch.get("batchSerialNumber") or "").strip() or None
        return fit(found) if found else None

    def socket(self) -> int | None:
        value = self.extension_value("TestSocketIndex")
        number = parse_number(value) if value else None
        return int(number) if number is not None and number >= 0 else None


def _duration(start: datetime, end: datetime | None) -> float | None:
    if end is None or (start.tzinfo is None) != (end.tzinfo is None) or end < start:
        return None
    return round((end - start).total_seconds(), 3)

"""NI TestStand XML reports → one UUT report per tested unit.

Two flavours are read:

* the **WATS add-on** report: ``<TSReport>`` with ``<ReportInfo key= value=>`` header entries
  (``Start`` with its UTC offset, ``SN``, ``PN``, ``Rev``, ``PCode``), a ``UUT`` property,
  ``StationInfo`` (station, login, location, purpose) and ``MainSequenceResults``;
* the plain **report plug-in** output: ``<Reports>`` holding ``<Report Type='UUT'
  UUTResult=...>`` elements (batch reports hold several; other report types are skipped), each
  with ``UUT``, ``StartDate``/``StartTime`` (local time, shown in ``timezone``), ``StationInfo``
  and the root step result.

Header: serial = ``SN`` / ``UUT.SerialNumber``; part number = ``PN`` / ``UUT.PartNumber`` /
``UUT.UUTPartNumber``, else the ``part_number`` argument; revision = ``Rev`` /
``UUT.UUTPartRevisionNumber``, else the argument; process code = ``process_codes[<operation
name or PCode>]``, else the file's ``PCode`` (a WATS code), else ``process_code``; station →
machineName; login → operator; batch serial, test socket, fixture and comment when present.
The result is the file's (``UUTResult`` / the root result's status).

Steps: see :mod:`._teststand_steps` (sequence calls nested, numeric limits with TestStand's
comparison names, which are WATS's, pass/fail, strings, multiple-measurement steps, error
codes and report text, statuses as recorded).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any, ClassVar

from pywats.domains.report.models import ReportResult, UUTReport
from pywats.tools import ReportBuilder, ReportBuildError
from pywats_client.converters.base import (
    ConverterContext,
    ConverterError,
    ConverterResult,
    ConverterSource,
    FileConverter,
)

from ._inputs import fit, parse_xml, read_input, reject_unknown
from ._tester_common import HEADER_ARGUMENTS, HeaderDefaults, result_of
from ._teststand_props import child, number, path, text
from ._teststand_steps import StepReader, status_of

__all__ = ["TestStandXmlConverter"]

_SNIFF_BYTES = 4096
_MAX_COMMENT = 5000


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _first(*values: str | None) -> str | None:
    return next((value for value in values if value), None)


class TestStandXmlConverter(FileConverter):
    """Converts a TestStand XML report (WATS add-on or plain) into UUT reports.

    Args:
        part_number: Part number when the report has none (plain reports often have none).
        revision: Revision when the report has none (default ``"1"``).
        process_code: WATS process code when neither ``process_codes`` nor the file's WATS
            ``PCode`` give one (default 10).
        process_codes: ``{"<operation name or PCode>": <WATS process code>}``.
        timezone: Zone of the plain report's local start date/time: ``"UTC"``, ``"+01:00"``,
            ``"Europe/Oslo"``; default the station's zone.
        max_size_bytes: Larger files are refused (default 64 MiB).
    """

    __test__ = False  # a converter, not a pytest test class (its name starts with "Test")
    name: ClassVar[str] = "teststand-xml"
    version: ClassVar[str] = "1.0"
    description: ClassVar[str] = "NI TestStand XML reports (WATS add-on and plain report plug-in)"
    patterns: ClassVar[tuple[str, ...]] = ("*.xml",)

    def __init__(self, **arguments: Any) -> None:
        known = {key: arguments.pop(key) for key in HEADER_ARGUMENTS if key in arguments}
        reject_unknown(self.name, arguments, HEADER_ARGUMENTS)
        self.defaults = HeaderDefaults.from_arguments(self.name, **known)

    def validate(self, source: ConverterSource, context: ConverterContext) -> float:
        """0.95 for a ``<TSReport>`` or ``<Reports>``/``<Report Type=`` root, else 0."""
        with source.path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
        if b"<TSReport" in head and b"<ReportInfo" in head:
            return 0.95
        if b"<Reports" in head and b"<Report " in head:
            return 0.95
        return 0.0

    def convert(self, source: ConverterSource, context: ConverterContext) -> ConverterResult:
        root = parse_xml(read_input(source, self.defaults.max_size_bytes), source.name)
        tag = _local(root.tag)
        if tag == "TSReport":
            units = [(root, "TSReport")]
        elif tag == "Reports":
            found = [r for r in root if _local(r.tag) == "Report"]
            units = [
                (r, f"Report[{i}]") for i, r in enumerate(found) if r.get("Type", "UUT") == "UUT"
            ]
            if not units:
                kinds = sorted({r.get("Type", "?") for r in found}) or ["none"]
                return ConverterResult.skip(
                    f"{source.name}: no UUT report (report types: {', '.join(kinds)})"
                )
        else:
            raise ConverterError(
                f"{source.name}: root element is <{tag}>, expected <TSReport> (WATS add-on) "
                f"or <Reports> (TestStand report plug-in)"
            )
        reports = [self._unit(source.name, element, where) for element, where in units]
        return ConverterResult.success(*reports)

    def _unit(self, name: str, report: ET.Element, where: str) -> UUTReport:
        where = f"{name}: {where}"
        try:
            return _Unit(self.defaults, report, where).build()
        except ReportBuildError as exc:
            raise ConverterError(f"{where}: {exc}") from None


class _Unit:
    """One UUT of the file: header from the WATS ``ReportInfo`` entries or the UUT property."""

    def __init__(self, defaults: HeaderDefaults, report: ET.Element, where: str) -> None:
        self.defaults = defaults
        self.report = report
        self.where = where
        self.info = {
            entry.get("key", ""): (entry.get("value") or "").strip()
            for entry in report
            if _local(entry.tag) == "ReportInfo"
        }

    def error(self, message: str) -> ConverterError:
        return ConverterError(f"{self.where}: {message}")

    def root_result(self) -> ET.Element:
        found = child(self.report, "MainSequenceResults")
        if found is None:
            found = next(
                (e for e in self.report if _local(e.tag) == "Prop" and e.get("Type") == "TEResult"),
                None,
            )
        if found is None:
            raise self.error("no step results (MainSequenceResults or a TEResult property)")
        return found

    def start(self) -> datetime:
        stamp = self.info.get("Start")
        if stamp:
            try:
                return self.defaults.localize(datetime.fromisoformat(_trim_fraction(stamp)))
            except ValueError:
                raise self.error(f"ReportInfo Start {stamp!r} is not an ISO 8601 time") from None
        date, time = child(self.report, "StartDate"), child(self.report, "StartTime")
        parts = [
            number(child(date, "Year")), number(child(date, "Month")),
            number(child(date, "MonthDay")), number(child(time, "Hours")),
            number(child(time, "Minutes")), number(child(time, "Seconds")),
            number(child(time, "Milliseconds")) or 0,
        ]  # fmt: skip
        if any(p is None for p in parts):
            raise self.error("no start time (ReportInfo Start or StartDate/StartTime)")
        y, mo, d, h, mi, s, ms = (int(p or 0) for p in parts)
        try:
            return self.defaults.localize(datetime(y, mo, d, h, mi, s, ms * 1000))
        except ValueError as exc:
            raise self.error(f"bad start date/time: {exc}") from None

    def build(self) -> UUTReport:
        uut, station, info = child(self.report, "UUT"), child(self.report, "StationInfo"), self.info
        serial = _first(info.get("SN"), text(child(uut, "SerialNumber")))
        if serial is None:
            raise self.error("the UUT has no serial number")
        root = self.root_result()
        ts = child(root, "TS")
        call = child(ts, "SequenceCall")
        sequence_file = text(child(call, "SequenceFile"))
        part = _first(
            info.get("PN"), text(child(uut, "PartNumber")), text(child(uut, "UUTPartNumber")),
            self.defaults.part_number, _file_stem(sequence_file),
        )  # fmt: skip
        if part is None:
            raise self.error("the UUT has no part number; set the converter's 'part_number'")
        revision = _first(info.get("Rev"), text(child(uut, "UUTPartRevisionNumber")))
        file_code = _first(info.get("PCode"), _code_text(number(child(uut, "UUTOperationType"))))
        op_name = text(path(uut, "UUTOperationTypeDetails", "OpTypeName"))
        code = int(file_code) if file_code and file_code.isdigit() else None
        socket = number(child(uut, "TestSocketIndex"))
        seconds = number(child(ts, "TotalTime"))
        builder = ReportBuilder.uut(
            part_number=fit(part), serial_number=fit(serial),
            revision=fit(revision or self.defaults.revision),
            process_code=self.defaults.process_code_for(op_name, file_code, file_code=code),
            start=self.start(),
            operator=text(child(station, "LoginName")),
            station_name=text(child(station, "StationID")),
            location=text(child(station, "Location")), purpose=text(child(station, "Purpose")),
            batch_serial_number=text(child(uut, "BatchSerialNumber")),
            fixture_id=text(child(uut, "UUT_Fixture_ID")),
            test_socket_index=int(socket) if isinstance(socket, int) and socket >= 0 else None,
            comment=fit(text(child(uut, "Comment")) or "", _MAX_COMMENT) or None,
            exec_time_s=None if seconds is None else float(seconds),
            result=self.result(root),
            sequence_name=fit(text(child(ts, "StepName")) or "MainSequence Callback"),
            sequence_path=fit(sequence_file or "", 500) or None,
            sequence_version=fit(text(child(call, "SequenceFileVersion")) or "", 30) or None,
        )  # fmt: skip
        reader = StepReader(self.where)
        status = status_of(text(child(root, "Status")))
        if status is not None:
            builder.root.force_status(status)
        builder.root.step.tot_time_s = builder.exec_time_s
        sequence = text(child(call, "Sequence"))
        if sequence and builder.root.step.seq_call is not None:
            builder.root.step.seq_call.name = fit(sequence, 200)
        reader.add_results(builder.root, child(call, "ResultList"), 1)
        reader.decorate(
            builder.root, root, ts, text(child(root, "Status")), builder.root.step.status
        )
        return builder.build()

    def result(self, root: ET.Element) -> ReportResult | None:
        """The file's UUT result (``UUTResult`` attribute, else the root step's status)."""
        word = self.report.get("UUTResult") or text(child(root, "Status"))
        status = status_of(word)
        if word and status is None:
            raise self.error(f"unknown UUT result {word!r}")
        return None if status is None else result_of(status)


def _file_stem(path_text: str | None) -> str | None:
    """``C:\\seq\\Board Test.seq`` → ``Board Test`` (Windows or POSIX separators)."""
    if not path_text:
        return None
    name = path_text.replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return stem.strip() or None


def _code_text(value: int | float | None) -> str | None:
    return None if value is None else str(int(value))


def _trim_fraction(stamp: str) -> str:
    """An ISO time ``fromisoformat`` reads on Python 3.10 too: 6 fraction digits, no ``Z``.

    TestStand writes 7 fraction digits; 3.10 only takes 3 or 6 and no ``Z`` suffix.
    """
    stamp = stamp.strip()
    if stamp.endswith(("Z", "z")):
        stamp = stamp[:-1] + "+00:00"
    head, dot, rest = stamp.partition(".")
    if not dot:
        return stamp
    digits = len(rest) - len(rest.lstrip("0123456789"))
    return f"{head}.{rest[:digits].ljust(6, '0')[:6]}{rest[digits:]}"

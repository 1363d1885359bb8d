"""JUnit XML (pytest, mocha, PHPUnit, ScalaTest, TestNG, xUnit.net, Bazel...) → one UUT report.

Mapping:

* ``<testsuites>`` / ``<testsuite>`` → sequences under the report's root (nested suites →
  nested sequences), ``time`` → the sequence's ``totTime``; ``<testsuites time>`` → execTime.
* ``<testcase>`` → a pass/fail step: passed → ``P``; ``<failure>`` → ``F``; ``<error>`` → ``E``;
  ``<skipped>`` → ``S``. The message (``type: message``, else the element's first text line)
  goes into ``reportText``; ``time`` → ``totTime``. ``system-out``/``system-err`` are ignored.
* Numeric ``<property>`` values → LOG measurements: a suite's (or ``<testsuites>``') in a
  ``Properties`` multi-numeric step at the start of its sequence; a test case's make that case a
  multi-numeric step (status still from its outcome). Text properties of suites → report misc
  info when name and value fit the 100-character limit (identical duplicates once); text
  properties of a case → lines of its ``reportText``.
* Start time: the first ``timestamp`` (``<testsuites>``, else the first suite that has one; ISO
  8601 or RFC 2822, naive times in ``timezone``); without one, the conversion time.
* ``hostname`` → misc info ``Hostname`` (or ``machineName`` with ``station_from_hostname``).

JUnit has no product identity, so the header comes from arguments and properties. Each of part
number, serial number and revision is taken from the first suite-level property named by
``*_property`` (default ``part_number``, ``serial_number``, ``revision``) if one exists, else:
part number = ``part_number`` argument, else the first suite's name; serial number =
``serial_number`` argument, else group 1 of ``serial_number_pattern`` matched against the file
name, else the file name without extension; revision = ``revision`` argument (default ``"1"``).
``process_code`` defaults to 10.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar

from pywats.domains.report.models import CompOp, StepStatus, UUTReport
from pywats.tools import ReportBuilder, ReportBuildError, SequenceBuilder
from pywats_client.converters.base import (
    ConverterContext,
    ConverterError,
    ConverterResult,
    ConverterSource,
    FileConverter,
)

from ._inputs import (
    DEFAULT_MAX_SIZE_BYTES,
    MAX_NAME_LENGTH,
    check_max_size,
    fit,
    localize,
    parse_iso_datetime,
    parse_number,
    parse_xml,
    read_input,
    reject_unknown,
    resolve_timezone,
)

__all__ = ["JUnitConverter"]

_ARGUMENTS = (
    "part_number", "serial_number", "revision", "process_code", "part_number_property",
    "serial_number_property", "revision_property", "serial_number_pattern",
    "station_from_hostname", "timezone", "max_size_bytes",
)  # fmt: skip
_OUTCOMES = {"failure": StepStatus.FAILED, "error": StepStatus.ERROR, "skipped": StepStatus.SKIPPED}
_MAX_DEPTH = 50
_MAX_REPORT_TEXT = 5000
_SNIFF_BYTES = 4096


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, tag: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == tag]


def _properties(element: ET.Element) -> list[tuple[str, str]]:
    found = []
    for block in _children(element, "properties"):
        for prop in _children(block, "property"):
            name = (prop.get("name") or "").strip()
            if name:
                found.append((name, prop.get("value", prop.text or "").strip()))
    return found


class JUnitConverter(FileConverter):
    """Converts a JUnit XML result file into one UUT report (see the module docstring).

    Args:
        part_number: Part number when no property gives one (default: the first suite's name).
        serial_number: Serial number when no property gives one (default: from the file name).
        revision: Revision when no property gives one.
        process_code: WATS process (test operation) code.
        part_number_property: Property holding the part number.
        serial_number_property: Property holding the serial number.
        revision_property: Property holding the revision.
        serial_number_pattern: Regex on the file name; group 1 (or the match) is the serial.
        station_from_hostname: Put the suite's ``hostname`` in ``machineName``.
        timezone: Zone of naive timestamps: ``"UTC"``, ``"+01:00"``, ``"Europe/Oslo"``; default
            the station's local time.
        max_size_bytes: Larger files are refused (default 64 MiB).
    """

    name: ClassVar[str] = "junit"
    version: ClassVar[str] = "1.0"
    description: ClassVar[str] = "JUnit XML test results (suites → sequences, cases → steps)"
    patterns: ClassVar[tuple[str, ...]] = ("*.xml",)

    def __init__(
        self,
        *,
        part_number: str | None = None,
        serial_number: str | None = None,
        revision: str = "1",
        process_code: int = 10,
        part_number_property: str = "part_number",
        serial_number_property: str = "serial_number",
        revision_property: str = "revision",
        serial_number_pattern: str | None = None,
        station_from_hostname: bool = False,
        timezone: str | None = None,
        max_size_bytes: int = DEFAULT_MAX_SIZE_BYTES,
        **unknown: Any,
    ) -> None:
        reject_unknown(self.name, unknown, _ARGUMENTS)
        texts = {
            "part_number": part_number, "serial_number": serial_number, "revision": revision,
            "part_number_property": part_number_property,
            "serial_number_property": serial_number_property,
            "revision_property": revision_property,
        }  # fmt: skip
        for key, value in texts.items():
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise ValueError(f"converter 'junit': {key} must be a non-empty string")
        if isinstance(process_code, bool) or not isinstance(process_code, int):
            raise ValueError("converter 'junit': process_code must be an integer")
        self.part_number = part_number
        self.serial_number = serial_number
        self.revision = revision
        self.process_code = process_code
        self.property_names = (part_number_property, serial_number_property, revision_property)
        try:
            self.serial_pattern = re.compile(serial_number_pattern or r"^(.+?)(?:\.[^.]*)?$")
        except re.error as exc:
            raise ValueError(f"converter 'junit': serial_number_pattern: {exc}") from None
        self.station_from_hostname = bool(station_from_hostname)
        self.zone = resolve_timezone(timezone, self.name)
        self.max_size_bytes = check_max_size(self.name, max_size_bytes)

    def validate(self, source: ConverterSource, context: ConverterContext) -> float:
        """0.95 when a ``<testsuites>``/``<testsuite>`` element starts the file, else 0."""
        with source.path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
        return 0.95 if re.search(rb"<testsuites?[\s>/]", head) else 0.0

    def convert(self, source: ConverterSource, context: ConverterContext) -> ConverterResult:
        root = parse_xml(read_input(source, self.max_size_bytes), source.name)
        tag = _local(root.tag)
        if tag == "testsuites":
            suites = _children(root, "testsuite")
        elif tag == "testsuite":
            suites = [root]
        else:
            raise ConverterError(
                f"{source.name}: root element is <{tag}>, expected <testsuites> or <testsuite>"
            )
        try:
            report = _JUnitReport(self, source, context, root, suites).build()
        except ReportBuildError as exc:
            raise ConverterError(f"{source.name}: {exc}") from None
        return ConverterResult.success(report)


class _JUnitReport:
    """One conversion: walks the suites into a ReportBuilder (state kept per file)."""

    def __init__(
        self,
        converter: JUnitConverter,
        source: ConverterSource,
        context: ConverterContext,
        root: ET.Element,
        suites: list[ET.Element],
    ) -> None:
        self.conv = converter
        self.source = source
        self.context = context
        self.root = root
        self.suites = suites
        self.misc: dict[tuple[str, str], None] = {}
        self.identity: set[str] = set()

    def error(self, path: str, message: str) -> ConverterError:
        return ConverterError(f"{self.source.name}: {path}: {message}")

    def build(self) -> UUTReport:
        holders = [e for e in self.root.iter() if _local(e.tag) in ("testsuites", "testsuite")]
        found: dict[str, str] = {}
        for name, value in (prop for holder in holders for prop in _properties(holder)):
            if name in self.conv.property_names and value:
                found.setdefault(name, value)
        self.identity = set(found)
        pn_prop, sn_prop, rev_prop = self.conv.property_names
        first_suite = fit(self.suites[0].get("name") or "") if self.suites else None
        hostname = next((e.get("hostname") for e in holders if e.get("hostname")), None)
        base = "/" + _local(self.root.tag)
        is_collection = _local(self.root.tag) == "testsuites"
        uut = ReportBuilder.uut(
            part_number=found.get(pn_prop) or self.conv.part_number or first_suite or "JUnit",
            serial_number=found.get(sn_prop) or self.conv.serial_number or self._file_serial(),
            revision=found.get(rev_prop) or self.conv.revision,
            process_code=self.conv.process_code,
            start=self._start(holders),
            station_name=hostname if self.conv.station_from_hostname else None,
            exec_time_s=self._time(self.root, base) if is_collection else None,
        )
        if hostname and not self.conv.station_from_hostname:
            self._misc("Hostname", hostname)
        if is_collection:
            self._suite_properties(uut.root, self.root)
            for index, suite in enumerate(self.suites, start=1):
                self._suite(uut.root, suite, f"{base}/testsuite[{index}]", 1)
        else:
            self._suite(uut.root, self.root, base, 1)
        for description, text in self.misc:
            uut.misc_info(description, text)
        return uut.build()

    def _file_serial(self) -> str:
        match = self.conv.serial_pattern.search(self.source.name)
        if match is None:
            raise self.error(
                "file name", f"serial_number_pattern does not match {self.source.name!r}"
            )
        return match.group(1) if match.groups() else match.group(0)

    def _start(self, holders: list[ET.Element]) -> datetime:
        for element in holders:
            text = element.get("timestamp")
            if text:
                return localize(self._timestamp(text, element), self.conv.zone)
        return self.context.now()

    def _timestamp(self, text: str, element: ET.Element) -> datetime:
        try:
            return parse_iso_datetime(text)
        except ValueError:
            pass
        try:
            return parsedate_to_datetime(text)
        except (TypeError, ValueError):
            raise self.error(
                f"<{_local(element.tag)} name={element.get('name')!r}>",
                f"timestamp {text!r} is neither ISO 8601 nor RFC 2822",
            ) from None

    def _time(self, element: ET.Element, path: str) -> float | None:
        text = element.get("time")
        if text is None or not text.strip():
            return None
        value = parse_number(text.replace(",", ""))
        if value is None or value != value or value < 0:
            raise self.error(path, f"time {text!r} is not a number of seconds")
        return float(value)

    def _misc(self, description: str, text: str) -> None:
        if len(description) <= MAX_NAME_LENGTH and len(text) <= MAX_NAME_LENGTH:
            self.misc.setdefault((description, text), None)

    def _suite_properties(self, sequence: SequenceBuilder, element: ET.Element) -> None:
        numbers: dict[str, int | float] = {}
        for name, value in _properties(element):
            if name in self.identity:
                continue
            number = parse_number(value)
            if number is None:
                self._misc(name, value)
            else:
                numbers.setdefault(fit(name), number)
        if numbers:
            step = sequence.multi_numeric("Properties")
            for name, number in numbers.items():
                step.add(name, number, comp_op=CompOp.LOG)

    def _suite(self, parent: SequenceBuilder, suite: ET.Element, path: str, depth: int) -> None:
        if depth > _MAX_DEPTH:
            raise self.error(path, f"test suites nested deeper than {_MAX_DEPTH} levels")
        name = fit((suite.get("name") or "").strip() or "testsuite")
        sequence = parent.sequence(name, tot_time_s=self._time(suite, path))
        self._suite_properties(sequence, suite)
        counts = {"testsuite": 0, "testcase": 0}
        for child in suite:
            tag = _local(child.tag)
            if tag not in counts:
                continue
            counts[tag] += 1
            child_path = f"{path}/{tag}[{counts[tag]}]"
            if tag == "testsuite":
                self._suite(sequence, child, child_path, depth + 1)
            else:
                self._case(sequence, child, child_path)

    def _case(self, sequence: SequenceBuilder, case: ET.Element, path: str) -> None:
        name = (case.get("name") or "").strip()
        if not name:
            raise self.error(path, "<testcase> has no name")
        status: StepStatus | None = None
        lines: list[str] = []
        for child in case:
            outcome = _OUTCOMES.get(_local(child.tag))
            if outcome is not None and status is None:
                status = outcome
                if text := _message(child):
                    lines.append(text)
        numbers: dict[str, int | float] = {}
        for prop_name, value in _properties(case):
            number = parse_number(value)
            if number is None:
                lines.append(f"{prop_name}: {value}")
            else:
                numbers.setdefault(fit(prop_name), number)
        tot_time_s = self._time(case, path)
        if numbers:
            outcome = status or StepStatus.PASSED
            handle: Any = sequence.multi_numeric(fit(name), status=outcome, tot_time_s=tot_time_s)
            for prop_name, number in numbers.items():
                handle.add(prop_name, number, comp_op=CompOp.LOG)
        else:
            passed = status is None or status is StepStatus.SKIPPED
            forced = None if status in (None, StepStatus.FAILED) else status
            handle = sequence.pass_fail(fit(name), passed, status=forced, tot_time_s=tot_time_s)
        if lines:
            handle.report_text(fit("\n".join(lines), _MAX_REPORT_TEXT))


def _message(element: ET.Element) -> str:
    """``type: message`` of a failure/error/skipped element, else its first text line."""
    message = (element.get("message") or "").strip()
    if not message:
        text = (element.text or "").strip()
        message = text.splitlines()[0].strip() if text else ""
    kind = (element.get("type") or "").strip()
    if kind and message and not message.startswith(kind):
        return f"{kind}: {message}"
    return message or kind

"""OpenHTF JSON test records (``OutputToJSON``) → one UUT report.

Mapping:

* ``dut_id`` → serial number; part number = ``metadata.part_number``, else the ``part_number``
  argument, else ``metadata.test_name``; revision = ``metadata.revision``, else the argument;
  process code = ``process_codes[metadata.procedure_id or test_name]``, else ``process_code``.
* ``start_time_millis`` → start (epoch milliseconds, shown in ``timezone``, default the station's
  zone); ``end - start`` → execTime; ``station_id`` → machineName; ``metadata.batch_number`` →
  batchSN; ``metadata.operator`` → operator; other scalar metadata → misc info.
* ``outcome`` → result and root status (PASS → P, FAIL → F, ERROR → E, TIMEOUT/ABORTED → T),
  kept as the file says; ``outcome_details`` (code: description) → ``uut.errorMessage``.
* Each phase → a sequence (status from its ``outcome``: PASS/FAIL/SKIP/ERROR, time from its
  millis). Phases of a subtest are grouped in a sequence named after the subtest.
* Each measurement → a step of the phase: numbers → numeric step, limits and operator from the
  validators (see ``_openhtf_validators``); booleans → pass/fail step; strings → string step
  (exact-text validators become the limit); arrays (dimensioned measurements) → a chart when
  rows are numeric pairs, else the value as text. The measurement's ``outcome`` (PASS/FAIL/
  UNSET/PARTIALLY_SET) forces the status; validators the converter cannot express, and
  ``marginal``, go into the step's reportText.
* Each phase attachment → an action step carrying the file (base64 data, mimetype).
* A phase that raised (``result.phase_result`` holding exception info) → its error message.

Older OpenHTF records (no ``marginal``/``subtests``/``branches`` keys) read the same way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, ClassVar

from pywats.domains.report.models import ReportResult, StepStatus, UUTReport
from pywats.tools import ReportBuilder, ReportBuildError, SequenceBuilder, UUTReportBuilder
from pywats_client.converters.base import (
    ConverterContext,
    ConverterError,
    ConverterResult,
    ConverterSource,
    FileConverter,
)

from ._inputs import decode_text, fit, read_input, reject_unknown
from ._openhtf_steps import add_attachment, add_measurement
from ._tester_common import HEADER_ARGUMENTS, HeaderDefaults

__all__ = ["OpenHtfConverter"]

_RESULTS = {
    "PASS": ReportResult.PASSED,
    "FAIL": ReportResult.FAILED,
    "ERROR": ReportResult.ERROR,
    "TIMEOUT": ReportResult.TERMINATED,
    "ABORTED": ReportResult.TERMINATED,
}
_ROOT_STATUS = {
    ReportResult.PASSED: StepStatus.PASSED,
    ReportResult.FAILED: StepStatus.FAILED,
    ReportResult.ERROR: StepStatus.ERROR,
    ReportResult.TERMINATED: StepStatus.TERMINATED,
}
_PHASE_STATUS = {
    "PASS": StepStatus.PASSED,
    "FAIL": StepStatus.FAILED,
    "SKIP": StepStatus.SKIPPED,
    "ERROR": StepStatus.ERROR,
}
_PHASE_RESULTS = {"CONTINUE", "REPEAT", "SKIP", "STOP", "FAIL_SUBTEST", "FAIL_AND_CONTINUE"}
_IDENTITY_KEYS = frozenset(
    {"part_number", "revision", "batch_number", "operator", "config", "test_name"}
)
_SNIFF_BYTES = 4096
_MAX_MESSAGE = 5000


def _millis(value: Any, where: str) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConverterError(f"{where} is {value!r}, not a time in epoch milliseconds")
    try:
        return datetime.fromtimestamp(value / 1000, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise ConverterError(f"{where} {value!r} is out of range") from None


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None or end < start:
        return None
    return round((end - start).total_seconds(), 3)


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


class OpenHtfConverter(FileConverter):
    """Converts an OpenHTF JSON test record into one UUT report (see the module docstring).

    Args:
        part_number: Part number when the record's metadata has none (default: the test name).
        revision: Revision when the metadata has none (default ``"1"``).
        process_code: WATS process code (default 10) when ``process_codes`` has no entry for
            the record's ``procedure_id`` or ``test_name``.
        process_codes: ``{"<procedure_id or test_name>": <WATS process code>}``.
        timezone: Zone the start time is shown in: ``"UTC"``, ``"+01:00"``, ``"Europe/Oslo"``;
            default the station's zone (the instant is the file's either way).
        max_size_bytes: Larger files are refused (default 64 MiB).
    """

    name: ClassVar[str] = "openhtf"
    version: ClassVar[str] = "1.0"
    description: ClassVar[str] = (
        "OpenHTF JSON test records (phases → sequences, measurements → steps)"
    )
    patterns: ClassVar[tuple[str, ...]] = ("*.json",)

    def __init__(self, **arguments: Any) -> None:
        known = {key: arguments.pop(key) for key in HEADER_ARGUMENTS if key in arguments}
        reject_unknown(self.name, arguments, HEADER_ARGUMENTS)
        self.defaults = HeaderDefaults.from_arguments(self.name, **known)

    def validate(self, source: ConverterSource, context: ConverterContext) -> float:
        """0.95 for a JSON object with OpenHTF's ``dut_id`` and ``start_time_millis`` keys."""
        with source.path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES).lstrip(b"\xef\xbb\xbf \t\r\n")
        if not head.startswith(b"{"):
            return 0.0
        keys = sum(key in head for key in (b'"dut_id"', b'"start_time_millis"', b'"phases"'))
        return {0: 0.0, 1: 0.3, 2: 0.8}.get(keys, 0.95)

    def convert(self, source: ConverterSource, context: ConverterContext) -> ConverterResult:
        text = decode_text(
            read_input(source, self.defaults.max_size_bytes), "utf-8-sig", source.name
        )
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConverterError(
                f"{source.name}: malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from None
        except RecursionError:
            raise ConverterError(f"{source.name}: JSON nested too deeply") from None
        if not isinstance(record, dict) or not isinstance(record.get("phases"), list):
            raise ConverterError(
                f"{source.name}: not an OpenHTF test record (expected a JSON object with a "
                f"'phases' list)"
            )
        try:
            report = _Record(self.defaults, source.name, record).build()
        except ReportBuildError as exc:
            raise ConverterError(f"{source.name}: {exc}") from None
        return ConverterResult.success(report)


class _Record:
    """One conversion: the record's header, then its phases into a ReportBuilder."""

    def __init__(self, defaults: HeaderDefaults, name: str, record: dict[str, Any]) -> None:
        self.defaults = defaults
        self.name = name
        self.record = record
        metadata = record.get("metadata")
        self.metadata: Mapping[str, Any] = metadata if isinstance(metadata, dict) else {}

    def error(self, where: str, message: str) -> ConverterError:
        return ConverterError(f"{self.name}: {where}: {message}")

    def build(self) -> UUTReport:
        uut = self.header()
        subtests: dict[str, SequenceBuilder] = {}
        for index, phase in enumerate(self.record["phases"]):
            if not isinstance(phase, dict):
                raise self.error(f"phases[{index}]", "a phase must be a JSON object")
            parent: SequenceBuilder = uut.root
            subtest = _text(phase.get("subtest_name"))
            if subtest is not None:
                if subtest not in subtests:
                    subtests[subtest] = uut.root.sequence(fit(subtest))
                parent = subtests[subtest]
            self.phase(parent, phase, f"phases[{index}]")
        self.force_subtest_statuses(subtests)
        return uut.build()

    def header(self) -> UUTReportBuilder:
        record, meta, defaults = self.record, self.metadata, self.defaults
        serial = _text(record.get("dut_id"))
        if serial is None:
            raise self.error("dut_id", "the record has no device serial (dut_id)")
        test_name = _text(meta.get("test_name"))
        part_number = _text(meta.get("part_number")) or defaults.part_number or test_name
        if part_number is None:
            raise self.error(
                "metadata", "no part_number or test_name; set the converter's 'part_number'"
            )
        start = _millis(record.get("start_time_millis"), "start_time_millis")
        if start is None:
            raise self.error("start_time_millis", "the record has no start time")
        end = _millis(record.get("end_time_millis"), "end_time_millis")
        outcome = _text(record.get("outcome"))
        result = _RESULTS.get((outcome or "").upper())
        if result is None:
            raise self.error("outcome", f"unknown test outcome {outcome!r}")
        version = _text(meta.get("test_version"))
        uut = ReportBuilder.uut(
            part_number=fit(part_number),
            serial_number=fit(serial),
            revision=fit(_text(meta.get("revision")) or defaults.revision),
            process_code=defaults.process_code_for(meta.get("procedure_id"), test_name),
            start=start.astimezone(defaults.zone) if defaults.zone else start.astimezone(),
            operator=_text(meta.get("operator")),
            station_name=_text(record.get("station_id")),
            batch_serial_number=_text(meta.get("batch_number")),
            exec_time_s=_seconds(start, end),
            result=result,
            sequence_version=fit(version, 30) if version else None,
        )
        uut.root.force_status(_ROOT_STATUS[result])
        for key, value in meta.items():
            text = _text(value)
            if key not in _IDENTITY_KEYS and text is not None and isinstance(key, str):
                uut.misc_info(fit(key), fit(text))
        if test_name is not None:
            uut.misc_info("test_name", fit(test_name))
        if record.get("marginal") is True:
            uut.misc_info("marginal", "true")
        details = [
            ": ".join(filter(None, (_text(d.get("code")), _text(d.get("description")))))
            for d in record.get("outcome_details") or ()
            if isinstance(d, dict)
        ]
        if any(details):
            uut.error_message = fit("; ".join(d for d in details if d), _MAX_MESSAGE)
        return uut

    def phase(self, parent: SequenceBuilder, phase: dict[str, Any], where: str) -> None:
        name = _text(phase.get("name")) or f"Phase {where}"
        outcome = (_text(phase.get("outcome")) or "").upper()
        status = _PHASE_STATUS.get(outcome)
        if status is None:
            raise self.error(f"{where}.outcome", f"unknown phase outcome {outcome!r}")
        start = _millis(phase.get("start_time_millis"), f"{where}.start_time_millis")
        end = _millis(phase.get("end_time_millis"), f"{where}.end_time_millis")
        sequence = parent.sequence(fit(name), status=status, tot_time_s=_seconds(start, end))
        if start is not None:
            zone = self.defaults.zone
            sequence.step.start = start.astimezone(zone) if zone else start.astimezone()
        message = _phase_error(phase.get("result"))
        if message:
            sequence.step.error_message = fit(message, _MAX_MESSAGE)
        notes = ["marginal"] if phase.get("marginal") is True else []
        if notes:
            sequence.report_text("; ".join(notes))
        measurements = phase.get("measurements") or {}
        if not isinstance(measurements, dict):
            raise self.error(f"{where}.measurements", "must be a JSON object")
        for key, measurement in measurements.items():
            if not isinstance(measurement, dict):
                raise self.error(f"{where}.measurements.{key}", "must be a JSON object")
            add_measurement(sequence, str(key), measurement, f"{self.name}: {where}")
        attachments = phase.get("attachments") or {}
        if not isinstance(attachments, dict):
            raise self.error(f"{where}.attachments", "must be a JSON object")
        for key, attachment in attachments.items():
            add_attachment(sequence, str(key), attachment, f"{self.name}: {where}")

    def force_subtest_statuses(self, subtests: dict[str, SequenceBuilder]) -> None:
        for entry in self.record.get("subtests") or ():
            if not isinstance(entry, dict):
                continue
            builder = subtests.get(_text(entry.get("name")) or "")
            status = _PHASE_STATUS.get((_text(entry.get("outcome")) or "").upper())
            if builder is not None and status is not None:
                builder.force_status(status)


def _phase_error(result: Any) -> str | None:
    """The exception a phase raised, from ``result.phase_result`` (None for normal results)."""
    if not isinstance(result, dict):
        return None
    value = result.get("phase_result")
    if isinstance(value, dict):
        kind, text = _text(value.get("exc_type")), _text(value.get("exc_val"))
        return ": ".join(part for part in (kind, text) if part) or None
    text = _text(value)
    if text is None or text.upper() in _PHASE_RESULTS:
        return None
    return re.sub(r"\s+", " ", text)

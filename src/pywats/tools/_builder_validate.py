"""Checks a built report against the server's submit rules (wats-api.md §3.1-§3.4, §8.3).

The builder runs these so a report it returns is accepted on ``POST /api/Report/WSJF``; every
problem is listed at once, each with the path of the offending value.
"""

from __future__ import annotations

from collections.abc import Iterator

from pywats.core.errors import PyWATSError
from pywats.domains.report.models import Report, Step, UURReport, UURSubUnit, UUTReport

__all__ = ["ReportBuildError", "check_report"]

MAX_TEXT = 100
MAX_PART_TYPE = 50
MAX_TYPEDEF = 30
MAX_COMMENT = 5000
MAX_SEQ_PATH = 500
MAX_SEQ_NAME = 200
MAX_SEQ_VERSION = 30
MAX_BINARY_NAME = 256


class ReportBuildError(PyWATSError, ValueError):
    """The builder was asked for something a valid WSJF report cannot hold."""


def _too_long(path: str, value: str | None, limit: int) -> Iterator[str]:
    if value is not None and len(value) > limit:
        yield f"{path} is {len(value)} characters long (max {limit})"


def _required(path: str, value: str | None) -> Iterator[str]:
    if value is None or not value.strip():
        yield f"{path} is required"


def _root_problems(report: Report) -> Iterator[str]:
    for key, value in (
        ("pn", report.part_number),
        ("sn", report.serial_number),
        ("rev", report.revision),
    ):
        yield from _required(key, value)
        yield from _too_long(key, value, MAX_TEXT)
    for key, optional in (
        ("machineName", report.machine_name),
        ("location", report.location),
        ("purpose", report.purpose),
    ):
        yield from _too_long(key, optional, MAX_TEXT)
    for index, misc in enumerate(report.misc_infos or ()):
        yield from _too_long(f"miscInfos[{index}].description", misc.description, MAX_TEXT)
        yield from _too_long(f"miscInfos[{index}].text", misc.text, MAX_TEXT)
        yield from _too_long(f"miscInfos[{index}].typedef", misc.typedef, MAX_TYPEDEF)
    for index, blob in enumerate(report.binary_data or ()):
        yield from _too_long(f"binaryData[{index}].contentType", blob.content_type, MAX_TEXT)
        yield from _too_long(f"binaryData[{index}].name", blob.name, MAX_BINARY_NAME)
    for index, unit in enumerate(report.sub_units or ()):
        where = f"subUnits[{index}]"
        yield from _too_long(f"{where}.partType", unit.part_type, MAX_PART_TYPE)
        yield from _too_long(f"{where}.pn", unit.part_number, MAX_TEXT)
        yield from _too_long(f"{where}.sn", unit.serial_number, MAX_TEXT)
        yield from _too_long(f"{where}.rev", unit.revision, MAX_TEXT)
        failures = unit.failures if isinstance(unit, UURSubUnit) else None
        for number, failure in enumerate(failures or ()):
            yield from _too_long(f"{where}.failures[{number}].category", failure.category, MAX_TEXT)
            yield from _too_long(f"{where}.failures[{number}].code", failure.code, MAX_TEXT)


def _step_problems(root: Step) -> Iterator[str]:
    for step in root.iter_steps():
        where = f"step {step.id} ({step.name[:40]!r})"
        yield from _too_long(f"{where} name", step.name, MAX_TEXT)
        if step.seq_call is not None:
            yield from _too_long(f"{where} seqCall.path", step.seq_call.path, MAX_SEQ_PATH)
            yield from _too_long(f"{where} seqCall.name", step.seq_call.name, MAX_SEQ_NAME)
            yield from _too_long(f"{where} seqCall.version", step.seq_call.version, MAX_SEQ_VERSION)
        if step.message_popup is not None:
            response = step.message_popup.response
            yield from _too_long(f"{where} messagePopup.response", response, MAX_TEXT)
        if step.attachment is not None:
            content_type = step.attachment.content_type
            yield from _too_long(f"{where} attachment.contentType", content_type, MAX_TEXT)
            yield from _too_long(f"{where} attachment.name", step.attachment.name, MAX_BINARY_NAME)
        for meas in [*(step.numeric_meas or ()), *(step.string_meas or ())]:
            yield from _too_long(f"{where} measurement name", meas.name, MAX_TEXT)
        for numeric in step.numeric_meas or ():
            yield from _too_long(f"{where} measurement unit", numeric.unit, MAX_TEXT)
        for boolean in step.boolean_meas or ():
            yield from _too_long(f"{where} measurement name", boolean.name, MAX_TEXT)


def check_report(report: Report) -> None:
    """Raise :class:`ReportBuildError` listing every rule the report breaks."""
    problems = list(_root_problems(report))
    if isinstance(report, UUTReport):
        if report.uut is not None:
            uut = report.uut
            problems += _too_long("uut.user", uut.user, MAX_TEXT)
            problems += _too_long("uut.batchSN", uut.batch_serial_number, MAX_TEXT)
            problems += _too_long("uut.fixtureId", uut.fixture_id, MAX_TEXT)
            problems += _too_long("uut.comment", uut.comment, MAX_COMMENT)
        if report.root is not None:
            problems += _step_problems(report.root)
    elif isinstance(report, UURReport) and report.uur is not None:
        problems += _too_long("uur.user", report.uur.user, MAX_TEXT)
        problems += _too_long("uur.comment", report.uur.comment, MAX_COMMENT)
    if problems:
        raise ReportBuildError("invalid report: " + "; ".join(problems))

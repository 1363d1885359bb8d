"""OpenHTF measurements and attachments → ReportBuilder steps (used by :mod:`.openhtf`)."""

from __future__ import annotations

import base64
import binascii
import json
import math
from typing import Any

from pywats.domains.report.models import CompOp, StepStatus
from pywats.tools import SequenceBuilder, StepHandle
from pywats_client.converters.base import ConverterError

from ._inputs import fit
from ._openhtf_validators import parse_string_validator, parse_validator

__all__ = ["add_attachment", "add_measurement"]

_MEASUREMENT_STATUS = {
    "PASS": StepStatus.PASSED,
    "FAIL": StepStatus.FAILED,
    "UNSET": StepStatus.SKIPPED,
    "PARTIALLY_SET": StepStatus.FAILED,
}
_MAX_TEXT = 1000
_MAX_CHART_POINTS = 10_000


def _unit(measurement: dict[str, Any]) -> str | None:
    units = measurement.get("units")
    if isinstance(units, dict):
        for key in ("suffix", "name", "code"):
            value = units.get(key)
            if isinstance(value, str) and value.strip():
                return fit(value.strip())
        return None
    if isinstance(units, str) and units.strip():
        return fit(units.strip())
    return None


def _validators(measurement: dict[str, Any], where: str) -> list[str]:
    validators = measurement.get("validators") or []
    if not isinstance(validators, list):
        raise ConverterError(f"{where}: validators must be a list of strings")
    return [str(v) for v in validators]


def _status(measurement: dict[str, Any], where: str) -> StepStatus:
    outcome = str(measurement.get("outcome") or "").upper()
    status = _MEASUREMENT_STATUS.get(outcome)
    if status is None:
        raise ConverterError(f"{where}: unknown measurement outcome {outcome!r}")
    return status


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def add_measurement(
    sequence: SequenceBuilder, key: str, measurement: dict[str, Any], where: str
) -> StepHandle:
    """Add one measurement of a phase as a step (kind chosen by the measured value)."""
    where = f"{where}: measurement {key!r}"
    name = fit(str(measurement.get("name") or key))
    status = _status(measurement, where)
    validators = _validators(measurement, where)
    value = measurement.get("measured_value")
    notes: list[str] = []
    if isinstance(value, bool):
        handle: StepHandle = sequence.pass_fail(name, value, status=status)
        notes += [v for v in validators if v.replace(" ", "") not in ("x==True", "x==False")]
    elif _is_number(value) or value is None:
        handle, unused = _numeric(sequence, name, value, validators, status, _unit(measurement))
        notes += unused
    elif isinstance(value, str):
        handle, unused = _string(sequence, name, value, validators, status)
        notes += unused
    elif isinstance(value, list):
        handle = _dimensioned(sequence, name, value, status, _unit(measurement))
        notes += validators
    else:
        text = json.dumps(value, sort_keys=True, default=str)
        handle = sequence.string(name, fit(text, _MAX_TEXT), comp_op=CompOp.LOG, status=status)
        notes += validators
    if measurement.get("marginal") is True:
        notes.append("marginal")
    if notes:
        handle.report_text(fit("; ".join(notes), _MAX_TEXT))
    return handle


def _numeric(
    sequence: SequenceBuilder,
    name: str,
    value: int | float | None,
    validators: list[str],
    status: StepStatus,
    unit: str | None,
) -> tuple[StepHandle, list[str]]:
    """A numeric step: the first validator WATS can express gives limits; others become notes."""
    limits, unused = None, []
    for validator in validators:
        parsed = parse_validator(validator) if limits is None else None
        if parsed is None:
            unused.append(validator)
        else:
            limits = parsed
    number = math.nan if value is None else value
    if limits is None:
        handle = sequence.numeric(name, number, comp_op=CompOp.LOG, unit=unit, status=status)
    else:
        handle = sequence.numeric(
            name, number, low=limits.low, high=limits.high, comp_op=limits.comp_op, unit=unit,
            status=status,
        )  # fmt: skip
    return handle, unused


def _string(
    sequence: SequenceBuilder, name: str, value: str, validators: list[str], status: StepStatus
) -> tuple[StepHandle, list[str]]:
    limit, unused = None, []
    for validator in validators:
        parsed = parse_string_validator(validator)
        if limit is None and parsed is not None and parsed.limit is not None:
            limit = parsed
        else:
            unused.append(validator)
    shown = fit(value, _MAX_TEXT)
    if limit is None:
        return sequence.string(name, shown, comp_op=CompOp.LOG, status=status), unused
    handle = sequence.string(
        name, shown, limit=fit(limit.limit or "", _MAX_TEXT), comp_op=limit.comp_op, status=status
    )
    return handle, unused


def _dimensioned(
    sequence: SequenceBuilder, name: str, rows: list[Any], status: StepStatus, unit: str | None
) -> StepHandle:
    """Numeric (x, y) rows → a chart; anything else → the value as (capped) text."""
    pairs = [row for row in rows if isinstance(row, list) and len(row) == 2]
    if (
        rows
        and len(pairs) == len(rows) <= _MAX_CHART_POINTS
        and all(_is_number(v) for row in pairs for v in row)
    ):
        chart = sequence.chart(name, label=name, y_unit=unit, status=status)
        chart.add_series(name, [row[0] for row in pairs], [row[1] for row in pairs])
        return chart
    text = json.dumps(rows, default=str)
    return sequence.string(name, fit(text, _MAX_TEXT), comp_op=CompOp.LOG, status=status)


def add_attachment(sequence: SequenceBuilder, key: str, attachment: Any, where: str) -> None:
    """A phase attachment → an action step carrying the file.

    ``data`` is base64 as OpenHTF writes it; text that is not base64 is attached as UTF-8.
    """
    where = f"{where}: attachment {key!r}"
    if not isinstance(attachment, dict):
        raise ConverterError(f"{where}: must be a JSON object")
    data = attachment.get("data")
    if not isinstance(data, str):
        raise ConverterError(f"{where}: has no base64 'data' text")
    try:
        content = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        content = data.encode("utf-8")
    mimetype = attachment.get("mimetype")
    content_type = mimetype if isinstance(mimetype, str) and mimetype else None
    sequence.attachment(
        fit(key),
        content,
        file_name=fit(key, 256),
        content_type=fit(content_type or "application/octet-stream"),
    )

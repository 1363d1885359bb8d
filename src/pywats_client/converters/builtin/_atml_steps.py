"""ATML result tree (``TestGroup`` / ``Test`` / ``SessionAction``) → ReportBuilder steps.

* ``TestGroup`` → a sequence (named by ``callerName``, TestStand's ``SequenceCallStepName``, or
  the sequence after ``#`` in its name); a ``Test`` recorded as a sequence call without
  children (a skipped call) → an empty sequence.
* ``SessionAction`` → a step of its TestStand step type (``Action`` by default) with the
  ``ActionOutcome`` status.
* ``Test`` → a step built from its ``TestResult`` elements (see :meth:`StepWalker.test`).

Statuses come from ``Outcome``/``ActionOutcome`` (a ``qualifier`` that is a status word wins)
and are kept as the file says; a word WATS has no status for reads as Done and is named in the
step's reportText. TestStand extensions add the step type, group, step id and time.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime

from pywats.domains.report.models import CompOp, StepGroup, StepStatus
from pywats.tools import SequenceBuilder, StepHandle
from pywats_client.converters.base import ConverterError

from ._atml_data import (
    Datum,
    StringLimit,
    element_children,
    first,
    local,
    numeric_limits,
    read_datum,
    string_limit,
)
from ._inputs import fit, parse_number
from ._tester_common import TESTSTAND_STATUS, StepKeywords, unique_name

__all__ = ["StepWalker", "outcome_status", "parse_time"]

_GROUPS = {"setup": StepGroup.SETUP, "main": StepGroup.MAIN, "cleanup": StepGroup.CLEANUP}
_CALLER = re.compile(r"SequenceCallStepName\s*=\s*'(.*)'")
_SEQUENCE_TYPES = frozenset({"SequenceCall", "WATS_SeqCall"})
_PRIMARY_NAMES = frozenset({"Numeric", "String", "PassFail"})
_MAX_DEPTH = 100
_MAX_TEXT = 5000


def outcome_status(element: ET.Element | None) -> tuple[StepStatus | None, str | None]:
    """(status, unknown word) of an ``Outcome``.

    A ``qualifier`` that is a status word wins over the ``value``: TestStand writes skipped
    steps as ``Aborted``/``Skipped`` in ATML 2.02 and ``UserDefined``/``Skipped`` later.
    """
    if element is None:
        return None, None
    qualifier = (element.get("qualifier") or "").strip()
    status = TESTSTAND_STATUS.get(qualifier.replace(" ", "").lower())
    if status is not None:
        return status, None
    value = (element.get("value") or "").strip()
    status = TESTSTAND_STATUS.get(value.replace(" ", "").lower())
    if status is None and value.lower() == "userdefined":
        return None, qualifier or value
    return status, (None if status is not None else value)


def parse_time(text: str | None) -> datetime | None:
    """An ``xs:dateTime`` (naive or with offset) or None; fraction trimmed for Python 3.10."""
    if not text:
        return None
    stamp = text.strip()
    if stamp.endswith(("Z", "z")):
        stamp = stamp[:-1] + "+00:00"
    head, dot, rest = stamp.partition(".")
    if dot:
        digits = len(rest) - len(rest.lstrip("0123456789"))
        stamp = f"{head}.{rest[:digits].ljust(6, '0')[:6]}{rest[digits:]}"
    try:
        return datetime.fromisoformat(stamp)
    except ValueError:
        return None


@dataclass(frozen=True)
class _Result:
    """One measurement-like ``TestResult``: value, limits and its own outcome (if any)."""

    name: str
    datum: Datum
    limits: ET.Element | None
    status: StepStatus | None
    limit: str | None = None
    """A string limit given as data (WATS TestStand types), not as ``Limits``."""


class StepWalker:
    """Adds the children of a result-tree element to a sequence; ``where`` prefixes errors."""

    def __init__(self, where: str) -> None:
        self.where = where

    def children(self, parent: SequenceBuilder, element: ET.Element, depth: int = 0) -> None:
        if depth > _MAX_DEPTH:
            raise ConverterError(f"{self.where}: test groups nested deeper than {_MAX_DEPTH}")
        for item in element:
            kind = local(item.tag)
            if kind == "TestGroup":
                sequence = parent.sequence(
                    group_name(item), path=_sequence_path(item), **self.common(item)
                )
                self.decorate(sequence, item)
                self.children(sequence, item, depth + 1)
            elif kind == "Test":
                self.test(parent, item)
            elif kind == "SessionAction":
                handle = parent.generic(
                    _name(item), step_type=_ts_text(item, "StepType") or "Action",
                    **self.common(item, "ActionOutcome"),
                )  # fmt: skip
                self.decorate(handle, item)

    def common(self, item: ET.Element, outcome: str = "Outcome") -> StepKeywords:
        """Group, status and time; an outcome word WATS has no status for reads as Done (the
        word goes into the report text, see :meth:`decorate`)."""
        status, _ = outcome_status(first(item, outcome))
        group = _GROUPS.get((_ts_text(item, "StepGroup") or "main").lower(), StepGroup.MAIN)
        return {"group": group, "status": status or StepStatus.DONE, "tot_time_s": _seconds(item)}

    def test(self, parent: SequenceBuilder, item: ET.Element) -> None:
        """A ``Test`` → numeric / pass-fail / string step (multi when several measurements)."""
        name, where = _name(item), f"{self.where}: test {_name(item)!r}"
        step_type = _ts_text(item, "StepType")
        kw = self.common(item)
        primary, notes = _split_results(item, where)
        handle: StepHandle
        if not primary and step_type in _SEQUENCE_TYPES:
            handle = parent.sequence(name, **kw)
        elif not primary:
            if step_type is None or "passfail" in step_type.lower() or "PFT" in step_type:
                passed = kw["status"] in (StepStatus.PASSED, StepStatus.DONE)
                handle = parent.pass_fail(name, passed, **kw)
            else:
                handle = parent.generic(name, step_type=step_type, **kw)
        else:
            handle = _measurements(parent, name, primary, kw, where, notes)
        if step_type:
            handle.step.step_type = step_type
        self.decorate(handle, item, notes)

    def decorate(
        self, handle: StepHandle, item: ET.Element, notes: list[str] | None = None
    ) -> None:
        """Report text (``ReportText`` data and unused results), TestStand step id."""
        texts = [
            str(_datum_of(entry, self.where).value)
            for entry in element_children(first(item, "Data", "Collection"), "Item")
            if entry.get("name") == "ReportText" and first(entry, "Datum") is not None
        ]
        outcome = first(item, "Outcome")
        _, unknown = outcome_status(
            outcome if outcome is not None else first(item, "ActionOutcome")
        )
        if unknown:
            texts.append(f"ATML outcome: {unknown}")
        shown = "\n".join(t for t in [*texts, *(notes or [])] if t)
        if shown:
            handle.step.report_text = fit(shown, _MAX_TEXT)
        step_id = _ts_text(item, "StepId") or item.get("testReferenceID")
        if step_id:
            handle.step.ts_guid = fit(step_id)
        if local(item.tag) == "Test" and _ts_value(item, "StepCausedSequenceFailure") == "true":
            handle.step.caused_seq_failure = True


def _datum_of(entry: ET.Element, where: str) -> Datum:
    datum = first(entry, "Datum")
    assert datum is not None
    return read_datum(datum, where)


def _name(item: ET.Element) -> str:
    return fit((item.get("name") or item.get("ID") or "Unnamed").strip() or "Unnamed")


def group_name(item: ET.Element) -> str:
    """A TestGroup's step name: ``callerName``, the SequenceCallStepName, or the sequence."""
    caller = item.get("callerName")
    if not caller:
        match = _CALLER.search(item.get("userDefinedType") or "")
        caller = match.group(1) if match else None
    return fit(caller or (item.get("name") or "Sequence").rsplit("#", 1)[-1])


def _sequence_path(item: ET.Element) -> str | None:
    name = item.get("name") or ""
    return fit(name.split("#", 1)[0], 500) if "#" in name else None


def _ts(item: ET.Element) -> ET.Element | None:
    return first(item, "Extension", "TSStepProperties")


def _ts_text(item: ET.Element, name: str) -> str | None:
    found = first(_ts(item), name)
    return (found.text or "").strip() or None if found is not None else None


def _ts_value(item: ET.Element, name: str) -> str | None:
    found = first(_ts(item), name)
    return None if found is None else (found.get("value") or "").strip().lower()


def _seconds(item: ET.Element) -> float | None:
    value = _ts_value(item, "TotalTime")
    number = parse_number(value) if value else None
    if number is not None:
        return float(number)
    start, end = parse_time(item.get("startDateTime")), parse_time(item.get("endDateTime"))
    if (
        start is None
        or end is None
        or end < start
        or (start.tzinfo is None) != (end.tzinfo is None)
    ):
        return None
    return round((end - start).total_seconds(), 3)


def _result_status(result: ET.Element) -> StepStatus | None:
    status, _ = outcome_status(first(result, "Outcome"))
    return status


def _collection_results(name: str, collection: ET.Element, where: str) -> list[_Result]:
    """WATS TestStand types (multiple pass/fail or string tests) log their measurements as a
    collection of ``Measurement[i]`` collections holding MeasName, Status and the data."""
    found = []
    for index, entry in enumerate(element_children(collection, "Item")):
        fields = {
            item.get("name", ""): _datum_of(item, where)
            for item in element_children(first(entry, "Collection"), "Item")
            if first(item, "Datum") is not None
        }
        data = fields.get("PassFail") or fields.get("StringData") or fields.get("Data")
        if data is None:
            continue
        label = fields.get("MeasName")
        status_word = fields.get("Status")
        status = TESTSTAND_STATUS.get(str(status_word.value).lower()) if status_word else None
        limit = fields.get("StringLimit") or fields.get("Limit")
        found.append(
            _Result(
                str(label.value) if label else f"{name} {index}", data,
                None, status, str(limit.value) if limit is not None else None,
            )
        )  # fmt: skip
    return found


def _split_results(item: ET.Element, where: str) -> tuple[list[_Result], list[str]]:
    """The measurements of a Test, and the other results as report-text lines.

    Measurements are scalar results with limits, their own outcome, or TestStand's own names
    (``Numeric``, ``String``, ``PassFail``); without any of those, every scalar result is one.
    """
    scalars: list[_Result] = []
    notes: list[str] = []
    for result in element_children(item, "TestResult"):
        name = fit((result.get("name") or result.get("ID") or "Result").strip())
        data = first(result, "TestData")
        datum = first(data, "Datum")
        if datum is not None:
            value = read_datum(datum, f"{where}: result {name!r}")
            limits = first(result, "TestLimits", "Limits")
            scalars.append(_Result(name, value, limits, _result_status(result)))
        elif first(data, "Collection") is not None:
            collection = first(data, "Collection")
            assert collection is not None
            scalars.extend(_collection_results(name, collection, where))
        elif first(data, "IndexedArray") is not None:
            values = [
                e.get("value", "") for e in element_children(first(data, "IndexedArray"), "Element")
            ]
            notes.append(f"{name} = " + ";".join(values))
    if any(r.name == "ReportText" and r.datum.kind == "string" for r in scalars):
        notes.insert(0, "\n".join(str(r.datum.value) for r in scalars if r.name == "ReportText"))
        scalars = [r for r in scalars if r.name != "ReportText"]
    primary = [
        r for r in scalars
        if r.limits is not None or r.status is not None or r.name in _PRIMARY_NAMES
        or r.limit is not None
    ]  # fmt: skip
    if not primary:
        return scalars, notes
    others = [r for r in scalars if r not in primary]
    notes += [f"{r.name} = {r.datum.value}" for r in others]
    return primary, notes


def _measurements(
    parent: SequenceBuilder,
    name: str,
    results: list[_Result],
    kw: StepKeywords,
    where: str,
    notes: list[str],
) -> StepHandle:
    """One measurement → a single step; several → a multi step of the dominant kind (numbers
    first); results of another kind go to the report text."""
    kinds = [r.datum.kind for r in results]
    kind = "number" if "number" in kinds else kinds[0]
    chosen = [r for r in results if r.datum.kind == kind]
    notes += [f"{r.name} = {r.datum.value}" for r in results if r.datum.kind != kind]
    status = kw["status"]
    if len(chosen) == 1:
        handle = _single(parent, name, chosen[0], kw, where)
        # The measurement keeps its own outcome when the file gives one (the step its own).
        measurements = handle.step.numeric_meas or handle.step.boolean_meas or ()
        for meas in [*measurements, *(handle.step.string_meas or ())]:
            meas.status = chosen[0].status or status
        return handle
    names: set[str] = set()
    if kind == "number":
        numeric = parent.multi_numeric(name, **kw)
        for r in chosen:
            limits = numeric_limits(r.limits, where)
            numeric.add(
                unique_name(r.name, names), _as_number(r.datum), low=limits.low, high=limits.high,
                comp_op=limits.comp_op, unit=r.datum.unit, status=r.status or status,
            )  # fmt: skip
        return numeric
    if kind == "boolean":
        booleans = parent.multi_pass_fail(name, **kw)
        for r in chosen:
            booleans.add(unique_name(r.name, names), bool(r.datum.value), status=r.status or status)
        return booleans
    strings = parent.multi_string(name, **kw)
    for r in chosen:
        text_limit = _string_limit(r, where)
        strings.add(
            unique_name(r.name, names), str(r.datum.value), limit=text_limit.limit,
            comp_op=text_limit.comp_op, status=r.status or status,
        )  # fmt: skip
    return strings


def _single(
    parent: SequenceBuilder, name: str, only: _Result, kw: StepKeywords, where: str
) -> StepHandle:
    if only.datum.kind == "number":
        limits = numeric_limits(only.limits, where)
        return parent.numeric(
            name, _as_number(only.datum), low=limits.low, high=limits.high,
            comp_op=limits.comp_op, unit=only.datum.unit, **kw,
        )  # fmt: skip
    if only.datum.kind == "boolean":
        return parent.pass_fail(name, bool(only.datum.value), **kw)
    text_limit = _string_limit(only, where)
    return parent.string(
        name, str(only.datum.value), limit=text_limit.limit, comp_op=text_limit.comp_op, **kw
    )


def _as_number(datum: Datum) -> int | float:
    value = datum.value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return float("nan")
    return value


def _string_limit(result: _Result, where: str) -> StringLimit:
    if result.limits is not None:
        return string_limit(result.limits, where)
    if result.limit is not None:
        return StringLimit(CompOp.CASESENSIT, result.limit)
    return StringLimit(CompOp.LOG, None)

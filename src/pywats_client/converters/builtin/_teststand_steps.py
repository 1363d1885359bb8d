"""TestStand step results (``TEResult`` properties) → ReportBuilder steps (used by
:mod:`.teststand`).

A result's kind is read from what it holds, as WATS reads a step's payload regardless of its
type: ``TS.SequenceCall.ResultList`` → a sequence of the results inside; ``Numeric`` → numeric
limit step; ``Measurement`` (array) → multiple numeric / pass-fail / string step; ``PassFail``
→ pass/fail step; ``String`` → string value step; anything else → a step of the recorded
``TS.StepType`` without measurements. Statuses are the file's (``Status``), never recomputed; a
custom status word WATS has no letter for reads as Done and is named in the step's reportText.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from pywats.domains.report.models import CompOp, StepGroup, StepStatus
from pywats.tools import SequenceBuilder, StepHandle
from pywats_client.converters.base import ConverterError

from ._inputs import fit
from ._tester_common import TESTSTAND_STATUS, StepKeywords, unique_name
from ._teststand_props import array_items, boolean, child, number, path, text

__all__ = ["StepReader", "numeric_comp_op", "status_of"]

_GROUPS = {"setup": StepGroup.SETUP, "main": StepGroup.MAIN, "cleanup": StepGroup.CLEANUP}
_STRING_OPS = {
    "ignorecase": CompOp.IGNORECASE,
    "casesensitive": CompOp.CASESENSIT,
    "casesensit": CompOp.CASESENSIT,
    "equal": CompOp.CASESENSIT,
    "eq": CompOp.CASESENSIT,
    "log": CompOp.LOG,
}
_TWO_LIMIT_OPS = frozenset(
    {CompOp.GTLT, CompOp.GTLE, CompOp.GELT, CompOp.GELE,
     CompOp.LTGT, CompOp.LTGE, CompOp.LEGT, CompOp.LEGE}
)  # fmt: skip
_MAX_DEPTH = 100
_MAX_TEXT = 5000


def status_of(word: str | None) -> StepStatus | None:
    """A TestStand status word (``Passed``, ``Done``...) as a WATS status; None if unknown."""
    if word is None:
        return None
    return TESTSTAND_STATUS.get(word.replace(" ", "").lower())


def numeric_comp_op(word: str | None, where: str) -> CompOp:
    """TestStand's numeric comparison names are WATS's own (``GELE``, ``GT``, ``LOG``...)."""
    if word is None:
        return CompOp.LOG
    try:
        return CompOp(word.strip().upper())
    except ValueError:
        raise ConverterError(f"{where}: unknown numeric comparison {word!r}") from None


def _limits(op: CompOp, limits: ET.Element | None) -> tuple[int | float | None, int | float | None]:
    """(low, high) for ``op``: one-limit operators take TestStand's Low (High when only it)."""
    low, high = number(child(limits, "Low")), number(child(limits, "High"))
    if op is CompOp.LOG:
        return None, None
    if op in _TWO_LIMIT_OPS:
        return low, high
    return (low if low is not None else high), None


@dataclass(frozen=True)
class _Common:
    """What every step of a result gets: its group, the file's status and its time."""

    group: StepGroup
    status: StepStatus
    seconds: float | None

    def keywords(self) -> StepKeywords:
        return {"group": self.group, "status": self.status, "tot_time_s": self.seconds}


class StepReader:
    """Walks a TEResult tree into a ReportBuilder sequence; ``where`` prefixes errors."""

    def __init__(self, where: str) -> None:
        self.where = where

    def error(self, message: str) -> ConverterError:
        return ConverterError(f"{self.where}: {message}")

    def add_results(self, parent: SequenceBuilder, results: ET.Element | None, depth: int) -> None:
        """Add each TEResult of a ``ResultList`` array to ``parent``."""
        if depth > _MAX_DEPTH:
            raise self.error(f"sequence calls nested deeper than {_MAX_DEPTH}")
        for result in array_items(results):
            self.add_result(parent, result, depth)

    def add_result(self, parent: SequenceBuilder, result: ET.Element, depth: int) -> StepHandle:
        """One TEResult → one step (a sequence when it called one)."""
        ts = child(result, "TS")
        name = fit(text(child(ts, "StepName")) or "Unnamed step")
        step_type = text(child(ts, "StepType")) or "Action"
        word = text(child(result, "Status"))
        status = status_of(word) or StepStatus.DONE
        group = _GROUPS.get((text(child(ts, "StepGroup")) or "main").lower(), StepGroup.MAIN)
        seconds = number(child(ts, "TotalTime"))
        common = _Common(group, status, None if seconds is None else float(seconds))
        call = child(ts, "SequenceCall")
        handle: StepHandle
        if call is not None:
            sequence = parent.sequence(
                name, path=fit(text(child(call, "SequenceFile")) or "", 500) or None,
                version=fit(text(child(call, "SequenceFileVersion")) or "", 30) or None,
                group=common.group, status=common.status, tot_time_s=common.seconds,
            )  # fmt: skip
            sequence.step.step_type = step_type
            self.add_results(sequence, child(call, "ResultList"), depth + 1)
            handle = sequence
        else:
            handle = self.leaf(parent, result, name, step_type, common)
        self.decorate(handle, result, ts, word, status)
        return handle

    def leaf(
        self,
        parent: SequenceBuilder,
        result: ET.Element,
        name: str,
        step_type: str,
        common: _Common,
    ) -> StepHandle:
        where = f"{self.where}: step {name!r}"
        measurements = child(result, "Measurement")
        value = child(result, "Numeric")
        handle: StepHandle
        if measurements is not None:
            handle = self.multi(parent, name, measurements, common, where)
        elif value is not None:
            op = numeric_comp_op(text(child(result, "Comp")), where)
            low, high = _limits(op, child(result, "Limits"))
            measured = number(value)
            handle = parent.numeric(
                name, float("nan") if measured is None else measured, low=low, high=high,
                comp_op=op, unit=text(child(result, "Units")), **common.keywords(),
            )  # fmt: skip
        elif child(result, "PassFail") is not None:
            handle = parent.pass_fail(
                name, bool(boolean(child(result, "PassFail"))), **common.keywords()
            )
        elif child(result, "String") is not None:
            limit = text(path(result, "Limits", "String"))
            op = _STRING_OPS.get((text(child(result, "Comp")) or "").lower(), CompOp.LOG)
            handle = parent.string(
                name, text(child(result, "String")) or "",
                limit=limit if op is not CompOp.LOG else None,
                comp_op=op if limit is not None else CompOp.LOG, **common.keywords(),
            )  # fmt: skip
        else:
            handle = parent.generic(name, step_type=step_type, **common.keywords())
        handle.step.step_type = step_type
        return handle

    def multi(
        self,
        parent: SequenceBuilder,
        name: str,
        measurements: ET.Element,
        common: _Common,
        where: str,
    ) -> StepHandle:
        """A ``Measurement`` array: numeric, pass/fail or string entries, each named."""
        items = array_items(measurements)
        kinds = {_item_kind(item) for item in items}
        status = common.status
        names: set[str] = set()
        if kinds <= {"Data"}:
            numeric = parent.multi_numeric(name, **common.keywords())
            for index, item in enumerate(items):
                op = numeric_comp_op(text(child(item, "Comp")), where)
                low, high = _limits(op, child(item, "Limits"))
                measured = number(child(item, "Data"))
                numeric.add(
                    unique_name(_item_name(item, index), names),
                    float("nan") if measured is None else measured, low=low, high=high,
                    comp_op=op, unit=text(child(item, "Units")),
                    status=status_of(text(child(item, "Status"))) or status,
                )  # fmt: skip
            return numeric
        if kinds <= {"PassFail"}:
            boolean_step = parent.multi_pass_fail(name, **common.keywords())
            for index, item in enumerate(items):
                boolean_step.add(
                    unique_name(_item_name(item, index), names),
                    bool(boolean(child(item, "PassFail"))),
                    status=status_of(text(child(item, "Status"))) or status,
                )
            return boolean_step
        strings = parent.multi_string(name, **common.keywords())
        for index, item in enumerate(items):
            limit = text(path(item, "Limits", "String"))
            op = _STRING_OPS.get((text(child(item, "Comp")) or "").lower(), CompOp.LOG)
            strings.add(
                unique_name(_item_name(item, index), names),
                text(child(item, "String")) or text(child(item, "Data")) or "",
                limit=limit if op is not CompOp.LOG else None,
                comp_op=op if limit is not None else CompOp.LOG,
                status=status_of(text(child(item, "Status"))) or status,
            )
        return strings

    def decorate(
        self, handle: StepHandle, result: ET.Element, ts: ET.Element | None, word: str | None,
        status: StepStatus,
    ) -> None:  # fmt: skip
        """Report text, error, TestStand step id and an unknown status word."""
        step = handle.step
        notes = [text(child(result, "ReportText")) or ""]
        if word is not None and status_of(word) is None:
            notes.append(f"TestStand status: {word}")
        shown = "\n".join(n for n in notes if n)
        if shown:
            step.report_text = fit(shown, _MAX_TEXT)
        error = child(result, "Error")
        code = number(child(error, "Code"))
        if boolean(child(error, "Occurred")) or (code not in (None, 0)):
            step.error_code = int(code) if isinstance(code, (int, float)) and code == code else 0
            message = text(child(error, "Msg"))
            if message:
                step.error_message = fit(message, _MAX_TEXT)
        step_id = text(child(ts, "StepId"))
        if step_id:
            step.ts_guid = fit(step_id)


def _item_kind(item: ET.Element) -> str:
    if child(item, "Data") is not None:
        return "Data"
    return "PassFail" if child(item, "PassFail") is not None else "String"


def _item_name(item: ET.Element, index: int) -> str:
    return fit(text(child(item, "MeasName")) or item.get("Name") or f"Measurement {index}")

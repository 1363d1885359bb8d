"""STDF test results (PTR / MPR / FTR) → ReportBuilder steps (used by :mod:`.stdf`).

* PTR → numeric step named ``"<TEST_NUM> <TEST_TXT>"``: limits as the record gives them (a
  limit flagged absent is left out), ``PARM_FLG`` bits 6/7 choose inclusive or exclusive
  comparisons: both limits → ``GELE``/``GTLT``/``GELT``/``GTLE``, low only → ``GE``/``GT``,
  high only → ``LE``/``LT`` (the limit written as ``lowLimit``, §3.6), none → ``LOG``; an
  invalid result (TEST_FLG bit 1) is NaN. Units as written.
* MPR → multi-numeric step, one measurement per pin named by the pin's PMR name (else
  ``pin <index>``); each pin's status is the step's, except in a failed step where each pin is
  judged against the limits (so the failing pins show).
* FTR → pass/fail step; vector name, failing pin count and result text go to reportText.

Statuses are the tester's (``TEST_FLG``): passed, failed, not executed → skipped, aborted →
terminated, no pass/fail indication → done.
"""

from __future__ import annotations

import math
import struct
from functools import lru_cache

from pywats.domains.report.models import CompOp, StepStatus
from pywats.tools import SequenceBuilder
from pywats_client.converters.stdf import (
    FunctionalResult,
    MultiPinResult,
    ParametricResult,
    TestResult,
    Verdict,
)

from ._inputs import fit
from ._tester_common import unique_name

__all__ = ["STATUS_OF", "add_result", "comp_op_for", "r4"]

STATUS_OF = {
    Verdict.PASSED: StepStatus.PASSED,
    Verdict.FAILED: StepStatus.FAILED,
    Verdict.NOT_EXECUTED: StepStatus.SKIPPED,
    Verdict.ABORTED: StepStatus.TERMINATED,
    Verdict.UNKNOWN: StepStatus.DONE,
}
_RANGE = {
    (True, True): CompOp.GELE,
    (False, False): CompOp.GTLT,
    (True, False): CompOp.GELT,
    (False, True): CompOp.GTLE,
}
_FLOAT32 = struct.Struct("<f")


@lru_cache(maxsize=65536)
def r4(value: float) -> float:
    """A 4-byte STDF float written with the fewest digits that read back to it.

    The reader widens R4 values to Python floats (``0.2`` becomes ``0.20000000298023224``);
    this gives the number the tester wrote (``0.2``) without changing its float32 value.
    """
    if not math.isfinite(value):
        return value
    target = _FLOAT32.pack(value)
    for digits in range(6, 10):
        shortest = float(f"{value:.{digits}g}")
        if _FLOAT32.pack(shortest) == target:
            return shortest
    return value


def comp_op_for(
    low: float | None, high: float | None, low_inclusive: bool, high_inclusive: bool
) -> CompOp:
    """The WATS operator for STDF limits (single limits compare with ``lowLimit``)."""
    if low is not None and high is not None:
        return _RANGE[(low_inclusive, high_inclusive)]
    if low is not None:
        return CompOp.GE if low_inclusive else CompOp.GT
    if high is not None:
        return CompOp.LE if high_inclusive else CompOp.LT
    return CompOp.LOG


def _limits(result: ParametricResult | MultiPinResult) -> tuple[CompOp, float | None, float | None]:
    low = None if result.lo_limit is None else r4(result.lo_limit)
    high = None if result.hi_limit is None else r4(result.hi_limit)
    op = comp_op_for(low, high, result.lo_limit_inclusive, result.hi_limit_inclusive)
    if op in (CompOp.LE, CompOp.LT):
        return op, high, None
    return op, low, high


def _name(result: TestResult) -> str:
    return fit(f"{result.test_num} {result.test_name}".strip())


def _unit(units: str) -> str | None:
    return fit(units.strip()) if units.strip() else None


def add_result(root: SequenceBuilder, result: TestResult) -> None:
    """Add one STDF result as a step of ``root``."""
    status = STATUS_OF[result.verdict]
    if isinstance(result, ParametricResult):
        op, low, high = _limits(result)
        value = math.nan if result.value is None else r4(result.value)
        root.numeric(
            _name(result), value, low=low, high=high, comp_op=op, unit=_unit(result.units),
            status=status,
        )  # fmt: skip
    elif isinstance(result, MultiPinResult):
        _multi_pin(root, result, status)
    else:
        _functional(root, result, status)


def _multi_pin(root: SequenceBuilder, result: MultiPinResult, status: StepStatus) -> None:
    if not result.values:
        root.pass_fail(_name(result), result.verdict is Verdict.PASSED, status=status)
        return
    step = root.multi_numeric(_name(result), status=status)
    op, low, high = _limits(result)
    unit = _unit(result.units)
    names: set[str] = set()
    judge = status is StepStatus.FAILED  # show which pins failed
    for index, value in enumerate(result.values):
        if index < len(result.pin_indexes):
            pin = result.pin_names[index] or f"pin {result.pin_indexes[index]}"
        else:
            pin = f"result {index}"
        step.add(
            unique_name(pin, names), r4(value), low=low, high=high, comp_op=op, unit=unit,
            status=None if judge else status,
        )  # fmt: skip


def _functional(root: SequenceBuilder, result: FunctionalResult, status: StepStatus) -> None:
    handle = root.pass_fail(_name(result), result.verdict is Verdict.PASSED, status=status)
    notes = []
    if result.vector_name:
        notes.append(f"vector {result.vector_name}")
    if result.fail_count:
        notes.append(f"{result.fail_count} failing pins")
    if result.result_text:
        notes.append(result.result_text)
    if notes:
        handle.report_text(fit("; ".join(notes), 5000))

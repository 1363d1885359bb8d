"""Comparison operators (wats-api.md §3.6): every operator, its boundaries, NaN and errors."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any

import pytest

from fixture_paths import shared_fixture
from pywats.core.errors import PyWATSError
from pywats.domains.report.comparison import (
    ComparisonError,
    MissingLimitError,
    UnknownOperatorError,
    evaluate,
    passes,
)
from pywats.domains.report.models import CompOp, StepStatus

NAN = math.nan
INF = math.inf

# (operator, value, low, high, passes)
NUMERIC_CASES: list[tuple[CompOp, float, float | None, float | None, bool]] = [
    (CompOp.LOG, 1.0, None, None, True),
    (CompOp.LOG, NAN, None, None, True),
    (CompOp.LOG, 1.0, 5.0, 6.0, True),
    (CompOp.EQ, 5.0, 5.0, None, True),
    (CompOp.EQ, 5.0001, 5.0, None, False),
    (CompOp.NE, 5.0, 5.0, None, False),
    (CompOp.NE, 4.0, 5.0, None, True),
    (CompOp.GT, 5.0, 5.0, None, False),
    (CompOp.GT, 5.1, 5.0, None, True),
    (CompOp.GE, 5.0, 5.0, None, True),
    (CompOp.GE, 4.9, 5.0, None, False),
    (CompOp.LT, 5.0, 5.0, None, False),
    (CompOp.LT, 4.9, 5.0, None, True),
    (CompOp.LE, 5.0, 5.0, None, True),
    (CompOp.LE, 5.1, 5.0, None, False),
    (CompOp.EQT, 5.0, 5.0, None, True),
    (CompOp.EQT, 5.1, 5.0, None, False),
    # inside-range operators, both boundaries and both sides
    (CompOp.GTLT, 1.0, 1.0, 3.0, False),
    (CompOp.GTLT, 2.0, 1.0, 3.0, True),
    (CompOp.GTLT, 3.0, 1.0, 3.0, False),
    (CompOp.GTLE, 1.0, 1.0, 3.0, False),
    (CompOp.GTLE, 3.0, 1.0, 3.0, True),
    (CompOp.GTLE, 3.1, 1.0, 3.0, False),
    (CompOp.GELT, 1.0, 1.0, 3.0, True),
    (CompOp.GELT, 3.0, 1.0, 3.0, False),
    (CompOp.GELT, 0.9, 1.0, 3.0, False),
    (CompOp.GELE, 1.0, 1.0, 3.0, True),
    (CompOp.GELE, 3.0, 1.0, 3.0, True),
    (CompOp.GELE, 0.9, 1.0, 3.0, False),
    (CompOp.GELE, 3.1, 1.0, 3.0, False),
    # outside-range operators
    (CompOp.LTGT, 0.9, 1.0, 3.0, True),
    (CompOp.LTGT, 1.0, 1.0, 3.0, False),
    (CompOp.LTGT, 2.0, 1.0, 3.0, False),
    (CompOp.LTGT, 3.0, 1.0, 3.0, False),
    (CompOp.LTGT, 3.1, 1.0, 3.0, True),
    (CompOp.LTGE, 1.0, 1.0, 3.0, False),
    (CompOp.LTGE, 3.0, 1.0, 3.0, True),
    (CompOp.LTGE, 0.5, 1.0, 3.0, True),
    (CompOp.LEGT, 1.0, 1.0, 3.0, True),
    (CompOp.LEGT, 3.0, 1.0, 3.0, False),
    (CompOp.LEGT, 3.5, 1.0, 3.0, True),
    (CompOp.LEGE, 1.0, 1.0, 3.0, True),
    (CompOp.LEGE, 3.0, 1.0, 3.0, True),
    (CompOp.LEGE, 2.0, 1.0, 3.0, False),
    # infinities compare like any number
    (CompOp.GE, INF, 5.0, None, True),
    (CompOp.LE, -INF, 5.0, None, True),
    (CompOp.GELE, INF, 1.0, 3.0, False),
    # ints work as well as floats
    (CompOp.EQ, 5, 5, None, True),
]


@pytest.mark.parametrize(("op", "value", "low", "high", "expected"), NUMERIC_CASES)
def test_numeric_operator(
    op: CompOp, value: float, low: float | None, high: float | None, expected: bool
) -> None:
    assert passes(op, value, low, high) is expected
    assert evaluate(op, value, low, high) is (StepStatus.PASSED if expected else StepStatus.FAILED)


def test_every_numeric_operator_has_a_pass_and_a_fail_case() -> None:
    numeric_ops = {op for op in CompOp if op not in (CompOp.CASESENSIT, CompOp.IGNORECASE)}
    covered_pass = {case[0] for case in NUMERIC_CASES if case[4]}
    covered_fail = {case[0] for case in NUMERIC_CASES if not case[4]}
    assert covered_pass == numeric_ops
    assert covered_fail == numeric_ops - {CompOp.LOG}


def test_operator_given_as_string() -> None:
    assert evaluate("GELE", 2.0, 1.0, 3.0) is StepStatus.PASSED
    assert evaluate("LT", 2.0, 1.0) is StepStatus.FAILED


NUMERIC_OPS_BUT_LOG = [
    op for op in CompOp if op not in (CompOp.LOG, CompOp.CASESENSIT, CompOp.IGNORECASE)
]


@pytest.mark.parametrize("op", NUMERIC_OPS_BUT_LOG)
def test_nan_value_fails_every_operator_but_log(op: CompOp) -> None:
    assert evaluate(op, NAN, 1.0, 3.0) is StepStatus.FAILED
    assert evaluate(op, "NaN", 1.0, 3.0) is StepStatus.FAILED  # the wire spelling


@pytest.mark.parametrize(
    ("op", "low", "high"),
    [
        (CompOp.GE, NAN, None),
        (CompOp.NE, NAN, None),
        (CompOp.GELE, 1.0, NAN),
        (CompOp.LTGT, NAN, 3),
    ],
)
def test_nan_limit_fails(op: CompOp, low: float, high: float | None) -> None:
    assert evaluate(op, 2.0, low, high) is StepStatus.FAILED


def test_eqt_tolerance_is_absolute_and_inclusive() -> None:
    assert evaluate(CompOp.EQT, 5.1, 5.0, tolerance=0.1) is StepStatus.PASSED
    assert evaluate(CompOp.EQT, 4.9, 5.0, tolerance=0.1) is StepStatus.PASSED
    assert evaluate(CompOp.EQT, 5.2, 5.0, tolerance=0.1) is StepStatus.FAILED
    with pytest.raises(ValueError, match="tolerance"):
        evaluate(CompOp.EQT, 5.0, 5.0, tolerance=-1.0)


@pytest.mark.parametrize(
    ("op", "value", "limit", "expected"),
    [
        (CompOp.CASESENSIT, "Abc", "Abc", True),
        (CompOp.CASESENSIT, "abc", "Abc", False),
        (CompOp.EQ, "Abc", "Abc", True),
        (CompOp.EQ, "abc", "Abc", False),
        (CompOp.IGNORECASE, "abc", "ABC", True),
        (CompOp.IGNORECASE, "straße", "STRASSE", True),
        (CompOp.IGNORECASE, "abc", "abd", False),
        (CompOp.LOG, "anything", None, True),
        (CompOp.CASESENSIT, "", "", True),
    ],
)
def test_string_operator(op: CompOp, value: str, limit: str | None, expected: bool) -> None:
    assert passes(op, value, limit) is expected


@pytest.mark.parametrize(
    ("op", "low", "high", "missing"),
    [
        (CompOp.GE, None, None, "low"),
        (CompOp.EQT, None, 2.0, "low"),
        (CompOp.GELE, None, 3.0, "low"),
        (CompOp.GELE, 1.0, None, "high"),
        (CompOp.LEGE, None, None, "low"),
    ],
)
def test_missing_limit_is_a_clear_error(
    op: CompOp, low: float | None, high: float | None, missing: str
) -> None:
    with pytest.raises(MissingLimitError, match=rf"{op.value}.*{missing}"):
        evaluate(op, 2.0, low, high)


def test_string_operator_without_limit_is_an_error() -> None:
    with pytest.raises(MissingLimitError, match="IGNORECASE"):
        evaluate(CompOp.IGNORECASE, "abc")


def test_unknown_operator_is_an_error() -> None:
    with pytest.raises(UnknownOperatorError, match="'XYZ'"):
        evaluate("XYZ", 1.0, 1.0)


@pytest.mark.parametrize(
    ("op", "value", "low"),
    [
        (CompOp.GT, "abc", "abd"),  # numeric-only operator with strings
        (CompOp.CASESENSIT, 1.0, 1.0),  # string-only operator with numbers
        (CompOp.GE, 1.0, "1"),  # mixed kinds
    ],
)
def test_operator_and_value_kind_must_match(op: CompOp, value: Any, low: Any) -> None:
    with pytest.raises(ComparisonError):
        evaluate(op, value, low)


def test_errors_are_value_errors_under_the_pywats_root() -> None:
    assert issubclass(ComparisonError, ValueError)
    assert issubclass(ComparisonError, PyWATSError)
    assert issubclass(MissingLimitError, ComparisonError)
    assert issubclass(UnknownOperatorError, ComparisonError)


def _measurements(step: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for meas in step.get("numericMeas") or []:
        yield "numeric", meas
    for meas in step.get("stringMeas") or []:
        yield "string", meas
    for child in step.get("steps") or []:
        yield from _measurements(child)


def test_real_export_statuses_match_the_operator_rules() -> None:
    """Every numeric and string measurement the real server exported agrees with evaluate()."""
    path = shared_fixture("wats-exports", "uut-wsjf-export.json")
    report = json.loads(path.read_text(encoding="utf-8"))
    checked = 0
    for kind, meas in _measurements(report["root"]):
        if kind == "numeric":
            result = evaluate(meas["compOp"], meas["value"], meas["lowLimit"], meas["highLimit"])
        else:
            result = evaluate(meas["compOp"], meas["value"], meas["limit"])
        assert result.value == meas["status"], meas
        checked += 1
    assert checked == 129  # 108 numeric + 21 string measurements

"""ReportBuilder: comparison operators, status propagation and the failure cause."""

from __future__ import annotations

import math

import pytest

from pywats.domains.report.comparison import evaluate
from pywats.domains.report.models import (
    CompOp,
    ReportResult,
    StepStatus,
    UUTReport,
)
from pywats.tools import (
    ReportBuilder,
    ReportBuildError,
    UUTReportBuilder,
    combine_statuses,
    result_from_status,
)

P, F, S, D, E, T = (
    StepStatus.PASSED,
    StepStatus.FAILED,
    StepStatus.SKIPPED,
    StepStatus.DONE,
    StepStatus.ERROR,
    StepStatus.TERMINATED,
)


def _uut() -> UUTReportBuilder:
    return ReportBuilder.uut(
        part_number="PCB-100", serial_number="SN-1", revision="A", process_code=50
    )


def _steps(report: UUTReport) -> dict[str, tuple[int | None, StepStatus]]:
    return {step.name: (step.id, step.status) for step in report.iter_steps()}


# -- comparison operators through the builder ------------------------------------------------

RANGE_OPS = [
    CompOp.GTLT, CompOp.GTLE, CompOp.GELT, CompOp.GELE,
    CompOp.LTGT, CompOp.LTGE, CompOp.LEGT, CompOp.LEGE,
]  # fmt: skip
SINGLE_OPS = [CompOp.EQ, CompOp.NE, CompOp.GT, CompOp.GE, CompOp.LT, CompOp.LE, CompOp.EQT]


@pytest.mark.parametrize("op", RANGE_OPS)
@pytest.mark.parametrize("value", [0.5, 1.0, 2.0, 3.0, 3.5, math.nan])
def test_range_operator_sets_measurement_and_step_status(op: CompOp, value: float) -> None:
    uut = _uut()
    handle = uut.root.numeric("M", value, low=1.0, high=3.0, comp_op=op)
    meas = handle.step.numeric_meas
    assert meas is not None
    expected = evaluate(op, value, 1.0, 3.0)
    assert meas[0].status is expected
    assert meas[0].comp_op is op
    report = uut.build()
    assert _steps(report)["M"][1] is expected
    assert report.result.value == expected.value


@pytest.mark.parametrize("op", SINGLE_OPS)
@pytest.mark.parametrize("value", [4.0, 5.0, 6.0])
def test_single_limit_operator_compares_with_low_limit(op: CompOp, value: float) -> None:
    uut = _uut()
    meas = uut.root.numeric("M", value, low=5.0, comp_op=op).step.numeric_meas
    assert meas is not None
    assert meas[0].status is evaluate(op, value, 5.0)
    assert meas[0].low_limit == 5.0
    assert "high_limit" not in meas[0].model_fields_set


def test_lone_high_limit_of_a_single_limit_operator_is_written_as_low_limit() -> None:
    meas = _uut().root.numeric("12V", 12.6, high=12.5, comp_op=CompOp.LE).step.numeric_meas
    assert meas is not None
    assert (meas[0].low_limit, meas[0].high_limit, meas[0].status) == (12.5, None, F)


@pytest.mark.parametrize(
    ("low", "high", "op"),
    [(1.0, 3.0, CompOp.GELE), (1.0, None, CompOp.GE), (None, 3.0, CompOp.LE), (None, None, "LOG")],
)
def test_default_operator_follows_the_limits(
    low: float | None, high: float | None, op: CompOp | str
) -> None:
    meas = _uut().root.numeric("M", 2.0, low=low, high=high).step.numeric_meas
    assert meas is not None
    assert meas[0].comp_op == op
    assert meas[0].status is P


def test_single_limit_operator_with_two_limits_is_an_error() -> None:
    with pytest.raises(ReportBuildError, match="one limit"):
        _uut().root.numeric("M", 2.0, low=1.0, high=3.0, comp_op=CompOp.GE)


def test_missing_limit_is_reported_where_the_step_is_added() -> None:
    with pytest.raises(ReportBuildError, match="GELE needs a high limit"):
        _uut().root.numeric("M", 2.0, low=1.0, comp_op=CompOp.GELE)


def test_unknown_operator_is_an_error() -> None:
    with pytest.raises(ReportBuildError, match="unknown comparison operator"):
        _uut().root.numeric("M", 2.0, low=1.0, comp_op="ABOUT")


def test_eqt_uses_the_tolerance() -> None:
    uut = _uut()
    inside = uut.root.numeric("in", 5.05, low=5.0, comp_op=CompOp.EQT, tolerance=0.1)
    outside = uut.root.numeric("out", 5.2, low=5.0, comp_op=CompOp.EQT, tolerance=0.1)
    assert inside.step.numeric_meas is not None
    assert outside.step.numeric_meas is not None
    assert inside.step.numeric_meas[0].status is P
    assert outside.step.numeric_meas[0].status is F


def test_forced_status_skips_evaluation() -> None:
    uut = _uut()
    handle = uut.root.numeric("M", math.nan, low=1.0, high=3.0, status=S)
    assert handle.step.numeric_meas is not None
    assert handle.step.numeric_meas[0].status is S
    assert uut.build().result is ReportResult.PASSED


@pytest.mark.parametrize(
    ("op", "value", "limit", "expected"),
    [
        (None, "1.4.2", "1.4.2", P),
        (None, "1.4.3", "1.4.2", F),
        (CompOp.CASESENSIT, "abc", "ABC", F),
        (CompOp.IGNORECASE, "abc", "ABC", P),
        (None, "anything", None, P),
    ],
)
def test_string_step_status(
    op: CompOp | None, value: str, limit: str | None, expected: StepStatus
) -> None:
    uut = _uut()
    meas = uut.root.string("FW", value, limit=limit, comp_op=op).step.string_meas
    assert meas is not None
    assert meas[0].status is expected
    assert meas[0].comp_op == (op or (CompOp.CASESENSIT if limit else CompOp.LOG))


@pytest.mark.parametrize(("passed", "expected"), [(True, P), (False, F)])
def test_pass_fail_step(passed: bool, expected: StepStatus) -> None:
    uut = _uut()
    uut.root.pass_fail("LED", passed)
    assert _steps(uut.build())["LED"][1] is expected


# -- status propagation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("children", "parent"),
    [
        ([P, P], P),
        ([P, F], F),
        ([F, E], E),
        ([E, F], E),
        ([T, E, F], T),
        ([F, T], T),
        ([S, D, P], P),
        ([S, S], P),
        ([D, F], F),
        ([], P),
    ],
)
def test_precedence_terminated_error_failed_passed(
    children: list[StepStatus], parent: StepStatus
) -> None:
    assert combine_statuses(children) is parent
    uut = _uut()
    with uut.root.sequence("Seq") as seq:
        for index, status in enumerate(children):
            seq.action(f"a{index}", status=status)
    report = uut.build()
    assert _steps(report)["Seq"][1] is parent
    assert report.root is not None
    assert report.root.status is parent
    assert report.result is result_from_status(parent)


def test_failed_measurement_fails_step_sequences_and_result() -> None:
    uut = _uut()
    with uut.root.sequence("Outer") as outer, outer.sequence("Inner") as inner:
        inner.numeric("ok", 1.0, low=0.0)
        rails = inner.multi_numeric("Rails")
        rails.add("5V", 5.01, low=4.9, high=5.1, unit="V")
        rails.add("12V", 12.6, high=12.5, comp_op=CompOp.LE, unit="V")
    report = uut.build()
    steps = _steps(report)
    assert steps["ok"][1] is P
    assert [steps[name][1] for name in ("Rails", "Inner", "Outer")] == [F, F, F]
    assert report.result is ReportResult.FAILED


@pytest.mark.parametrize(
    ("status", "result"), [(E, ReportResult.ERROR), (T, ReportResult.TERMINATED)]
)
def test_error_and_terminated_reach_the_result(status: StepStatus, result: ReportResult) -> None:
    uut = _uut()
    with uut.root.sequence("Seq") as seq:
        seq.numeric("fails", 2.0, low=3.0)
        seq.action("broke", status=status)
    report = uut.build()
    assert _steps(report)["Seq"][1] is status
    assert report.result is result


def test_forced_step_status_wins_over_its_measurements() -> None:
    uut = _uut()
    uut.root.numeric("waived", 9.0, high=5.0).force_status(P)
    report = uut.build()
    assert _steps(report)["waived"][1] is P
    assert report.result is ReportResult.PASSED


def test_forced_sequence_status_propagates() -> None:
    uut = _uut()
    uut.root.sequence("Setup", status=E).action("fine")
    assert uut.build().result is ReportResult.ERROR


def test_forced_result_wins_and_then_no_cause_is_flagged() -> None:
    uut = _uut()
    uut.root.numeric("bad", 9.0, high=5.0)
    uut.result = ReportResult.PASSED
    report = uut.build()
    assert report.result is ReportResult.PASSED
    assert report.uut is not None
    assert report.uut.step_id_caused_uut_failure is None
    assert not any(step.caused_uut_failure for step in report.iter_steps())


def test_skipped_and_done_do_not_fail_the_report() -> None:
    uut = _uut()
    uut.root.action("skipped", status=S)
    uut.root.pass_fail("done", True, status=D)
    assert uut.build().result is ReportResult.PASSED


def test_root_status_done_gives_result_passed() -> None:
    assert result_from_status(D) is ReportResult.PASSED
    assert result_from_status(S) is ReportResult.PASSED


# -- failure cause --------------------------------------------------------------------------


def test_first_failing_leaf_caused_the_uut_failure() -> None:
    uut = _uut()
    uut.root.action("Power on", status=P)
    with uut.root.sequence("Tests") as tests:
        tests.numeric("VCC", 3.31, low=3.2, high=3.4)
        with tests.sequence("Deep") as deep:
            deep.pass_fail("first failure", False)
            deep.pass_fail("second failure", False)
    uut.root.numeric("later failure", 0.0, low=1.0)
    report = uut.build()
    flagged = [s.name for s in report.iter_steps() if s.caused_uut_failure]
    assert flagged == ["first failure"]
    assert report.uut is not None
    assert report.uut.step_id_caused_uut_failure == _steps(report)["first failure"][0]
    seq_flags = [s.name for s in report.iter_steps() if s.caused_seq_failure]
    assert seq_flags == ["Tests", "Deep", "first failure"]


def test_no_cause_when_the_report_passes() -> None:
    uut = _uut()
    uut.root.numeric("VCC", 3.31, low=3.2, high=3.4)
    report = uut.build()
    assert report.uut is not None
    assert "step_id_caused_uut_failure" not in report.uut.model_fields_set
    assert not any(step.caused_uut_failure for step in report.iter_steps())


def test_cause_skips_loop_headers() -> None:
    uut = _uut()
    with uut.root.loop("Retry") as loop:
        loop.numeric("Retry", 301.0, high=300.0, comp_op=CompOp.LE)
        loop.numeric("Retry", 302.0, high=300.0, comp_op=CompOp.LE)
    report = uut.build()
    cause = next(step for step in report.iter_steps() if step.caused_uut_failure)
    assert cause.loop is not None
    assert cause.loop.idx == 0

"""What a tested STDF part is made of: its verdict and its typed test results.

Flag rules (STDF V4):

- PRR ``PART_FLG``: bit 4 set = the pass/fail bit is invalid (:attr:`Verdict.UNKNOWN`);
  otherwise bit 3 set = failed, clear = passed. Bit 2 = testing ended abnormally; bits 0/1 =
  retest of an earlier part (same PART_ID / same X,Y).
- ``TEST_FLG`` of PTR/MPR/FTR, first match wins: bit 4 = not executed, bit 5 = aborted,
  bit 6 = no pass/fail indication (unknown), bit 7 = failed, else passed.
- ``PARM_FLG`` bit 6/7 = a result equal to the low/high limit passes (``*_inclusive``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TypeAlias

from pywats_client.converters.stdf.records import Mir

__all__ = [
    "FunctionalResult",
    "MultiPinResult",
    "ParametricResult",
    "ResultCounts",
    "StdfPart",
    "TestResult",
    "Verdict",
    "verdict_from_part_flg",
    "verdict_from_test_flg",
]


class Verdict(enum.Enum):
    """Outcome of a part or a test (parts use only PASSED, FAILED and UNKNOWN)."""

    PASSED = "passed"
    FAILED = "failed"
    UNKNOWN = "unknown"
    NOT_EXECUTED = "not_executed"
    ABORTED = "aborted"


@dataclass(frozen=True, slots=True)
class ParametricResult:
    """One PTR: a measured value against optional low/high limits.

    ``value`` is None when TEST_FLG bit 1 marks it invalid. Limits, units and specs are the
    record's own or inherited from the first record of the test (see :mod:`.parts`); a limit
    is None when the test has none. ``test_flg``/``parm_flg`` are the raw flag bytes.
    """

    test_num: int
    test_name: str
    verdict: Verdict
    value: float | None
    lo_limit: float | None
    hi_limit: float | None
    lo_limit_inclusive: bool
    hi_limit_inclusive: bool
    units: str
    lo_spec: float | None
    hi_spec: float | None
    test_flg: int
    parm_flg: int


@dataclass(frozen=True, slots=True)
class MultiPinResult:
    """One MPR: a value and a state per pin, against shared limits.

    ``pin_indexes`` are PMR indexes (RTN_INDX, inherited when omitted); ``pin_names`` are the
    PMR's LOG_NAM, else CHAN_NAM, else PHY_NAM ("" when unknown). ``pin_states`` are the
    RTN_STAT nibbles. Limits and units as for :class:`ParametricResult`.
    """

    test_num: int
    test_name: str
    verdict: Verdict
    values: tuple[float, ...]
    pin_states: tuple[int, ...]
    pin_indexes: tuple[int, ...]
    pin_names: tuple[str, ...]
    lo_limit: float | None
    hi_limit: float | None
    lo_limit_inclusive: bool
    hi_limit_inclusive: bool
    units: str
    lo_spec: float | None
    hi_spec: float | None
    test_flg: int
    parm_flg: int


@dataclass(frozen=True, slots=True)
class FunctionalResult:
    """One FTR: pass/fail of a functional (pattern) test.

    ``vector_name`` is VECT_NAM, ``time_set`` TIME_SET, ``result_text`` RSLT_TXT ("" when
    absent); ``cycle_count``/``fail_count`` (CYCL_CNT/NUM_FAIL) are None when OPT_FLAG marks
    them invalid.
    """

    test_num: int
    test_name: str
    verdict: Verdict
    vector_name: str
    time_set: str
    cycle_count: int | None
    fail_count: int | None
    result_text: str
    test_flg: int


TestResult: TypeAlias = ParametricResult | MultiPinResult | FunctionalResult


@dataclass(frozen=True, slots=True)
class ResultCounts:
    """How many results of each kind a part has."""

    parametric: int = 0
    multi_pin: int = 0
    functional: int = 0


@dataclass(frozen=True, slots=True)
class StdfPart:
    """One tested part (device or die): PRR identity, verdict and ordered results.

    Attributes:
        sequence: 1-based position of the part's PRR in the file.
        head_num, site_num: where it was tested.
        mir: the file's MIR (lot_id, part_typ, job_nam, job_rev, node_nam, tstr_typ,
            start_t, oper_nam, test_cod, flow_id...), None if the file has none.
        wafer_id: WAFER_ID of the wafer open on the head (WIR), None outside wafers.
        part_id: PART_ID (the serial), None when empty. part_txt: PART_TXT, None when empty.
        x_coord, y_coord: wafer die coordinates, None when missing (-32768).
        hard_bin, soft_bin: bins; soft_bin is None when missing (65535).
        verdict: from PART_FLG (PASSED, FAILED or UNKNOWN); part_flg: the raw byte.
        abnormal_end: PART_FLG bit 2; retest: PART_FLG bit 0 or 1.
        test_time_ms: TEST_T (milliseconds), None when 0.
        num_test: NUM_TEST as written by the tester.
        results: PTR/MPR/FTR results in file order. counts: how many of each kind.
    """

    sequence: int
    head_num: int
    site_num: int
    mir: Mir | None
    wafer_id: str | None
    part_id: str | None
    part_txt: str | None
    x_coord: int | None
    y_coord: int | None
    hard_bin: int
    soft_bin: int | None
    verdict: Verdict
    part_flg: int
    abnormal_end: bool
    retest: bool
    test_time_ms: int | None
    num_test: int
    results: tuple[TestResult, ...]
    counts: ResultCounts


def verdict_from_test_flg(test_flg: int) -> Verdict:
    """The verdict a PTR/MPR/FTR ``TEST_FLG`` states (rules in the module docstring)."""
    if test_flg & 0x10:
        return Verdict.NOT_EXECUTED
    if test_flg & 0x20:
        return Verdict.ABORTED
    if test_flg & 0x40:
        return Verdict.UNKNOWN
    return Verdict.FAILED if test_flg & 0x80 else Verdict.PASSED


def verdict_from_part_flg(part_flg: int) -> Verdict:
    """The verdict a PRR ``PART_FLG`` states: bit 4 = invalid, bit 3 = failed."""
    if part_flg & 0x10:
        return Verdict.UNKNOWN
    return Verdict.FAILED if part_flg & 0x08 else Verdict.PASSED

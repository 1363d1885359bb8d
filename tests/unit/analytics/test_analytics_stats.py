"""Measurement statistics (wats-api.md §8.13) against hand-computed values."""

from __future__ import annotations

import math

import pytest

from pywats_emulator.analytics.stats import SpecLimits, spec_limits, summarise

SAMPLE = (9.8, 10.0, 10.2, 10.1, 9.9)
# By hand: mean = 50.0 / 5 = 10.0; deviations -0.2, 0, 0.2, 0.1, -0.1; squares sum 0.10;
# sample variance (n - 1 = 4) = 0.025; sigma = sqrt(0.025) = 0.158113883.
SIGMA = math.sqrt(0.025)


def test_known_sample_with_symmetric_limits() -> None:
    s = summarise(SAMPLE, SpecLimits(low=9.0, high=11.0))
    assert s.count == 5
    assert (s.min, s.max) == (9.8, 10.2)
    assert s.avg == pytest.approx(10.0)
    assert s.var == pytest.approx(0.025)
    assert s.stdev == pytest.approx(0.158113883)
    # Cp = (11 - 9) / (6 * 0.158113883) = 2 / 0.948683298 = 2.108185
    assert s.cp == pytest.approx(2.108185, abs=1e-6)
    # CpUpper = (11 - 10) / (3 sigma) = CpLower = 1 / 0.474341649 = 2.108185 = Cpk
    assert s.cp_upper == pytest.approx(2.108185, abs=1e-6)
    assert s.cp_lower == pytest.approx(2.108185, abs=1e-6)
    assert s.cpk == pytest.approx(2.108185, abs=1e-6)
    # sigmaHigh3 = 10 + 3 * 0.158113883 = 10.474342; sigmaLow3 = 9.525658
    assert s.sigma_high3 == pytest.approx(10.474342, abs=1e-6)
    assert s.sigma_low3 == pytest.approx(9.525658, abs=1e-6)


def test_known_sample_with_off_centre_limits() -> None:
    s = summarise(SAMPLE, SpecLimits(low=9.5, high=11.0))
    # Cp = 1.5 / 0.948683 = 1.581139; CpLower = 0.5 / 0.474342 = 1.054093 = Cpk
    assert s.cp == pytest.approx(1.581139, abs=1e-6)
    assert s.cp_upper == pytest.approx(2.108185, abs=1e-6)
    assert s.cp_lower == pytest.approx(1.054093, abs=1e-6)
    assert s.cpk == pytest.approx(1.054093, abs=1e-6)


def test_one_sided_limit_gives_one_sided_indexes() -> None:
    s = summarise(SAMPLE, SpecLimits(low=None, high=11.0))
    assert s.cp is None  # Cp needs both limits
    assert s.cp_lower is None
    assert s.cp_upper == pytest.approx(1 / (3 * SIGMA))
    assert s.cpk == s.cp_upper


def test_no_limits_gives_no_capability() -> None:
    s = summarise(SAMPLE, SpecLimits(low=None, high=None))
    assert (s.cp, s.cpk, s.cp_upper, s.cp_lower) == (None, None, None, None)
    assert s.sigma_high3 == pytest.approx(10.0 + 3 * SIGMA)


def test_zero_spread_leaves_indexes_undefined() -> None:
    s = summarise([5.0, 5.0, 5.0], SpecLimits(low=4.0, high=6.0))
    assert (s.stdev, s.var) == (0.0, 0.0)
    assert (s.cp, s.cpk, s.cp_upper, s.cp_lower) == (None, None, None, None)
    assert (s.sigma_high3, s.sigma_low3) == (5.0, 5.0)


def test_single_value_has_no_spread() -> None:
    s = summarise([3.3], SpecLimits(low=3.2, high=3.4))
    assert (s.count, s.min, s.max, s.avg) == (1, 3.3, 3.3, 3.3)
    assert (s.stdev, s.var, s.cpk, s.sigma_high3) == (None, None, None, None)


def test_empty_sample() -> None:
    s = summarise([], SpecLimits(low=1.0, high=2.0))
    assert s.count == 0
    assert s.avg is None and s.min is None and s.cpk is None


def test_to_json_uses_wats_keys_and_suffix() -> None:
    data = summarise(SAMPLE, SpecLimits(9.0, 11.0)).to_json(suffix="Wof")
    assert set(data) == {
        "minWof", "maxWof", "avgWof", "stdevWof", "varWof", "cpWof", "cpkWof", "cpUpperWof",
        "cpLowerWof", "sigmaHigh3Wof", "sigmaLow3Wof",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("comp_op", "low", "high", "expected"),
    [
        ("GELE", 1.0, 2.0, SpecLimits(1.0, 2.0)),
        ("GTLT", 1.0, 2.0, SpecLimits(1.0, 2.0)),
        ("GE", 1.0, None, SpecLimits(1.0, None)),
        ("GT", 1.0, None, SpecLimits(1.0, None)),
        # single-limit operators compare against lowLimit (wats-api.md §3.6): LE's limit is high
        ("LE", 12.5, None, SpecLimits(None, 12.5)),
        ("LT", 12.5, None, SpecLimits(None, 12.5)),
        ("LOG", 1.0, 2.0, SpecLimits(None, None)),
        ("EQ", 1.0, None, SpecLimits(None, None)),
        ("LTGT", 1.0, 2.0, SpecLimits(None, None)),
        (None, 1.0, 2.0, SpecLimits(1.0, 2.0)),
        ("gele", 1.0, 2.0, SpecLimits(1.0, 2.0)),
    ],
)
def test_spec_limits_follow_the_comparison_operator(
    comp_op: str | None, low: float | None, high: float | None, expected: SpecLimits
) -> None:
    assert spec_limits(comp_op, low, high) == expected

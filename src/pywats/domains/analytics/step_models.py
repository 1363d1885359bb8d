"""Rows of the step and measurement endpoints (wats-api.md §2.2).

Step paths are step names joined by ``¶`` from the root sequence; a measurement of a
multi-measurement step adds ``¶¶<name>`` (see :func:`~pywats.domains.analytics.measurement_path`).
Capability indexes follow the usual definitions (Cp = (H−L)/6σ, Cpk = min(CpUpper, CpLower));
an index the server cannot compute (σ = 0, a limit missing) is ``None``.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field

from pywats.domains.report.models.base import WatsModel, WatsNumber

__all__ = ["AggregatedMeasurement", "MeasurementData", "StepAnalysisRow", "TopFailedStep"]


class TopFailedStep(WatsModel):
    """A step ranked by how often it failed (``/api/App/TopFailed``); ``fail_rate`` in percent."""

    step_name: str | None = Field(default=None, alias="stepName")
    step_path: str | None = Field(default=None, alias="stepPath")
    step_type: str | None = Field(default=None, alias="stepType")
    step_group: str | None = Field(default=None, alias="stepGroup")
    part_number: str | None = Field(default=None, alias="partNumber")
    revision: str | None = None
    product_group: str | None = Field(default=None, alias="productGroup")
    fail_count: int | None = Field(default=None, alias="failCount")
    total_count: int | None = Field(default=None, alias="totalCount")
    fail_rate: WatsNumber | None = Field(default=None, alias="failRate")
    first_fail_date: datetime | None = Field(default=None, alias="firstFailDate")
    last_fail_date: datetime | None = Field(default=None, alias="lastFailDate")


class StepAnalysisRow(WatsModel):
    """Test step analysis of one step (or one measurement of a multi-measurement step).

    Status counts, failure causes, step times (seconds) and measurement statistics. The
    ``…_wof`` fields are the server's "Wof" variants (not documented by WATS; the emulator
    computes them over the executions whose step did not fail).
    """

    step_name: str | None = Field(default=None, alias="stepName")
    step_path: str | None = Field(default=None, alias="stepPath")
    step_type: str | None = Field(default=None, alias="stepType")
    step_group: str | None = Field(default=None, alias="stepGroup")
    step_count: int | None = Field(default=None, alias="stepCount")
    step_passed_count: int | None = Field(default=None, alias="stepPassedCount")
    step_done_count: int | None = Field(default=None, alias="stepDoneCount")
    step_skipped_count: int | None = Field(default=None, alias="stepSkippedCount")
    step_failed_count: int | None = Field(default=None, alias="stepFailedCount")
    step_error_count: int | None = Field(default=None, alias="stepErrorCount")
    step_terminated_count: int | None = Field(default=None, alias="stepTerminatedCount")
    step_other_count: int | None = Field(default=None, alias="stepOtherCount")
    step_failed_error_terminated_count: int | None = Field(
        default=None, alias="stepFailedErrorTerminatedCount"
    )
    step_caused_uut_failed_error_terminated: int | None = Field(
        default=None, alias="stepCausedUutFailedErrorTerminated"
    )
    step_caused_uut_failed: int | None = Field(default=None, alias="stepCausedUutFailed")
    step_caused_uut_error: int | None = Field(default=None, alias="stepCausedUutError")
    step_caused_uut_terminated: int | None = Field(default=None, alias="stepCausedUutTerminated")
    limit1: WatsNumber | None = None
    limit2: WatsNumber | None = None
    comp_operator: str | None = Field(default=None, alias="compOperator")
    step_time_avg_s: WatsNumber | None = Field(default=None, alias="stepTimeAvg")
    step_time_max_s: WatsNumber | None = Field(default=None, alias="stepTimeMax")
    step_time_min_s: WatsNumber | None = Field(default=None, alias="stepTimeMin")
    measure_name: str | None = Field(default=None, alias="measureName")
    measure_count: int | None = Field(default=None, alias="measureCount")
    min: WatsNumber | None = None
    max: WatsNumber | None = None
    avg: WatsNumber | None = None
    stdev: WatsNumber | None = None
    var: WatsNumber | None = None
    cpk: WatsNumber | None = None
    cp: WatsNumber | None = None
    cp_lower: WatsNumber | None = Field(default=None, alias="cpLower")
    cp_upper: WatsNumber | None = Field(default=None, alias="cpUpper")
    sigma_high3: WatsNumber | None = Field(default=None, alias="sigmaHigh3")
    sigma_low3: WatsNumber | None = Field(default=None, alias="sigmaLow3")
    limit1_wof: WatsNumber | None = Field(default=None, alias="limit1Wof")
    limit2_wof: WatsNumber | None = Field(default=None, alias="limit2Wof")
    comp_operator_wof: str | None = Field(default=None, alias="compOperatorWof")
    measure_count_wof: int | None = Field(default=None, alias="measureCountWof")
    min_wof: WatsNumber | None = Field(default=None, alias="minWof")
    max_wof: WatsNumber | None = Field(default=None, alias="maxWof")
    avg_wof: WatsNumber | None = Field(default=None, alias="avgWof")
    stdev_wof: WatsNumber | None = Field(default=None, alias="stdevWof")
    var_wof: WatsNumber | None = Field(default=None, alias="varWof")
    cpk_wof: WatsNumber | None = Field(default=None, alias="cpkWof")
    cp_wof: WatsNumber | None = Field(default=None, alias="cpWof")
    cp_lower_wof: WatsNumber | None = Field(default=None, alias="cpLowerWof")
    cp_upper_wof: WatsNumber | None = Field(default=None, alias="cpUpperWof")
    sigma_high3_wof: WatsNumber | None = Field(default=None, alias="sigmaHigh3Wof")
    sigma_low3_wof: WatsNumber | None = Field(default=None, alias="sigmaLow3Wof")


class MeasurementData(WatsModel):
    """One numeric measurement of one report (``/api/App/Measurements``)."""

    serial_number: str | None = Field(default=None, alias="serialNumber")
    part_number: str | None = Field(default=None, alias="partNumber")
    revision: str | None = None
    report_id: UUID | None = Field(default=None, alias="reportId")
    step_name: str | None = Field(default=None, alias="stepName")
    step_path: str | None = Field(default=None, alias="stepPath")
    value: WatsNumber | None = None
    limit_low: WatsNumber | None = Field(default=None, alias="limitLow")
    limit_high: WatsNumber | None = Field(default=None, alias="limitHigh")
    unit: str | None = None
    status: str | None = None
    start_utc: datetime | None = Field(default=None, alias="startUtc")


class AggregatedMeasurement(WatsModel):
    """Statistics of one measurement path per part number and revision."""

    step_name: str | None = Field(default=None, alias="stepName")
    step_path: str | None = Field(default=None, alias="stepPath")
    part_number: str | None = Field(default=None, alias="partNumber")
    revision: str | None = None
    count: int | None = None
    min: WatsNumber | None = None
    max: WatsNumber | None = None
    avg: WatsNumber | None = None
    stdev: WatsNumber | None = None
    var: WatsNumber | None = None
    cpk: WatsNumber | None = None
    cp: WatsNumber | None = None
    cp_lower: WatsNumber | None = Field(default=None, alias="cpLower")
    cp_upper: WatsNumber | None = Field(default=None, alias="cpUpper")
    sigma_high3: WatsNumber | None = Field(default=None, alias="sigmaHigh3")
    sigma_low3: WatsNumber | None = Field(default=None, alias="sigmaLow3")
    limit_low: WatsNumber | None = Field(default=None, alias="limitLow")
    limit_high: WatsNumber | None = Field(default=None, alias="limitHigh")
    unit: str | None = None

"""Step and measurement analytics: TopFailed, TestStepAnalysis, Measurements,
AggregatedMeasurements (wats-api.md §2.2), computed from the stored step trees.

Choices (docs/emulator.md): the filter's ``run`` picks which run of each unit is analysed
(default all); TopFailed counts leaf steps only (a failing sequence call just repeats its
child's failure) and ranks by fail count, then fail rate; TestStepAnalysis has one row per step
path, or per measurement for multi-measurement steps; the ``…Wof`` figures are the same
statistics over executions whose step did not fail ("without failures"); Measurements rows are
numeric measurements, oldest first (``topCount`` keeps the newest N).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pywats_emulator.analytics.matching import LikeMatcher
from pywats_emulator.analytics.selection import UUT, Selection
from pywats_emulator.analytics.stats import spec_limits, summarise
from pywats_emulator.analytics.steps import NumericValue, StepVisit, walk_steps

__all__ = [
    "STATUS_WORDS",
    "aggregated_measurements",
    "measurements",
    "step_analysis",
    "step_visits",
    "top_failed",
]

STATUS_WORDS = {
    "P": "Passed", "F": "Failed", "S": "Skipped", "D": "Done", "E": "Error", "T": "Terminated",
}  # fmt: skip
_COUNT_KEYS = {
    "P": "stepPassedCount", "D": "stepDoneCount", "S": "stepSkippedCount",
    "F": "stepFailedCount", "E": "stepErrorCount", "T": "stepTerminatedCount",
}  # fmt: skip
_FAILING = frozenset({"F", "E", "T"})
_UUT_FAILING = {
    "Failed": "stepCausedUutFailed", "Error": "stepCausedUutError",
    "Terminated": "stepCausedUutTerminated",
}  # fmt: skip


def step_visits(selection: Selection) -> Iterator[tuple[dict[str, Any], StepVisit]]:
    """Every step execution of the selected UUT reports (oldest first), with its report.

    The filter's ``run`` selector applies; each report carries ``run`` and ``run_total``.
    """
    for report in selection.reports(UUT, with_body=True, runs=True):
        for visit in walk_steps(report["body"].get("root")):
            yield report, visit


def top_failed(selection: Selection) -> list[dict[str, Any]]:
    """TopFailedStep rows: leaf steps that failed, most failures first."""
    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    for report, visit in step_visits(selection):
        if visit.is_container:
            continue
        key = (visit.path, report["part_number"], report["revision"])
        row = rows.get(key)
        if row is None:
            row = rows[key] = {
                "stepName": visit.name,
                "stepPath": visit.path,
                "stepType": visit.step_type,
                "stepGroup": visit.group,
                "partNumber": report["part_number"],
                "revision": report["revision"],
                "productGroup": selection.product_group(report["part_number"]),
                "failCount": 0,
                "totalCount": 0,
                "failRate": None,
                "firstFailDate": None,
                "lastFailDate": None,
            }
        row["totalCount"] += 1
        if visit.status == "F":
            row["failCount"] += 1
            row["firstFailDate"] = row["firstFailDate"] or report["start_utc"]
            row["lastFailDate"] = report["start_utc"]  # reports come oldest first
    failed = [row for row in rows.values() if row["failCount"]]
    for row in failed:
        row["failRate"] = 100.0 * row["failCount"] / row["totalCount"]
    failed.sort(key=lambda r: (-r["failCount"], -r["failRate"], r["stepPath"], r["partNumber"]))
    top = selection.filter.top_count
    return failed if top is None else failed[:top]


@dataclass
class _StepTally:
    """Everything TestStepAnalysis accumulates for one step path (and measurement)."""

    first: StepVisit
    measure_name: str | None
    statuses: dict[str, int] = field(default_factory=dict)
    caused: dict[str, int] = field(default_factory=dict)
    times: list[float] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    values_wof: list[float] = field(default_factory=list)
    last: NumericValue | None = None
    last_wof: NumericValue | None = None

    def add(self, visit: StepVisit, measurement: NumericValue | None, result: str) -> None:
        status = visit.status or ""
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if visit.caused_uut_failure and result in _UUT_FAILING:
            self.caused[result] = self.caused.get(result, 0) + 1
        if visit.tot_time is not None:
            self.times.append(visit.tot_time)
        if measurement is None:
            return
        self.last = measurement
        if measurement.value is not None:
            self.values.append(measurement.value)
        if status not in _FAILING:
            self.last_wof = measurement
            if measurement.value is not None:
                self.values_wof.append(measurement.value)

    def row(self) -> dict[str, Any]:
        counts = {key: self.statuses.get(letter, 0) for letter, key in _COUNT_KEYS.items()}
        total = sum(self.statuses.values())
        failing = sum(self.statuses.get(letter, 0) for letter in _FAILING)
        caused = {key: self.caused.get(result, 0) for result, key in _UUT_FAILING.items()}
        row: dict[str, Any] = {
            "stepName": self.first.name,
            "stepPath": self.first.path,
            "stepType": self.first.step_type,
            "stepGroup": self.first.group,
            "stepCount": total,
            **counts,
            "stepOtherCount": total - sum(counts.values()),
            "stepFailedErrorTerminatedCount": failing,
            "stepCausedUutFailedErrorTerminated": sum(caused.values()),
            **caused,
            "stepTimeAvg": sum(self.times) / len(self.times) if self.times else None,
            "stepTimeMax": max(self.times, default=None),
            "stepTimeMin": min(self.times, default=None),
            "measureName": self.measure_name,
        }
        for suffix, values, last in (
            ("", self.values, self.last),
            ("Wof", self.values_wof, self.last_wof),
        ):
            low = last.low_limit if last else None
            high = last.high_limit if last else None
            limits = spec_limits(last.comp_op if last else None, low, high)
            row[f"limit1{suffix}"] = low
            row[f"limit2{suffix}"] = high
            row[f"compOperator{suffix}"] = last.comp_op if last else None
            row[f"measureCount{suffix}"] = len(values)
            row.update(summarise(values, limits).to_json(suffix))
        return row


def step_analysis(selection: Selection) -> list[dict[str, Any]]:
    """StepAnalysisRow rows in the order the steps were first met."""
    tallies: dict[tuple[str, str | None], _StepTally] = {}
    for report, visit in step_visits(selection):
        items: list[tuple[str | None, NumericValue | None]]
        if visit.is_multi_measurement:
            items = [(m.name, m) for m in visit.numeric]
        else:
            items = [(None, visit.numeric[0] if visit.numeric else None)]
        for name, measurement in items:
            key = (visit.path, name)
            tally = tallies.get(key)
            if tally is None:
                tally = tallies[key] = _StepTally(visit, name)
            tally.add(visit, measurement, report["result"])
    return [tally.row() for tally in tallies.values()]


def _measurement_rows(selection: Selection) -> Iterator[dict[str, Any]]:
    matcher = LikeMatcher(selection.filter.measurement_paths)
    for report, visit in step_visits(selection):
        for measurement in visit.numeric:
            path = visit.measurement_path(measurement)
            if not matcher.matches(path):
                continue
            yield {
                "serialNumber": report["serial_number"],
                "partNumber": report["part_number"],
                "revision": report["revision"],
                "reportId": report["id"],
                "stepName": visit.name,
                "stepPath": path,
                "value": measurement.value,
                "limitLow": measurement.low_limit,
                "limitHigh": measurement.high_limit,
                "unit": measurement.unit,
                "status": STATUS_WORDS.get(measurement.status or "", measurement.status),
                "startUtc": report["start_utc"],
                "_compOp": measurement.comp_op,
            }


def measurements(selection: Selection) -> list[dict[str, Any]]:
    """MeasurementData rows for the filter's ``measurementPaths`` (all when none given)."""
    rows = [
        {k: v for k, v in row.items() if k != "_compOp"} for row in _measurement_rows(selection)
    ]
    top = selection.filter.top_count
    return rows if top is None else rows[-top:]


def aggregated_measurements(selection: Selection) -> list[dict[str, Any]]:
    """AggregatedMeasurement rows: statistics per measurement path, part number and revision.

    Limits, unit and operator are those of the newest measurement of the group.
    """
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for row in _measurement_rows(selection):
        groups.setdefault((row["stepPath"], row["partNumber"], row["revision"]), []).append(row)
    result = []
    for (path, part_number, revision), rows in groups.items():
        last = rows[-1]
        values = [row["value"] for row in rows if row["value"] is not None]
        limits = spec_limits(last["_compOp"], last["limitLow"], last["limitHigh"])
        summary = summarise(values, limits).to_json()
        result.append(
            {
                "stepName": last["stepName"],
                "stepPath": path,
                "partNumber": part_number,
                "revision": revision,
                "count": len(values),
                **summary,
                "limitLow": last["limitLow"],
                "limitHigh": last["limitHigh"],
                "unit": last["unit"],
            }
        )
    return result

"""Yield KPIs from unit histories (wats-api.md §8.12).

The yield unit is a tested unit **per process** (serial number, part number, process code).
A unit is counted only when its first run falls inside the date window; then every one of its
runs counts, also those after the window. It belongs to the groups (and the period) of its
first run, so periods add up without counting a unit twice.

* FP: passed on run 1; SP: passed by run 2; TP: passed by run 3; LP: passed on some run
  ("eventually passed"), so FPY <= SPY <= TPY <= LPY always holds.
* Yields are percentages of ``unitCount``; ``ppm…`` are the failing share in parts per million.
* Test-report yield: passed reports / all counted reports; ``retestCount`` = reports - units.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from pywats_emulator.analytics.periods import Window

__all__ = ["Run", "UnitRuns", "YieldTally", "tally_groups", "units_first_run_in"]

UnitKey = tuple[str, str, int]
_PERCENT = 100.0
_PPM = 1_000_000.0


@dataclass(frozen=True)
class Run:
    """One test report of a unit: when, whether it passed, and its dimension values."""

    unit: UnitKey
    start: datetime
    passed: bool
    facts: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class UnitRuns:
    """Every run of one unit in one process, oldest first."""

    runs: tuple[Run, ...]

    @property
    def first(self) -> Run:
        return self.runs[0]

    def passed_by(self, run_number: int) -> bool:
        """Whether one of the first ``run_number`` runs passed."""
        return any(run.passed for run in self.runs[:run_number])

    @property
    def ever_passed(self) -> bool:
        return any(run.passed for run in self.runs)


def units_first_run_in(runs: Iterable[Run], window: Window) -> list[UnitRuns]:
    """Group runs by unit; keep the units whose first run is inside ``window``.

    Units come back ordered by their first run (then by key), runs oldest first.
    """
    grouped: dict[UnitKey, list[Run]] = {}
    for run in runs:
        grouped.setdefault(run.unit, []).append(run)
    units = [
        UnitRuns(tuple(sorted(unit_runs, key=lambda r: r.start))) for unit_runs in grouped.values()
    ]
    chosen = [unit for unit in units if window.contains(unit.first.start)]
    return sorted(chosen, key=lambda unit: (unit.first.start, unit.first.unit))


def _utc_text(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _share(part: int, whole: int, scale: float) -> float | None:
    return part * scale / whole if whole else None


@dataclass
class YieldTally:
    """Counts of one group of units; :meth:`kpis` turns them into the KPI keys."""

    units: int = 0
    fp: int = 0
    sp: int = 0
    tp: int = 0
    lp: int = 0
    reports: int = 0
    passed_reports: int = 0
    first: datetime | None = None
    last: datetime | None = None

    def add(self, unit: UnitRuns) -> None:
        self.units += 1
        self.fp += unit.passed_by(1)
        self.sp += unit.passed_by(2)
        self.tp += unit.passed_by(3)
        self.lp += unit.ever_passed
        self.reports += len(unit.runs)
        self.passed_reports += sum(run.passed for run in unit.runs)
        first, last = unit.runs[0].start, unit.runs[-1].start
        self.first = first if self.first is None else min(self.first, first)
        self.last = last if self.last is None else max(self.last, last)

    def kpis(self) -> dict[str, Any]:
        """Every yield KPI of wats-api.md §4 (percentages, ppm, counts, first/last UTC)."""
        units = self.units
        counts = {"fp": self.fp, "sp": self.sp, "tp": self.tp, "lp": self.lp}
        data: dict[str, Any] = {"unitCount": units}
        for prefix, count in counts.items():
            data[f"{prefix}Count"] = count
            data[f"{prefix}FailCount"] = units - count
        for prefix, count in counts.items():
            data[f"{prefix}y"] = _share(count, units, _PERCENT)
            data[f"ppm{prefix.capitalize()}y"] = _share(units - count, units, _PPM)
        data.update(
            {
                "testReportCount": self.reports,
                "testYieldCount": self.passed_reports,
                "testYield": _share(self.passed_reports, self.reports, _PERCENT),
                "ppmTestYield": _share(self.reports - self.passed_reports, self.reports, _PPM),
                "retestCount": self.reports - units,
                "firstUtc": _utc_text(self.first),
                "lastUtc": _utc_text(self.last),
            }
        )
        return data


def tally_groups(
    units: Iterable[UnitRuns],
    group_by: Sequence[str],
    value_of: Callable[[UnitRuns, str], Any],
) -> list[dict[str, Any]]:
    """One row per distinct combination of ``group_by`` values: the values plus the KPIs.

    Rows come in the order their groups were first met; the caller sorts them.
    """
    tallies: dict[tuple[Any, ...], YieldTally] = {}
    for unit in units:
        key = tuple(value_of(unit, name) for name in group_by)
        tallies.setdefault(key, YieldTally()).add(unit)
    return [
        {**dict(zip(group_by, key, strict=True)), **tally.kpis()} for key, tally in tallies.items()
    ]

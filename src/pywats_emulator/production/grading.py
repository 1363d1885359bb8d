"""Unit verification and grade (``GET /api/Production/UnitVerification``), as pure functions.

WATS computes the verification from the unit's report history; the sources name the fields but
not the rules, so the emulator's rules are (``docs/emulator.md``, *Production*):

- one result per process the unit was tested in (UUT reports), in ``processIndex`` order:
  ``status``/``startUtc``/``stationName`` of the **last** run, ``totalCount`` runs,
  ``nonPassedCount`` runs that did not pass, ``repairCount`` repair reports for that process;
- a run passes when its result is ``Passed`` or ``Done``;
- processes are "executed in correct order" when their **first** runs, in time order, never go
  back to a lower ``processIndex``;
- grade ``A`` passed every process on the first and the last run, in order, never repaired;
  ``B`` passed every last run (not every first one), in order, never repaired; ``C`` passed
  every last run but was repaired or ran out of order; ``D`` some last run failed although
  every process passed at some run; ``F`` some process never passed. A unit without test
  runs has status ``NotTested``, no grade and every ``allProcesses...`` flag false.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "PASSING_STATUSES",
    "Grade",
    "ProcessRef",
    "ProcessResult",
    "Repair",
    "TestRun",
    "Verification",
    "VerificationStatus",
    "verify",
]

PASSING_STATUSES = frozenset({"Passed", "Done"})
_UNKNOWN_INDEX = 1_000_000  # processes missing from the table sort last


class Grade(str, enum.Enum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    F = "F"


class VerificationStatus(str, enum.Enum):
    PASSED = "Passed"
    FAILED = "Failed"
    NOT_TESTED = "NotTested"


@dataclass(frozen=True)
class ProcessRef:
    """What grading needs of a process."""

    code: int
    name: str
    process_index: int


@dataclass(frozen=True)
class TestRun:
    """One UUT report of the unit: its process, run number and result word."""

    __test__ = False  # not a pytest test class, despite the name

    process_code: int
    run: int
    status: str
    start_key: str
    start_utc: str
    station_name: str | None


@dataclass(frozen=True)
class Repair:
    """One UUR report of the unit; ``process_code`` is the repaired test process, if known."""

    process_code: int | None


@dataclass(frozen=True)
class ProcessResult:
    process_code: int
    process_name: str
    process_index: int
    status: str
    start_utc: str
    station_name: str | None
    total_count: int
    non_passed_count: int
    repair_count: int

    def to_json(self) -> dict[str, Any]:
        return {
            "processCode": self.process_code,
            "processName": self.process_name,
            "processIndex": self.process_index,
            "status": self.status,
            "startUtc": self.start_utc,
            "stationName": self.station_name,
            "totalCount": self.total_count,
            "nonPassedCount": self.non_passed_count,
            "repairCount": self.repair_count,
        }


@dataclass(frozen=True)
class Verification:
    status: VerificationStatus
    grade: Grade | None
    all_processes_executed_in_correct_order: bool
    all_processes_passed_first_run: bool
    all_processes_passed_any_run: bool
    all_processes_passed_last_run: bool
    no_repairs: bool
    results: list[ProcessResult] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "grade": None if self.grade is None else self.grade.value,
            "allProcessesExecutedInCorrectOrder": self.all_processes_executed_in_correct_order,
            "allProcessesPassedFirstRun": self.all_processes_passed_first_run,
            "allProcessesPassedAnyRun": self.all_processes_passed_any_run,
            "allProcessesPassedLastRun": self.all_processes_passed_last_run,
            "noRepairs": self.no_repairs,
            "results": [result.to_json() for result in self.results],
        }


def _passes(status: str) -> bool:
    return status in PASSING_STATUSES


def _grade(*, first: bool, last: bool, any_run: bool, in_order: bool, no_repairs: bool) -> Grade:
    if not last:
        return Grade.D if any_run else Grade.F
    if in_order and no_repairs:
        return Grade.A if first else Grade.B
    return Grade.C


def verify(
    runs: Sequence[TestRun], repairs: Sequence[Repair], processes: Mapping[int, ProcessRef]
) -> Verification:
    """The verification of one unit from all its test runs and repair reports."""
    by_process: dict[int, list[TestRun]] = {}
    for test_run in runs:
        by_process.setdefault(test_run.process_code, []).append(test_run)
    repairs_by_process: dict[int | None, int] = {}
    for repair in repairs:
        repairs_by_process[repair.process_code] = repairs_by_process.get(repair.process_code, 0) + 1
    no_repairs = not repairs
    if not by_process:
        return Verification(
            VerificationStatus.NOT_TESTED, None, False, False, False, False, no_repairs
        )

    def ref(code: int) -> ProcessRef:
        return processes.get(code) or ProcessRef(code, str(code), _UNKNOWN_INDEX)

    results: list[ProcessResult] = []
    first_runs: list[tuple[str, int]] = []
    passed_first = passed_any = passed_last = True
    for code in sorted(by_process, key=lambda c: (ref(c).process_index, c)):
        process_runs = sorted(by_process[code], key=lambda r: (r.run, r.start_key))
        first, last = process_runs[0], process_runs[-1]
        process = ref(code)
        first_runs.append((first.start_key, process.process_index))
        passed_first &= _passes(first.status)
        passed_last &= _passes(last.status)
        passed_any &= any(_passes(r.status) for r in process_runs)
        results.append(
            ProcessResult(
                process_code=code,
                process_name=process.name,
                process_index=process.process_index,
                status=last.status,
                start_utc=last.start_utc,
                station_name=last.station_name,
                total_count=len(process_runs),
                non_passed_count=sum(1 for r in process_runs if not _passes(r.status)),
                repair_count=repairs_by_process.get(code, 0),
            )
        )
    indexes = [index for _, index in sorted(first_runs)]
    in_order = all(a <= b for a, b in itertools.pairwise(indexes))
    grade = _grade(
        first=passed_first,
        last=passed_last,
        any_run=passed_any,
        in_order=in_order,
        no_repairs=no_repairs,
    )
    status = VerificationStatus.PASSED if passed_last else VerificationStatus.FAILED
    return Verification(
        status, grade, in_order, passed_first, passed_any, passed_last, no_repairs, results
    )

"""Unit verification and grade computed from a unit's test runs and repairs (emulator rules)."""

from __future__ import annotations

from pywats_emulator.production.grading import (
    Grade,
    ProcessRef,
    Repair,
    TestRun,
    VerificationStatus,
    verify,
)

PROCESSES = {
    50: ProcessRef(50, "PCBA test", 2),
    90: ProcessRef(90, "Burn In test", 3),
    100: ProcessRef(100, "End of line test", 4),
}


def run(code: int, number: int, status: str, minute: int, station: str = "ST1") -> TestRun:
    start = f"2026-01-30T10:{minute:02d}:00Z"
    return TestRun(code, number, status, start, start, station)


def test_no_runs_means_not_tested_without_grade() -> None:
    result = verify([], [], PROCESSES)
    assert result.status is VerificationStatus.NOT_TESTED
    assert result.grade is None
    assert result.results == []
    assert not result.all_processes_passed_first_run
    assert not result.all_processes_passed_any_run
    assert not result.all_processes_passed_last_run
    assert not result.all_processes_executed_in_correct_order
    assert result.no_repairs


def test_everything_passed_first_time_in_order_is_grade_a() -> None:
    runs = [run(50, 1, "Passed", 1), run(90, 1, "Passed", 2), run(100, 1, "Passed", 3)]
    result = verify(runs, [], PROCESSES)
    assert result.status is VerificationStatus.PASSED
    assert result.grade is Grade.A
    assert result.all_processes_passed_first_run
    assert result.all_processes_executed_in_correct_order
    assert [r.process_code for r in result.results] == [50, 90, 100]


def test_retest_that_passed_is_grade_b_and_counts_runs() -> None:
    runs = [run(50, 1, "Failed", 1), run(50, 2, "Passed", 2), run(100, 1, "Passed", 3)]
    result = verify(runs, [], PROCESSES)
    assert result.grade is Grade.B
    assert result.status is VerificationStatus.PASSED
    assert not result.all_processes_passed_first_run
    assert result.all_processes_passed_last_run
    pcba = result.results[0]
    assert (pcba.total_count, pcba.non_passed_count, pcba.status) == (2, 1, "Passed")
    assert pcba.start_utc == "2026-01-30T10:02:00Z"


def test_repair_makes_a_passing_unit_grade_c() -> None:
    runs = [run(50, 1, "Failed", 1), run(50, 2, "Passed", 3)]
    result = verify(runs, [Repair(50)], PROCESSES)
    assert result.grade is Grade.C
    assert not result.no_repairs
    assert result.results[0].repair_count == 1


def test_out_of_order_execution_is_grade_c() -> None:
    runs = [run(100, 1, "Passed", 1), run(50, 1, "Passed", 2)]
    result = verify(runs, [], PROCESSES)
    assert not result.all_processes_executed_in_correct_order
    assert result.all_processes_passed_first_run
    assert result.grade is Grade.C


def test_order_is_judged_on_first_runs_only() -> None:
    # A retest of PCBA after end of line does not break the order of first runs.
    runs = [run(50, 1, "Passed", 1), run(100, 1, "Passed", 2), run(50, 2, "Passed", 3)]
    assert verify(runs, [], PROCESSES).all_processes_executed_in_correct_order


def test_failed_last_run_after_a_pass_is_grade_d() -> None:
    runs = [run(50, 1, "Passed", 1), run(50, 2, "Failed", 2)]
    result = verify(runs, [], PROCESSES)
    assert result.grade is Grade.D
    assert result.status is VerificationStatus.FAILED
    assert result.all_processes_passed_any_run
    assert not result.all_processes_passed_last_run


def test_never_passed_is_grade_f() -> None:
    runs = [run(50, 1, "Passed", 1), run(100, 1, "Error", 2), run(100, 2, "Terminated", 3)]
    result = verify(runs, [], PROCESSES)
    assert result.grade is Grade.F
    assert not result.all_processes_passed_any_run
    eol = result.results[1]
    assert (eol.status, eol.non_passed_count, eol.station_name) == ("Terminated", 2, "ST1")


def test_done_counts_as_passing() -> None:
    assert verify([run(90, 1, "Done", 1)], [], PROCESSES).grade is Grade.A


def test_repair_of_unknown_process_still_counts_against_no_repairs() -> None:
    result = verify([run(50, 1, "Passed", 1)], [Repair(None)], PROCESSES)
    assert not result.no_repairs
    assert result.results[0].repair_count == 0
    assert result.grade is Grade.C


def test_json_uses_the_documented_keys() -> None:
    data = verify([run(50, 1, "Passed", 1)], [], PROCESSES).to_json()
    assert set(data) == {
        "status",
        "grade",
        "allProcessesExecutedInCorrectOrder",
        "allProcessesPassedFirstRun",
        "allProcessesPassedAnyRun",
        "allProcessesPassedLastRun",
        "noRepairs",
        "results",
    }
    assert data["grade"] == "A"
    assert data["results"] == [
        {
            "processCode": 50,
            "processName": "PCBA test",
            "processIndex": 2,
            "status": "Passed",
            "startUtc": "2026-01-30T10:01:00Z",
            "stationName": "ST1",
            "totalCount": 1,
            "nonPassedCount": 0,
            "repairCount": 0,
        }
    ]

"""Models of unit verification (``UnitVerification``) and assembly checks (``CheckChildUnits``).

The verification's field names are wats-api.md §2.5's; the assembly check answer is only
described as "dict" there, so :class:`AssemblyCheck` names the pyWATS emulator's keys and keeps
any others a server sends.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from pywats.domains.production.models import PhaseValue
from pywats.domains.report.models import WatsModel

__all__ = ["AssemblyCheck", "ChildUnitCheck", "UnitProcessResult", "UnitVerification"]


class UnitProcessResult(WatsModel):
    """How a unit did in one process: the last run's status, run and repair counts."""

    process_code: int | None = Field(default=None, alias="processCode")
    process_name: str | None = Field(default=None, alias="processName")
    process_index: int | None = Field(default=None, alias="processIndex")
    status: str | None = None
    start_utc: datetime | None = Field(default=None, alias="startUtc")
    station_name: str | None = Field(default=None, alias="stationName")
    total_count: int | None = Field(default=None, alias="totalCount")
    non_passed_count: int | None = Field(default=None, alias="nonPassedCount")
    repair_count: int | None = Field(default=None, alias="repairCount")


class UnitVerification(WatsModel):
    """A unit's verification and grade, computed by the server from its report history."""

    status: str | None = None
    grade: str | None = None
    all_processes_executed_in_correct_order: bool | None = Field(
        default=None, alias="allProcessesExecutedInCorrectOrder"
    )
    all_processes_passed_first_run: bool | None = Field(
        default=None, alias="allProcessesPassedFirstRun"
    )
    all_processes_passed_any_run: bool | None = Field(
        default=None, alias="allProcessesPassedAnyRun"
    )
    all_processes_passed_last_run: bool | None = Field(
        default=None, alias="allProcessesPassedLastRun"
    )
    no_repairs: bool | None = Field(default=None, alias="noRepairs")
    results: list[UnitProcessResult] | None = None


class ChildUnitCheck(WatsModel):
    """One child of an assembly check: its state and what is wrong with it, if anything."""

    serial_number: str | None = Field(default=None, alias="serialNumber")
    part_number: str | None = Field(default=None, alias="partNumber")
    revision: str | None = None
    unit_phase_id: PhaseValue | None = Field(default=None, alias="unitPhaseId")
    unit_phase: str | None = Field(default=None, alias="unitPhase")
    status: str | None = None
    grade: str | None = None
    ok: bool | None = None
    problems: list[str] | None = None


class AssemblyCheck(WatsModel):
    """``CheckChildUnits``: whether a unit's children are complete and usable."""

    serial_number: str | None = Field(default=None, alias="serialNumber")
    part_number: str | None = Field(default=None, alias="partNumber")
    revision: str | None = None
    box_build_defined: bool | None = Field(default=None, alias="boxBuildDefined")
    child_count: int | None = Field(default=None, alias="childCount")
    ok: bool | None = None
    children: list[ChildUnitCheck] | None = None
    problems: list[str] | None = None

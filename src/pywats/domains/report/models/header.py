"""ReportHeader: one row of ``GET /api/Report/Query/Header`` (wats-api.md §2.1.1).

Header keys are camelCase and differ from WSJF keys (``serialNumber`` here, ``sn`` in WSJF).
The expanded lists (``subUnits``, ``uurSubUnits``, ``miscInfo``, ``assets``) are only present
when the query asked for them with ``$expand``. Types are lenient (``result`` is a plain string:
the documented values and a test fixture disagree on its encoding).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field

from .base import WatsModel, WatsNumber

__all__ = ["HeaderAsset", "HeaderMiscInfo", "HeaderSubUnit", "ReportHeader"]


class HeaderSubUnit(WatsModel):
    """An expanded ``subUnits``/``uurSubUnits`` entry of a header."""

    serial_number: str | None = Field(default=None, alias="serialNumber")
    part_number: str | None = Field(default=None, alias="partNumber")
    revision: str | None = None
    part_type: str | None = Field(default=None, alias="partType")


class HeaderMiscInfo(WatsModel):
    """An expanded ``miscInfo`` entry of a header."""

    description: str | None = None
    value: str | None = None


class HeaderAsset(WatsModel):
    """An expanded ``assets`` entry of a header."""

    serial_number: str | None = Field(default=None, alias="serialNumber")
    running_count: WatsNumber | None = Field(default=None, alias="runningCount")
    total_count: WatsNumber | None = Field(default=None, alias="totalCount")
    days_since_calibration: WatsNumber | None = Field(default=None, alias="daysSinceCalibration")
    calibration_days_overdue: WatsNumber | None = Field(
        default=None, alias="calibrationDaysOverdue"
    )


class ReportHeader(WatsModel):
    """Summary of a stored report, as returned by header queries."""

    uuid: UUID
    serial_number: str | None = Field(default=None, alias="serialNumber")
    part_number: str | None = Field(default=None, alias="partNumber")
    revision: str | None = None
    batch_number: str | None = Field(default=None, alias="batchNumber")
    report_type: str | None = Field(default=None, alias="reportType")
    station_name: str | None = Field(default=None, alias="stationName")
    location: str | None = None
    purpose: str | None = None
    process_code: int | None = Field(default=None, alias="processCode")
    process_name: str | None = Field(default=None, alias="processName")
    result: str | None = None
    start_utc: datetime | None = Field(default=None, alias="startUtc")
    operator: str | None = None
    comment: str | None = None
    execution_time_s: WatsNumber | None = Field(default=None, alias="executionTime")
    sw_filename: str | None = Field(default=None, alias="swFilename")
    sw_version: str | None = Field(default=None, alias="swVersion")
    test_socket_index: int | None = Field(default=None, alias="testSocketIndex")
    fixture_id: str | None = Field(default=None, alias="fixtureId")
    run: int | None = None
    passed_in_run: int | None = Field(default=None, alias="passedInRun")
    receive_count: int | None = Field(default=None, alias="receiveCount")
    report_size_kb: WatsNumber | None = Field(default=None, alias="reportSize")
    caused_uut_failure: str | None = Field(default=None, alias="causedUutFailure")
    caused_uut_failure_path: str | None = Field(default=None, alias="causedUutFailurePath")
    error_code: int | None = Field(default=None, alias="errorCode")
    error_message: str | None = Field(default=None, alias="errorMessage")
    referenced_uut: UUID | None = Field(default=None, alias="referencedUut")
    test_operation: str | None = Field(default=None, alias="testOperation")
    root_node_type: str | None = Field(default=None, alias="rootNodeType")
    sub_units: list[HeaderSubUnit] | None = Field(default=None, alias="subUnits")
    uur_sub_units: list[HeaderSubUnit] | None = Field(default=None, alias="uurSubUnits")
    misc_info: list[HeaderMiscInfo] | None = Field(default=None, alias="miscInfo")
    assets: list[HeaderAsset] | None = None

"""Rows of the repair endpoints: DynamicRepair and RelatedRepairHistory (wats-api.md §2.2).

A repair statistics row carries the repair KPIs plus the dimension keys it was grouped by
(see the ``dimensions`` of :class:`~pywats.domains.analytics.WATSFilter`).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field

from pywats.domains.report.models.base import WatsModel, WatsNumber

__all__ = ["RepairHistoryRecord", "RepairStatistics"]


class RepairStatistics(WatsModel):
    """One row of ``/api/App/DynamicRepair``; ``repair_rate`` in percent."""

    part_number: str | None = Field(default=None, alias="partNumber")
    revision: str | None = None
    product_group: str | None = Field(default=None, alias="productGroup")
    product_name: str | None = Field(default=None, alias="productName")
    unit_type: str | None = Field(default=None, alias="unitType")
    repair_operation: str | None = Field(default=None, alias="repairOperation")
    station_name: str | None = Field(default=None, alias="stationName")
    test_operation: str | None = Field(default=None, alias="testOperation")
    period: str | int | None = None
    level: str | None = None
    location: str | None = None
    purpose: str | None = None
    operator: str | None = None
    misc_info_description: str | None = Field(default=None, alias="miscInfoDescription")
    misc_info_string: str | None = Field(default=None, alias="miscInfoString")
    repair_category: str | None = Field(default=None, alias="repairCategory")
    repair_type: str | None = Field(default=None, alias="repairType")
    component_ref: str | None = Field(default=None, alias="componentRef")
    component_number: str | None = Field(default=None, alias="componentNumber")
    component_revision: str | None = Field(default=None, alias="componentRevision")
    component_vendor: str | None = Field(default=None, alias="componentVendor")
    component_description: str | None = Field(default=None, alias="componentDescription")
    function_block: str | None = Field(default=None, alias="functionBlock")
    referenced_step: str | None = Field(default=None, alias="referencedStep")
    referenced_step_path: str | None = Field(default=None, alias="referencedStepPath")
    test_period: str | int | None = Field(default=None, alias="testPeriod")
    test_level: str | None = Field(default=None, alias="testLevel")
    test_station_name: str | None = Field(default=None, alias="testStationName")
    test_location: str | None = Field(default=None, alias="testLocation")
    test_purpose: str | None = Field(default=None, alias="testPurpose")
    test_operator: str | None = Field(default=None, alias="testOperator")
    batch_number: str | None = Field(default=None, alias="batchNumber")
    sw_filename: str | None = Field(default=None, alias="swFilename")
    sw_version: str | None = Field(default=None, alias="swVersion")
    fail_code: str | None = Field(default=None, alias="failCode")
    repair_code: str | None = Field(default=None, alias="repairCode")
    repair_report_count: int | None = Field(default=None, alias="repairReportCount")
    repair_count: int | None = Field(default=None, alias="repairCount")
    total_count: int | None = Field(default=None, alias="totalCount")
    repair_rate: WatsNumber | None = Field(default=None, alias="repairRate")


class RepairHistoryRecord(WatsModel):
    """One repair of a unit of a part number (``/api/App/RelatedRepairHistory``)."""

    serial_number: str | None = Field(default=None, alias="serialNumber")
    part_number: str | None = Field(default=None, alias="partNumber")
    revision: str | None = None
    report_id: UUID | None = Field(default=None, alias="reportId")
    repair_date: datetime | None = Field(default=None, alias="repairDate")
    fail_step_name: str | None = Field(default=None, alias="failStepName")
    fail_step_path: str | None = Field(default=None, alias="failStepPath")
    fail_code: str | None = Field(default=None, alias="failCode")
    repair_code: str | None = Field(default=None, alias="repairCode")
    symptom: str | None = None
    cause: str | None = None
    action: str | None = None

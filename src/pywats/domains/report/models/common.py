"""Report-level objects shared by UUT and UUR reports (wats-api.md §3.1).

Lists are typed ``list[...] | None``: ``None`` means the key was absent or ``null`` on the wire,
so a report read from the server is written back unchanged.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from pydantic import Field

from .base import WatsModel, WatsNumber
from .enums import ReportResult, ReportType

__all__ = [
    "AdditionalData",
    "AdditionalDataArray",
    "AdditionalDataArrayIndex",
    "AdditionalDataProp",
    "Asset",
    "AssetStats",
    "BinaryData",
    "MiscInfo",
    "ReportBase",
    "SubUnit",
]


class MiscInfo(WatsModel):
    """A free description/value pair; ``text`` or ``numeric`` carries the value."""

    description: str
    text: str | None = None
    numeric: WatsNumber | None = None
    numeric_format: str | None = Field(default=None, alias="numericFormat")
    typedef: str | None = None
    id: int | None = None


class SubUnit(WatsModel):
    """A sub-assembly of the tested unit (UUT flavour; the UUR flavour adds failures)."""

    part_type: str | None = Field(default=None, alias="partType")
    part_number: str = Field(alias="pn")
    revision: str | None = Field(default=None, alias="rev")
    serial_number: str = Field(alias="sn")
    position: int | None = None
    idx: int | None = None


class Asset(WatsModel):
    """Equipment used during the test.

    Virinco's keys are ``assetSN``/``usageCount``/``usageCountFormat`` (what the builder writes);
    the reference client's unverified keys (``sn``, ``assetType``, ``partNumber``,
    ``calibrationDate``, ``calibrationDue``) are read as well.
    """

    asset_serial_number: str | None = Field(default=None, alias="assetSN")
    usage_count: WatsNumber | None = Field(default=None, alias="usageCount")
    usage_count_format: str | None = Field(default=None, alias="usageCountFormat")
    sn: str | None = None
    asset_type: str | None = Field(default=None, alias="assetType")
    part_number: str | None = Field(default=None, alias="partNumber")
    calibration_date: datetime | None = Field(default=None, alias="calibrationDate")
    calibration_due: datetime | None = Field(default=None, alias="calibrationDue")


class AssetStats(WatsModel):
    """Output-only asset statistics the server adds to exports.

    ``assetSN`` is Virinco's key, ``sn`` the reference client's; ``isDaysMaintenanceUnknown`` is
    the reference client's spelling of ``isDaysSinceMaintenanceUnknown``.
    """

    asset_serial_number: str | None = Field(default=None, alias="assetSN")
    sn: str | None = None
    running_count: WatsNumber | None = Field(default=None, alias="runningCount")
    running_count_exceeded: bool | WatsNumber | None = Field(
        default=None, alias="runningCountExceeded"
    )
    total_count: WatsNumber | None = Field(default=None, alias="totalCount")
    total_count_exceeded: bool | WatsNumber | None = Field(default=None, alias="totalCountExceeded")
    days_since_calibration: WatsNumber | None = Field(default=None, alias="daysSinceCalibration")
    is_days_since_calibration_unknown: bool | None = Field(
        default=None, alias="isDaysSinceCalibrationUnknown"
    )
    calibration_days_overdue: WatsNumber | None = Field(
        default=None, alias="calibrationDaysOverdue"
    )
    days_since_maintenance: WatsNumber | None = Field(default=None, alias="daysSinceMaintenance")
    is_days_since_maintenance_unknown: bool | None = Field(
        default=None, alias="isDaysSinceMaintenanceUnknown"
    )
    is_days_maintenance_unknown: bool | None = Field(default=None, alias="isDaysMaintenanceUnknown")
    maintenance_days_overdue: WatsNumber | None = Field(
        default=None, alias="maintenanceDaysOverdue"
    )
    message: str | None = None


class BinaryData(WatsModel):
    """A report-level file (UUR attachments); ``data`` is base64 text."""

    content_type: str = Field(alias="contentType")
    data: str
    name: str
    id: str | int | None = None
    fail_idx: int | None = Field(default=None, alias="failIdx")


class AdditionalDataArrayIndex(WatsModel):
    """One element of an array property: its index text, indexes and value."""

    text: str | None = None
    indexes: list[int] | None = None
    value: AdditionalDataProp | None = None


class AdditionalDataArray(WatsModel):
    """Array payload of a property."""

    dimension: int | None = None
    type: str | None = None
    indexes: list[AdditionalDataArrayIndex] | None = None


class AdditionalDataProp(WatsModel):
    """A typed property; ``props`` nests sub-properties (type ``Obj``), ``array`` holds arrays."""

    name: str | None = None
    type: str | None = None
    flags: int | None = None
    value: Any = None
    comment: str | None = None
    num_format: str | None = Field(default=None, alias="numFormat")
    props: list[AdditionalDataProp] | None = None
    array: AdditionalDataArray | None = None


class AdditionalData(WatsModel):
    """A named tree of properties (root ``additionalData`` and step ``additionalResults``)."""

    name: str | None = None
    props: list[AdditionalDataProp] | None = None


class ReportBase(WatsModel):
    """Root keys common to UUT and UUR reports.

    ``machine_name``, ``location`` and ``purpose`` are optional here so a converter or builder can
    leave them to the station service; the server requires them on submit.
    """

    _always_dumped = ("id", "type")

    type: ReportType
    id: UUID = Field(default_factory=uuid4)
    part_number: str = Field(alias="pn")
    serial_number: str = Field(alias="sn")
    revision: str = Field(alias="rev")
    product_name: str | None = Field(default=None, alias="productName")
    process_code: int = Field(alias="processCode")
    process_code_format: str | None = Field(default=None, alias="processCodeFormat")
    process_name: str | None = Field(default=None, alias="processName")
    result: ReportResult
    machine_name: str | None = Field(default=None, alias="machineName")
    location: str | None = None
    purpose: str | None = None
    origin: str | None = None
    start: datetime
    start_utc: datetime | None = Field(default=None, alias="startUTC")
    misc_infos: list[MiscInfo] | None = Field(default=None, alias="miscInfos")
    assets: list[Asset] | None = None
    asset_stats: list[AssetStats] | None = Field(default=None, alias="assetStats")
    binary_data: list[BinaryData] | None = Field(default=None, alias="binaryData")
    additional_data: list[AdditionalData] | None = Field(default=None, alias="additionalData")

    def to_wsjf(self) -> dict[str, Any]:
        """The report as WSJF JSON data: aliases, only keys that were set, NaN as ``"NaN"``.

        Made from :meth:`to_wsjf_json` so the data is strict JSON everywhere, unknown keys
        included (``json.dumps`` of it never writes a bare ``NaN``).
        """
        data: dict[str, Any] = json.loads(self.to_wsjf_json())
        return data

    def to_wsjf_json(self) -> str:
        """The report as WSJF JSON text, ready to POST to ``/api/Report/WSJF``."""
        return self.model_dump_json(by_alias=True, exclude_unset=True)


AdditionalDataArrayIndex.model_rebuild()

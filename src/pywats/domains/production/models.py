"""Pydantic models of the Production (MES) domain (wats-api.md §2.5).

Aliases are the server's exact JSON keys (camelCase, PascalCase for ``GetUnitPhases`` and
``GetSites``); Python names are snake_case; unknown keys are kept
(:class:`~pywats.domains.report.models.WatsModel`). Phase ids that this client does not know
stay plain ints. Tags are the :class:`~pywats.domains.product.models.Setting` objects shared
with products and assets.
"""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum
from typing import Annotated

from pydantic import Field

from pywats.domains.product.models import Product, ProductRevision, Setting
from pywats.domains.report.models import WatsModel

__all__ = [
    "Batch",
    "PhaseValue",
    "Site",
    "Unit",
    "UnitChange",
    "UnitHierarchyNode",
    "UnitInfo",
    "UnitPhase",
    "UnitPhaseInfo",
    "UnitStateChange",
]


class UnitPhase(IntEnum):
    """Where a unit is in its life (``unitPhaseId``; flag values of wats-api.md §2.5)."""

    UNKNOWN = 1
    UNDER_PRODUCTION = 2
    PRODUCTION_REPAIR = 4
    SERVICE_REPAIR = 8
    FINALIZED = 16
    SCRAPPED = 32
    EXTENDED_TEST = 64
    CUSTOMIZATION = 128
    REPAIRED = 256
    MISSING = 512
    IN_STORAGE = 1024
    SHIPPED = 2048


PhaseValue = Annotated[UnitPhase | int, Field(union_mode="left_to_right")]
"""A phase id: a known one loads as :class:`UnitPhase`, an unknown one stays an int."""


class Unit(WatsModel):
    """A produced unit, keyed by ``serialNumber`` + ``partNumber``.

    ``unitPhase`` (the phase name), ``product``, ``productRevision`` and ``subUnits`` (the
    unit's children) are filled by the server and ignored when saving.
    """

    serial_number: str = Field(alias="serialNumber")
    part_number: str = Field(alias="partNumber")
    revision: str | None = None
    parent_serial_number: str | None = Field(default=None, alias="parentSerialNumber")
    batch_number: str | None = Field(default=None, alias="batchNumber")
    serial_date: datetime | None = Field(default=None, alias="serialDate")
    current_location: str | None = Field(default=None, alias="currentLocation")
    xml_data: str | None = Field(default=None, alias="xmlData")
    unit_phase_id: PhaseValue | None = Field(default=None, alias="unitPhaseId")
    unit_phase: str | None = Field(default=None, alias="unitPhase")
    process_code: int | None = Field(default=None, alias="processCode")
    tags: list[Setting] | None = None
    product_revision: ProductRevision | None = Field(default=None, alias="productRevision")
    product: Product | None = None
    sub_units: list[Unit] | None = Field(default=None, alias="subUnits")


class UnitChange(WatsModel):
    """One entry of the unit-changes feed; ``new*`` fields are ``None`` when unchanged.

    ``unitPartNumber``, ``newProcessCode``, ``comment`` and ``changedUtc`` are sent by the
    pyWATS emulator (the real server's extra keys, if any, are kept too).
    """

    id: int | None = None
    unit_serial_number: str | None = Field(default=None, alias="unitSerialNumber")
    unit_part_number: str | None = Field(default=None, alias="unitPartNumber")
    new_parent_serial_number: str | None = Field(default=None, alias="newParentSerialNumber")
    new_part_number: str | None = Field(default=None, alias="newPartNumber")
    new_revision: str | None = Field(default=None, alias="newRevision")
    new_unit_phase_id: PhaseValue | None = Field(default=None, alias="newUnitPhaseId")
    new_process_code: int | None = Field(default=None, alias="newProcessCode")
    comment: str | None = None
    changed_utc: datetime | None = Field(default=None, alias="changedUtc")


class UnitPhaseInfo(WatsModel):
    """A phase as ``GetUnitPhases`` lists it (PascalCase keys)."""

    unit_phase_id: PhaseValue | None = Field(default=None, alias="UnitPhaseId")
    code: str | None = Field(default=None, alias="Code")
    name: str | None = Field(default=None, alias="Name")
    description: str | None = Field(default=None, alias="Description")


class Site(WatsModel):
    """A production site (``GetSites``, PascalCase keys)."""

    site_id: int | str | None = Field(default=None, alias="SiteId")
    name: str | None = Field(default=None, alias="Name")


class UnitInfo(WatsModel):
    """``GetUnitInfo``: a unit's attributes, state names, family and report counts."""

    serial_number: str | None = Field(default=None, alias="serialNumber")
    part_number: str | None = Field(default=None, alias="partNumber")
    revision: str | None = None
    batch_number: str | None = Field(default=None, alias="batchNumber")
    current_location: str | None = Field(default=None, alias="currentLocation")
    unit_phase_id: PhaseValue | None = Field(default=None, alias="unitPhaseId")
    unit_phase: str | None = Field(default=None, alias="unitPhase")
    process_code: int | None = Field(default=None, alias="processCode")
    process_name: str | None = Field(default=None, alias="processName")
    parent_serial_number: str | None = Field(default=None, alias="parentSerialNumber")
    parent_part_number: str | None = Field(default=None, alias="parentPartNumber")
    child_count: int | None = Field(default=None, alias="childCount")
    test_report_count: int | None = Field(default=None, alias="testReportCount")
    repair_report_count: int | None = Field(default=None, alias="repairReportCount")
    first_test_utc: datetime | None = Field(default=None, alias="firstTestUtc")
    last_test_utc: datetime | None = Field(default=None, alias="lastTestUtc")
    last_result: str | None = Field(default=None, alias="lastResult")


class UnitHierarchyNode(WatsModel):
    """One unit of ``GetUnitHierarchy``: the asked unit is ``level`` 0, its children 1..."""

    serial_number: str | None = Field(default=None, alias="serialNumber")
    part_number: str | None = Field(default=None, alias="partNumber")
    revision: str | None = None
    unit_phase_id: PhaseValue | None = Field(default=None, alias="unitPhaseId")
    unit_phase: str | None = Field(default=None, alias="unitPhase")
    parent_serial_number: str | None = Field(default=None, alias="parentSerialNumber")
    parent_part_number: str | None = Field(default=None, alias="parentPartNumber")
    level: int | None = None


class UnitStateChange(WatsModel):
    """One state of ``GetUnitStateHistory``: the phase and process from ``changedUtc`` on."""

    unit_phase_id: PhaseValue | None = Field(default=None, alias="unitPhaseId")
    unit_phase: str | None = Field(default=None, alias="unitPhase")
    process_code: int | None = Field(default=None, alias="processCode")
    process_name: str | None = Field(default=None, alias="processName")
    comment: str | None = None
    changed_utc: datetime | None = Field(default=None, alias="changedUtc")


class Batch(WatsModel):
    """A production batch (``batchNumber`` + ``batchSize``; the id is the server's)."""

    batch_number: str | None = Field(default=None, alias="batchNumber")
    batch_size: int | None = Field(default=None, alias="batchSize")
    batch_id: str | None = Field(default=None, alias="batchId")
    part_number: str | None = Field(default=None, alias="partNumber")
    unit_count: int | None = Field(default=None, alias="unitCount")

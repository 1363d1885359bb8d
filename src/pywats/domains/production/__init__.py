"""Production (MES) domain (wats-api.md §2.5): units and their phases, processes and children,
unit verification and grade, serial numbers, batches and sites."""

from __future__ import annotations

from pywats.domains.production.models import (
    Batch,
    Site,
    Unit,
    UnitChange,
    UnitHierarchyNode,
    UnitInfo,
    UnitPhase,
    UnitPhaseInfo,
    UnitStateChange,
)
from pywats.domains.production.repository import AsyncProductionRepository
from pywats.domains.production.serial_numbers import (
    SerialNumber,
    SerialNumberFileFormat,
    SerialNumberIdentifier,
    SerialNumberRange,
    SerialNumberStatistics,
    SerialNumberType,
    parse_taken_serial_numbers,
)
from pywats.domains.production.service import AsyncProductionService
from pywats.domains.production.verification import (
    AssemblyCheck,
    ChildUnitCheck,
    UnitProcessResult,
    UnitVerification,
)

__all__ = [
    "AssemblyCheck",
    "AsyncProductionRepository",
    "AsyncProductionService",
    "Batch",
    "ChildUnitCheck",
    "SerialNumber",
    "SerialNumberFileFormat",
    "SerialNumberIdentifier",
    "SerialNumberRange",
    "SerialNumberStatistics",
    "SerialNumberType",
    "Site",
    "Unit",
    "UnitChange",
    "UnitHierarchyNode",
    "UnitInfo",
    "UnitPhase",
    "UnitPhaseInfo",
    "UnitProcessResult",
    "UnitStateChange",
    "UnitVerification",
    "parse_taken_serial_numbers",
]

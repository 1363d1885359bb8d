"""Reference data a fresh emulator starts with: processes, repair codes, levels, product groups.

There is one process table (``wats-api.md`` §8.7): ``/api/App/Processes`` shows it in camelCase,
``/api/internal/Process/GetProcesses`` in PascalCase, and report validation checks codes against
it. Ids (``ProcessID``, category ``GUID``) are UUIDv5 values so they are the same on every run.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

__all__ = [
    "LEVELS",
    "PROCESSES",
    "PRODUCT_GROUPS",
    "REPAIR_OPERATIONS",
    "Level",
    "Process",
    "ProcessState",
    "ProductGroup",
    "RepairCategory",
    "RepairOperation",
]

_NAMESPACE = uuid.UUID("6d1f0f9e-5b7a-4c1e-9a43-7f2d0c8e5a10")


def stable_guid(kind: str, key: object) -> str:
    """A GUID that is the same for the same ``kind``/``key`` on every run."""
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{key}"))


class ProcessState(str, Enum):
    """``state`` of a process (the emulator's encoding; WATS does not document it)."""

    ACTIVE = "Active"
    INACTIVE = "Inactive"


@dataclass(frozen=True)
class Process:
    """A WATS process (operation type): test, repair or WIP."""

    code: int
    name: str
    description: str
    is_test_operation: bool = False
    is_repair_operation: bool = False
    is_wip_operation: bool = False
    process_index: int = 0
    state: ProcessState = ProcessState.ACTIVE
    code_format: str | None = None

    @property
    def process_id(self) -> str:
        return stable_guid("process", self.code)

    def to_public(self) -> dict[str, Any]:
        """``ProcessInfo`` of ``GET /api/App/Processes`` (camelCase)."""
        return {
            "code": self.code,
            "name": self.name,
            "description": self.description,
            "isTestOperation": self.is_test_operation,
            "isRepairOperation": self.is_repair_operation,
            "isWipOperation": self.is_wip_operation,
            "processIndex": self.process_index,
            "state": self.state.value,
        }

    def to_internal(self) -> dict[str, Any]:
        """Shape of ``GET /api/internal/Process/GetProcesses`` (PascalCase)."""
        return {
            "Code": self.code,
            "Name": self.name,
            "Description": self.description,
            "ProcessID": self.process_id,
            "ProcessIndex": self.process_index,
            "State": self.state.value,
            "Properties": None,
            "IsTestOperation": self.is_test_operation,
            "IsRepairOperation": self.is_repair_operation,
            "IsWIPOperation": self.is_wip_operation,
        }


PROCESSES: tuple[Process, ...] = (
    Process(10, "SW Debug", "Software debugging runs", is_test_operation=True, process_index=1),
    Process(
        50, "PCBA test", "Board level functional test", is_test_operation=True, process_index=2
    ),
    Process(
        90, "Burn In test", "Stress test at temperature", is_test_operation=True, process_index=3
    ),
    Process(100, "End of line test", "Final product test", is_test_operation=True, process_index=4),
    Process(
        200, "Final assembly", "Work in progress: assembly", is_wip_operation=True, process_index=5
    ),
    Process(500, "Repair", "Repair of failed units", is_repair_operation=True, process_index=6),
    Process(
        510, "RMA Repair", "Repair of returned units", is_repair_operation=True, process_index=7
    ),
)


@dataclass(frozen=True)
class RepairCategory:
    """A fail-code category and its codes (a two-level tree, as WATS shows it)."""

    description: str
    codes: tuple[str, ...]

    def to_internal(self, op_code: int, sort_order: int) -> dict[str, Any]:
        failcodes = [
            _fail_node(stable_guid("failcode", f"{op_code}/{self.description}/{code}"), code, i)
            for i, code in enumerate(self.codes)
        ]
        key = f"{op_code}/{self.description}"
        return _fail_node(stable_guid("category", key), self.description, sort_order, failcodes)


def _fail_node(
    guid: str, description: str, sort_order: int, children: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {
        "GUID": guid,
        "Description": description,
        "Selectable": True,
        "SortOrder": sort_order,
        "FailureType": 0,
        "ImageConstraint": None,
        "Status": ProcessState.ACTIVE.value,
        "Failcodes": children or [],
    }


@dataclass(frozen=True)
class RepairOperation:
    """Repair configuration of one repair process (``GetRepairOperations`` value)."""

    code: int
    description: str
    categories: tuple[RepairCategory, ...]
    misc_infos: tuple[str, ...] = field(default=())

    def to_internal(self) -> dict[str, Any]:
        return {
            "Description": self.description,
            "UUTRequired": False,
            "CompRefMask": None,
            "CompRefMaskDescription": None,
            "BomConstraint": None,
            "BOMRequired": False,
            "VendorRequired": False,
            "Categories": [c.to_internal(self.code, i) for i, c in enumerate(self.categories)],
            "MiscInfos": list(self.misc_infos),
        }

    def has_fail_code(self, category: str, code: str) -> bool:
        return any(c.description == category and code in c.codes for c in self.categories)


_COMPONENT = RepairCategory(
    "Component", ("Defective", "Burned Component", "Missing", "Wrong Component")
)
_SOLDER = RepairCategory("Solder", ("Bridge", "Insufficient Solder", "Cold Joint"))
_OTHER = RepairCategory("Other", ("Unknown", "No Fault Found"))

REPAIR_OPERATIONS: tuple[RepairOperation, ...] = (
    RepairOperation(500, "Repair", (_COMPONENT, _SOLDER, _OTHER)),
    RepairOperation(
        510,
        "RMA Repair",
        (_COMPONENT, RepairCategory("Customer Return", ("Damaged in Transport",)), _OTHER),
    ),
)


@dataclass(frozen=True)
class Level:
    level_id: int
    name: str

    def to_public(self) -> dict[str, Any]:
        return {"levelId": self.level_id, "levelName": self.name}


@dataclass(frozen=True)
class ProductGroup:
    product_group_id: int
    name: str
    filters: tuple[str, ...] = ()

    def to_public(self, *, include_filters: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "productGroupId": self.product_group_id,
            "productGroupName": self.name,
        }
        if include_filters:
            data["filters"] = list(self.filters)
        return data


LEVELS: tuple[Level, ...] = (
    Level(1, "Headquarters"),
    Level(2, "Production Line 1"),
    Level(3, "Production Line 2"),
)

PRODUCT_GROUPS: tuple[ProductGroup, ...] = (
    ProductGroup(1, "Power Supplies", ("PSU-%",)),
    ProductGroup(2, "Control Boards", ("PCB-%", "CB-%")),
    ProductGroup(3, "Modules", ("%MODULE%",)),
)

"""Pydantic models of the Process domain (wats-api.md §2.8).

The public list (``/api/App/Processes``) is camelCase and uses
:class:`pywats.domains.analytics.models.ProcessInfo`, re-exported here. The internal endpoints
answer in PascalCase, hence the separate :class:`ProcessDetail` and repair-configuration models.
Aliases are the server's exact JSON keys; Python names are snake_case; unknown keys are kept.
"""

from __future__ import annotations

import enum
from typing import Any

from pydantic import Field

from pywats.domains.analytics.models import ProcessInfo
from pywats.domains.report.models import WatsModel

__all__ = [
    "ProcessDetail",
    "ProcessInfo",
    "ProcessKind",
    "RepairCategory",
    "RepairOperationConfig",
]


class ProcessKind(str, enum.Enum):
    """The kinds of operation a process can be (a process may be several)."""

    TEST = "test"
    REPAIR = "repair"
    WIP = "wip"

    def matches(self, process: ProcessInfo) -> bool:
        """Whether ``process`` is an operation of this kind."""
        flag = {
            ProcessKind.TEST: process.is_test_operation,
            ProcessKind.REPAIR: process.is_repair_operation,
            ProcessKind.WIP: process.is_wip_operation,
        }[self]
        return bool(flag)


class ProcessDetail(WatsModel):
    """A process from the internal API (``GetProcesses`` / ``GetProcess/{id}``, PascalCase)."""

    code: int | None = Field(default=None, alias="Code")
    name: str | None = Field(default=None, alias="Name")
    description: str | None = Field(default=None, alias="Description")
    process_id: str | None = Field(default=None, alias="ProcessID")
    """The process GUID, as text."""
    process_index: int | None = Field(default=None, alias="ProcessIndex")
    state: int | str | None = Field(default=None, alias="State")
    properties: Any = Field(default=None, alias="Properties")
    is_test_operation: bool | None = Field(default=None, alias="IsTestOperation")
    is_repair_operation: bool | None = Field(default=None, alias="IsRepairOperation")
    is_wip_operation: bool | None = Field(default=None, alias="IsWIPOperation")


class RepairCategory(WatsModel):
    """A fail-code category of a repair operation; its ``failcodes`` have the same shape.

    WATS shows fail codes as a tree: categories at the top, fail codes (possibly nested) below.
    """

    guid: str | None = Field(default=None, alias="GUID")
    description: str | None = Field(default=None, alias="Description")
    selectable: bool | None = Field(default=None, alias="Selectable")
    sort_order: int | None = Field(default=None, alias="SortOrder")
    failure_type: int | None = Field(default=None, alias="FailureType")
    image_constraint: Any = Field(default=None, alias="ImageConstraint")
    status: int | str | None = Field(default=None, alias="Status")
    failcodes: list[RepairCategory] | None = Field(default=None, alias="Failcodes")

    def fail_code_descriptions(self) -> list[str]:
        """Descriptions of the fail codes below this node, depth first."""
        found: list[str] = []
        for child in self.failcodes or []:
            if child.description is not None:
                found.append(child.description)
            found.extend(child.fail_code_descriptions())
        return found


class RepairOperationConfig(WatsModel):
    """How a repair operation is recorded: required fields and the fail-code tree.

    One value of ``GetRepairOperations`` (an object keyed by process code string) or the answer
    of ``GetRepairOperation/{id}``.
    """

    description: str | None = Field(default=None, alias="Description")
    uut_required: bool | None = Field(default=None, alias="UUTRequired")
    comp_ref_mask: str | None = Field(default=None, alias="CompRefMask")
    comp_ref_mask_description: str | None = Field(default=None, alias="CompRefMaskDescription")
    bom_constraint: Any = Field(default=None, alias="BomConstraint")
    bom_required: bool | None = Field(default=None, alias="BOMRequired")
    vendor_required: bool | None = Field(default=None, alias="VendorRequired")
    categories: list[RepairCategory] | None = Field(default=None, alias="Categories")
    misc_infos: list[Any] | None = Field(default=None, alias="MiscInfos")

    def category(self, description: str) -> RepairCategory | None:
        """The top-level category with this description (exact match), or ``None``."""
        return next((c for c in self.categories or [] if c.description == description), None)

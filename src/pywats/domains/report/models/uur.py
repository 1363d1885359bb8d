"""UUR (repair) report: the ``uur`` object, repaired sub-units and failures (wats-api.md §3.3).

Two process codes meet in a UUR: the root ``processCode`` is the *repair* operation (e.g. 500),
``uur.processCode`` is the *test* operation during which the failure happened (e.g. 50).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import Field

from .base import WatsModel, WatsNumber
from .common import ReportBase, SubUnit
from .enums import ReportType

__all__ = ["Failure", "UURInfo", "UURReport", "UURSubUnit"]


class UURInfo(WatsModel):
    """The ``uur`` object: repair operator, the failed test operation and the repaired UUT."""

    user: str | None = None
    comment: str | None = None
    exec_time_s: WatsNumber | None = Field(default=None, alias="execTime")
    process_code: int | None = Field(default=None, alias="processCode")
    process_name: str | None = Field(default=None, alias="processName")
    process_code_format: str | None = Field(default=None, alias="processCodeFormat")
    ref_uut: UUID | None = Field(default=None, alias="refUUT")
    confirm_date: datetime | None = Field(default=None, alias="confirmDate")
    finalize_date: datetime | None = Field(default=None, alias="finalizeDate")
    active: bool | None = None
    parent: UUID | None = None
    children: list[UUID] | None = None
    test_operation_code: int | None = Field(default=None, alias="testOperationCode")
    test_operation_name: str | None = Field(default=None, alias="testOperationName")
    test_operation_guid: str | None = Field(default=None, alias="testOperationGuid")


class Failure(WatsModel):
    """A failure found on a (sub-)unit during repair.

    ``category``/``code`` must exist in the server's fail-code tree for the repair operation.
    ``ref_step_id`` is a step ``id`` in the referenced UUT; ``ref_step_name`` is output only.
    """

    category: str | None = None
    code: str | None = None
    comment: str | None = None
    com_ref: str | None = Field(default=None, alias="comRef")
    func_block: str | None = Field(default=None, alias="funcBlock")
    ref_step_id: int | None = Field(default=None, alias="refStepId")
    ref_step_name: str | None = Field(default=None, alias="refStepName")
    art_number: str | None = Field(default=None, alias="artNumber")
    art_rev: str | None = Field(default=None, alias="artRev")
    art_vendor: str | None = Field(default=None, alias="artVendor")
    art_description: str | None = Field(default=None, alias="artDescription")


class UURSubUnit(SubUnit):
    """A unit in a repair report: ``idx`` 0 is the main unit; sub-units point at ``parentIdx``."""

    parent_idx: int | None = Field(default=None, alias="parentIdx")
    replaced_idx: int | None = Field(default=None, alias="replacedIdx")
    failures: list[Failure] | None = None


class UURReport(ReportBase):
    """A repair report (``type`` = ``R``)."""

    type: Literal[ReportType.UUR] = ReportType.UUR
    uur: UURInfo | None = None
    sub_units: list[UURSubUnit] | None = Field(default=None, alias="subUnits")

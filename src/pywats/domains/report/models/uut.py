"""UUT (test) report: root keys, the ``uut`` object and the step tree (wats-api.md §3.1-§3.2)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import Field

from .base import WatsModel, WatsNumber
from .common import ReportBase, SubUnit
from .enums import ReportType
from .steps import Step

__all__ = ["ReferencedUUR", "UUTInfo", "UUTReport"]


class ReferencedUUR(WatsModel):
    """Output-only link from a UUT to a repair report that references it."""

    id: UUID | None = None
    start: datetime | None = None


class UUTInfo(WatsModel):
    """The ``uut`` object: operator, batch, fixture, error and timing data of a test run."""

    user: str | None = None
    comment: str | None = None
    exec_time_s: WatsNumber | None = Field(default=None, alias="execTime")
    batch_serial_number: str | None = Field(default=None, alias="batchSN")
    batch_fail_count: int | None = Field(default=None, alias="batchFailCount")
    batch_fail_count_format: str | None = Field(default=None, alias="batchFailCountFormat")
    batch_loop_index: int | None = Field(default=None, alias="batchLoopIndex")
    batch_loop_index_format: str | None = Field(default=None, alias="batchLoopIndexFormat")
    fixture_id: str | None = Field(default=None, alias="fixtureId")
    test_socket_index: int | None = Field(default=None, alias="testSocketIndex")
    test_socket_index_format: str | None = Field(default=None, alias="testSocketIndexFormat")
    error_code: int | None = Field(default=None, alias="errorCode")
    error_code_format: str | None = Field(default=None, alias="errorCodeFormat")
    error_message: str | None = Field(default=None, alias="errorMessage")
    step_id_caused_uut_failure: int | None = Field(default=None, alias="stepIdCausedUUTFailure")
    referenced_by_uurs: list[ReferencedUUR] | None = Field(default=None, alias="referencedByUURs")


class UUTReport(ReportBase):
    """A test report (``type`` = ``T``): ``uut`` info, sub-units and the ``root`` step tree."""

    type: Literal[ReportType.UUT] = ReportType.UUT
    uut: UUTInfo | None = None
    sub_units: list[SubUnit] | None = Field(default=None, alias="subUnits")
    root: Step | None = None

    def iter_steps(self) -> Iterator[Step]:
        """Every step, depth-first pre-order from ``root`` (nothing when there is no root)."""
        if self.root is not None:
            yield from self.root.iter_steps()

    def renumber_steps(self) -> int:
        """Give the steps ids 1..n in depth-first pre-order, as server exports do.

        Returns:
            The number of steps.
        """
        count = 0
        for count, step in enumerate(self.iter_steps(), start=1):
            step.id = count
        return count

"""ReportBuilder: build valid WSJF UUT (test) and UUR (repair) reports.

``ReportBuilder.uut(...)`` gives a :class:`UUTReportBuilder` whose ``root`` sequence takes steps;
``ReportBuilder.uur(...)`` gives a :class:`UURReportBuilder`. ``build()`` returns the pydantic
report with step ids 1..n depth-first, statuses computed (measurement limits evaluated with
:mod:`pywats.domains.report.comparison`, then propagated with the precedence
``Terminated > Error > Failed > Passed``; Skipped/Done never fail — see ``_builder_status``), the
failure cause flagged, and the server's length rules checked.

``machineName``/``location``/``purpose`` may be left out: the station service fills them.

Example:
    >>> from pywats.tools import ReportBuilder
    >>> uut = ReportBuilder.uut(
    ...     part_number="PCB-100", serial_number="SN-1", revision="A", process_code=50,
    ...     operator="op1",
    ... )
    >>> with uut.root.sequence("Power") as power:
    ...     _ = power.numeric("VCC", 3.31, low=3.2, high=3.4, unit="V")
    ...     _ = power.numeric("12V", 12.6, high=12.5, unit="V")  # LE: fails
    >>> report = uut.build()
    >>> report.result.value, report.uut.step_id_caused_uut_failure
    ('F', 4)
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from pywats.domains.report.models import (
    Asset,
    MiscInfo,
    ReportResult,
    SeqCallInfo,
    Step,
    StepGroup,
    StepStatus,
    StepType,
    SubUnit,
    UUTInfo,
    UUTReport,
)

from ._builder_common import make_misc_info, present, report_start
from ._builder_sequence import SequenceBuilder
from ._builder_status import mark_failure_cause, result_from_status
from ._builder_validate import ReportBuildError, check_report
from ._uur_builder import UURReportBuilder

__all__ = ["ReportBuildError", "ReportBuilder", "UURReportBuilder", "UUTReportBuilder"]

MAIN_SEQUENCE_NAME = "MainSequence Callback"


class UUTReportBuilder:
    """Builds a UUT (test) report; add steps to :attr:`root`. Made by ``ReportBuilder.uut``."""

    def __init__(
        self,
        *,
        part_number: str,
        serial_number: str,
        revision: str,
        process_code: int,
        process_name: str | None = None,
        start: datetime | None = None,
        operator: str | None = None,
        station_name: str | None = None,
        location: str | None = None,
        purpose: str | None = None,
        batch_serial_number: str | None = None,
        fixture_id: str | None = None,
        test_socket_index: int | None = None,
        comment: str | None = None,
        exec_time_s: float | None = None,
        result: ReportResult | None = None,
        report_id: UUID | None = None,
        sequence_name: str = MAIN_SEQUENCE_NAME,
        sequence_path: str | None = None,
        sequence_version: str | None = None,
    ) -> None:
        self.report_id = report_id or uuid4()
        self.part_number = part_number
        self.serial_number = serial_number
        self.revision = revision
        self.process_code = process_code
        self.process_name = process_name
        self.start = report_start(start)
        self.operator = operator
        self.station_name = station_name
        self.location = location
        self.purpose = purpose
        self.batch_serial_number = batch_serial_number
        self.fixture_id = fixture_id
        self.test_socket_index = test_socket_index
        self.comment = comment
        self.exec_time_s = exec_time_s
        self.result = result
        """A forced report result; ``None`` = computed from the root status."""
        self.error_code: int | None = None
        self.error_message: str | None = None
        self.misc_infos: list[MiscInfo] = []
        self.sub_units: list[SubUnit] = []
        self.assets: list[Asset] = []
        root_step = Step(
            step_type=StepType.SEQUENCE_CALL,
            name=sequence_name,
            group=StepGroup.MAIN,
            status=StepStatus.PASSED,
            seq_call=SeqCallInfo(
                **present(path=sequence_path, name=sequence_name, version=sequence_version)
            ),
        )
        self.root = SequenceBuilder(root_step)
        """The root sequence (``MainSequence Callback``): add the report's steps here."""

    def misc_info(self, description: str, value: str | int | float) -> MiscInfo:
        """Add a misc info (free description/value pair, e.g. firmware version)."""
        info = make_misc_info(description, value)
        self.misc_infos.append(info)
        return info

    def sub_unit(
        self,
        part_type: str,
        part_number: str,
        serial_number: str,
        revision: str | None = None,
        *,
        position: int | None = None,
    ) -> SubUnit:
        """Add a sub-unit (a sub-assembly of the tested unit)."""
        unit = SubUnit(
            **present(
                part_type=part_type, part_number=part_number, serial_number=serial_number,
                revision=revision, position=position,
            )
        )  # fmt: skip
        self.sub_units.append(unit)
        return unit

    def asset(self, serial_number: str, *, usage_count: int | None = None) -> Asset:
        """Record an asset (test equipment) used by the run."""
        asset = Asset(**present(asset_serial_number=serial_number, usage_count=usage_count))
        self.assets.append(asset)
        return asset

    def error(self, code: int, message: str | None = None) -> None:
        """Record a report-level error code/message (``uut.errorCode``/``errorMessage``)."""
        self.error_code = code
        self.error_message = message

    def build(self) -> UUTReport:
        """The finished report: statuses resolved, failure cause flagged, ids 1..n.

        Raises:
            ReportBuildError: the report breaks a server rule (e.g. a name over 100 characters).
        """
        root = self.root.resolve_steps()[0]
        result = self.result or result_from_status(root.status)
        uut = UUTInfo(
            **present(
                user=self.operator, comment=self.comment,
                exec_time_s=self.exec_time_s if self.exec_time_s is not None else root.tot_time_s,
                batch_serial_number=self.batch_serial_number, fixture_id=self.fixture_id,
                test_socket_index=self.test_socket_index, error_code=self.error_code,
                error_message=self.error_message,
            )
        )  # fmt: skip
        report = UUTReport(
            **present(
                id=self.report_id, part_number=self.part_number,
                serial_number=self.serial_number, revision=self.revision,
                process_code=self.process_code, process_name=self.process_name, result=result,
                machine_name=self.station_name, location=self.location, purpose=self.purpose,
                start=self.start,
            ),
            uut=uut,
            misc_infos=self.misc_infos,
            sub_units=self.sub_units,
            assets=self.assets,
            root=root,
        ).model_copy(deep=True)  # fmt: skip
        report.renumber_steps()
        assert report.root is not None  # set above; narrows the Optional for mypy
        assert report.uut is not None
        failed = result in (ReportResult.FAILED, ReportResult.ERROR, ReportResult.TERMINATED)
        cause = mark_failure_cause(report.root, uut_failed=failed)
        if cause is not None:
            report.uut.step_id_caused_uut_failure = cause.id
        check_report(report)
        return report


class ReportBuilder:
    """Entry point: ``ReportBuilder.uut(...)`` for test reports, ``.uur(...)`` for repairs.

    ``uur_for(uut_report, ...)`` starts a repair report pre-filled from the failed UUT.
    """

    uut = UUTReportBuilder
    uur = UURReportBuilder
    uur_for = UURReportBuilder.for_uut

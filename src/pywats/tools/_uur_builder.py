"""UURReportBuilder: repair reports (wats-api.md §3.3, §3.8).

A repair report names two operations: ``process_code`` is the *repair* operation (e.g. 500)
and ``test_process_code`` the *test* operation during which the unit failed (e.g. 50). The
repaired unit is sub-unit ``idx`` 0 (created for you); other units hang below it by
``parentIdx``. Failure ``category``/``code`` must exist in the server's fail-code tree for the
repair operation.
"""

from __future__ import annotations

import base64
from datetime import datetime, timezone
from uuid import UUID, uuid4

from pywats.domains.report.models import (
    BinaryData,
    Failure,
    MiscInfo,
    ReportResult,
    Step,
    UURInfo,
    UURReport,
    UURSubUnit,
    UUTReport,
)

from ._builder_common import make_misc_info, present, report_start
from ._builder_validate import ReportBuildError, check_report

__all__ = ["UURReportBuilder"]


class UURReportBuilder:
    """Builds a UUR (repair) report. Made by ``ReportBuilder.uur`` or ``ReportBuilder.uur_for``.

    ``confirm_date``/``finalize_date`` default to the report start (in UTC); ``result`` defaults
    to Passed (a repair report records the repair, it has no steps to compute from).
    """

    def __init__(
        self,
        *,
        part_number: str,
        serial_number: str,
        revision: str,
        process_code: int,
        test_process_code: int,
        ref_uut: UUID | str | None = None,
        process_name: str | None = None,
        test_process_name: str | None = None,
        start: datetime | None = None,
        operator: str | None = None,
        comment: str | None = None,
        exec_time_s: float | None = None,
        station_name: str | None = None,
        location: str | None = None,
        purpose: str | None = None,
        confirm_date: datetime | None = None,
        finalize_date: datetime | None = None,
        active: bool | None = True,
        result: ReportResult = ReportResult.PASSED,
        report_id: UUID | None = None,
        main_part_type: str = "Main",
    ) -> None:
        self.report_id = report_id or uuid4()
        self.part_number = part_number
        self.serial_number = serial_number
        self.revision = revision
        self.process_code = process_code
        self.process_name = process_name
        self.test_process_code = test_process_code
        self.test_process_name = test_process_name
        self.ref_uut = UUID(str(ref_uut)) if ref_uut is not None else None
        self.start = report_start(start)
        self.operator = operator
        self.comment = comment
        self.exec_time_s = exec_time_s
        self.station_name = station_name
        self.location = location
        self.purpose = purpose
        start_utc = self.start.astimezone(timezone.utc)
        self.confirm_date = confirm_date or start_utc
        self.finalize_date = finalize_date or start_utc
        self.active = active
        self.result = result
        self.misc_infos: list[MiscInfo] = []
        self.binary_data: list[BinaryData] = []
        self.units: list[UURSubUnit] = [
            UURSubUnit(
                idx=0,
                part_type=main_part_type,
                part_number=part_number,
                revision=revision,
                serial_number=serial_number,
            )
        ]
        """The units of the report; ``units[0]`` is the repaired unit (``idx`` 0)."""

    @classmethod
    def for_uut(
        cls,
        uut: UUTReport,
        *,
        process_code: int = 500,
        process_name: str | None = None,
        start: datetime | None = None,
        operator: str | None = None,
        comment: str | None = None,
        station_name: str | None = None,
        location: str | None = None,
        purpose: str | None = None,
    ) -> UURReportBuilder:
        """A repair report for a failed UUT: unit, revision, test operation, ``refUUT`` and the
        UUT's sub-units (as children of unit 0) are taken from ``uut``."""
        builder = cls(
            part_number=uut.part_number,
            serial_number=uut.serial_number,
            revision=uut.revision,
            process_code=process_code,
            process_name=process_name,
            test_process_code=uut.process_code,
            test_process_name=uut.process_name,
            ref_uut=uut.id,
            start=start,
            operator=operator,
            comment=comment,
            station_name=station_name,
            location=location,
            purpose=purpose,
        )
        for unit in uut.sub_units or ():
            builder.sub_unit(
                unit.part_type or "Unknown",
                unit.part_number,
                unit.serial_number,
                unit.revision,
                position=unit.position,
            )
        return builder

    def _unit(self, idx: int) -> UURSubUnit:
        for unit in self.units:
            if unit.idx == idx:
                return unit
        raise ReportBuildError(f"no unit with idx {idx} (units: {[u.idx for u in self.units]})")

    def sub_unit(
        self,
        part_type: str,
        part_number: str,
        serial_number: str,
        revision: str | None = None,
        *,
        parent_idx: int = 0,
        position: int | None = None,
        replaced_idx: int | None = None,
    ) -> int:
        """Add a unit below ``parent_idx`` (default the main unit); returns its ``idx``."""
        self._unit(parent_idx)
        idx = max(unit.idx or 0 for unit in self.units) + 1
        self.units.append(
            UURSubUnit(
                **present(
                    idx=idx, parent_idx=parent_idx, part_type=part_type,
                    part_number=part_number, serial_number=serial_number, revision=revision,
                    position=position, replaced_idx=replaced_idx,
                )
            )
        )  # fmt: skip
        return idx

    def failure(
        self,
        category: str,
        code: str,
        *,
        unit_idx: int = 0,
        comment: str | None = None,
        com_ref: str | None = None,
        func_block: str | None = None,
        ref_step: int | Step | None = None,
        art_number: str | None = None,
        art_rev: str | None = None,
        art_vendor: str | None = None,
        art_description: str | None = None,
    ) -> Failure:
        """Record a failure on unit ``unit_idx``; ``ref_step`` is the failing step of the UUT."""
        unit = self._unit(unit_idx)
        ref_step_id = ref_step.id if isinstance(ref_step, Step) else ref_step
        failure = Failure(
            **present(
                category=category, code=code, comment=comment, com_ref=com_ref,
                func_block=func_block, ref_step_id=ref_step_id, art_number=art_number,
                art_rev=art_rev, art_vendor=art_vendor, art_description=art_description,
            )
        )  # fmt: skip
        unit.failures = [*(unit.failures or ()), failure]
        return failure

    def misc_info(self, description: str, value: str | int | float) -> MiscInfo:
        """Add a misc info (for UURs the description must be configured on the server)."""
        info = make_misc_info(description, value)
        self.misc_infos.append(info)
        return info

    def attach(
        self,
        data: bytes,
        *,
        name: str,
        content_type: str = "application/octet-stream",
        fail_idx: int | None = None,
    ) -> BinaryData:
        """Attach a file to the report (``binaryData``); ``data`` is base64-encoded here."""
        blob = BinaryData(
            **present(
                content_type=content_type, data=base64.b64encode(data).decode("ascii"),
                name=name, fail_idx=fail_idx,
            )
        )  # fmt: skip
        self.binary_data.append(blob)
        return blob

    def build(self) -> UURReport:
        """The finished repair report.

        Raises:
            ReportBuildError: the report breaks a server rule.
        """
        uur = UURInfo(
            **present(
                user=self.operator, comment=self.comment, exec_time_s=self.exec_time_s,
                process_code=self.test_process_code, process_name=self.test_process_name,
                ref_uut=self.ref_uut, confirm_date=self.confirm_date,
                finalize_date=self.finalize_date, active=self.active,
            )
        )  # fmt: skip
        report = UURReport(
            **present(
                id=self.report_id, part_number=self.part_number,
                serial_number=self.serial_number, revision=self.revision,
                process_code=self.process_code, process_name=self.process_name,
                result=self.result, machine_name=self.station_name, location=self.location,
                purpose=self.purpose, start=self.start,
            ),
            uur=uur,
            misc_infos=self.misc_infos,
            sub_units=self.units,
            binary_data=self.binary_data,
        ).model_copy(deep=True)  # fmt: skip
        check_report(report)
        return report

"""Report helpers: :class:`ReportBuilder` builds valid WSJF UUT and UUR reports.

Example:
    >>> from pywats.tools import ReportBuilder
    >>> uut = ReportBuilder.uut(
    ...     part_number="PCB-100", serial_number="SN-1", revision="A", process_code=50
    ... )
    >>> _ = uut.root.pass_fail("LED check", True)
    >>> uut.build().result.value
    'P'
"""

from __future__ import annotations

from pywats.tools._builder_sequence import LoopBuilder, SequenceBuilder, StepContainer
from pywats.tools._builder_status import (
    FAILING_STATUSES,
    combine_statuses,
    mark_failure_cause,
    result_from_status,
)
from pywats.tools._builder_steps import (
    ChartStep,
    MultiNumericStep,
    MultiPassFailStep,
    MultiStringStep,
    StepHandle,
    boolean_measurement,
    numeric_measurement,
    string_measurement,
)
from pywats.tools._builder_validate import ReportBuildError, check_report
from pywats.tools.report_builder import ReportBuilder, UURReportBuilder, UUTReportBuilder

__all__ = [
    "FAILING_STATUSES",
    "ChartStep",
    "LoopBuilder",
    "MultiNumericStep",
    "MultiPassFailStep",
    "MultiStringStep",
    "ReportBuildError",
    "ReportBuilder",
    "SequenceBuilder",
    "StepContainer",
    "StepHandle",
    "UURReportBuilder",
    "UUTReportBuilder",
    "boolean_measurement",
    "check_report",
    "combine_statuses",
    "mark_failure_cause",
    "numeric_measurement",
    "result_from_status",
    "string_measurement",
]

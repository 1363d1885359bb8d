"""WSJF report models (pydantic v2): UUT and UUR reports, steps, measurements, headers.

Python names are snake_case, JSON aliases are the exact WSJF keys; unknown keys are kept and
written back. Load with :func:`parse_report`, write with ``report.to_wsjf()``.
"""

from __future__ import annotations

from .base import CompOpValue, WatsModel, WatsNumber
from .common import (
    AdditionalData,
    AdditionalDataArray,
    AdditionalDataArrayIndex,
    AdditionalDataProp,
    Asset,
    AssetStats,
    BinaryData,
    MiscInfo,
    ReportBase,
    SubUnit,
)
from .enums import (
    ChartType,
    CompOp,
    ReportResult,
    ReportType,
    SeriesDataType,
    StepGroup,
    StepStatus,
    StepType,
)
from .header import HeaderAsset, HeaderMiscInfo, HeaderSubUnit, ReportHeader
from .measurements import BooleanMeasurement, NumericMeasurement, StringMeasurement
from .parse import Report, parse_report
from .steps import (
    Attachment,
    CallExeInfo,
    Chart,
    ChartSeries,
    LoopInfo,
    MessagePopupInfo,
    SeqCallInfo,
    Step,
)
from .uur import Failure, UURInfo, UURReport, UURSubUnit
from .uut import ReferencedUUR, UUTInfo, UUTReport

__all__ = [
    "AdditionalData",
    "AdditionalDataArray",
    "AdditionalDataArrayIndex",
    "AdditionalDataProp",
    "Asset",
    "AssetStats",
    "Attachment",
    "BinaryData",
    "BooleanMeasurement",
    "CallExeInfo",
    "Chart",
    "ChartSeries",
    "ChartType",
    "CompOp",
    "CompOpValue",
    "Failure",
    "HeaderAsset",
    "HeaderMiscInfo",
    "HeaderSubUnit",
    "LoopInfo",
    "MessagePopupInfo",
    "MiscInfo",
    "NumericMeasurement",
    "ReferencedUUR",
    "Report",
    "ReportBase",
    "ReportHeader",
    "ReportResult",
    "ReportType",
    "SeqCallInfo",
    "SeriesDataType",
    "Step",
    "StepGroup",
    "StepStatus",
    "StepType",
    "StringMeasurement",
    "SubUnit",
    "UURInfo",
    "UURReport",
    "UURSubUnit",
    "UUTInfo",
    "UUTReport",
    "WatsModel",
    "WatsNumber",
    "parse_report",
]

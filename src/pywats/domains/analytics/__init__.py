"""Analytics domain: server metadata and statistics from the WATS ``App`` API (wats-api.md §2.2).

* :class:`WATSFilter` (+ :class:`Dimensions`, :func:`measurement_path`, enums) - what to analyse;
* row models - :class:`YieldData`, :class:`RepairStatistics`, :class:`TopFailedStep`,
  :class:`StepAnalysisRow`, :class:`MeasurementData`, :class:`AggregatedMeasurement`,
  :class:`OeeAnalysisResult`, :class:`RepairHistoryRecord` (report lists answer
  :class:`~pywats.domains.report.ReportHeader`);
* internal endpoints: :class:`MeasurementListItem`, :class:`StepStatusItem`, :class:`AlarmLog`
  (+ :class:`AlarmLogType`), the step/sequence filter XML (:func:`step_filters_xml`,
  :func:`sequence_filters_xml`) and the unit flow (:class:`UnitFlowFilter`,
  :class:`UnitFlowResult` with :class:`UnitFlowNode`, :class:`UnitFlowLink`,
  :class:`UnitFlowUnit`; :class:`UnitFlowSplitBy`);
* :class:`AsyncAnalyticsService` - ``AsyncWATS().analytics`` / ``pyWATS().analytics``.
"""

from __future__ import annotations

from pywats.domains.analytics.filters import (
    MEASUREMENT_SEPARATOR,
    STEP_SEPARATOR,
    DateGrouping,
    Dimensions,
    RunFilter,
    SortOrder,
    StatusFilter,
    WATSFilter,
    measurement_path,
)
from pywats.domains.analytics.internal_models import (
    AlarmLog,
    AlarmLogType,
    MeasurementListItem,
    StepStatusItem,
)
from pywats.domains.analytics.models import Level, ProcessInfo, ProductGroup
from pywats.domains.analytics.repair_models import RepairHistoryRecord, RepairStatistics
from pywats.domains.analytics.repository import AsyncAnalyticsRepository
from pywats.domains.analytics.service import AsyncAnalyticsService
from pywats.domains.analytics.step_models import (
    AggregatedMeasurement,
    MeasurementData,
    StepAnalysisRow,
    TopFailedStep,
)
from pywats.domains.analytics.unit_flow_models import (
    UnitFlowFilter,
    UnitFlowLink,
    UnitFlowNode,
    UnitFlowResult,
    UnitFlowSplitBy,
    UnitFlowUnit,
)
from pywats.domains.analytics.xml_filters import sequence_filters_xml, step_filters_xml
from pywats.domains.analytics.yield_models import OeeAnalysisResult, YieldData

__all__ = [
    "MEASUREMENT_SEPARATOR",
    "STEP_SEPARATOR",
    "AggregatedMeasurement",
    "AlarmLog",
    "AlarmLogType",
    "AsyncAnalyticsRepository",
    "AsyncAnalyticsService",
    "DateGrouping",
    "Dimensions",
    "Level",
    "MeasurementData",
    "MeasurementListItem",
    "OeeAnalysisResult",
    "ProcessInfo",
    "ProductGroup",
    "RepairHistoryRecord",
    "RepairStatistics",
    "RunFilter",
    "SortOrder",
    "StatusFilter",
    "StepAnalysisRow",
    "StepStatusItem",
    "TopFailedStep",
    "UnitFlowFilter",
    "UnitFlowLink",
    "UnitFlowNode",
    "UnitFlowResult",
    "UnitFlowSplitBy",
    "UnitFlowUnit",
    "WATSFilter",
    "YieldData",
    "measurement_path",
    "sequence_filters_xml",
    "step_filters_xml",
]

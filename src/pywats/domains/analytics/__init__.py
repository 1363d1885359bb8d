"""Analytics domain: server metadata and statistics from the WATS ``App`` API (wats-api.md §2.2).

* :class:`WATSFilter` (+ :class:`Dimensions`, :func:`measurement_path`, enums) - what to analyse;
* row models - :class:`YieldData`, :class:`RepairStatistics`, :class:`TopFailedStep`,
  :class:`StepAnalysisRow`, :class:`MeasurementData`, :class:`AggregatedMeasurement`,
  :class:`OeeAnalysisResult`, :class:`RepairHistoryRecord` (report lists answer
  :class:`~pywats.domains.report.ReportHeader`);
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
from pywats.domains.analytics.yield_models import OeeAnalysisResult, YieldData

__all__ = [
    "MEASUREMENT_SEPARATOR",
    "STEP_SEPARATOR",
    "AggregatedMeasurement",
    "AsyncAnalyticsRepository",
    "AsyncAnalyticsService",
    "DateGrouping",
    "Dimensions",
    "Level",
    "MeasurementData",
    "OeeAnalysisResult",
    "ProcessInfo",
    "ProductGroup",
    "RepairHistoryRecord",
    "RepairStatistics",
    "RunFilter",
    "SortOrder",
    "StatusFilter",
    "StepAnalysisRow",
    "TopFailedStep",
    "WATSFilter",
    "YieldData",
    "measurement_path",
]

"""Analytics domain: server metadata and statistics from the WATS ``App`` API."""

from __future__ import annotations

from pywats.domains.analytics.models import Level, ProcessInfo, ProductGroup
from pywats.domains.analytics.repository import AsyncAnalyticsRepository
from pywats.domains.analytics.service import AsyncAnalyticsService

__all__ = [
    "AsyncAnalyticsRepository",
    "AsyncAnalyticsService",
    "Level",
    "ProcessInfo",
    "ProductGroup",
]

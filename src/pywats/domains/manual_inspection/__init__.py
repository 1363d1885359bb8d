"""Manual inspection domain (wats-api.md §2.10, internal API)."""

from __future__ import annotations

from pywats.domains.manual_inspection.repository import AsyncManualInspectionRepository
from pywats.domains.manual_inspection.service import AsyncManualInspectionService

__all__ = ["AsyncManualInspectionRepository", "AsyncManualInspectionService"]

"""Manual inspection service (wats-api.md §2.10)."""

from __future__ import annotations

from pywats.domains.manual_inspection.repository import AsyncManualInspectionRepository

__all__ = ["AsyncManualInspectionService"]


class AsyncManualInspectionService:
    """Manual inspection: test sequence definitions, relations, sequences (§2.10)."""

    def __init__(self, repository: AsyncManualInspectionRepository) -> None:
        self._repository = repository

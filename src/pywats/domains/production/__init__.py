"""Production domain (wats-api.md §2.5)."""

from __future__ import annotations

from pywats.domains.production.repository import AsyncProductionRepository
from pywats.domains.production.service import AsyncProductionService

__all__ = ["AsyncProductionRepository", "AsyncProductionService"]

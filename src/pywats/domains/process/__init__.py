"""Process domain (wats-api.md §2.8)."""

from __future__ import annotations

from pywats.domains.process.repository import AsyncProcessRepository
from pywats.domains.process.service import AsyncProcessService

__all__ = ["AsyncProcessRepository", "AsyncProcessService"]

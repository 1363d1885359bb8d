"""RootCause domain (wats-api.md §2.7)."""

from __future__ import annotations

from pywats.domains.rootcause.repository import AsyncRootCauseRepository
from pywats.domains.rootcause.service import AsyncRootCauseService

__all__ = ["AsyncRootCauseRepository", "AsyncRootCauseService"]

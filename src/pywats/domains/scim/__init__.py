"""SCIM domain (wats-api.md §2.9)."""

from __future__ import annotations

from pywats.domains.scim.repository import AsyncScimRepository
from pywats.domains.scim.service import AsyncScimService

__all__ = ["AsyncScimRepository", "AsyncScimService"]

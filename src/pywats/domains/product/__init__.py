"""Product domain (wats-api.md §2.3)."""

from __future__ import annotations

from pywats.domains.product.repository import AsyncProductRepository
from pywats.domains.product.service import AsyncProductService

__all__ = ["AsyncProductRepository", "AsyncProductService"]

"""Product service (wats-api.md §2.3)."""

from __future__ import annotations

from pywats.domains.product.repository import AsyncProductRepository

__all__ = ["AsyncProductService"]


class AsyncProductService:
    """Products, revisions, groups, vendors, BOMs, tags and categories (§2.3)."""

    def __init__(self, repository: AsyncProductRepository) -> None:
        self._repository = repository

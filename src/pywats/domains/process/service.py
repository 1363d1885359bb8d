"""Process service (wats-api.md §2.8)."""

from __future__ import annotations

from pywats.domains.process.repository import AsyncProcessRepository

__all__ = ["AsyncProcessService"]


class AsyncProcessService:
    """Processes (test, repair, WIP operations) with a local cache (§2.8)."""

    def __init__(self, repository: AsyncProcessRepository) -> None:
        self._repository = repository

"""RootCause service (wats-api.md §2.7)."""

from __future__ import annotations

from pywats.domains.rootcause.repository import AsyncRootCauseRepository

__all__ = ["AsyncRootCauseService"]


class AsyncRootCauseService:
    """RootCause tickets: comments, assignment, status, archive, attachments (§2.7)."""

    def __init__(self, repository: AsyncRootCauseRepository) -> None:
        self._repository = repository

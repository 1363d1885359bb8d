"""RootCause domain (wats-api.md §2.7): tickets that track problems from report to solution."""

from __future__ import annotations

from pywats.domains.rootcause.models import (
    ACTIVE_STATUSES,
    UNARCHIVED_STATUSES,
    Ticket,
    TicketAttachment,
    TicketPriority,
    TicketStatus,
    TicketUpdate,
    TicketUpdateType,
    TicketView,
)
from pywats.domains.rootcause.repository import AsyncRootCauseRepository
from pywats.domains.rootcause.service import AsyncRootCauseService

__all__ = [
    "ACTIVE_STATUSES",
    "UNARCHIVED_STATUSES",
    "AsyncRootCauseRepository",
    "AsyncRootCauseService",
    "Ticket",
    "TicketAttachment",
    "TicketPriority",
    "TicketStatus",
    "TicketUpdate",
    "TicketUpdateType",
    "TicketView",
]

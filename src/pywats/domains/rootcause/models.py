"""Pydantic models of the RootCause domain (wats-api.md §2.7): tickets and their updates.

Aliases are the server's exact JSON keys; Python names are snake_case; unknown keys are kept.
Enum fields accept values this client does not know (kept as plain ints), so a newer server
never breaks the model.
"""

from __future__ import annotations

from datetime import datetime
from enum import IntEnum, IntFlag
from typing import Any
from uuid import UUID

from pydantic import Field

from pywats.domains.analytics.models import AppModel

__all__ = [
    "ACTIVE_STATUSES",
    "UNARCHIVED_STATUSES",
    "Ticket",
    "TicketAttachment",
    "TicketPriority",
    "TicketStatus",
    "TicketUpdate",
    "TicketUpdateType",
    "TicketView",
]


class TicketStatus(IntFlag):
    """Ticket status. A ticket has one; a ticket query takes any combination (``|``)."""

    OPEN = 1
    IN_PROGRESS = 2
    ON_HOLD = 4
    SOLVED = 8
    CLOSED = 16
    ARCHIVED = 32

    @property
    def is_single(self) -> bool:
        """Whether this is exactly one status (what a ticket can have)."""
        return self.value in _SINGLE_VALUES


_SINGLE_VALUES = frozenset(status.value for status in TicketStatus)

ACTIVE_STATUSES = TicketStatus.OPEN | TicketStatus.IN_PROGRESS | TicketStatus.ON_HOLD
"""Tickets someone still has to work on (``get_active_tickets``)."""
UNARCHIVED_STATUSES = ACTIVE_STATUSES | TicketStatus.SOLVED | TicketStatus.CLOSED
"""Every status but Archived (``get_tickets`` without a status)."""


class TicketPriority(IntEnum):
    """Ticket priority."""

    LOW = 0
    MEDIUM = 1
    HIGH = 2


class TicketUpdateType(IntEnum):
    """What a history entry records."""

    CONTENT = 0
    """A comment."""
    PROGRESS = 1
    """The ticket's progress text changed."""
    PROPERTIES = 2
    """Status, priority, assignee... changed."""
    NOTIFICATION = 3


class TicketView(IntEnum):
    """Whose tickets a query lists, seen from the token's user."""

    ASSIGNED = 0
    """Tickets assigned to me."""
    FOLLOWING = 1
    """Tickets I follow."""
    ALL = 2
    """Every ticket."""


class TicketAttachment(AppModel):
    """A file attached to an update (upload it first with ``upload_attachment``)."""

    attachment_id: UUID | None = Field(default=None, alias="attachmentId")
    filename: str | None = Field(default=None, alias="filename")


class TicketUpdate(AppModel):
    """One entry of a ticket's history, or the update (comment) sent with a change."""

    update_id: UUID | None = Field(default=None, alias="updateId")
    update_utc: datetime | None = Field(default=None, alias="updateUtc")
    update_user: str | None = Field(default=None, alias="updateUser")
    content: str | None = Field(default=None, alias="content")
    update_type: TicketUpdateType | int | None = Field(
        default=None, alias="updateType", union_mode="left_to_right"
    )
    attachments: list[TicketAttachment] | None = Field(default=None, alias="attachments")


class Ticket(AppModel):
    """A RootCause ticket: a problem to track from report to solution.

    The server assigns ``ticket_id`` and ``ticket_number`` on create and appends to
    ``history``; send a comment by setting ``update``.
    """

    ticket_id: UUID | None = Field(default=None, alias="ticketId")
    ticket_number: int | None = Field(default=None, alias="ticketNumber")
    progress: str | None = Field(default=None, alias="progress")
    owner: str | None = Field(default=None, alias="owner")
    assignee: str | None = Field(default=None, alias="assignee")
    subject: str | None = Field(default=None, alias="subject")
    status: TicketStatus | None = Field(default=None, alias="status")
    priority: TicketPriority | int | None = Field(
        default=None, alias="priority", union_mode="left_to_right"
    )
    report_uuid: UUID | None = Field(default=None, alias="reportUuid")
    created_utc: datetime | None = Field(default=None, alias="createdUtc")
    updated_utc: datetime | None = Field(default=None, alias="updatedUtc")
    team: str | None = Field(default=None, alias="team")
    origin: str | None = Field(default=None, alias="origin")
    tags: Any = Field(default=None, alias="tags")
    """Server-defined tags, kept exactly as the server sends them."""
    history: list[TicketUpdate] | None = Field(default=None, alias="history")
    update: TicketUpdate | None = Field(default=None, alias="update")

"""RootCause service (wats-api.md §2.7): tickets, comments, status, assignment, attachments.

The helpers (:meth:`~AsyncRootCauseService.add_comment`, ``change_status``,
``assign_ticket``) read the ticket, change it and send it back whole with ``PUT``, the way
WATS clients do; the server records each change in the ticket's ``history``. "Assigned to
me" and "following" views are seen from the token's user.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import anyio

from pywats.domains.rootcause.models import (
    ACTIVE_STATUSES,
    UNARCHIVED_STATUSES,
    Ticket,
    TicketAttachment,
    TicketStatus,
    TicketUpdate,
    TicketView,
)
from pywats.domains.rootcause.repository import AsyncRootCauseRepository

__all__ = ["AsyncRootCauseService"]

_ALL_FLAGS = int(UNARCHIVED_STATUSES | TicketStatus.ARCHIVED)


def _status_filter(status: TicketStatus | int | None) -> int:
    value = int(UNARCHIVED_STATUSES if status is None else status)
    if not 0 < value <= _ALL_FLAGS:
        raise ValueError(
            f"status {status!r} is not a combination of TicketStatus flags "
            f"(1 Open ... 32 Archived, e.g. TicketStatus.OPEN | TicketStatus.ON_HOLD)"
        )
    return value


def _view(view: TicketView | int | None) -> int:
    if view is None:
        return int(TicketView.ALL)
    try:
        return int(TicketView(view))
    except ValueError:
        raise ValueError(
            f"view {view!r} is not a TicketView (0 assigned, 1 following, 2 all)"
        ) from None


def _single_status(status: TicketStatus | int) -> TicketStatus:
    flag = TicketStatus(status) if isinstance(status, int) else status
    if not isinstance(flag, TicketStatus) or not flag.is_single:
        names = ", ".join(f"{s.name} ({s.value})" for s in TicketStatus)
        raise ValueError(f"a ticket has exactly one status, not {status!r}: use one of {names}")
    return flag


def _text(value: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string, not {value!r}")
    return value


def _attachment(item: TicketAttachment | str | UUID) -> TicketAttachment:
    if isinstance(item, TicketAttachment):
        return item
    return TicketAttachment(attachment_id=UUID(str(item)))


class AsyncRootCauseService:
    """RootCause tickets: comments, assignment, status, archive, attachments (§2.7)."""

    def __init__(self, repository: AsyncRootCauseRepository) -> None:
        self._repository = repository

    # -- reading -------------------------------------------------------------------------------

    async def get_ticket(self, ticket_id: str | UUID) -> Ticket | None:
        """One ticket with its history.

        Returns:
            The ticket; ``None`` when it does not exist and the client is LENIENT.

        Raises:
            NotFoundError: No such ticket (STRICT mode).
        """
        return await self._repository.get_ticket(ticket_id)

    async def get_tickets(
        self,
        status: TicketStatus | int | None = None,
        *,
        view: TicketView | int | None = None,
        search_string: str | None = None,
    ) -> list[Ticket]:
        """Tickets with one of the given statuses, newest first.

        Args:
            status: Status flags to include, combined with ``|``; ``None`` = every status
                but Archived.
            view: Whose tickets: ``TicketView.ASSIGNED`` (to me), ``FOLLOWING`` or ``ALL``
                (``None`` = all).
            search_string: Only tickets whose subject, number, people or updates contain it.

        Raises:
            ValueError: ``status`` or ``view`` has no meaning.
        """
        return await self._repository.get_tickets(
            _status_filter(status), _view(view), search_string=search_string
        )

    async def get_open_tickets(
        self, *, view: TicketView | int | None = None, search_string: str | None = None
    ) -> list[Ticket]:
        """Tickets with status Open (nobody has started on them yet).

        Args:
            view: Whose tickets (``None`` = all).
            search_string: Only tickets containing this text.
        """
        return await self.get_tickets(TicketStatus.OPEN, view=view, search_string=search_string)

    async def get_active_tickets(
        self, *, view: TicketView | int | None = None, search_string: str | None = None
    ) -> list[Ticket]:
        """Tickets still to be worked on: Open, In progress or On hold.

        Args:
            view: Whose tickets (``None`` = all).
            search_string: Only tickets containing this text.
        """
        return await self.get_tickets(ACTIVE_STATUSES, view=view, search_string=search_string)

    # -- writing -------------------------------------------------------------------------------

    async def create_ticket(self, ticket: Ticket) -> Ticket | None:
        """Create a ticket; the server assigns ``ticket_id`` and the next ``ticket_number``.

        Unset status is Open, unset priority Medium, unset owner the token's user. An
        ``update`` sent along becomes the first history entry (a description).

        Args:
            ticket: At least ``subject``.

        Returns:
            The created ticket.

        Raises:
            ValueError: The ticket has no subject.
            ValidationError: A field has a value the server refuses (e.g. a status).
        """
        _text(ticket.subject or "", "ticket.subject")
        return await self._repository.create_ticket(ticket)

    async def update_ticket(self, ticket: Ticket) -> Ticket | None:
        """Send a changed ticket; set ``ticket.update`` to add a comment at the same time.

        Args:
            ticket: The ticket with its ``ticket_id`` (e.g. as read by :meth:`get_ticket`).

        Returns:
            The ticket as stored, with its grown ``history``.

        Raises:
            ValueError: The ticket has no ``ticket_id``.
            NotFoundError: No such ticket.
            ValidationError: A field has a value the server refuses.
        """
        if ticket.ticket_id is None:
            raise ValueError("update_ticket needs ticket.ticket_id (read the ticket first)")
        return await self._repository.update_ticket(ticket)

    async def _change(
        self,
        ticket_id: str | UUID,
        changes: dict[str, Any],
        comment: str | None,
        attachments: Sequence[TicketAttachment | str | UUID] | None = None,
    ) -> Ticket | None:
        ticket = await self._repository.get_ticket(ticket_id)
        if ticket is None:
            return None
        update = None
        if comment or attachments:
            update = TicketUpdate(
                content=comment or None,
                attachments=[_attachment(a) for a in attachments] if attachments else None,
            )
        changed = ticket.model_copy(update={**changes, "history": None, "update": update})
        return await self._repository.update_ticket(changed)

    async def add_comment(
        self,
        ticket_id: str | UUID,
        comment: str,
        *,
        attachments: Sequence[TicketAttachment | str | UUID] | None = None,
    ) -> Ticket | None:
        """Add a comment (and optionally files) to a ticket's history.

        Args:
            ticket_id: The ticket.
            comment: The text.
            attachments: Ids returned by :meth:`upload_attachment` (or attachment models).

        Returns:
            The ticket with the comment at the end of its history.

        Raises:
            ValueError: The comment is empty.
            NotFoundError: No such ticket, or an attachment id is unknown (ValidationError).
        """
        return await self._change(ticket_id, {}, _text(comment, "comment"), attachments)

    async def change_status(
        self, ticket_id: str | UUID, status: TicketStatus | int, *, comment: str | None = None
    ) -> Ticket | None:
        """Set a ticket's status (e.g. ``TicketStatus.SOLVED``), with an optional comment.

        Raises:
            ValueError: ``status`` is not exactly one ticket status.
            NotFoundError: No such ticket.
        """
        flag = _single_status(status)
        return await self._change(ticket_id, {"status": flag}, comment)

    async def assign_ticket(
        self, ticket_id: str | UUID, assignee: str, *, comment: str | None = None
    ) -> Ticket | None:
        """Assign a ticket to a user, with an optional comment.

        Raises:
            ValueError: ``assignee`` is empty.
            NotFoundError: No such ticket.
        """
        return await self._change(ticket_id, {"assignee": _text(assignee, "assignee")}, comment)

    async def archive_tickets(self, ticket_ids: Sequence[str | UUID]) -> Ticket | None:
        """Archive tickets (status Archived); all or none are archived.

        Args:
            ticket_ids: The tickets to archive.

        Returns:
            The ticket the server answers with, if any (the emulator answers nothing).

        Raises:
            ValueError: No ticket ids were given.
            NotFoundError: One of the tickets does not exist.
        """
        if isinstance(ticket_ids, (str, UUID)) or not ticket_ids:
            raise ValueError("archive_tickets takes a non-empty list of ticket ids")
        return await self._repository.archive_tickets(ticket_ids)

    # -- attachments ---------------------------------------------------------------------------

    async def upload_attachment(
        self,
        file: bytes | str | os.PathLike[str],
        *,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> UUID | None:
        """Upload a file to attach to a ticket update (see :meth:`add_comment`).

        Args:
            file: The bytes, or the path of a file to read.
            filename: The stored name (required for bytes; default: the file's name).
            content_type: The media type (default: guessed from the name).

        Returns:
            The new attachment's id.

        Raises:
            ValueError: Bytes were given without a ``filename``.
        """
        if isinstance(file, bytes):
            if not filename:
                raise ValueError("upload_attachment: give filename= when uploading bytes")
            data = file
        else:
            path = anyio.Path(os.fspath(file))
            data = await path.read_bytes()
            filename = filename or path.name
        return await self._repository.upload_attachment(data, filename, content_type=content_type)

    async def get_attachment(
        self, attachment_id: str | UUID, *, file_name: str | None = None
    ) -> bytes | None:
        """The bytes of an attachment.

        Args:
            attachment_id: The id :meth:`upload_attachment` returned (or a history entry's).
            file_name: The name the server should give the download.

        Raises:
            NotFoundError: No such attachment (STRICT mode).
        """
        return await self._repository.get_attachment(attachment_id, file_name=file_name)

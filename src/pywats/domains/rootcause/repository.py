"""HTTP calls of the RootCause domain (``/api/RootCause/...``, wats-api.md §2.7).

Method names follow the reference client's repository; the service adds the helpers
(comments, status, assignment).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from pywats.core.errors import ErrorHandler
from pywats.core.http import AsyncHttpClient
from pywats.core.parsing import parse_rows
from pywats.domains.rootcause.models import Ticket
from pywats.domains.rootcause.multipart import encode_file_part

__all__ = ["AsyncRootCauseRepository"]

TICKET_PATH = "/api/RootCause/Ticket"
TICKETS_PATH = "/api/RootCause/Tickets"
ARCHIVE_TICKETS_PATH = "/api/RootCause/ArchiveTickets"
ATTACHMENT_PATH = "/api/RootCause/Attachment"
ATTACHMENT_PART = "file"

_BINARY_HEADERS = {"Accept": "*/*"}


def ticket_body(ticket: Ticket) -> dict[str, Any]:
    """The JSON a ticket is sent as: aliases, no ``None`` values."""
    return ticket.model_dump(mode="json", by_alias=True, exclude_none=True)


class AsyncRootCauseRepository:
    """Builds and parses the RootCause calls."""

    def __init__(self, http: AsyncHttpClient, errors: ErrorHandler) -> None:
        self._http = http
        self._errors = errors

    def _ticket(self, body: Any) -> Ticket | None:
        return None if body is None else Ticket.model_validate(body)

    async def get_ticket(self, ticket_id: str | UUID) -> Ticket | None:
        """``GET /api/RootCause/Ticket?ticketId=``."""
        response = await self._http.get(TICKET_PATH, params={"ticketId": str(ticket_id)})
        return self._ticket(self._errors.handle(response, "get_ticket"))

    async def get_tickets(
        self, status: int, view: int, *, search_string: str | None = None
    ) -> list[Ticket]:
        """``GET /api/RootCause/Tickets?status=&view=&searchString=``."""
        response = await self._http.get(
            TICKETS_PATH,
            params={"status": status, "view": view, "searchString": search_string},
        )
        body = self._errors.handle(response, "get_tickets", allow_empty=True)
        return parse_rows(body, Ticket, "get_tickets")

    async def create_ticket(self, ticket: Ticket) -> Ticket | None:
        """``POST /api/RootCause/Ticket``; the answer carries ``ticketId``/``ticketNumber``."""
        response = await self._http.post(TICKET_PATH, json=ticket_body(ticket))
        return self._ticket(self._errors.handle(response, "create_ticket"))

    async def update_ticket(self, ticket: Ticket) -> Ticket | None:
        """``PUT /api/RootCause/Ticket`` (the body names the ticket by ``ticketId``)."""
        response = await self._http.put(TICKET_PATH, json=ticket_body(ticket))
        return self._ticket(self._errors.handle(response, "update_ticket"))

    async def archive_tickets(self, ticket_ids: Sequence[str | UUID]) -> Ticket | None:
        """``POST /api/RootCause/ArchiveTickets`` with a JSON array of ids."""
        response = await self._http.post(
            ARCHIVE_TICKETS_PATH, json=[str(ticket_id) for ticket_id in ticket_ids]
        )
        body = self._errors.handle(response, "archive_tickets", allow_empty=True)
        return self._ticket(body) if isinstance(body, dict) else None

    async def get_attachment(
        self, attachment_id: str | UUID, *, file_name: str | None = None
    ) -> bytes | None:
        """``GET /api/RootCause/Attachment?attachmentId=&fileName=``: the raw bytes."""
        response = await self._http.get(
            ATTACHMENT_PATH,
            params={"attachmentId": str(attachment_id), "fileName": file_name},
            headers=_BINARY_HEADERS,
        )
        result: bytes | None = self._errors.handle(
            response, "get_attachment", raw=True, allow_empty=True
        )
        return result

    async def upload_attachment(
        self, data: bytes, filename: str, *, content_type: str | None = None
    ) -> UUID | None:
        """``POST /api/RootCause/Attachment`` (multipart part ``file``); the new id back."""
        body, form_type = encode_file_part(
            ATTACHMENT_PART, filename, data, content_type=content_type
        )
        response = await self._http.post(
            ATTACHMENT_PATH, content=body, headers={"Content-Type": form_type}
        )
        answer = self._errors.handle(response, "upload_attachment")
        if answer is None:
            return None
        try:
            return UUID(str(answer).strip().strip('"'))
        except ValueError:
            raise TypeError(
                f"upload_attachment: expected the attachment id (a GUID), got {answer!r}"
            ) from None

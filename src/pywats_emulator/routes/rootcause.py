"""RootCause endpoints (wats-api.md §2.7): tickets, their history, attachments.

Rules are in :mod:`pywats_emulator.rootcause` (see ``docs/emulator.md``, *RootCause*). The
current user (owner of new tickets, author of updates, "assigned"/"following" views) is the
token's user.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, Query, Request
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.responses import JSONResponse, Response

from pywats_emulator.bodies import json_body, raw_body
from pywats_emulator.errors import ApiError
from pywats_emulator.rootcause.rules import (
    TicketValueError,
    parse_status_filter,
    parse_view,
    token_user,
)
from pywats_emulator.rootcause.store import TicketStore
from pywats_emulator.state import EmulatorState, get_state

__all__ = ["router"]

router = APIRouter(prefix="/api/RootCause")
State = Annotated[EmulatorState, Depends(get_state)]
_FILE_PART = "file"


def _store(state: EmulatorState) -> TicketStore:
    return TicketStore(state.storage, token_user(state.config.token))


@router.get("/Ticket")
def get_ticket(
    state: State, ticket_id: Annotated[str | None, Query(alias="ticketId")] = None
) -> JSONResponse:
    """One ticket with its history."""
    if not ticket_id:
        raise ApiError(400, "give the ticket's id: GET /api/RootCause/Ticket?ticketId=<GUID>")
    return JSONResponse(_store(state).get(ticket_id))


@router.get("/Tickets")
def get_tickets(
    state: State,
    status: Annotated[str | None, Query()] = None,
    view: Annotated[str | None, Query()] = None,
    search_string: Annotated[str | None, Query(alias="searchString")] = None,
) -> JSONResponse:
    """Tickets with a status in the ``status`` bit flags, seen from ``view``, matching
    ``searchString``; highest ticket number first."""
    if status is None:
        raise ApiError(400, "status is required: bit flags, e.g. status=7 for open tickets")
    try:
        flags = parse_status_filter(status)
        ticket_view = parse_view(view)
    except TicketValueError as exc:
        raise ApiError(400, str(exc)) from None
    return JSONResponse(_store(state).find(flags, ticket_view, search_string))


@router.post("/Ticket")
def create_ticket(state: State, body: Annotated[Any, Depends(json_body)]) -> JSONResponse:
    """Create a ticket; the answer carries its ``ticketId`` and ``ticketNumber``."""
    return JSONResponse(_store(state).create(body))


@router.put("/Ticket")
def update_ticket(state: State, body: Annotated[Any, Depends(json_body)]) -> JSONResponse:
    """Update a ticket (named by ``ticketId`` in the body); changes are added to history."""
    return JSONResponse(_store(state).update(body))


@router.post("/ArchiveTickets")
def archive_tickets(state: State, body: Annotated[Any, Depends(json_body)]) -> Response:
    """Archive the listed tickets (status 32); answers 204 with no body."""
    if not isinstance(body, list) or not body:
        raise ApiError(400, 'the body must be a non-empty JSON array of ticketIds: ["<GUID>"]')
    _store(state).archive(body)
    return Response(status_code=204)


@router.get("/Attachment")
def get_attachment(
    state: State,
    attachment_id: Annotated[str | None, Query(alias="attachmentId")] = None,
    file_name: Annotated[str | None, Query(alias="fileName")] = None,
) -> Response:
    """An attachment's bytes; ``fileName`` only renames the download."""
    if not attachment_id:
        raise ApiError(400, "give attachmentId (the GUID returned by the upload)")
    found = _store(state).attachment(attachment_id)
    name = (file_name or found.filename).replace('"', "_").encode("ascii", "replace").decode()
    return Response(
        found.data,
        media_type=found.content_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


async def _single(data: bytes) -> AsyncGenerator[bytes, None]:
    yield data


@router.post("/Attachment")
async def upload_attachment(request: Request, state: State) -> JSONResponse:
    """Store the multipart part ``file``; answers the new attachment id as a JSON string."""
    content_type = request.headers.get("content-type", "")
    if not content_type.lower().startswith("multipart/form-data"):
        raise ApiError(400, "send the file as multipart/form-data with a part named 'file'")
    data = await raw_body(request)
    parser = MultiPartParser(request.headers, _single(data), max_files=1, max_fields=10)
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise ApiError(400, f"malformed multipart body: {exc.message}") from None
    try:
        upload = form.get(_FILE_PART)
        if not isinstance(upload, UploadFile):
            raise ApiError(400, "the multipart body has no file part named 'file'")
        content = await upload.read()
        filename = (upload.filename or "attachment").replace("\\", "/").rsplit("/", 1)[-1]
        media_type = upload.content_type or "application/octet-stream"
        attachment_id = await anyio.to_thread.run_sync(
            _store(state).add_attachment, filename or "attachment", media_type, content
        )
    finally:
        await form.close()
    return JSONResponse(attachment_id)

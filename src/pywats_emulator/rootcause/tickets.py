"""Creating and updating tickets (wats-api.md §2.7, §8.8) as pure functions over JSON dicts.

``POST`` creates: the server assigns ``ticketId``, ``ticketNumber``, ``createdUtc``,
``updatedUtc`` and (when absent) ``owner``; an ``update`` sent along becomes the first
history entry. ``PUT`` updates: every non-null key the client sends replaces the stored one
(a partial ticket leaves the rest unchanged) except the server-owned keys, and the ticket's
``history`` grows by one entry per kind of change, in this order:

1. ``updateType`` 2 (properties) listing changed status, priority, subject, owner, assignee,
   team, e.g. ``status: Open → Solved; assignee: bob → dave``;
2. ``updateType`` 1 (progress) with the new ``progress`` text;
3. the client's own ``update`` (a comment: ``updateType`` 0 unless it says otherwise).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pywats_emulator.rootcause.rules import (
    DEFAULT_PRIORITY,
    OPEN,
    PRIORITY_NAMES,
    TicketValueError,
    TicketView,
    parse_priority,
    parse_ticket_status,
    parse_update_type,
    status_name,
)

__all__ = ["SERVER_OWNED", "apply_update", "in_view", "matches_search", "new_ticket"]

SERVER_OWNED = ("ticketId", "ticketNumber", "createdUtc", "updatedUtc", "history", "update")
_TEXT_FIELDS = ("subject", "owner", "assignee", "team", "origin", "progress")
_TRACKED = ("status", "priority", "subject", "owner", "assignee", "team")
_SEARCHED = ("subject", "owner", "assignee", "team", "progress", "origin")

NewId = Callable[[], str]
AttachmentName = Callable[[str], "str | None"]
"""Returns the stored file name of an attachment id, or ``None`` when it does not exist."""


def _check_field(key: str, value: Any) -> Any:
    if key == "status":
        return parse_ticket_status(value)
    if key == "priority":
        return parse_priority(value)
    if key in _TEXT_FIELDS and not isinstance(value, str):
        raise TicketValueError(f"{key} must be a string, not {json.dumps(value)}")
    if key == "reportUuid":
        try:
            uuid.UUID(str(value))
        except ValueError:
            raise TicketValueError(
                f"reportUuid {value!r} is not a report id (a GUID such as "
                "'9a3c1f0e-5b7d-4c2a-8e61-0f4b2d9c7a15')"
            ) from None
    return value


def _entry(
    update: Any, *, user: str, now: str, new_id: NewId, attachment_name: AttachmentName
) -> dict[str, Any]:
    if not isinstance(update, Mapping):
        raise TicketValueError('update must be an object such as {"content": "text"}')
    content = update.get("content")
    if content is not None and not isinstance(content, str):
        raise TicketValueError("update.content must be a string")
    update_type = parse_update_type(update.get("updateType", 0))
    attachments = _attachments(update.get("attachments"), attachment_name)
    if not content and not attachments:
        raise TicketValueError("update has neither content nor attachments: add a comment text")
    return {
        "updateId": new_id(),
        "updateUtc": now,
        "updateUser": user,
        "content": content,
        "updateType": update_type,
        "attachments": attachments,
    }


def _attachments(items: Any, attachment_name: AttachmentName) -> list[dict[str, Any]]:
    if items is None:
        return []
    if not isinstance(items, list):
        raise TicketValueError('update.attachments must be a list of {"attachmentId": ...}')
    found = []
    for item in items:
        attachment_id = item.get("attachmentId") if isinstance(item, Mapping) else None
        if not isinstance(attachment_id, str):
            raise TicketValueError('each attachment needs an "attachmentId" string')
        name = attachment_name(attachment_id)
        if name is None:
            raise TicketValueError(
                f"attachment {attachment_id} not found: upload it first with "
                "POST /api/RootCause/Attachment and use the id it returns"
            )
        filename = item.get("filename")
        found.append(
            {
                "attachmentId": attachment_id.lower(),
                "filename": filename if isinstance(filename, str) and filename else name,
            }
        )
    return found


def new_ticket(
    body: Any,
    *,
    user: str,
    now: str,
    ticket_id: str,
    ticket_number: int,
    new_id: NewId,
    attachment_name: AttachmentName,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The stored ticket (without history) and its first history entries.

    Raises:
        TicketValueError: A field has an invalid value (the message says which and why).
    """
    if not isinstance(body, Mapping):
        raise TicketValueError("the ticket must be a JSON object")
    subject = body.get("subject")
    if not isinstance(subject, str) or not subject.strip():
        raise TicketValueError('subject is required: a ticket needs a title, e.g. "subject"')
    ticket: dict[str, Any] = {
        key: _check_field(key, value)
        for key, value in body.items()
        if key not in SERVER_OWNED and value is not None
    }
    ticket.setdefault("status", OPEN)
    ticket.setdefault("priority", DEFAULT_PRIORITY)
    ticket.setdefault("owner", user)
    ticket.update(ticketId=ticket_id, ticketNumber=ticket_number, createdUtc=now, updatedUtc=now)
    history = []
    if body.get("update") is not None:
        history.append(
            _entry(
                body["update"], user=user, now=now, new_id=new_id, attachment_name=attachment_name
            )
        )
    return ticket, history


def _shown(key: str, value: Any) -> str:
    if value is None or value == "":
        return "(none)"
    if key == "status":
        return status_name(value)
    if key == "priority":
        return PRIORITY_NAMES.get(value, str(value))
    return str(value)


def apply_update(
    stored: Mapping[str, Any],
    body: Any,
    *,
    user: str,
    now: str,
    new_id: NewId,
    attachment_name: AttachmentName,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The updated ticket and the history entries the update adds (see the module doc).

    Raises:
        TicketValueError: A field has an invalid value.
    """
    if not isinstance(body, Mapping):
        raise TicketValueError("the ticket must be a JSON object")
    ticket = dict(stored)
    for key, value in body.items():
        if key not in SERVER_OWNED and value is not None:
            ticket[key] = _check_field(key, value)
    ticket["updatedUtc"] = now
    changes = [
        f"{key}: {_shown(key, stored.get(key))} → {_shown(key, ticket.get(key))}"
        for key in _TRACKED
        if ticket.get(key) != stored.get(key)
    ]
    added: list[dict[str, Any]] = []

    def record(update_type: int, content: str) -> None:
        added.append(
            {
                "updateId": new_id(),
                "updateUtc": now,
                "updateUser": user,
                "content": content,
                "updateType": update_type,
                "attachments": [],
            }
        )

    if changes:
        record(2, "; ".join(changes))
    progress = ticket.get("progress")
    if progress != stored.get("progress") and isinstance(progress, str):
        record(1, progress)
    if body.get("update") is not None:
        added.append(
            _entry(
                body["update"], user=user, now=now, new_id=new_id, attachment_name=attachment_name
            )
        )
    return ticket, added


def in_view(
    ticket: Mapping[str, Any], history: Sequence[Mapping[str, Any]], user: str, view: TicketView
) -> bool:
    """Whether ``user`` sees the ticket in ``view``.

    Assigned: the user is the assignee. Following: the user owns it, is assigned to it or
    wrote one of its updates. All: every ticket. Names compare without letter case.
    """
    if view is TicketView.ALL:
        return True
    me = user.casefold()

    def same(value: Any) -> bool:
        return isinstance(value, str) and value.casefold() == me

    if same(ticket.get("assignee")):
        return True
    if view is TicketView.ASSIGNED:
        return False
    return same(ticket.get("owner")) or any(same(entry.get("updateUser")) for entry in history)


def matches_search(
    ticket: Mapping[str, Any], history: Sequence[Mapping[str, Any]], search: str
) -> bool:
    """``searchString``: a case-insensitive substring of the subject, number, people, team,
    progress, origin, tags or any update's text or author; empty matches everything."""
    needle = search.strip().casefold()
    if not needle:
        return True
    haystack = [str(ticket.get("ticketNumber", ""))]
    haystack += [str(ticket[key]) for key in _SEARCHED if ticket.get(key) is not None]
    if ticket.get("tags") is not None:
        haystack.append(json.dumps(ticket["tags"], ensure_ascii=False))
    for entry in history:
        haystack += [str(entry.get("content") or ""), str(entry.get("updateUser") or "")]
    return any(needle in text.casefold() for text in haystack)

"""Tickets, their history and attachments in the emulator's SQLite store.

Translates the pure rules of :mod:`.tickets` into rows, and every problem into an
:class:`~pywats_emulator.errors.ApiError` whose message says what to fix: 400 for bad values,
404 for unknown ids.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from pywats_emulator.errors import ApiError
from pywats_emulator.rootcause.rules import ARCHIVED, TicketValueError, TicketView
from pywats_emulator.rootcause.tickets import apply_update, in_view, matches_search, new_ticket
from pywats_emulator.storage import Storage

__all__ = ["StoredAttachment", "TicketStore", "utc_now_text"]

# Keys every ticket is shown with (``null`` when unset), in this order; other keys follow.
_TICKET_KEYS = (
    "ticketId", "ticketNumber", "subject", "status", "priority", "owner", "assignee", "team",
    "progress", "origin", "reportUuid", "tags", "createdUtc", "updatedUtc",
)  # fmt: skip


def utc_now_text() -> str:
    """Now in UTC as ISO text with microseconds and ``Z``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _new_id() -> str:
    return str(uuid.uuid4())


def guid_key(value: str, what: str) -> str:
    """The lowercase form of a GUID used as a key; 400 when ``value`` is not a GUID."""
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        raise ApiError(400, f"{what} {value!r} is not a GUID") from None


@dataclass(frozen=True)
class StoredAttachment:
    attachment_id: str
    filename: str
    content_type: str
    data: bytes


class TicketStore:
    """RootCause data of one emulator; ``user`` is the token's user (see ``token_user``)."""

    def __init__(self, storage: Storage, user: str) -> None:
        self._storage = storage
        self._user = user

    # -- reading -------------------------------------------------------------------------------

    def _render(self, ticket: dict[str, Any], history: list[dict[str, Any]]) -> dict[str, Any]:
        shown = {key: ticket.get(key) for key in _TICKET_KEYS}
        shown.update((k, v) for k, v in ticket.items() if k not in shown)
        shown["history"] = history
        return shown

    def _history(self, conn: sqlite3.Connection | None, key: str) -> list[dict[str, Any]]:
        sql = "SELECT body FROM rc_history WHERE ticket_id = ? ORDER BY position"
        rows = (
            self._storage.fetch_all(sql, (key,))
            if conn is None
            else conn.execute(sql, (key,)).fetchall()
        )
        return [json.loads(row["body"]) for row in rows]

    def _load(self, conn: sqlite3.Connection, key: str, shown_id: str) -> dict[str, Any]:
        row = conn.execute("SELECT body FROM rc_tickets WHERE ticket_id = ?", (key,)).fetchone()
        if row is None:
            raise ApiError(
                404,
                f"ticket {shown_id} not found: create it with POST /api/RootCause/Ticket, "
                "or list tickets with GET /api/RootCause/Tickets",
            )
        ticket: dict[str, Any] = json.loads(row["body"])
        return ticket

    def get(self, ticket_id: str) -> dict[str, Any]:
        key = guid_key(ticket_id, "ticketId")
        with self._storage.transaction() as conn:
            ticket = self._load(conn, key, ticket_id)
            return self._render(ticket, self._history(conn, key))

    def find(self, status_flags: int, view: TicketView, search: str | None) -> list[dict[str, Any]]:
        """Tickets whose status is in ``status_flags``, newest (highest number) first."""
        rows = self._storage.fetch_all(
            "SELECT ticket_id, body FROM rc_tickets WHERE (status & ?) != 0"
            " ORDER BY ticket_number DESC",
            (status_flags,),
        )
        found = []
        for row in rows:
            ticket = json.loads(row["body"])
            history = self._history(None, row["ticket_id"])
            if in_view(ticket, history, self._user, view) and matches_search(
                ticket, history, search or ""
            ):
                found.append(self._render(ticket, history))
        return found

    # -- writing -------------------------------------------------------------------------------

    def _attachment_name(self, attachment_id: str) -> str | None:
        try:
            key = str(uuid.UUID(attachment_id))
        except ValueError:
            return None
        row = self._storage.fetch_one(
            "SELECT filename FROM rc_attachments WHERE attachment_id = ?", (key,)
        )
        return None if row is None else str(row["filename"])

    def _save(
        self,
        conn: sqlite3.Connection,
        ticket: dict[str, Any],
        added: list[dict[str, Any]],
    ) -> None:
        key = ticket["ticketId"]
        conn.execute(
            "INSERT INTO rc_tickets (ticket_id, ticket_number, status, body) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(ticket_id) DO UPDATE SET status = excluded.status,"
            " body = excluded.body",
            (key, ticket["ticketNumber"], ticket["status"], json.dumps(ticket)),
        )
        row = conn.execute(
            "SELECT COALESCE(MAX(position), -1) AS last FROM rc_history WHERE ticket_id = ?",
            (key,),
        ).fetchone()
        start = int(row["last"]) + 1
        conn.executemany(
            "INSERT INTO rc_history (ticket_id, position, body) VALUES (?, ?, ?)",
            [(key, start + i, json.dumps(entry)) for i, entry in enumerate(added)],
        )

    def create(self, body: Any) -> dict[str, Any]:
        """A new ticket from a POST body; the server assigns id, number and times."""
        with self._storage.transaction() as conn:
            row = conn.execute("SELECT COALESCE(MAX(ticket_number), 0) AS n FROM rc_tickets")
            number = int(row.fetchone()["n"]) + 1
            try:
                ticket, history = new_ticket(
                    body,
                    user=self._user,
                    now=utc_now_text(),
                    ticket_id=_new_id(),
                    ticket_number=number,
                    new_id=_new_id,
                    attachment_name=self._attachment_name,
                )
            except TicketValueError as exc:
                raise ApiError(400, str(exc)) from None
            self._save(conn, ticket, history)
            return self._render(ticket, history)

    def update(self, body: Any) -> dict[str, Any]:
        """Apply a PUT body (which names the ticket by ``ticketId``)."""
        if not isinstance(body, dict) or not isinstance(body.get("ticketId"), str):
            raise ApiError(400, "the ticket must be a JSON object with its ticketId")
        shown_id = body["ticketId"]
        key = guid_key(shown_id, "ticketId")
        with self._storage.transaction() as conn:
            stored = self._load(conn, key, shown_id)
            try:
                ticket, added = apply_update(
                    stored,
                    body,
                    user=self._user,
                    now=utc_now_text(),
                    new_id=_new_id,
                    attachment_name=self._attachment_name,
                )
            except TicketValueError as exc:
                raise ApiError(400, str(exc)) from None
            self._save(conn, ticket, added)
            return self._render(ticket, self._history(conn, key))

    def archive(self, ticket_ids: Iterable[Any]) -> None:
        """Set every listed ticket to Archived (all or none: one unknown id is a 404)."""
        with self._storage.transaction() as conn:
            for ticket_id in ticket_ids:
                if not isinstance(ticket_id, str):
                    raise ApiError(400, "the body must be a JSON array of ticketId strings")
                key = guid_key(ticket_id, "ticketId")
                stored = self._load(conn, key, ticket_id)
                if stored.get("status") == ARCHIVED:
                    continue
                ticket, added = apply_update(
                    stored,
                    {"status": ARCHIVED},
                    user=self._user,
                    now=utc_now_text(),
                    new_id=_new_id,
                    attachment_name=self._attachment_name,
                )
                self._save(conn, ticket, added)

    # -- attachments ---------------------------------------------------------------------------

    def add_attachment(self, filename: str, content_type: str, data: bytes) -> str:
        attachment_id = _new_id()
        with self._storage.transaction() as conn:
            conn.execute(
                "INSERT INTO rc_attachments VALUES (?, ?, ?, ?, ?)",
                (attachment_id, filename, content_type, utc_now_text(), data),
            )
        return attachment_id

    def attachment(self, attachment_id: str) -> StoredAttachment:
        key = guid_key(attachment_id, "attachmentId")
        row = self._storage.fetch_one(
            "SELECT * FROM rc_attachments WHERE attachment_id = ?", (key,)
        )
        if row is None:
            raise ApiError(
                404,
                f"attachment {attachment_id} not found: upload it with "
                "POST /api/RootCause/Attachment (multipart part 'file')",
            )
        return StoredAttachment(
            attachment_id=key,
            filename=row["filename"],
            content_type=row["content_type"],
            data=bytes(row["data"]),
        )

"""RootCause domain of the emulator (wats-api.md §2.7): tickets, their history, attachments.

Tickets are stored as their JSON (without history) next to the columns queries filter on;
each history entry is a row; attachments are blobs. ``ticketNumber`` counts from 1 per
database (a reset starts again at 1).
"""

from __future__ import annotations

from pywats_emulator.schema import DomainSchema

__all__ = ["SCHEMA"]

SCHEMA = DomainSchema(
    sql="""
CREATE TABLE IF NOT EXISTS rc_tickets (
    ticket_id TEXT PRIMARY KEY,
    ticket_number INTEGER NOT NULL UNIQUE,
    status INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS rc_tickets_status ON rc_tickets (status);
CREATE TABLE IF NOT EXISTS rc_history (
    ticket_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (ticket_id, position)
);
CREATE TABLE IF NOT EXISTS rc_attachments (
    attachment_id TEXT PRIMARY KEY,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    created_utc TEXT NOT NULL,
    data BLOB NOT NULL
);
""",
    tables=("rc_history", "rc_tickets", "rc_attachments"),
)
"""Tables of this domain (created at start-up, emptied by ``/_emulator/reset``)."""

"""RootCause models of the client: JSON aliases, enums, unknown values and keys kept."""

from __future__ import annotations

from pywats.domains.rootcause import (
    ACTIVE_STATUSES,
    UNARCHIVED_STATUSES,
    Ticket,
    TicketPriority,
    TicketStatus,
    TicketUpdate,
    TicketUpdateType,
)
from pywats_emulator.rootcause.rules import STATUS_NAMES

TICKET_JSON = {
    "ticketId": "3f2b8c1a-5d4e-4f60-9a7b-1c2d3e4f5a6b",
    "ticketNumber": 12,
    "progress": "Cable ordered",
    "owner": "alice",
    "assignee": "bob",
    "subject": "Fixture 3 fails",
    "status": 2,
    "priority": 2,
    "reportUuid": "9a3c1f0e-5b7d-4c2a-8e61-0f4b2d9c7a15",
    "createdUtc": "2026-02-01T10:00:00.000000Z",
    "updatedUtc": "2026-02-01T11:00:00.000000Z",
    "team": "Test eng",
    "origin": "Line 2",
    "tags": ["fixture"],
    "history": [
        {
            "updateId": "0b7f6c1e-58a8-4b8c-9c55-3f1f3c9d1a10",
            "updateUtc": "2026-02-01T10:30:00Z",
            "updateUser": "bob",
            "content": "status: Open → In progress",
            "updateType": 2,
            "attachments": [
                {"attachmentId": "7c8e3b51-0e0f-4c55-a1f4-5d8a9e2b6c10", "filename": "a.png"}
            ],
        }
    ],
    "watchers": ["carol"],
}


def test_a_ticket_reads_every_key_and_writes_the_same_json_back() -> None:
    ticket = Ticket.model_validate(TICKET_JSON)

    assert ticket.status is TicketStatus.IN_PROGRESS
    assert ticket.priority is TicketPriority.HIGH
    assert ticket.history is not None
    assert ticket.history[0].update_type is TicketUpdateType.PROPERTIES
    assert ticket.history[0].attachments is not None
    assert ticket.history[0].attachments[0].filename == "a.png"
    dumped = ticket.model_dump(mode="json", by_alias=True, exclude_none=True)
    assert dumped["watchers"] == ["carol"]
    assert dumped["status"] == 2
    assert dumped["priority"] == 2
    assert Ticket.model_validate(dumped) == ticket


def test_unknown_enum_values_from_a_newer_server_are_kept() -> None:
    ticket = Ticket.model_validate({"priority": 7, "history": [{"updateType": 9}]})
    assert ticket.priority == 7
    assert ticket.history is not None and ticket.history[0].update_type == 9


def test_a_comment_is_sent_as_update_content() -> None:
    ticket = Ticket(subject="s", update=TicketUpdate(content="hello"))
    assert ticket.model_dump(by_alias=True, exclude_none=True) == {
        "subject": "s",
        "update": {"content": "hello"},
    }


def test_status_flags_match_the_documented_values() -> None:
    assert {s.value for s in TicketStatus} == set(STATUS_NAMES)
    assert int(ACTIVE_STATUSES) == 7
    assert int(UNARCHIVED_STATUSES) == 31
    assert TicketStatus.SOLVED.is_single
    assert not (TicketStatus.OPEN | TicketStatus.CLOSED).is_single

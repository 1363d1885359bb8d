"""RootCause domain through AsyncWATS / pyWATS against the emulator over loopback HTTP."""

from __future__ import annotations

import base64
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from pywats import AsyncWATS, ErrorMode, NotFoundError, ValidationError, pyWATS
from pywats.domains.rootcause import (
    Ticket,
    TicketPriority,
    TicketStatus,
    TicketUpdate,
    TicketUpdateType,
    TicketView,
)
from pywats_emulator.testing import EmulatorServer

MISSING = "7c8e3b51-0e0f-4c55-a1f4-5d8a9e2b6c10"


@pytest.fixture
async def wats(wats_emulator: EmulatorServer) -> AsyncIterator[AsyncWATS]:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as client:
        yield client


async def new_ticket(wats: AsyncWATS, subject: str = "Fixture 3 fails", **fields: object) -> Ticket:
    ticket = await wats.rootcause.create_ticket(Ticket(subject=subject, **fields))
    assert ticket is not None
    assert ticket.ticket_id is not None
    return ticket


# -- tickets -------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_create_ticket_assigns_a_guid_and_incrementing_numbers(wats: AsyncWATS) -> None:
    report_id = uuid.uuid4()
    first = await new_ticket(
        wats,
        priority=TicketPriority.HIGH,
        report_uuid=report_id,
        update=TicketUpdate(content="Seen on line 2"),
    )
    second = await new_ticket(wats, "Second")

    assert isinstance(first.ticket_id, uuid.UUID)
    assert (first.ticket_number, second.ticket_number) == (1, 2)
    assert first.status is TicketStatus.OPEN
    assert first.priority is TicketPriority.HIGH
    assert second.priority is TicketPriority.MEDIUM
    assert first.report_uuid == report_id
    assert first.owner == "emulator"
    assert first.history is not None
    assert [h.content for h in first.history] == ["Seen on line 2"]
    assert first.history[0].update_type is TicketUpdateType.CONTENT


@pytest.mark.anyio
async def test_create_without_a_subject_is_a_value_error(wats: AsyncWATS) -> None:
    with pytest.raises(ValueError, match="subject"):
        await wats.rootcause.create_ticket(Ticket(assignee="bob"))


@pytest.mark.anyio
async def test_get_ticket_and_unknown_ticket(
    wats_emulator: EmulatorServer, wats: AsyncWATS
) -> None:
    created = await new_ticket(wats)

    fetched = await wats.rootcause.get_ticket(created.ticket_id)

    assert fetched is not None
    assert (fetched.ticket_number, fetched.subject) == (1, "Fixture 3 fails")
    with pytest.raises(NotFoundError, match=f"ticket {MISSING} not found"):
        await wats.rootcause.get_ticket(MISSING)
    async with AsyncWATS(
        wats_emulator.url, wats_emulator.token, error_mode=ErrorMode.LENIENT
    ) as lenient:
        assert await lenient.rootcause.get_ticket(MISSING) is None
        assert await lenient.rootcause.add_comment(MISSING, "hello") is None


@pytest.mark.anyio
async def test_update_ticket_appends_the_update_and_property_changes(wats: AsyncWATS) -> None:
    ticket = await new_ticket(wats)

    changed = ticket.model_copy(
        update={
            "status": TicketStatus.IN_PROGRESS,
            "progress": "Cable ordered",
            "update": TicketUpdate(content="Looking into it"),
        }
    )
    updated = await wats.rootcause.update_ticket(changed)

    assert updated is not None
    assert updated.status is TicketStatus.IN_PROGRESS
    assert updated.history is not None
    assert [(h.update_type, h.content) for h in updated.history] == [
        (TicketUpdateType.PROPERTIES, "status: Open → In progress"),
        (TicketUpdateType.PROGRESS, "Cable ordered"),
        (TicketUpdateType.CONTENT, "Looking into it"),
    ]
    assert all(h.update_user == "emulator" and h.update_id for h in updated.history)


@pytest.mark.anyio
async def test_update_with_a_bad_status_value_is_a_validation_error(wats: AsyncWATS) -> None:
    ticket = await new_ticket(wats)

    with pytest.raises(ValidationError, match="status 64 is not a ticket status"):
        await wats.rootcause.update_ticket(ticket.model_copy(update={"status": TicketStatus(64)}))


@pytest.mark.anyio
async def test_update_of_an_unknown_or_unnamed_ticket(wats: AsyncWATS) -> None:
    with pytest.raises(ValueError, match="ticket_id"):
        await wats.rootcause.update_ticket(Ticket(subject="no id"))
    with pytest.raises(NotFoundError, match="not found"):
        await wats.rootcause.update_ticket(Ticket(ticket_id=uuid.UUID(MISSING), subject="x"))


@pytest.mark.anyio
async def test_add_comment_change_status_and_assign(wats: AsyncWATS) -> None:
    ticket = await new_ticket(wats)
    ticket_id = ticket.ticket_id
    assert ticket_id is not None

    await wats.rootcause.add_comment(ticket_id, "Replaced the cable")
    await wats.rootcause.assign_ticket(ticket_id, "bob", comment="Bob knows fixtures")
    final = await wats.rootcause.change_status(ticket_id, TicketStatus.SOLVED)

    assert final is not None
    assert (final.assignee, final.status) == ("bob", TicketStatus.SOLVED)
    assert final.history is not None
    assert [h.content for h in final.history] == [
        "Replaced the cable",
        "assignee: (none) → bob",
        "Bob knows fixtures",
        "status: Open → Solved",
    ]


@pytest.mark.anyio
async def test_helpers_refuse_plainly_wrong_arguments_before_any_request(
    wats: AsyncWATS,
) -> None:
    with pytest.raises(ValueError, match="exactly one status"):
        await wats.rootcause.change_status(MISSING, TicketStatus.OPEN | TicketStatus.SOLVED)
    with pytest.raises(ValueError, match="exactly one status"):
        await wats.rootcause.change_status(MISSING, 64)
    with pytest.raises(ValueError, match="comment"):
        await wats.rootcause.add_comment(MISSING, "  ")
    with pytest.raises(ValueError, match="assignee"):
        await wats.rootcause.assign_ticket(MISSING, "")
    with pytest.raises(ValueError, match="TicketStatus flags"):
        await wats.rootcause.get_tickets(0)
    with pytest.raises(ValueError, match="TicketView"):
        await wats.rootcause.get_tickets(view=7)


# -- queries -------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_get_tickets_filters_by_status_flags_newest_first(wats: AsyncWATS) -> None:
    opened = await new_ticket(wats, "A")
    held = await new_ticket(wats, "B", status=TicketStatus.ON_HOLD)
    solved = await new_ticket(wats, "C", status=TicketStatus.SOLVED)
    archived = await new_ticket(wats, "D")
    await wats.rootcause.archive_tickets([archived.ticket_id])

    default = await wats.rootcause.get_tickets()
    open_only = await wats.rootcause.get_open_tickets()
    active = await wats.rootcause.get_active_tickets()
    done = await wats.rootcause.get_tickets(TicketStatus.SOLVED | TicketStatus.ARCHIVED)

    def numbers(tickets: list[Ticket]) -> list[int | None]:
        return [t.ticket_number for t in tickets]

    assert numbers(default) == [3, 2, 1]  # archived tickets are left out by default
    assert numbers(open_only) == [opened.ticket_number]
    assert numbers(active) == [held.ticket_number, opened.ticket_number]
    assert numbers(done) == [archived.ticket_number, solved.ticket_number]


@pytest.mark.anyio
async def test_search_string_matches_subject_and_history(wats: AsyncWATS) -> None:
    first = await new_ticket(wats, "Cable broken")
    await new_ticket(wats, "Firmware hangs", update=TicketUpdate(content="USB hub reset"))

    by_subject = await wats.rootcause.get_tickets(search_string="CABLE")
    by_history = await wats.rootcause.get_active_tickets(search_string="usb hub")

    assert [t.ticket_id for t in by_subject] == [first.ticket_id]
    assert [t.subject for t in by_history] == ["Firmware hangs"]


@pytest.mark.anyio
async def test_views_are_seen_from_the_tokens_user() -> None:
    token = base64.b64encode(b"alice:s3cret").decode()
    with EmulatorServer(token=token) as server:
        async with AsyncWATS(server.url, server.token) as wats:
            mine = await new_ticket(wats, "Created by alice")  # owner = alice
            assigned = await new_ticket(wats, "For alice", owner="bob", assignee="alice")
            await new_ticket(wats, "Someone else's", owner="bob", assignee="carol")

            assigned_view = await wats.rootcause.get_tickets(view=TicketView.ASSIGNED)
            following = await wats.rootcause.get_tickets(view=TicketView.FOLLOWING)
            everything = await wats.rootcause.get_tickets(view=TicketView.ALL)

    assert mine.owner == "alice"
    assert [t.ticket_id for t in assigned_view] == [assigned.ticket_id]
    assert [t.ticket_id for t in following] == [assigned.ticket_id, mine.ticket_id]
    assert len(everything) == 3


@pytest.mark.anyio
async def test_archive_tickets_is_all_or_nothing(wats: AsyncWATS) -> None:
    ticket = await new_ticket(wats)
    ticket_id = ticket.ticket_id
    assert ticket_id is not None

    with pytest.raises(NotFoundError):
        await wats.rootcause.archive_tickets([ticket_id, MISSING])
    still = await wats.rootcause.get_ticket(ticket_id)
    assert still is not None and still.status is TicketStatus.OPEN

    assert await wats.rootcause.archive_tickets([str(ticket_id)]) is None
    archived = await wats.rootcause.get_ticket(ticket_id)
    assert archived is not None and archived.status is TicketStatus.ARCHIVED
    with pytest.raises(ValueError, match="non-empty list"):
        await wats.rootcause.archive_tickets([])


# -- attachments ---------------------------------------------------------------------------


@pytest.mark.anyio
async def test_upload_and_get_attachment_and_attach_it_to_a_comment(
    wats: AsyncWATS, tmp_path: Path
) -> None:
    picture = tmp_path / "scope capture.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    ticket = await new_ticket(wats)
    assert ticket.ticket_id is not None

    from_path = await wats.rootcause.upload_attachment(picture)
    from_bytes = await wats.rootcause.upload_attachment(b"log line\n", filename="run.log")
    assert isinstance(from_path, uuid.UUID) and isinstance(from_bytes, uuid.UUID)
    updated = await wats.rootcause.add_comment(
        ticket.ticket_id, "Scope capture attached", attachments=[from_path, str(from_bytes)]
    )

    assert await wats.rootcause.get_attachment(from_path) == picture.read_bytes()
    assert await wats.rootcause.get_attachment(from_bytes, file_name="x.log") == b"log line\n"
    assert updated is not None and updated.history is not None
    files = updated.history[-1].attachments or []
    assert [(a.attachment_id, a.filename) for a in files] == [
        (from_path, "scope capture.png"),
        (from_bytes, "run.log"),
    ]


@pytest.mark.anyio
async def test_attachment_errors(wats: AsyncWATS) -> None:
    ticket = await new_ticket(wats)
    assert ticket.ticket_id is not None

    with pytest.raises(ValueError, match="filename"):
        await wats.rootcause.upload_attachment(b"data")
    with pytest.raises(NotFoundError, match="attachment"):
        await wats.rootcause.get_attachment(MISSING)
    with pytest.raises(ValidationError, match="upload it first"):
        await wats.rootcause.add_comment(ticket.ticket_id, "see file", attachments=[MISSING])


@pytest.mark.anyio
async def test_an_empty_attachment_round_trips(wats: AsyncWATS) -> None:
    attachment_id = await wats.rootcause.upload_attachment(b"", filename="empty.txt")
    assert attachment_id is not None
    assert await wats.rootcause.get_attachment(attachment_id) == b""


# -- the sync twin -------------------------------------------------------------------------


def test_the_sync_client_works_a_ticket(wats_emulator: EmulatorServer) -> None:
    with pyWATS(wats_emulator.url, wats_emulator.token) as wats:
        ticket = wats.rootcause.create_ticket(Ticket(subject="Sync ticket"))
        assert ticket is not None and ticket.ticket_id is not None
        attachment = wats.rootcause.upload_attachment(b"abc", filename="a.txt")
        assert attachment is not None
        wats.rootcause.add_comment(ticket.ticket_id, "with file", attachments=[attachment])
        wats.rootcause.change_status(ticket.ticket_id, TicketStatus.CLOSED)

        closed = wats.rootcause.get_tickets(TicketStatus.CLOSED)
        data = wats.rootcause.get_attachment(attachment)

    assert [t.subject for t in closed] == ["Sync ticket"]
    assert data == b"abc"

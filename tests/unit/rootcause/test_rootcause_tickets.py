"""Ticket creation and update rules of the emulator (wats-api.md §2.7, §8.8), without HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from pywats_emulator.rootcause.rules import TicketValueError, TicketView
from pywats_emulator.rootcause.tickets import (
    apply_update,
    in_view,
    matches_search,
    new_ticket,
)

NOW = "2026-02-01T10:00:00.000000Z"
LATER = "2026-02-01T11:00:00.000000Z"
FILES = {"5b0f3a52-0000-4000-8000-000000000001": "scope.png"}


def lookup(attachment_id: str) -> str | None:
    return FILES.get(attachment_id.lower())


def ids() -> Any:
    counter = iter(range(1, 1000))
    return lambda: f"00000000-0000-4000-8000-{next(counter):012d}"


def create(body: dict[str, Any], user: str = "alice") -> tuple[dict[str, Any], list[Any]]:
    return new_ticket(
        body,
        user=user,
        now=NOW,
        ticket_id="t-1",
        ticket_number=7,
        new_id=ids(),
        attachment_name=lookup,
    )


def test_a_new_ticket_gets_server_fields_and_defaults() -> None:
    ticket, history = create({"subject": "Fixture 3 fails", "ticketId": "ignored", "foo": 1})

    assert ticket["ticketId"] == "t-1"
    assert ticket["ticketNumber"] == 7
    assert ticket["status"] == 1
    assert ticket["priority"] == 1
    assert ticket["owner"] == "alice"
    assert ticket["createdUtc"] == ticket["updatedUtc"] == NOW
    assert ticket["foo"] == 1  # unknown fields are kept
    assert history == []


def test_a_new_tickets_update_is_its_first_history_entry() -> None:
    _, history = create({"subject": "s", "update": {"content": "Seen on line 2"}})

    assert history == [
        {
            "updateId": "00000000-0000-4000-8000-000000000001",
            "updateUtc": NOW,
            "updateUser": "alice",
            "content": "Seen on line 2",
            "updateType": 0,
            "attachments": [],
        }
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "subject"),
        ({"subject": "  "}, "subject"),
        ({"subject": 5}, "subject"),
        ({"subject": "s", "status": 3}, "status 3"),
        ({"subject": "s", "priority": 9}, "priority 9"),
        ({"subject": "s", "update": "text"}, "update must be an object"),
        ({"subject": "s", "update": {"content": "c", "updateType": 7}}, "updateType 7"),
        ({"subject": "s", "reportUuid": "not-a-guid"}, "reportUuid"),
    ],
)
def test_bad_tickets_are_refused_saying_what_to_fix(body: dict[str, Any], message: str) -> None:
    with pytest.raises(TicketValueError, match=message):
        create(body)


def test_unknown_attachments_are_refused_and_known_ones_get_their_file_name() -> None:
    with pytest.raises(TicketValueError, match="upload it first"):
        create({"subject": "s", "update": {"attachments": [{"attachmentId": "nope"}]}})

    known = "5B0F3A52-0000-4000-8000-000000000001"
    _, history = create({"subject": "s", "update": {"attachments": [{"attachmentId": known}]}})
    assert history[0]["attachments"] == [{"attachmentId": known.lower(), "filename": "scope.png"}]


def stored() -> dict[str, Any]:
    ticket, _ = create({"subject": "Fixture 3 fails", "assignee": "bob", "progress": ""})
    return ticket


def update(ticket: dict[str, Any], body: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
    return apply_update(ticket, body, user="carol", now=LATER, new_id=ids(), attachment_name=lookup)


def test_a_comment_is_appended_and_nothing_else_changes() -> None:
    before = stored()
    after, added = update(before, {**before, "update": {"content": "Replaced the cable"}})

    assert {k: v for k, v in after.items() if k != "updatedUtc"} == {
        k: v for k, v in before.items() if k != "updatedUtc"
    }
    assert after["updatedUtc"] == LATER
    assert [(e["updateType"], e["content"], e["updateUser"]) for e in added] == [
        (0, "Replaced the cable", "carol")
    ]


def test_property_changes_are_recorded_as_one_properties_entry() -> None:
    after, added = update(stored(), {"status": 8, "assignee": "dave", "priority": 2})

    assert (after["status"], after["assignee"], after["priority"]) == (8, "dave", 2)
    assert len(added) == 1
    assert added[0]["updateType"] == 2
    assert added[0]["content"] == (
        "status: Open → Solved; priority: Medium → High; assignee: bob → dave"
    )


def test_progress_changes_are_a_progress_entry_and_the_comment_comes_last() -> None:
    _after, added = update(
        stored(), {"progress": "Cable ordered", "update": {"content": "see PO 1234"}}
    )

    assert [(e["updateType"], e["content"]) for e in added] == [
        (1, "Cable ordered"),
        (0, "see PO 1234"),
    ]


def test_server_owned_fields_and_nulls_are_not_changed_by_an_update() -> None:
    before = stored()
    after, added = update(
        before,
        {
            "ticketNumber": 99,
            "createdUtc": "2000-01-01T00:00:00Z",
            "history": [{"content": "forged"}],
            "assignee": None,
        },
    )

    assert after["ticketNumber"] == 7
    assert after["createdUtc"] == NOW
    assert after["assignee"] == "bob"
    assert "history" not in after
    assert added == []


def test_an_update_with_a_bad_status_is_refused() -> None:
    with pytest.raises(TicketValueError, match="status 5"):
        update(stored(), {"status": 5})


def ticket(**fields: Any) -> dict[str, Any]:
    base = {"ticketNumber": 12, "subject": "Cable", "owner": "alice", "assignee": "bob"}
    return {**base, **fields}


def test_views_assigned_following_and_all() -> None:
    history = [{"updateUser": "erin", "content": "me too"}]
    t = ticket()

    assert in_view(t, history, "bob", TicketView.ASSIGNED)
    assert not in_view(t, history, "alice", TicketView.ASSIGNED)
    assert in_view(t, history, "ALICE", TicketView.FOLLOWING)  # owner, any case
    assert in_view(t, history, "bob", TicketView.FOLLOWING)  # assignee
    assert in_view(t, history, "erin", TicketView.FOLLOWING)  # wrote an update
    assert not in_view(t, history, "zed", TicketView.FOLLOWING)
    assert in_view(t, history, "zed", TicketView.ALL)


def test_search_looks_in_subject_number_people_team_tags_and_history() -> None:
    history = [{"content": "Replaced the USB hub", "updateUser": "erin"}]
    t = ticket(team="Test eng", progress="waiting for parts", tags=["fixture"])

    for text in ("cable", "12", "ALICE", "test eng", "USB HUB", "parts", "fixt"):
        assert matches_search(t, history, text), text
    assert not matches_search(t, history, "oscilloscope")
    assert matches_search(t, history, "")

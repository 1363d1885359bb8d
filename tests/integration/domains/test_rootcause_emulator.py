"""The emulator's RootCause endpoints over raw HTTP: what clients other than pyWATS may send."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pywats_emulator.testing import EmulatorServer


@pytest.fixture
def http(wats_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=wats_emulator.url, headers=wats_emulator.auth_headers) as client:
        yield client


def create(http: httpx.Client, **body: Any) -> dict[str, Any]:
    response = http.post("/api/RootCause/Ticket", json={"subject": "Cable", **body})
    assert response.status_code == 200, response.text
    ticket: dict[str, Any] = response.json()
    return ticket


def test_a_ticket_shows_every_documented_key(http: httpx.Client) -> None:
    ticket = create(http, vendorField=[1, 2], ticketNumber=99)

    assert set(ticket) >= {
        "ticketId", "ticketNumber", "progress", "owner", "assignee", "subject", "status",
        "priority", "reportUuid", "createdUtc", "updatedUtc", "team", "origin", "tags",
        "history",
    }  # fmt: skip
    assert ticket["ticketNumber"] == 1  # the server numbers tickets
    assert ticket["vendorField"] == [1, 2]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "status is required"),
        ({"status": "0"}, "bit flags 1-63"),
        ({"status": "open"}, "bit flags 1-63"),
        ({"status": "1", "view": "3"}, "0 assigned, 1 following, 2 all"),
    ],
)
def test_bad_ticket_queries_are_400(
    http: httpx.Client, params: dict[str, str], message: str
) -> None:
    response = http.get("/api/RootCause/Tickets", params=params)

    assert response.status_code == 400
    assert message in response.json()["message"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"status": 3}, "status 3 is not a ticket status"),
        ({"status": "Open"}, "is not a ticket status"),
        ({"priority": 5}, "0 Low, 1 Medium, 2 High"),
        ({"assignee": 5}, "assignee must be a string"),
        ({"subject": ""}, "subject is required"),
    ],
)
def test_bad_ticket_values_are_400(http: httpx.Client, body: dict[str, Any], message: str) -> None:
    response = http.post("/api/RootCause/Ticket", json={"subject": "x", **body})

    assert response.status_code == 400
    assert message in response.json()["message"]


def test_get_ticket_needs_a_guid_and_answers_404_for_unknown_ones(http: httpx.Client) -> None:
    assert http.get("/api/RootCause/Ticket").status_code == 400
    assert http.get("/api/RootCause/Ticket", params={"ticketId": "12"}).status_code == 400
    missing = http.get(
        "/api/rootcause/ticket", params={"ticketid": "7c8e3b51-0e0f-4c55-a1f4-5d8a9e2b6c10"}
    )
    assert missing.status_code == 404
    assert "POST /api/RootCause/Ticket" in missing.json()["message"]


def test_put_without_a_ticket_id_is_400(http: httpx.Client) -> None:
    response = http.put("/api/RootCause/Ticket", json={"subject": "x"})
    assert response.status_code == 400
    assert "ticketId" in response.json()["message"]


def test_a_partial_put_changes_only_what_it_sends(http: httpx.Client) -> None:
    ticket = create(http, assignee="bob", team="Test eng")

    updated = http.put(
        "/api/RootCause/Ticket", json={"ticketId": ticket["ticketId"].upper(), "priority": 2}
    ).json()

    assert (updated["assignee"], updated["team"], updated["priority"]) == ("bob", "Test eng", 2)
    assert updated["history"][-1]["content"] == "priority: Medium → High"


def test_archive_needs_a_list_of_ids_and_answers_204(http: httpx.Client) -> None:
    ticket = create(http)

    assert http.post("/api/RootCause/ArchiveTickets", json={"id": 1}).status_code == 400
    assert http.post("/api/RootCause/ArchiveTickets", json=[]).status_code == 400
    done = http.post("/api/RootCause/ArchiveTickets", json=[ticket["ticketId"]])

    assert done.status_code == 204
    assert done.content == b""
    history = http.get("/api/RootCause/Ticket", params={"ticketId": ticket["ticketId"]}).json()
    assert history["history"][-1]["content"] == "status: Open → Archived"


def test_upload_needs_multipart_with_a_file_part(http: httpx.Client) -> None:
    not_form = http.post("/api/RootCause/Attachment", json={"file": "x"})
    wrong_part = http.post("/api/RootCause/Attachment", files={"upload": ("a.txt", b"x")})

    assert not_form.status_code == 400
    assert "multipart/form-data" in not_form.json()["message"]
    assert wrong_part.status_code == 400
    assert "named 'file'" in wrong_part.json()["message"]


def test_attachment_download_keeps_the_type_and_takes_the_file_name(http: httpx.Client) -> None:
    uploaded = http.post(
        "/api/RootCause/Attachment", files={"file": ("../../scope.png", b"PNG", "image/png")}
    )
    attachment_id = uploaded.json()

    plain = http.get("/api/RootCause/Attachment", params={"attachmentId": attachment_id})
    renamed = http.get(
        "/api/RootCause/Attachment",
        params={"attachmentId": attachment_id, "fileName": "capture.png"},
    )

    assert plain.content == b"PNG"
    assert plain.headers["content-type"] == "image/png"
    assert 'filename="scope.png"' in plain.headers["content-disposition"]  # no path kept
    assert 'filename="capture.png"' in renamed.headers["content-disposition"]


def test_reset_starts_ticket_numbers_again_at_1(http: httpx.Client) -> None:
    create(http)
    create(http)
    http.post("/_emulator/reset")

    assert http.get("/api/RootCause/Tickets", params={"status": 63}).json() == []
    assert create(http)["ticketNumber"] == 1

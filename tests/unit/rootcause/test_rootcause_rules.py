"""RootCause value rules of the emulator: status flags, priority, update type, view, user."""

from __future__ import annotations

import base64

import pytest

from pywats_emulator.rootcause.rules import (
    DEFAULT_USER,
    TicketValueError,
    TicketView,
    parse_priority,
    parse_status_filter,
    parse_ticket_status,
    parse_update_type,
    parse_view,
    status_name,
    token_user,
)


@pytest.mark.parametrize("flag", [1, 2, 4, 8, 16, 32])
def test_a_ticket_status_is_exactly_one_known_flag(flag: int) -> None:
    assert parse_ticket_status(flag) == flag


@pytest.mark.parametrize("bad", [0, 3, 64, -1, 12, "1", None, True, 1.5])
def test_other_ticket_status_values_are_refused_listing_the_flags(bad: object) -> None:
    with pytest.raises(TicketValueError) as caught:
        parse_ticket_status(bad)
    message = str(caught.value)
    assert "1 Open" in message
    assert "32 Archived" in message


@pytest.mark.parametrize(("text", "expected"), [("1", 1), ("63", 63), ("24", 24), (7, 7)])
def test_the_status_filter_is_any_combination_of_flags(text: object, expected: int) -> None:
    assert parse_status_filter(text) == expected


@pytest.mark.parametrize("bad", ["0", "64", "-1", "open", "", None, "1.0"])
def test_a_bad_status_filter_is_refused(bad: object) -> None:
    with pytest.raises(TicketValueError, match="bit flags"):
        parse_status_filter(bad)


def test_priority_and_update_type_ranges() -> None:
    assert [parse_priority(v) for v in (0, 1, 2)] == [0, 1, 2]
    assert [parse_update_type(v) for v in (0, 1, 2, 3)] == [0, 1, 2, 3]
    with pytest.raises(TicketValueError, match="0 Low, 1 Medium, 2 High"):
        parse_priority(3)
    with pytest.raises(TicketValueError, match="3 Notification"):
        parse_update_type(4)
    with pytest.raises(TicketValueError):
        parse_priority("High")


def test_view_defaults_to_all_and_rejects_unknown_values() -> None:
    assert parse_view(None) is TicketView.ALL
    assert parse_view("0") is TicketView.ASSIGNED
    assert parse_view("1") is TicketView.FOLLOWING
    with pytest.raises(TicketValueError, match="0 assigned, 1 following, 2 all"):
        parse_view("5")


def test_status_names_are_readable() -> None:
    assert status_name(2) == "In progress"
    assert status_name(16) == "Closed"


def test_the_current_user_is_the_user_part_of_a_user_colon_secret_token() -> None:
    token = base64.b64encode(b"alice:s3cret").decode()
    assert token_user(token) == "alice"


@pytest.mark.parametrize("token", ["test-token", "demo-token", "bm9jb2xvbg==", "Og==", "////"])
def test_any_other_token_is_the_default_user(token: str) -> None:
    # "bm9jb2xvbg==" is base64 of "nocolon"; "Og==" is base64 of ":" (empty user name).
    assert token_user(token) == DEFAULT_USER

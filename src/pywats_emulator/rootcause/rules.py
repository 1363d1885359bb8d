"""RootCause values (wats-api.md §2.7) and who "the current user" is, without I/O.

A ticket's ``status`` is exactly one flag (1 Open, 2 In progress, 4 On hold, 8 Solved,
16 Closed, 32 Archived); the ``status`` of a ticket query is any combination of them.
``priority`` is 0 Low, 1 Medium, 2 High; an update's ``updateType`` is 0 Content,
1 Progress, 2 Properties, 3 Notification. Each parser raises :class:`TicketValueError`
(answered 400) with a message that lists the valid values.
"""

from __future__ import annotations

import base64
import binascii
from enum import IntEnum

__all__ = [
    "ALL_STATUS_FLAGS",
    "DEFAULT_USER",
    "PRIORITY_NAMES",
    "STATUS_NAMES",
    "TicketValueError",
    "TicketView",
    "UpdateType",
    "parse_priority",
    "parse_status_filter",
    "parse_ticket_status",
    "parse_update_type",
    "parse_view",
    "status_name",
    "token_user",
]

STATUS_NAMES = {
    1: "Open",
    2: "In progress",
    4: "On hold",
    8: "Solved",
    16: "Closed",
    32: "Archived",
}
ALL_STATUS_FLAGS = sum(STATUS_NAMES)
ARCHIVED = 32
OPEN = 1
PRIORITY_NAMES = {0: "Low", 1: "Medium", 2: "High"}
DEFAULT_PRIORITY = 1
_UPDATE_TYPE_NAMES = {0: "Content", 1: "Progress", 2: "Properties", 3: "Notification"}
DEFAULT_USER = "emulator"
"""The current user when the token does not carry one (see :func:`token_user`)."""


class UpdateType(IntEnum):
    """``updateType`` of a ticket update."""

    CONTENT = 0
    PROGRESS = 1
    PROPERTIES = 2
    NOTIFICATION = 3


class TicketView(IntEnum):
    """``view`` of a ticket query: whose tickets to list."""

    ASSIGNED = 0
    FOLLOWING = 1
    ALL = 2


class TicketValueError(ValueError):
    """A ticket field or query parameter has a value WATS does not define (answer 400)."""


def _listing(names: dict[int, str]) -> str:
    return ", ".join(f"{value} {name}" for value, name in names.items())


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def status_name(flag: int) -> str:
    """``"In progress"`` for 2; the number itself for an unknown value."""
    return STATUS_NAMES.get(flag, str(flag))


def parse_ticket_status(value: object) -> int:
    """A ticket's status: one known flag, as a JSON number."""
    if _is_int(value) and value in STATUS_NAMES:
        assert isinstance(value, int)
        return value
    raise TicketValueError(
        f"status {value!r} is not a ticket status: use one of {_listing(STATUS_NAMES)}"
    )


def parse_status_filter(value: object) -> int:
    """The ``status`` query parameter: bit flags, a sum of ticket statuses (1-63)."""
    text = str(value).strip() if _is_int(value) or isinstance(value, str) else ""
    if text.isdigit() and 0 < int(text) <= ALL_STATUS_FLAGS:
        return int(text)
    raise TicketValueError(
        f"status={value!r} is not valid: give bit flags 1-{ALL_STATUS_FLAGS}, the sum of "
        f"{_listing(STATUS_NAMES)} (e.g. 7 for every open, in-progress or on-hold ticket)"
    )


def parse_priority(value: object) -> int:
    """A ticket's priority: 0, 1 or 2."""
    if _is_int(value) and value in PRIORITY_NAMES:
        assert isinstance(value, int)
        return value
    raise TicketValueError(f"priority {value!r} is not valid: use {_listing(PRIORITY_NAMES)}")


def parse_update_type(value: object) -> int:
    """An update's ``updateType``: 0-3."""
    if _is_int(value) and value in _UPDATE_TYPE_NAMES:
        assert isinstance(value, int)
        return value
    raise TicketValueError(f"updateType {value!r} is not valid: use {_listing(_UPDATE_TYPE_NAMES)}")


def parse_view(value: object) -> TicketView:
    """The ``view`` query parameter; absent means every ticket (2)."""
    if value is None:
        return TicketView.ALL
    text = str(value).strip()
    if text.isdigit() and int(text) in tuple(TicketView):
        return TicketView(int(text))
    raise TicketValueError(f"view={value!r} is not valid: use 0 assigned, 1 following, 2 all")


def token_user(token: str) -> str:
    """The user a token belongs to, for ``owner``, ``updateUser``, ``createdBy``...

    WATS tokens are described as base64 of ``user:secret``; when the token decodes to that
    shape, the part before the colon is the user. Any other (opaque) token is
    :data:`DEFAULT_USER`. The token itself is never stored or shown.
    """
    try:
        text = base64.b64decode(token, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return DEFAULT_USER
    user, colon, _ = text.partition(":")
    user = user.strip()
    if not colon or not user or not user.isprintable():
        return DEFAULT_USER
    return user

"""The software package status workflow (wats-api.md §8.9) as a pure state machine.

Draft -> Pending -> Released -> Revoked, and Pending -> Draft (a reviewer sends it back).
Revoked is final. Any other move, including to the status a package already has, is refused
with a message that names the current status and the statuses it can go to next. No I/O here:
the routes turn :class:`StatusValueError` into 400 and :class:`TransitionError` into 409.
"""

from __future__ import annotations

from enum import Enum
from types import MappingProxyType

__all__ = [
    "NEXT_STATUSES",
    "PackageStatus",
    "StatusValueError",
    "TransitionError",
    "check_transition",
    "parse_status",
]


class PackageStatus(str, Enum):
    """Status of a package; the value is the name WATS uses in ``?status=``."""

    DRAFT = "Draft"
    PENDING = "Pending"
    RELEASED = "Released"
    REVOKED = "Revoked"

    @property
    def number(self) -> int:
        """The numeric status of the internal history endpoint (0 Draft ... 3 Revoked)."""
        return _ORDER.index(self)


_ORDER = (PackageStatus.DRAFT, PackageStatus.PENDING, PackageStatus.RELEASED, PackageStatus.REVOKED)

NEXT_STATUSES = MappingProxyType(
    {
        PackageStatus.DRAFT: (PackageStatus.PENDING,),
        PackageStatus.PENDING: (PackageStatus.RELEASED, PackageStatus.DRAFT),
        PackageStatus.RELEASED: (PackageStatus.REVOKED,),
        PackageStatus.REVOKED: (),
    }
)
"""Where each status may go next."""

_VALID = ", ".join(f"{status.value} ({status.number})" for status in _ORDER)


class StatusValueError(ValueError):
    """The value is not a package status (the client should answer 400)."""


class TransitionError(Exception):
    """The move is not allowed from the current status (the client should answer 409)."""

    def __init__(self, current: PackageStatus, target: PackageStatus) -> None:
        self.current = current
        self.target = target
        allowed = NEXT_STATUSES[current]
        if not allowed:
            hint = f"{current.value} is final: no status change is allowed"
        else:
            names = " or ".join(status.value for status in allowed)
            hint = f"from {current.value} it can only go to {names}"
        if current is target:
            what = f"the package is already {current.value}"
        else:
            what = f"cannot move a {current.value} package to {target.value}"
        super().__init__(f"{what}; {hint}")


def parse_status(value: object) -> PackageStatus:
    """A status from its name (any letter case) or its number 0-3 (int or digit text).

    Raises:
        StatusValueError: The value is none of them; the message lists the valid ones.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value < len(_ORDER):
            return _ORDER[value]
    elif isinstance(value, str):
        text = value.strip()
        if text.isdigit() and int(text) < len(_ORDER):
            return _ORDER[int(text)]
        for status in _ORDER:
            if text.casefold() == status.value.casefold():
                return status
    raise StatusValueError(f"unknown package status {value!r}: use one of {_VALID}")


def check_transition(current: PackageStatus, target: PackageStatus) -> None:
    """Allow the move ``current -> target`` or raise :class:`TransitionError`."""
    if target not in NEXT_STATUSES[current]:
        raise TransitionError(current, target)

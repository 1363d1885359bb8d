"""Asset dates: stored as sortable UTC keys, shown as ISO-8601 UTC text.

The OData compiler turns a datetime literal into :meth:`Instant.sort_key` text (fixed width,
nine fraction digits, ``Z``), so the asset tables store dates in exactly that form: then
``lastCalibrationDate ge 2026-01-01T00:00:00Z`` compares text with text and is right.
Answers show them as ISO text in UTC (``2026-01-30T09:00:00Z``, microseconds when present).
"""

from __future__ import annotations

from datetime import datetime, timezone

from pywats_emulator.datetimes import Instant, parse_date_literal, parse_instant
from pywats_emulator.errors import ApiError

__all__ = ["from_key", "now_utc", "parse_query_datetime", "show", "to_key"]

_KEY_FORMAT = "%Y-%m-%dT%H:%M:%S"


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def to_key(moment: datetime) -> str:
    """The stored (sortable) form of an aware datetime."""
    utc = moment.astimezone(timezone.utc)
    fraction = f"{utc.microsecond:06d}" if utc.microsecond else ""
    return Instant(utc_seconds=utc.replace(microsecond=0), fraction=fraction).sort_key()


def from_key(key: str) -> datetime:
    """An aware UTC datetime from a stored key (microsecond precision)."""
    whole, _, rest = key.partition(".")
    moment = datetime.strptime(whole.removesuffix("Z"), _KEY_FORMAT).replace(tzinfo=timezone.utc)
    digits = rest.removesuffix("Z")[:6].ljust(6, "0")
    return moment.replace(microsecond=int(digits))


def show(key: str | None) -> str | None:
    """A stored key as ISO-8601 UTC text with ``Z`` (``None`` stays ``None``)."""
    if key is None:
        return None
    return from_key(key).isoformat().replace("+00:00", "Z")


def parse_query_datetime(text: str, name: str) -> datetime:
    """Parse an ISO-8601 query value or answer 400 naming the parameter.

    No offset means UTC; a date alone (``2026-01-31``) means midnight UTC.
    """
    try:
        if len(text) == len("2026-01-31"):
            instant = parse_date_literal(text)
        else:
            instant = parse_instant(text, require_offset=False)
    except ValueError as exc:
        raise ApiError(400, f"{name} {text!r} is not a valid datetime: {exc}") from None
    micro = int(instant.fraction[:6].ljust(6, "0")) if instant.fraction else 0
    return instant.utc_seconds.replace(microsecond=micro)

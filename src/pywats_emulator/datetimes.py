"""WSJF datetimes with their full precision.

WATS writes seven fractional digits (``2026-01-30T22:01:41.4707353+01:00``) and derives
``startUTC`` from ``start``. Python's ``datetime`` keeps only six, so the emulator converts the
whole seconds with ``datetime`` and carries the fraction through as text: the derived
``startUTC`` keeps exactly the digits the client sent, and instants compare exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

__all__ = ["Instant", "parse_date_literal", "parse_instant"]

_DATETIME_RE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[T ](?P<h>\d{2}):(?P<m>\d{2})"
    r"(?::(?P<s>\d{2})(?:[.,](?P<frac>\d{1,9}))?)?"
    r"(?P<tz>Z|z|[+-]\d{2}:?\d{2})?$"
)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Sort keys carry this many fractional digits so that text order equals time order.
_KEY_DIGITS = 9


@dataclass(frozen=True)
class Instant:
    """A point in time: whole UTC seconds plus the fraction digits as sent."""

    utc_seconds: datetime
    fraction: str

    def utc_text(self) -> str:
        """ISO text in UTC with a ``Z`` suffix, keeping the original fraction digits."""
        base = self.utc_seconds.strftime("%Y-%m-%dT%H:%M:%S")
        return f"{base}.{self.fraction}Z" if self.fraction else f"{base}Z"

    def sort_key(self) -> str:
        """Fixed-width UTC text whose lexical order is the chronological order."""
        base = self.utc_seconds.strftime("%Y-%m-%dT%H:%M:%S")
        return f"{base}.{self.fraction.ljust(_KEY_DIGITS, '0')[:_KEY_DIGITS]}Z"


def parse_instant(text: str, *, require_offset: bool = True) -> Instant:
    """Parse an ISO-8601 datetime such as ``2026-01-30T22:01:41.4707353+01:00``.

    Args:
        text: the datetime text.
        require_offset: reject text without ``Z`` or ``±hh:mm`` (WSJF ``start`` needs one);
            when false, such text is read as UTC.

    Raises:
        ValueError: with a short reason when the text is not a valid datetime.
    """
    match = _DATETIME_RE.match(text.strip())
    if match is None:
        raise ValueError("not an ISO-8601 datetime (expected e.g. 2026-01-30T22:01:41.47+01:00)")
    tz_text = match.group("tz")
    if tz_text is None and require_offset:
        raise ValueError("missing UTC offset (add 'Z' or e.g. '+01:00')")
    clock = f"{match.group('h')}:{match.group('m')}:{match.group('s') or '00'}"
    try:
        local = datetime.strptime(f"{match.group('date')}T{clock}", "%Y-%m-%dT%H:%M:%S")
    except ValueError as exc:
        raise ValueError(f"invalid date or time ({exc})") from None
    offset = _parse_offset(tz_text)
    utc = (local - offset).replace(tzinfo=timezone.utc)
    return Instant(utc_seconds=utc, fraction=match.group("frac") or "")


def parse_date_literal(text: str) -> Instant:
    """Parse ``YYYY-MM-DD`` as midnight UTC of that day."""
    if not _DATE_RE.match(text):
        raise ValueError("not a date (expected YYYY-MM-DD)")
    try:
        day = datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    except ValueError as exc:
        raise ValueError(f"invalid date ({exc})") from None
    return Instant(utc_seconds=day, fraction="")


def _parse_offset(tz_text: str | None) -> timedelta:
    if tz_text is None or tz_text in ("Z", "z"):
        return timedelta(0)
    sign = -1 if tz_text[0] == "-" else 1
    digits = tz_text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        raise ValueError("invalid UTC offset")
    return sign * timedelta(hours=hours, minutes=minutes)

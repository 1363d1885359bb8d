"""Filter values with WATS wildcards: ``;`` separates alternatives, ``%`` and ``_`` match like
SQL ``LIKE`` (any characters / one character).

Matching is case-insensitive, as on WATS' SQL Server with its default collation. The SQL side
uses SQLite's ``LIKE`` (ASCII case-insensitive); this module does the same in Python for values
the database does not hold (product groups, step paths inside the stored report bodies).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["LikeMatcher", "like_regex", "split_values"]


def split_values(text: str) -> list[str]:
    """The alternatives of a filter value (``"A;B%"`` -> ``["A", "B%"]``), empty ones dropped."""
    return [item for item in (part.strip() for part in text.split(";")) if item]


def like_regex(pattern: str) -> re.Pattern[str]:
    """A compiled, case-insensitive, whole-string regex for a ``LIKE`` pattern."""
    parts = []
    for char in pattern:
        if char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


class LikeMatcher:
    """Matches a value against any of several ``LIKE`` patterns; no pattern matches all."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self._regexes = [like_regex(pattern) for pattern in patterns]

    def __bool__(self) -> bool:
        """True when the matcher restricts anything."""
        return bool(self._regexes)

    def matches(self, value: str | None) -> bool:
        if not self._regexes:
            return True
        if value is None:
            return False
        return any(regex.fullmatch(value) for regex in self._regexes)

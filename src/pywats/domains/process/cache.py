"""The process list a service keeps in memory, and the rules for when it is too old.

Pure (no I/O): :class:`ProcessCatalog` answers lookups from one loaded list, and
:func:`needs_reload` decides when the service must ask the server again. Processes change
rarely (an administrator adds one in the Control Panel), so converters and station scripts
look them up many times per report without a request each time.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from pywats.domains.analytics.models import ProcessInfo
from pywats.domains.process.models import ProcessKind

__all__ = ["ProcessCatalog", "check_max_age", "needs_reload"]


@dataclass(frozen=True)
class ProcessCatalog:
    """One loaded process list, indexed by code and by name.

    Attributes:
        processes: The processes in the order the server sent them.
        loaded_at_s: Clock reading (seconds, monotonic) when the list was received.
    """

    processes: tuple[ProcessInfo, ...]
    loaded_at_s: float

    @classmethod
    def build(cls, processes: Iterable[ProcessInfo], loaded_at_s: float) -> ProcessCatalog:
        return cls(tuple(processes), loaded_at_s)

    def by_code(self, code: int) -> ProcessInfo | None:
        return next((p for p in self.processes if p.code == code), None)

    def by_name(self, name: str) -> ProcessInfo | None:
        """The process named exactly ``name``, else the one whose name matches ignoring case."""
        exact = next((p for p in self.processes if p.name == name), None)
        if exact is not None:
            return exact
        wanted = name.casefold()
        return next(
            (p for p in self.processes if p.name is not None and p.name.casefold() == wanted),
            None,
        )

    def of_kind(self, kind: ProcessKind | None) -> list[ProcessInfo]:
        """Every process, or only those of one kind."""
        if kind is None:
            return list(self.processes)
        return [p for p in self.processes if kind.matches(p)]

    def describe_known(self) -> str:
        """The known processes for an error message, e.g. ``10 'SW Debug', 50 'PCBA test'``."""
        if not self.processes:
            return "none (the server returned no processes)"
        return ", ".join(f"{p.code} {p.name!r}" for p in self.processes)


def check_max_age(max_age_s: float | None) -> float | None:
    """Validate a cache age limit: ``None`` (never expires) or a finite number >= 0.

    Raises:
        ValueError: The value is negative, NaN or infinite.
    """
    if max_age_s is None:
        return None
    if isinstance(max_age_s, bool) or not math.isfinite(max_age_s) or max_age_s < 0:
        raise ValueError(
            f"max_age_s must be None (keep until refresh()) or a number of seconds >= 0, "
            f"got {max_age_s!r}"
        )
    return float(max_age_s)


def needs_reload(catalog: ProcessCatalog | None, now_s: float, max_age_s: float | None) -> bool:
    """Whether a lookup at ``now_s`` must load the list from the server first.

    Nothing loaded yet: yes. No age limit: never again (until ``refresh()``). Otherwise when
    the list is at least ``max_age_s`` old, so ``max_age_s=0`` reloads on every lookup. A clock
    that went backwards (not possible with a monotonic clock, but cheap to handle) reloads too.
    """
    if catalog is None:
        return True
    if max_age_s is None:
        return False
    age_s = now_s - catalog.loaded_at_s
    return age_s < 0 or age_s >= max_age_s

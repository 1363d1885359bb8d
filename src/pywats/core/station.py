"""Station identity: who produced a report (``machineName``, ``location``, ``purpose``).

WATS has no identity header; a station identifies itself only through these three report
fields (wats-api.md §1.2). The report service fills them from the active station on every
submitted report unless the caller already set them, so a configured identity can never get
lost on the way to the server.

A *hub* (one PC uploading for several test stations) keeps a :class:`StationRegistry` with
one active station.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["STATION_ENV_VAR", "Station", "StationRegistry", "StationSource", "resolve_station"]

STATION_ENV_VAR = "PYWATS_STATION"
DEFAULT_PURPOSE = "Production"
MAX_FIELD_LENGTH = 100  # WSJF limit for machineName, location and purpose


@dataclass(frozen=True)
class Station:
    """A test station as WATS sees it.

    Args:
        name: Sent as ``machineName``.
        location: Sent as ``location`` (e.g. a site or line).
        purpose: Sent as ``purpose`` (e.g. ``Production``, ``Debug``, ``Repair``).

    Example:
        >>> Station("ICT-01", "Oslo", "Production").report_fields()
        {'machineName': 'ICT-01', 'location': 'Oslo', 'purpose': 'Production'}
    """

    name: str
    location: str = ""
    purpose: str = DEFAULT_PURPOSE

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("station name must not be empty")
        for label, value in (("name", self.name), ("location", self.location)):
            if len(value) > MAX_FIELD_LENGTH:
                raise ValueError(f"station {label} is longer than {MAX_FIELD_LENGTH} characters")
        if len(self.purpose) > MAX_FIELD_LENGTH:
            raise ValueError(f"station purpose is longer than {MAX_FIELD_LENGTH} characters")

    @classmethod
    def from_environment(
        cls,
        *,
        location: str = "",
        purpose: str = DEFAULT_PURPOSE,
        environ: Mapping[str, str] | None = None,
    ) -> Station:
        """This computer: name from ``PYWATS_STATION``, else the upper-cased host name."""
        env = os.environ if environ is None else environ
        name = env.get(STATION_ENV_VAR, "").strip() or socket.gethostname().upper()
        return cls(name=name[:MAX_FIELD_LENGTH], location=location, purpose=purpose)

    def report_fields(self) -> dict[str, str]:
        """The WSJF root fields this station supplies."""
        return {"machineName": self.name, "location": self.location, "purpose": self.purpose}

    def missing_fields(self, current: Mapping[str, Any]) -> dict[str, str]:
        """The station fields a report ``current`` (WSJF keys) should be given.

        The one fill rule, used on submit and before a converted report is queued: a key
        that is absent or null is always filled (the server requires it); an empty string
        only by a real value; anything else the report says wins.
        """
        return {
            key: value
            for key, value in self.report_fields().items()
            if current.get(key) is None or (current.get(key) == "" and value)
        }


class StationRegistry:
    """Several named stations with one active (hub mode). Thread-safe.

    Example:
        >>> hub = StationRegistry([Station("ICT-01"), Station("FCT-02")])
        >>> hub.activate("FCT-02").name
        'FCT-02'
    """

    def __init__(self, stations: list[Station] | None = None, *, active: str | None = None) -> None:
        self._lock = threading.Lock()
        self._stations: dict[str, Station] = {}
        self._active: str | None = None
        for station in stations or []:
            self.add(station)
        if active is not None:
            self.activate(active)

    def __repr__(self) -> str:
        return f"StationRegistry(names={self.names!r}, active={self._active!r})"

    def __len__(self) -> int:
        with self._lock:
            return len(self._stations)

    def __iter__(self) -> Iterator[Station]:
        with self._lock:
            return iter(list(self._stations.values()))

    def __contains__(self, name: object) -> bool:
        with self._lock:
            return name in self._stations

    @property
    def names(self) -> list[str]:
        with self._lock:
            return list(self._stations)

    def add(self, station: Station, *, activate: bool = False) -> None:
        """Add or replace a station; the first one added becomes active."""
        with self._lock:
            self._stations[station.name] = station
            if activate or self._active is None:
                self._active = station.name

    def remove(self, name: str) -> Station:
        """Remove a station; if it was active, the first remaining one becomes active."""
        with self._lock:
            try:
                station = self._stations.pop(name)
            except KeyError:
                raise KeyError(f"no station named {name!r}") from None
            if self._active == name:
                self._active = next(iter(self._stations), None)
            return station

    def get(self, name: str) -> Station:
        with self._lock:
            try:
                return self._stations[name]
            except KeyError:
                raise KeyError(f"no station named {name!r}") from None

    def activate(self, name: str) -> Station:
        """Make ``name`` the station that fills submitted reports."""
        with self._lock:
            if name not in self._stations:
                raise KeyError(f"no station named {name!r}")
            self._active = name
            return self._stations[name]

    @property
    def active(self) -> Station:
        """The active station; ``LookupError`` when the registry is empty."""
        with self._lock:
            if self._active is None:
                raise LookupError("the station registry is empty")
            return self._stations[self._active]


StationSource = Station | StationRegistry
"""What a client accepts as identity: one station, or a registry whose active one is used."""


def resolve_station(source: StationSource) -> Station:
    """The station to use right now."""
    return source.active if isinstance(source, StationRegistry) else source

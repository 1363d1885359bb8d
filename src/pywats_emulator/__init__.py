"""A local WATS-compatible server for demos, tests, benchmarks and offline development.

It implements the WATS REST API of ``wats-api.md`` (same paths, JSON shapes, status codes and
token auth) on FastAPI + SQLite, validates reports like the server does, and can inject faults
(latency, errors, outages, 429). Its rules never come from :mod:`pywats` (it shares only the WSXF
codec and the safe XML parser), so the client and the emulator cannot hide each other's bugs.
See ``docs/emulator.md``.

Example:
    >>> from pywats_emulator import EmulatorServer
    >>> with EmulatorServer(token="secret") as server:  # doctest: +SKIP
    ...     print(server.url)
"""

from __future__ import annotations

from pywats_emulator.app import create_app
from pywats_emulator.config import WATS_VERSION, EmulatorConfig
from pywats_emulator.faults import FaultInjector, FaultSettings
from pywats_emulator.server import EmulatorServer

__all__ = [
    "WATS_VERSION",
    "EmulatorConfig",
    "EmulatorServer",
    "FaultInjector",
    "FaultSettings",
    "create_app",
]

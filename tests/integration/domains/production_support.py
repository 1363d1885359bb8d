"""Shared helpers of the production-domain integration tests: clients and small reports."""

from __future__ import annotations

import uuid
from typing import Any

from pywats import AsyncWATS, RetryConfig, Station, pyWATS
from pywats.core.throttle import RateLimiter
from pywats_emulator.testing import EmulatorServer

STATION = Station("PYWATS-IT-MES", "Integration lab", "Production")
FAST_RETRY = RetryConfig(base_delay_s=0.01, max_delay_s=0.5)


def async_client(server: EmulatorServer, **kwargs: Any) -> AsyncWATS:
    """An AsyncWATS for the test's emulator, with its own rate limiter and fast retries."""
    options: dict[str, Any] = {
        "station": STATION,
        "retry": FAST_RETRY,
        "rate_limiter": RateLimiter(),
        **kwargs,
    }
    return AsyncWATS(server.url, server.token, **options)


def sync_client(server: EmulatorServer, **kwargs: Any) -> pyWATS:
    options: dict[str, Any] = {"station": STATION, "rate_limiter": RateLimiter(), **kwargs}
    return pyWATS(server.url, server.token, **options)


def uut(
    serial_number: str,
    part_number: str,
    *,
    process_code: int = 50,
    result: str = "P",
    minute: int = 0,
    revision: str = "A",
) -> dict[str, Any]:
    """A small valid UUT report (WSJF data) starting at 10:<minute> on a fixed day."""
    return {
        "type": "T",
        "id": str(uuid.uuid4()),
        "pn": part_number,
        "sn": serial_number,
        "rev": revision,
        "processCode": process_code,
        "result": result,
        "start": f"2026-03-02T10:{minute:02d}:00+00:00",
        "uut": {"user": "operator"},
        "root": {
            "group": "M",
            "stepType": "SequenceCall",
            "name": "MainSequence Callback",
            "status": result,
        },
    }


def uur(
    serial_number: str, part_number: str, *, test_process_code: int = 50, minute: int = 30
) -> dict[str, Any]:
    """A small valid repair report of the unit, for a failure in ``test_process_code``."""
    return {
        "type": "R",
        "id": str(uuid.uuid4()),
        "pn": part_number,
        "sn": serial_number,
        "rev": "A",
        "processCode": 500,
        "result": "P",
        "start": f"2026-03-02T10:{minute:02d}:00+00:00",
        "uur": {"user": "tech", "processCode": test_process_code},
        "subUnits": [{"idx": 0, "pn": part_number, "rev": "A", "sn": serial_number}],
    }

"""Shared helpers of the product-domain integration tests (clients for the test emulator)."""

from __future__ import annotations

from typing import Any

from pywats import AsyncWATS, RetryConfig, Station, pyWATS
from pywats.core.throttle import RateLimiter
from pywats_emulator.testing import EmulatorServer

STATION = Station("PYWATS-IT-PRODUCT", "Integration lab", "Development")
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


def uut_report(part_number: str, serial_number: str) -> dict[str, Any]:
    """A small valid UUT report (WSJF data)."""
    return {
        "type": "T",
        "pn": part_number,
        "sn": serial_number,
        "rev": "A",
        "processCode": 100,
        "result": "P",
        "start": "2026-02-01T08:00:00+00:00",
        "uut": {"user": "operator"},
        "root": {
            "group": "M",
            "stepType": "SequenceCall",
            "name": "MainSequence Callback",
            "status": "P",
        },
    }

"""Shared helpers of the asset-domain integration tests: clients and a typical asset type."""

from __future__ import annotations

from typing import Any

from pywats import AsyncWATS, RetryConfig, Station, pyWATS
from pywats.core.throttle import RateLimiter
from pywats.domains.asset import AssetType
from pywats_emulator.testing import EmulatorServer

STATION = Station("PYWATS-IT-ASSET", "Integration lab", "Development")
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
    """A pyWATS (blocking) client for the test's emulator."""
    options: dict[str, Any] = {"station": STATION, "rate_limiter": RateLimiter(), **kwargs}
    return pyWATS(server.url, server.token, **options)


def fixture_type(**overrides: Any) -> AssetType:
    """A test-fixture type: 1000 uses between probe changes, yearly calibration, 80/95 %."""
    values: dict[str, Any] = {
        "type_name": "Test fixture",
        "running_count_limit": 1000,
        "total_count_limit": 100000,
        "calibration_interval": 365,
        "maintenance_interval": 90,
        "warning_threshold": 80,
        "alarm_threshold": 95,
        **overrides,
    }
    return AssetType(**values)


def requests_sent(server: EmulatorServer) -> int:
    """How many requests the emulator has received so far."""
    return int(server.stats()["requests_total"])

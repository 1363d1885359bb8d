"""Core of the API library: HTTP, retry, throttling, circuit breaker, errors, sync bridge."""

from __future__ import annotations

from pywats.core.circuit import CircuitBreaker, CircuitState
from pywats.core.errors import (
    ApiError,
    AuthenticationError,
    AuthorizationError,
    CircuitOpenError,
    ConfigurationError,
    ConflictError,
    ConnectionError,
    EmptyResponseError,
    ErrorHandler,
    ErrorMode,
    NotFoundError,
    PyWATSError,
    RateLimitError,
    ServerError,
    TimeoutError,
    TransportError,
    ValidationError,
)
from pywats.core.http import AsyncHttpClient, Response
from pywats.core.retry import RetryConfig, RetryStats, RetryStatsSnapshot
from pywats.core.settings import Credentials
from pywats.core.station import Station, StationRegistry
from pywats.core.sync import SyncPortal
from pywats.core.throttle import RateLimiter, ThrottleStats, configure_throttling

__all__ = [
    "ApiError",
    "AsyncHttpClient",
    "AuthenticationError",
    "AuthorizationError",
    "CircuitBreaker",
    "CircuitOpenError",
    "CircuitState",
    "ConfigurationError",
    "ConflictError",
    "ConnectionError",
    "Credentials",
    "EmptyResponseError",
    "ErrorHandler",
    "ErrorMode",
    "NotFoundError",
    "PyWATSError",
    "RateLimitError",
    "RateLimiter",
    "Response",
    "RetryConfig",
    "RetryStats",
    "RetryStatsSnapshot",
    "ServerError",
    "Station",
    "StationRegistry",
    "SyncPortal",
    "ThrottleStats",
    "TimeoutError",
    "TransportError",
    "ValidationError",
    "configure_throttling",
]

"""pyWATS: Python API library for WATS test-data servers.

Two entry points with the same methods: :class:`pyWATS` (blocking, thread-safe) and
:class:`AsyncWATS` (asyncio). Both expose the domains as attributes (``.report``,
``.analytics``...).

Example:
    >>> from pywats import pyWATS
    >>> with pyWATS("https://acme.wats.com", "TOKEN") as wats:  # doctest: +SKIP
    ...     report_id = wats.report.submit_report(report)
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from pywats.client import AsyncWATS
from pywats.core.circuit import CircuitState
from pywats.core.errors import (
    ApiError,
    AuthenticationError,
    AuthorizationError,
    CircuitOpenError,
    ConfigurationError,
    ConflictError,
    ConnectionError,
    EmptyResponseError,
    ErrorMode,
    NotFoundError,
    PyWATSError,
    RateLimitError,
    ServerError,
    TimeoutError,
    TransportError,
    ValidationError,
)
from pywats.core.retry import RetryConfig
from pywats.core.station import Station, StationRegistry
from pywats.core.throttle import RateLimiter, configure_throttling
from pywats.domains.report.models import ReportHeader, UURReport, UUTReport, parse_report
from pywats.sync_client import pyWATS

try:
    __version__ = version("pywats")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

__all__ = [
    "ApiError",
    "AsyncWATS",
    "AuthenticationError",
    "AuthorizationError",
    "CircuitOpenError",
    "CircuitState",
    "ConfigurationError",
    "ConflictError",
    "ConnectionError",
    "EmptyResponseError",
    "ErrorMode",
    "NotFoundError",
    "PyWATSError",
    "RateLimitError",
    "RateLimiter",
    "ReportHeader",
    "RetryConfig",
    "ServerError",
    "Station",
    "StationRegistry",
    "TimeoutError",
    "TransportError",
    "UURReport",
    "UUTReport",
    "ValidationError",
    "__version__",
    "configure_throttling",
    "parse_report",
    "pyWATS",
]

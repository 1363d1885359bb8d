"""``AsyncWATS``: the async entry point of the API library.

It owns one :class:`~pywats.core.http.AsyncHttpClient` (one connection pool) and exposes
each domain service lazily as an attribute (``.report``, ``.analytics``; the other domains of
:data:`pywats.domains.SERVICES` join the same way). The sync ``pyWATS`` runs exactly this
object on a background loop, so there is one implementation of every call.
"""

from __future__ import annotations

import ssl
from types import TracebackType

from pywats.core.circuit import CircuitState
from pywats.core.errors import ErrorHandler, ErrorMode, PyWATSError
from pywats.core.http import AsyncHttpClient
from pywats.core.retry import RetryConfig, RetryStatsSnapshot
from pywats.core.settings import resolve_credentials
from pywats.core.station import Station, StationSource, resolve_station
from pywats.core.throttle import RateLimiter, ThrottleStats
from pywats.domains.analytics.repository import AsyncAnalyticsRepository
from pywats.domains.analytics.service import AsyncAnalyticsService
from pywats.domains.report.repository import AsyncReportRepository
from pywats.domains.report.service import AsyncReportService

__all__ = ["AsyncWATS"]


class AsyncWATS:
    """Async client for one WATS server.

    Args:
        base_url: Server root, e.g. ``"https://acme.wats.com"`` (``/api`` suffix and a
            missing scheme are tolerated). Defaults to ``PYWATS_SERVER_URL``.
        token: API token from WATS Control Panel → Tokens. Defaults to ``PYWATS_API_TOKEN``.
        timeout_s: Default per-request timeout.
        verify: TLS verification (on by default), a CA bundle path or an ``ssl.SSLContext``.
        proxy: Proxy URL.
        retry: Retry settings (default: 3 attempts, backoff from 1 s, capped at 30 s).
        error_mode: ``STRICT`` raises on every error; ``LENIENT`` returns ``None`` for 404.
        station: Identity written into submitted reports (a :class:`Station`, or a
            :class:`StationRegistry` whose active station is used). Default: this computer.
        rate_limiter: Limiter for this client; default is the process-wide one.

    Raises:
        ConfigurationError: No server URL or token was given or found.

    Example:
        >>> async def main() -> None:  # doctest: +SKIP
        ...     async with AsyncWATS("https://acme.wats.com", "TOKEN") as wats:
        ...         print(await wats.analytics.get_version())
    """

    def __init__(
        self,
        base_url: str | None = None,
        token: str | None = None,
        *,
        timeout_s: float = 30.0,
        verify: bool | str | ssl.SSLContext = True,
        proxy: str | None = None,
        retry: RetryConfig | None = None,
        error_mode: ErrorMode = ErrorMode.STRICT,
        station: StationSource | None = None,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        credentials = resolve_credentials(base_url, token)
        self._http = AsyncHttpClient(
            credentials.base_url,
            credentials.token,
            timeout_s=timeout_s,
            verify=verify,
            proxy=proxy,
            retry=retry,
            rate_limiter=rate_limiter,
        )
        self._errors = ErrorHandler(error_mode)
        self._station_source: StationSource = station or Station.from_environment()
        self._report: AsyncReportService | None = None
        self._analytics: AsyncAnalyticsService | None = None

    def __repr__(self) -> str:
        return f"AsyncWATS(base_url={self.base_url!r}, error_mode={self.error_mode.name})"

    async def __aenter__(self) -> AsyncWATS:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool (idempotent)."""
        await self._http.aclose()

    # -- domain services (created on first use) -------------------------------------------

    @property
    def report(self) -> AsyncReportService:
        """Submit, read and query test (UUT) and repair (UUR) reports."""
        if self._report is None:
            self._report = AsyncReportService(
                AsyncReportRepository(self._http, self._errors), self._station_source
            )
        return self._report

    @property
    def analytics(self) -> AsyncAnalyticsService:
        """Server metadata (version, processes, levels, product groups) and statistics."""
        if self._analytics is None:
            self._analytics = AsyncAnalyticsService(
                AsyncAnalyticsRepository(self._http, self._errors)
            )
        return self._analytics

    # -- state and statistics ---------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return self._http.base_url

    @property
    def error_mode(self) -> ErrorMode:
        return self._errors.mode

    @property
    def station(self) -> Station:
        """The station that fills ``machineName``/``location``/``purpose`` right now."""
        return resolve_station(self._station_source)

    @property
    def http(self) -> AsyncHttpClient:
        """The underlying HTTP client (for endpoints no service wraps yet)."""
        return self._http

    @property
    def retry_stats(self) -> RetryStatsSnapshot:
        """Attempts, retries and give-ups of this client so far."""
        return self._http.retry_stats.snapshot()

    @property
    def circuit_state(self) -> CircuitState:
        return self._http.circuit_breaker.state

    @property
    def throttle_stats(self) -> ThrottleStats:
        """Statistics of the rate limiter this client uses (shared when process-wide)."""
        return self._http.rate_limiter.stats()

    async def test_connection(self) -> bool:
        """``True`` when the server answers ``GET /api/App/Version`` with a version.

        Never raises for server or network problems; use ``analytics.get_version()`` to see
        the reason.
        """
        try:
            return bool(await self.analytics.get_version())
        except PyWATSError:
            return False

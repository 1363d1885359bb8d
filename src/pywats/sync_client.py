"""``pyWATS``: the blocking entry point, a thin shell around :class:`AsyncWATS`.

There is no second implementation: ``pyWATS`` starts one background event-loop thread (a
:class:`~pywats.core.sync.SyncPortal`), builds an ``AsyncWATS`` on it and runs every call
there. The sync services (``.report``, ``.analytics``...) are generated, fully typed twins
of the async ones (``scripts/generate_sync.py``), so names, signatures and docstrings match.

One instance is safe to share between threads and can be used from code that is itself
running an event loop.
"""

from __future__ import annotations

import ssl
import threading
from types import TracebackType

from pywats._sync.analytics import AnalyticsService
from pywats._sync.report import ReportService
from pywats.client import AsyncWATS
from pywats.core.circuit import CircuitState
from pywats.core.errors import ErrorMode
from pywats.core.retry import RetryConfig, RetryStatsSnapshot
from pywats.core.settings import resolve_credentials
from pywats.core.station import Station, StationSource
from pywats.core.sync import SyncPortal
from pywats.core.throttle import RateLimiter, ThrottleStats

__all__ = ["pyWATS"]


class pyWATS:
    """Blocking client for one WATS server. Same constructor as :class:`AsyncWATS`.

    Args:
        base_url: Server root; defaults to ``PYWATS_SERVER_URL``.
        token: API token; defaults to ``PYWATS_API_TOKEN``.
        timeout_s: Default per-request timeout.
        verify: TLS verification (on by default), a CA bundle path or an ``ssl.SSLContext``.
        proxy: Proxy URL.
        retry: Retry settings.
        error_mode: ``STRICT`` raises on every error; ``LENIENT`` returns ``None`` for 404.
        station: Identity written into submitted reports (``Station`` or ``StationRegistry``).
        rate_limiter: Limiter for this client; default is the process-wide one.

    Example:
        >>> with pyWATS("https://acme.wats.com", "TOKEN") as wats:  # doctest: +SKIP
        ...     print(wats.analytics.get_version())
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
        # Fail on missing credentials before a thread is started.
        credentials = resolve_credentials(base_url, token)

        async def build() -> AsyncWATS:
            # Built on the portal loop, so every async object belongs to that loop.
            return AsyncWATS(
                credentials.base_url,
                credentials.token,
                timeout_s=timeout_s,
                verify=verify,
                proxy=proxy,
                retry=retry,
                error_mode=error_mode,
                station=station,
                rate_limiter=rate_limiter,
            )

        self._portal = SyncPortal(name="pywats-sync")
        try:
            self._async = self._portal.call(build)
        except BaseException:
            self._portal.close()
            raise
        self._lock = threading.Lock()
        self._report: ReportService | None = None
        self._analytics: AnalyticsService | None = None

    def __repr__(self) -> str:
        return f"pyWATS(base_url={self.base_url!r}, error_mode={self.error_mode.name})"

    def __enter__(self) -> pyWATS:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool and stop the background thread (idempotent)."""
        if self._portal.closed:
            return
        try:
            self._portal.call(self._async.aclose)
        finally:
            self._portal.close()

    @property
    def closed(self) -> bool:
        return self._portal.closed

    # -- domain services (generated sync twins, created on first use) -----------------------

    @property
    def report(self) -> ReportService:
        """Submit, read and query test (UUT) and repair (UUR) reports."""
        with self._lock:
            if self._report is None:
                self._report = ReportService(self._async.report, self._portal)
            return self._report

    @property
    def analytics(self) -> AnalyticsService:
        """Server metadata (version, processes, levels, product groups) and statistics."""
        with self._lock:
            if self._analytics is None:
                self._analytics = AnalyticsService(self._async.analytics, self._portal)
            return self._analytics

    # -- state and statistics ---------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return self._async.base_url

    @property
    def error_mode(self) -> ErrorMode:
        return self._async.error_mode

    @property
    def station(self) -> Station:
        return self._async.station

    @property
    def retry_stats(self) -> RetryStatsSnapshot:
        return self._async.retry_stats

    @property
    def circuit_state(self) -> CircuitState:
        return self._async.circuit_state

    @property
    def throttle_stats(self) -> ThrottleStats:
        return self._async.throttle_stats

    def test_connection(self) -> bool:
        """``True`` when the server answers ``GET /api/App/Version`` with a version."""
        return self._portal.call(self._async.test_connection)

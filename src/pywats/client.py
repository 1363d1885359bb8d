"""``AsyncWATS``: the async entry point of the API library.

It owns one :class:`~pywats.core.http.AsyncHttpClient` (one connection pool) and exposes
each domain service lazily as an attribute (``.report``, ``.analytics``; the other domains of
:data:`pywats.domains.SERVICES` join the same way). The sync ``pyWATS`` runs exactly this
object on a background loop, so there is one implementation of every call.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

from pywats.core.circuit import CircuitState
from pywats.core.errors import ErrorHandler, ErrorMode, PyWATSError
from pywats.core.http import AsyncHttpClient
from pywats.core.retry import RetryConfig, RetryStatsSnapshot
from pywats.core.settings import resolve_credentials
from pywats.core.station import Station, StationSource, resolve_station
from pywats.core.throttle import RateLimiter, ThrottleStats
from pywats.domains.analytics.repository import AsyncAnalyticsRepository
from pywats.domains.analytics.service import AsyncAnalyticsService
from pywats.domains.asset.repository import AsyncAssetRepository
from pywats.domains.asset.service import AsyncAssetService
from pywats.domains.manual_inspection.repository import AsyncManualInspectionRepository
from pywats.domains.manual_inspection.service import AsyncManualInspectionService
from pywats.domains.process.repository import AsyncProcessRepository
from pywats.domains.process.service import AsyncProcessService
from pywats.domains.product.repository import AsyncProductRepository
from pywats.domains.product.service import AsyncProductService
from pywats.domains.production.repository import AsyncProductionRepository
from pywats.domains.production.service import AsyncProductionService
from pywats.domains.report.repository import AsyncReportRepository
from pywats.domains.report.service import AsyncReportService
from pywats.domains.rootcause.repository import AsyncRootCauseRepository
from pywats.domains.rootcause.service import AsyncRootCauseService
from pywats.domains.scim.repository import AsyncScimRepository
from pywats.domains.scim.service import AsyncScimService
from pywats.domains.software.repository import AsyncSoftwareRepository
from pywats.domains.software.service import AsyncSoftwareService

__all__ = ["AsyncWATS"]

_ServiceT = TypeVar("_ServiceT")


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
        self._services: dict[str, Any] = {}

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

    def _service(self, name: str, build: Callable[[], _ServiceT]) -> _ServiceT:
        """The domain service ``name``, built on first use and kept for the client's life."""
        if name not in self._services:
            self._services[name] = build()
        service: _ServiceT = self._services[name]
        return service

    @property
    def report(self) -> AsyncReportService:
        """Submit, read and query test (UUT) and repair (UUR) reports."""
        return self._service(
            "report",
            lambda: AsyncReportService(
                AsyncReportRepository(self._http, self._errors), self._station_source
            ),
        )

    @property
    def analytics(self) -> AsyncAnalyticsService:
        """Server metadata (version, processes, levels, product groups) and statistics."""
        return self._service(
            "analytics",
            lambda: AsyncAnalyticsService(AsyncAnalyticsRepository(self._http, self._errors)),
        )

    @property
    def product(self) -> AsyncProductService:
        """Products, revisions, groups, vendors, BOMs and product tags."""
        return self._service(
            "product", lambda: AsyncProductService(AsyncProductRepository(self._http, self._errors))
        )

    @property
    def asset(self) -> AsyncAssetService:
        """Assets and asset types: counts, calibration, maintenance, state, log and files."""
        return self._service(
            "asset", lambda: AsyncAssetService(AsyncAssetRepository(self._http, self._errors))
        )

    @property
    def production(self) -> AsyncProductionService:
        """Units, unit verification, serial numbers, phases, child units and batches (MES)."""
        return self._service(
            "production",
            lambda: AsyncProductionService(AsyncProductionRepository(self._http, self._errors)),
        )

    @property
    def software(self) -> AsyncSoftwareService:
        """Software packages for stations: status workflow, files, virtual folders."""
        return self._service(
            "software",
            lambda: AsyncSoftwareService(AsyncSoftwareRepository(self._http, self._errors)),
        )

    @property
    def rootcause(self) -> AsyncRootCauseService:
        """RootCause tickets: create, comment, assign, change status, archive, attachments."""
        return self._service(
            "rootcause",
            lambda: AsyncRootCauseService(AsyncRootCauseRepository(self._http, self._errors)),
        )

    @property
    def process(self) -> AsyncProcessService:
        """Processes (test, repair, WIP operations) from a local cache, and repair configs."""
        return self._service(
            "process", lambda: AsyncProcessService(AsyncProcessRepository(self._http, self._errors))
        )

    @property
    def scim(self) -> AsyncScimService:
        """SCIM user provisioning (users and provisioning tokens)."""
        return self._service(
            "scim", lambda: AsyncScimService(AsyncScimRepository(self._http, self._errors))
        )

    @property
    def manual_inspection(self) -> AsyncManualInspectionService:
        """Manual inspection definitions, relations and sequences (internal API)."""
        return self._service(
            "manual_inspection",
            lambda: AsyncManualInspectionService(
                AsyncManualInspectionRepository(self._http, self._errors)
            ),
        )

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

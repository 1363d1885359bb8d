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
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

from pywats._sync.analytics import AnalyticsService
from pywats._sync.asset import AssetService
from pywats._sync.manual_inspection import ManualInspectionService
from pywats._sync.process import ProcessService
from pywats._sync.product import ProductService
from pywats._sync.production import ProductionService
from pywats._sync.report import ReportService
from pywats._sync.rootcause import RootCauseService
from pywats._sync.scim import ScimService
from pywats._sync.software import SoftwareService
from pywats.client import AsyncWATS
from pywats.core.circuit import CircuitState
from pywats.core.errors import ErrorMode
from pywats.core.retry import RetryConfig, RetryStatsSnapshot
from pywats.core.settings import resolve_credentials
from pywats.core.station import Station, StationSource
from pywats.core.sync import SyncPortal
from pywats.core.throttle import RateLimiter, ThrottleStats

__all__ = ["pyWATS"]

_TwinT = TypeVar("_TwinT")


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
        self._twins: dict[str, Any] = {}

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

    def _twin(self, name: str, build: Callable[[], _TwinT]) -> _TwinT:
        """The sync twin of domain ``name``, built on first use (thread-safe)."""
        with self._lock:
            if name not in self._twins:
                self._twins[name] = build()
            twin: _TwinT = self._twins[name]
            return twin

    @property
    def report(self) -> ReportService:
        """Submit, read and query test (UUT) and repair (UUR) reports."""
        return self._twin("report", lambda: ReportService(self._async.report, self._portal))

    @property
    def analytics(self) -> AnalyticsService:
        """Server metadata (version, processes, levels, product groups) and statistics."""
        return self._twin(
            "analytics", lambda: AnalyticsService(self._async.analytics, self._portal)
        )

    @property
    def product(self) -> ProductService:
        """Products, revisions, groups, vendors, BOMs and product tags."""
        return self._twin("product", lambda: ProductService(self._async.product, self._portal))

    @property
    def asset(self) -> AssetService:
        """Assets and asset types: counts, calibration, maintenance, state, log and files."""
        return self._twin("asset", lambda: AssetService(self._async.asset, self._portal))

    @property
    def production(self) -> ProductionService:
        """Units, unit verification, serial numbers, phases, child units and batches (MES)."""
        return self._twin(
            "production", lambda: ProductionService(self._async.production, self._portal)
        )

    @property
    def software(self) -> SoftwareService:
        """Software packages for stations: status workflow, files, virtual folders."""
        return self._twin("software", lambda: SoftwareService(self._async.software, self._portal))

    @property
    def rootcause(self) -> RootCauseService:
        """RootCause tickets: create, comment, assign, change status, archive, attachments."""
        return self._twin(
            "rootcause", lambda: RootCauseService(self._async.rootcause, self._portal)
        )

    @property
    def process(self) -> ProcessService:
        """Processes (test, repair, WIP operations) from a local cache, and repair configs."""
        return self._twin("process", lambda: ProcessService(self._async.process, self._portal))

    @property
    def scim(self) -> ScimService:
        """SCIM user provisioning (users and provisioning tokens)."""
        return self._twin("scim", lambda: ScimService(self._async.scim, self._portal))

    @property
    def manual_inspection(self) -> ManualInspectionService:
        """Manual inspection definitions, relations and sequences (internal API)."""
        return self._twin(
            "manual_inspection",
            lambda: ManualInspectionService(self._async.manual_inspection, self._portal),
        )

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

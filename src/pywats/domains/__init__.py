"""Domain packages of the API library, one per area of the WATS API.

Each domain has ``models.py`` (pydantic), ``repository.py`` (``Async<Domain>Repository``:
builds HTTP calls, parses responses) and ``service.py`` (``Async<Domain>Service``: logic and
validation). :data:`SERVICES` is the single list of service classes: the async client exposes
each one as an attribute, and ``scripts/generate_sync.py`` writes a typed sync twin for each
into ``pywats/_sync/<domain>.py``. Adding a domain = add it here, add the two client
properties, run the generator.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SERVICES", "ServiceSpec"]


@dataclass(frozen=True)
class ServiceSpec:
    """Where a domain's async service lives, and what its sync twin is called."""

    domain: str
    """Attribute name on the clients and module name under ``pywats._sync``."""
    module: str
    """Module that defines the async service class."""
    async_class: str
    """Name of the async service class (``Async<Domain>Service``)."""

    @property
    def sync_class(self) -> str:
        """Name of the generated sync class (the async name without ``Async``)."""
        return self.async_class.removeprefix("Async")


SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec("report", "pywats.domains.report.service", "AsyncReportService"),
    ServiceSpec("analytics", "pywats.domains.analytics.service", "AsyncAnalyticsService"),
    ServiceSpec("product", "pywats.domains.product.service", "AsyncProductService"),
    ServiceSpec("asset", "pywats.domains.asset.service", "AsyncAssetService"),
    ServiceSpec("production", "pywats.domains.production.service", "AsyncProductionService"),
    ServiceSpec("software", "pywats.domains.software.service", "AsyncSoftwareService"),
    ServiceSpec("rootcause", "pywats.domains.rootcause.service", "AsyncRootCauseService"),
    ServiceSpec("process", "pywats.domains.process.service", "AsyncProcessService"),
    ServiceSpec("scim", "pywats.domains.scim.service", "AsyncScimService"),
    ServiceSpec(
        "manual_inspection",
        "pywats.domains.manual_inspection.service",
        "AsyncManualInspectionService",
    ),
)

"""The service figures the health endpoint publishes, frozen at one instant.

The service builds a :class:`HealthSnapshot` on demand (a cheap, synchronous callable); the
HTTP server and :func:`~pywats_client.health.metrics.render_metrics` only read it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["QUEUE_STATES", "READY_STATE", "SERVICE_STATES", "HealthSnapshot"]

# Mirrors the service's state enum (DESIGN.md); metrics list every one so dashboards see 0s.
SERVICE_STATES = ("STOPPED", "START_PENDING", "RUNNING", "STOP_PENDING", "PAUSED", "ERROR")
READY_STATE = "RUNNING"
QUEUE_STATES = ("pending", "processing", "completed", "failed")


@dataclass(frozen=True)
class HealthSnapshot:
    """Service health at one instant.

    Args:
        state: Service state name, e.g. ``"RUNNING"``.
        server_online: Whether the WATS server answered the last ping.
        started_at: Service start, unix time (s).
        version: pyWATS version.
        instance_id: Station service instance id.
        queue_depth: Number of queued reports per state (``pending``, ``processing``...).
        oldest_pending_age_s: Age of the oldest pending report, ``None`` when none is pending.
        uploads_ok: Reports delivered since start.
        uploads_failed: Upload attempts that failed since start.
        conversions_ok: Files converted since start.
        conversions_failed: Conversions that failed since start.
        last_successful_upload_at: Unix time (s) of the last delivery, ``None`` if none yet.
    """

    state: str
    server_online: bool
    started_at: float
    version: str
    instance_id: str
    queue_depth: Mapping[str, int] = field(default_factory=dict)
    oldest_pending_age_s: float | None = None
    uploads_ok: int = 0
    uploads_failed: int = 0
    conversions_ok: int = 0
    conversions_failed: int = 0
    last_successful_upload_at: float | None = None

    @property
    def ready(self) -> bool:
        """Ready to do its job: the service is RUNNING."""
        return self.state == READY_STATE

    def to_dict(self) -> dict[str, Any]:
        """JSON-able view for ``/health``."""
        return {
            "state": self.state,
            "server_online": self.server_online,
            "started_at": self.started_at,
            "version": self.version,
            "instance_id": self.instance_id,
            "queue_depth": dict(self.queue_depth),
            "oldest_pending_age_s": self.oldest_pending_age_s,
            "uploads": {"ok": self.uploads_ok, "failed": self.uploads_failed},
            "conversions": {"ok": self.conversions_ok, "failed": self.conversions_failed},
            "last_successful_upload_at": self.last_successful_upload_at,
        }

"""Loopback HTTP health endpoint of the station service: ``/health``, ``/ready``, ``/metrics``.

``/health`` is liveness (200 while the event loop answers), ``/ready`` is 200 only while the
service is RUNNING (503 with the reason otherwise), ``/metrics`` is Prometheus text 0.0.4 with
``pywats_`` metrics. Binds to 127.0.0.1 by default and refuses a non-loopback host unless
explicitly allowed.

Example::

    health = HealthServer(service.health_snapshot, port=config.health_port)
    async with health:
        ...
"""

from __future__ import annotations

from pywats_client.health.metrics import CONTENT_TYPE, render_metrics
from pywats_client.health.server import HealthServer
from pywats_client.health.snapshot import (
    QUEUE_STATES,
    READY_STATE,
    SERVICE_STATES,
    HealthSnapshot,
)

__all__ = [
    "CONTENT_TYPE",
    "QUEUE_STATES",
    "READY_STATE",
    "SERVICE_STATES",
    "HealthServer",
    "HealthSnapshot",
    "render_metrics",
]

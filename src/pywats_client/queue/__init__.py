"""Persistent upload queue (SQLite) and its retry policy.

The service feeds it (``enqueue``), the uploader drains it (``claim`` then ``mark_*``), the
CLI and IPC inspect and repair it (``list``, ``stats``, ``retry_failed``, ``purge``), and
bundles carry it between machines (``export_bundle`` / ``import_bundle``).
"""

from __future__ import annotations

from pywats_client.queue.bundle import BUNDLE_FORMAT, BUNDLE_VERSION
from pywats_client.queue.models import (
    BundleError,
    ImportResult,
    QueueError,
    QueueItem,
    QueueItemNotFound,
    QueueState,
    QueueStats,
    validate_report_id,
)
from pywats_client.queue.policy import next_retry_delay_s, should_give_up
from pywats_client.queue.store import QueueStore

__all__ = [
    "BUNDLE_FORMAT",
    "BUNDLE_VERSION",
    "BundleError",
    "ImportResult",
    "QueueError",
    "QueueItem",
    "QueueItemNotFound",
    "QueueState",
    "QueueStats",
    "QueueStore",
    "next_retry_delay_s",
    "should_give_up",
    "validate_report_id",
]

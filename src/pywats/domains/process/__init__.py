"""Process domain (wats-api.md §2.8): processes (operation types) and repair configurations."""

from __future__ import annotations

from pywats.domains.process.models import (
    ProcessDetail,
    ProcessInfo,
    ProcessKind,
    RepairCategory,
    RepairOperationConfig,
)
from pywats.domains.process.repository import AsyncProcessRepository, UnknownProcessError
from pywats.domains.process.service import AsyncProcessService

__all__ = [
    "AsyncProcessRepository",
    "AsyncProcessService",
    "ProcessDetail",
    "ProcessInfo",
    "ProcessKind",
    "RepairCategory",
    "RepairOperationConfig",
    "UnknownProcessError",
]

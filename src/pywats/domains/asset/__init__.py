"""Asset domain (wats-api.md §2.4): equipment used in production, its types, usage counts,
calibration, maintenance, state, log and files.

Use it through ``AsyncWATS(...).asset`` or ``pyWATS(...).asset``; the models, enums and filter
fields are importable from here.
"""

from __future__ import annotations

from pywats.domains.asset.filters import AssetFields, AssetLogFields, AssetTypeFields
from pywats.domains.asset.models import (
    AlarmSource,
    AlarmState,
    Asset,
    AssetAlarm,
    AssetLogEntry,
    AssetLogType,
    AssetState,
    AssetStatus,
    AssetType,
    IntervalMode,
    Setting,
    SettingChange,
)
from pywats.domains.asset.repository import AsyncAssetRepository
from pywats.domains.asset.service import AsyncAssetService

__all__ = [
    "AlarmSource",
    "AlarmState",
    "Asset",
    "AssetAlarm",
    "AssetFields",
    "AssetLogEntry",
    "AssetLogFields",
    "AssetLogType",
    "AssetState",
    "AssetStatus",
    "AssetType",
    "AssetTypeFields",
    "AsyncAssetRepository",
    "AsyncAssetService",
    "IntervalMode",
    "Setting",
    "SettingChange",
]

"""Checking the arguments that name an asset or carry a date, before anything is sent."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pywats.domains.asset.repository import AssetRef

__all__ = ["asset_ref", "iso_datetime"]


def asset_ref(asset_id: str | UUID | None, serial_number: str | None) -> AssetRef:
    """The query parameters naming one asset; exactly one of the two must be given.

    Example:
        >>> asset_ref(None, "FX-001")
        {'serialNumber': 'FX-001'}
    """
    if (asset_id is None) == (serial_number is None):
        raise ValueError("give exactly one of asset_id and serial_number to name the asset")
    if asset_id is not None:
        if not str(asset_id).strip():
            raise ValueError("asset_id must not be empty")
        return {"id": str(asset_id)}
    assert serial_number is not None
    if not serial_number.strip():
        raise ValueError("serial_number must not be empty")
    return {"serialNumber": serial_number}


def iso_datetime(value: datetime, name: str) -> str:
    """ISO-8601 text of a timezone-aware datetime; naive ones are refused."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{name} is a naive datetime ({value.isoformat()}): give it a timezone, e.g. "
            "datetime(..., tzinfo=timezone.utc) or datetime.now().astimezone()"
        )
    return value.isoformat()

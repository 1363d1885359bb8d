"""Asset usage and upkeep: counts, calibration and maintenance (part of the asset service).

Kept apart from :mod:`.service` so each module stays one concern; :class:`AsyncAssetService`
inherits these methods (and the generated sync twin mirrors them like its own).

Counts: the *running count* is usage since the last reset (e.g. since a probe change), the
*total count* lifetime usage; the asset type's limits and thresholds turn them into an alarm
state. Calibration and maintenance move the asset's last date; the next one falls due after the
type's interval (normal mode) or at the ``to_date`` of an external one (external mode).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pywats.domains.asset.arguments import asset_ref, iso_datetime
from pywats.domains.asset.repository import AsyncAssetRepository

__all__ = ["AsyncAssetCountsMixin"]


def _count(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be an integer >= 0, got {value!r}")
    return value


class AsyncAssetCountsMixin:
    """Count, calibration and maintenance operations of :class:`AsyncAssetService`."""

    _repository: AsyncAssetRepository

    async def increment_count(
        self,
        asset_id: str | UUID | None = None,
        *,
        serial_number: str | None = None,
        increment_by: int | None = None,
        total_count: int | None = None,
        increment_children: bool = True,
    ) -> None:
        """Record usage: add to the running and total counts (by default of sub-assets too).

        Give ``increment_by`` (default 1) *or* ``total_count`` (the total the asset has now
        reached, e.g. a fixture's own counter; the difference is added). An ``increment_by``
        call is never retried automatically: a retry after a lost answer would count twice.

        Args:
            asset_id: The asset's id, or
            serial_number: its serial number.
            increment_by: How much to add (>= 0).
            total_count: The new total count (not below the current one).
            increment_children: Count the sub-assets' usage as well.

        Raises:
            ValueError: Both ``increment_by`` and ``total_count``, or a negative value.
            ValidationError: ``total_count`` is below the current total.
            NotFoundError: No such asset.
        """
        if increment_by is not None and total_count is not None:
            raise ValueError("give increment_by or total_count, not both")
        if total_count is None:
            increment_by = _count(1 if increment_by is None else increment_by, "increment_by")
        else:
            total_count = _count(total_count, "total_count")
        await self._repository.update_count(
            asset_ref(asset_id, serial_number),
            total_count=total_count,
            increment_by=increment_by,
            increment_children=increment_children,
        )

    update_count = increment_count

    async def reset_running_count(
        self,
        asset_id: str | UUID | None = None,
        *,
        serial_number: str | None = None,
        comment: str | None = None,
    ) -> None:
        """Set the running count to 0 (logged as a count reset, with ``comment``)."""
        ref = asset_ref(asset_id, serial_number)
        await self._repository.reset_running_count(ref, comment=comment)

    async def set_running_count(
        self,
        running_count: int,
        asset_id: str | UUID | None = None,
        *,
        serial_number: str | None = None,
    ) -> None:
        """Set the running count to a value (>= 0); logged as a count reset."""
        value = _count(running_count, "running_count")
        await self._repository.set_running_count(asset_ref(asset_id, serial_number), value)

    async def set_total_count(
        self,
        total_count: int,
        asset_id: str | UUID | None = None,
        *,
        serial_number: str | None = None,
    ) -> None:
        """Set the total count to a value (>= 0); logged as a count reset."""
        value = _count(total_count, "total_count")
        await self._repository.set_total_count(asset_ref(asset_id, serial_number), value)

    # -- calibration and maintenance ----------------------------------------------------------

    async def post_calibration(
        self,
        asset_id: str | UUID | None = None,
        *,
        serial_number: str | None = None,
        date_time: datetime | None = None,
        comment: str | None = None,
    ) -> None:
        """Record a calibration; the next one falls due after the type's interval.

        Args:
            asset_id: The asset's id, or
            serial_number: its serial number.
            date_time: When it was done (timezone-aware; server default: now).
            comment: Text for the asset log.
        """
        await self._repository.post_calibration(
            asset_ref(asset_id, serial_number),
            date_time=None if date_time is None else iso_datetime(date_time, "date_time"),
            comment=comment,
        )

    async def post_maintenance(
        self,
        asset_id: str | UUID | None = None,
        *,
        serial_number: str | None = None,
        date_time: datetime | None = None,
        comment: str | None = None,
    ) -> None:
        """Record a maintenance; the next one falls due after the type's interval.

        Args:
            asset_id: The asset's id, or
            serial_number: its serial number.
            date_time: When it was done (timezone-aware; server default: now).
            comment: Text for the asset log.
        """
        await self._repository.post_maintenance(
            asset_ref(asset_id, serial_number),
            date_time=None if date_time is None else iso_datetime(date_time, "date_time"),
            comment=comment,
        )

    async def post_calibration_external(
        self,
        asset_id: str | UUID | None = None,
        *,
        serial_number: str | None = None,
        from_date: datetime,
        to_date: datetime,
        comment: str | None = None,
    ) -> None:
        """Record a calibration done elsewhere (e.g. by a lab), valid ``from_date``..``to_date``.

        For an asset type in external mode (interval -2), ``to_date`` is the next due date.

        Raises:
            ValueError: ``to_date`` is not after ``from_date``, or a naive datetime.
        """
        await self._repository.post_calibration_external(
            asset_ref(asset_id, serial_number), **_validity(from_date, to_date), comment=comment
        )

    async def post_maintenance_external(
        self,
        asset_id: str | UUID | None = None,
        *,
        serial_number: str | None = None,
        from_date: datetime,
        to_date: datetime,
        comment: str | None = None,
    ) -> None:
        """Record a maintenance done elsewhere, valid ``from_date``..``to_date``.

        For an asset type in external mode (interval -2), ``to_date`` is the next due date.

        Raises:
            ValueError: ``to_date`` is not after ``from_date``, or a naive datetime.
        """
        await self._repository.post_maintenance_external(
            asset_ref(asset_id, serial_number), **_validity(from_date, to_date), comment=comment
        )


def _validity(from_date: datetime, to_date: datetime) -> dict[str, str]:
    from_text = iso_datetime(from_date, "from_date")
    to_text = iso_datetime(to_date, "to_date")
    if to_date <= from_date:
        raise ValueError(f"to_date ({to_text}) must be after from_date ({from_text})")
    return {"from_date": from_text, "to_date": to_text}

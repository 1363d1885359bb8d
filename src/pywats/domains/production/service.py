"""Production (MES) service, wats-api.md §2.5: units, verification, serial numbers, child
units, batches, sites.

The operations live in three mixins by concern (:mod:`._unit_ops`, :mod:`._assembly_ops`,
:mod:`._serial_ops`); this class joins them and adds batches, sites and the connection check.
Method names are the reference client's service names; where its repository name differs, the
repository name is an alias (``save_units = create_units``, ``take_serial_numbers =
allocate_serial_numbers``...), so scripts written for either work.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pywats.domains.production._args import bodies_of, body_of
from pywats.domains.production._assembly_ops import AssemblyOperations
from pywats.domains.production._serial_ops import SerialNumberOperations
from pywats.domains.production._unit_ops import UnitOperations
from pywats.domains.production.models import (
    Batch,
    Site,
)
from pywats.domains.production.repository import AsyncProductionRepository

__all__ = ["AsyncProductionService"]


class AsyncProductionService(UnitOperations, AssemblyOperations, SerialNumberOperations):
    """Production (MES): units, serial numbers, phases, child units, batches (§2.5).

    Args:
        repository: The Production API calls.
    """

    def __init__(self, repository: AsyncProductionRepository) -> None:
        self._repository = repository

    async def get_batches(
        self, *, part_number: str | None = None, batch_id: str | None = None
    ) -> list[Batch]:
        """Production batches, optionally of one part number or with one id."""
        params = {"partNumber": part_number, "batchId": batch_id}
        return await self._repository.get_batches(params)

    async def save_batch(self, batch: Batch | Mapping[str, Any]) -> Batch | None:
        """Create or update one batch (key: batch number + part number).

        Raises:
            ValidationError: No ``batchNumber``, or a negative ``batchSize``.
        """
        return await self._repository.save_batch(body_of(batch, "batch"))

    async def save_batches(self, batches: Sequence[Batch | Mapping[str, Any]]) -> list[Batch]:
        """Create or update several batches, all or none."""
        return await self._repository.save_batches(bodies_of(batches, "batch"))

    async def get_sites(self) -> list[Site]:
        """Production sites (internal API)."""
        return await self._repository.get_sites()

    async def is_connected(self) -> bool:
        """Whether the server's production (MES) module answers (internal API)."""
        return await self._repository.is_connected()

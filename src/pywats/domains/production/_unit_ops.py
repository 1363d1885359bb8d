"""Unit operations of the production service: read, save, phase, process, changes, history."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pywats.domains.analytics.models import ProcessInfo
from pywats.domains.production._args import (
    bodies_of,
    body_of,
    phase_param,
    require_text,
    unit_params,
)
from pywats.domains.production.models import (
    Unit,
    UnitChange,
    UnitInfo,
    UnitPhase,
    UnitPhaseInfo,
    UnitStateChange,
)
from pywats.domains.production.repository import AsyncProductionRepository
from pywats.domains.production.verification import UnitVerification

__all__ = ["UnitOperations"]


class UnitOperations:
    """Units: each is keyed by serial number + part number."""

    _repository: AsyncProductionRepository

    async def get_unit(self, serial_number: str, part_number: str) -> Unit | None:
        """A unit with its phase, process, tags and children (``subUnits``).

        Args:
            serial_number: The unit's serial number.
            part_number: The unit's part number.

        Returns:
            The unit; ``None`` when it does not exist and the client is LENIENT.

        Raises:
            NotFoundError: No such unit (and no reports for it).
        """
        return await self._repository.get_unit(
            require_text(serial_number, "serial_number"), require_text(part_number, "part_number")
        )

    async def create_units(self, units: Sequence[Unit | Mapping[str, Any]]) -> list[Unit]:
        """Create or update units (upsert on serial + part number), all or none.

        Only the attributes given are changed on an existing unit. Tags follow the product
        rule: a list without ``change`` codes replaces the tags, one with codes is a delta.

        Args:
            units: :class:`Unit` models or Unit dicts (``serialNumber`` and ``partNumber``
                required).

        Returns:
            The units as the server stored them (as sent, if it answers with
            ``{"errorCount": 0}`` only).

        Raises:
            ValidationError: A unit is invalid (unknown process or phase, missing key...).
            NotFoundError: A ``parentSerialNumber`` names no unit.
        """
        bodies = bodies_of(units, "unit")
        saved = await self._repository.save_units(bodies)
        return saved if saved is not None else [Unit.model_validate(body) for body in bodies]

    save_units = create_units

    async def update_unit(self, unit: Unit | Mapping[str, Any]) -> Unit:
        """Save one unit (typically one read with :meth:`get_unit` and changed).

        Args:
            unit: The unit; ``serialNumber`` + ``partNumber`` say which one.

        Returns:
            The unit as stored.

        Raises:
            ValidationError: The unit is invalid.
        """
        saved = await self.create_units([body_of(unit, "unit")])
        return saved[0]

    async def verify_unit(
        self, serial_number: str, part_number: str, *, revision: str | None = None
    ) -> UnitVerification | None:
        """The unit's verification and grade, computed by the server from its reports.

        Args:
            serial_number: The unit's serial number.
            part_number: The unit's part number.
            revision: Count only reports of this revision.

        Returns:
            Status, grade, the ``allProcesses...``/``noRepairs`` flags and one result per
            process; ``None`` for an unknown unit when LENIENT.

        Raises:
            NotFoundError: Neither a unit nor reports exist for that serial + part number.
        """
        return await self._repository.get_unit_verification(
            require_text(serial_number, "serial_number"),
            require_text(part_number, "part_number"),
            revision,
        )

    get_unit_verification = verify_unit
    get_unit_grade = verify_unit

    async def get_unit_changes(
        self,
        serial_number: str | None = None,
        part_number: str | None = None,
        *,
        top: int | None = None,
        skip: int | None = None,
    ) -> list[UnitChange]:
        """The unit-changes feed (phase, process, parent, revision changes), oldest first.

        Args:
            serial_number: Only changes of units with this serial number.
            part_number: Only changes of units with this part number.
            top: Page size (``$top``).
            skip: Entries to skip (``$skip``), for paging.
        """
        for value, name in ((top, "top"), (skip, "skip")):
            if value is not None and value < 0:
                raise ValueError(f"{name} must be >= 0, got {value}")
        params = {
            "serialNumber": serial_number,
            "partNumber": part_number,
            "$top": top,
            "$skip": skip,
        }
        return await self._repository.get_unit_changes(params)

    async def delete_unit_change(self, change_id: int) -> None:
        """Remove (acknowledge) one entry of the unit-changes feed.

        Raises:
            NotFoundError: No entry has that id.
        """
        await self._repository.delete_unit_change(change_id)

    async def set_unit_phase(
        self,
        serial_number: str,
        part_number: str,
        phase: UnitPhase | int | str,
        *,
        comment: str | None = None,
    ) -> None:
        """Move a unit to a phase, e.g. ``UnitPhase.FINALIZED`` or ``"Finalized"``.

        Args:
            serial_number: The unit's serial number.
            part_number: The unit's part number.
            phase: A :class:`UnitPhase`, a phase id, or a phase name.
            comment: Kept in the unit's change feed and state history.

        Raises:
            ValidationError: The server does not know the phase (its message lists them).
            NotFoundError: No such unit.
        """
        params = unit_params(serial_number, part_number)
        params.update(phase=phase_param(phase), comment=comment)
        await self._repository.set_unit_phase(params)

    async def set_unit_process(
        self,
        serial_number: str,
        part_number: str,
        process_code: int,
        *,
        comment: str | None = None,
    ) -> None:
        """Set the process (operation) a unit is at.

        Raises:
            ValidationError: Unknown process code (the message lists the known ones).
            NotFoundError: No such unit.
        """
        if isinstance(process_code, bool) or not isinstance(process_code, int):
            raise ValueError(f"process_code must be an int, got {process_code!r}")
        params = unit_params(serial_number, part_number)
        params.update(processCode=process_code, comment=comment)
        await self._repository.set_unit_process(params)

    async def create_unit(
        self,
        serial_number: str,
        part_number: str,
        revision: str | None = None,
        *,
        batch_number: str | None = None,
        unit_phase: UnitPhase | int | str | None = None,
    ) -> Unit | None:
        """Register a new unit (internal API).

        Raises:
            ConflictError: The unit exists already (use :meth:`update_unit`).
            ValidationError: Unknown phase.
        """
        params = unit_params(serial_number, part_number)
        params.update(revision=revision, batchNumber=batch_number)
        params["unitPhase"] = None if unit_phase is None else phase_param(unit_phase)
        return await self._repository.create_unit(params)

    async def get_unit_by_serial(
        self, serial_number: str, part_number: str | None = None
    ) -> Unit | None:
        """A unit by serial number alone (internal API); give the part number only when
        several products share the serial.

        Raises:
            NotFoundError: No unit has that serial number.
            ValidationError: The serial is shared by several part numbers.
        """
        params = {
            "serialNumber": require_text(serial_number, "serial_number"),
            "partNumber": part_number,
        }
        return await self._repository.get_unit_by_serial(params)

    async def get_unit_info(self, serial_number: str, part_number: str) -> UnitInfo | None:
        """A unit's attributes with phase and process names, family and report counts."""
        return await self._repository.get_unit_info(unit_params(serial_number, part_number))

    async def get_unit_state_history(
        self, serial_number: str, part_number: str
    ) -> list[UnitStateChange]:
        """Every phase/process state the unit has been in, oldest first."""
        params = unit_params(serial_number, part_number)
        return await self._repository.get_unit_state_history(params)

    async def get_unit_phase(self, serial_number: str, part_number: str) -> UnitPhaseInfo | None:
        """The unit's current phase (id, code, name, description)."""
        return await self._repository.get_unit_phase(unit_params(serial_number, part_number))

    async def get_unit_process(self, serial_number: str, part_number: str) -> ProcessInfo | None:
        """The unit's current process; ``None`` when it has none."""
        return await self._repository.get_unit_process(unit_params(serial_number, part_number))

    async def get_unit_phases(self) -> list[UnitPhaseInfo]:
        """Every unit phase the server knows (internal API, PascalCase answer)."""
        return await self._repository.get_unit_phases()

"""Parent/child operations of the production service: assemble, disassemble, check."""

from __future__ import annotations

from pywats.domains.production._args import require_text, unit_params
from pywats.domains.production.models import Unit, UnitHierarchyNode
from pywats.domains.production.repository import AsyncProductionRepository
from pywats.domains.production.verification import AssemblyCheck

__all__ = ["AssemblyOperations"]


def _parent_child(
    parent_serial_number: str,
    parent_part_number: str,
    child_serial_number: str,
    child_part_number: str,
) -> dict[str, str]:
    return {
        "parentSerialNumber": require_text(parent_serial_number, "parent_serial_number"),
        "parentPartNumber": require_text(parent_part_number, "parent_part_number"),
        "childSerialNumber": require_text(child_serial_number, "child_serial_number"),
        "childPartNumber": require_text(child_part_number, "child_part_number"),
    }


class AssemblyOperations:
    """Units built from other units: a unit has at most one parent, links never loop."""

    _repository: AsyncProductionRepository

    async def add_child_unit(
        self,
        parent_serial_number: str,
        parent_part_number: str,
        child_serial_number: str,
        child_part_number: str,
    ) -> None:
        """Make one unit a child (sub-assembly) of another.

        Raises:
            NotFoundError: The parent or the child does not exist.
            ConflictError: The child belongs to another parent (remove it there first).
            ValidationError: The link would make a loop.
        """
        await self._repository.add_child_unit(
            _parent_child(
                parent_serial_number, parent_part_number, child_serial_number, child_part_number
            )
        )

    async def remove_child_unit(
        self,
        parent_serial_number: str,
        parent_part_number: str,
        child_serial_number: str,
        child_part_number: str,
    ) -> None:
        """Detach a child from its parent.

        Raises:
            NotFoundError: Either unit is unknown, or the child is not the parent's.
        """
        await self._repository.remove_child_unit(
            _parent_child(
                parent_serial_number, parent_part_number, child_serial_number, child_part_number
            )
        )

    async def verify_assembly(
        self, serial_number: str, part_number: str, revision: str | None = None
    ) -> AssemblyCheck | None:
        """Check a unit's children: each usable (not scrapped/missing, not failing its last
        test) and, where the product revision has a box build, matching it.

        Args:
            serial_number: The parent unit's serial number.
            part_number: The parent unit's part number.
            revision: The revision the unit must have (checked by the server).

        Returns:
            ``ok`` plus per-child results and readable ``problems``.
        """
        params = unit_params(serial_number, part_number)
        params["revision"] = revision
        return await self._repository.check_child_units(params)

    check_child_units = verify_assembly

    async def get_unit_hierarchy(
        self, serial_number: str, part_number: str
    ) -> list[UnitHierarchyNode]:
        """The unit and every unit below it, depth first; ``level`` 0 is the unit itself."""
        params = unit_params(serial_number, part_number)
        return await self._repository.get_unit_hierarchy(params)

    async def get_unit_contents(
        self, serial_number: str, part_number: str, revision: str | None = None
    ) -> list[Unit]:
        """The unit's direct children as full units."""
        params = unit_params(serial_number, part_number)
        params["revision"] = revision
        return await self._repository.get_unit_contents(params)

    async def add_child_unit_validated(
        self,
        serial_number: str,
        part_number: str,
        child_serial_number: str,
        child_part_number: str | None = None,
        *,
        check_part_number: bool = True,
        check_revision: bool = False,
        check_phase: bool | None = None,
        culture_code: str | None = None,
    ) -> None:
        """Add a child with checks (internal API).

        Args:
            serial_number: The parent's serial number.
            part_number: The parent's part number.
            child_serial_number: The child's serial number.
            child_part_number: The child's part number.
            check_part_number: Find the child by serial *and* part number, and (with a box
                build) require its part number in the parent's box build.
            check_revision: Require the child's revision to fit the box build's mask.
            check_phase: Require the child to be finalized.
            culture_code: Language of server messages (e.g. ``"en-US"``).

        Raises:
            ValidationError: A check failed (the message says which).
            NotFoundError: The parent or the child does not exist.
            ConflictError: The child belongs to another parent.
        """
        params = unit_params(serial_number, part_number)
        params.update(
            childSerialNumber=require_text(child_serial_number, "child_serial_number"),
            childPartNumber=child_part_number,
            checkPartNumber=check_part_number,
            checkRevision=check_revision,
            checkPhase=check_phase,
            cultureCode=culture_code,
        )
        await self._repository.internal_child_call(
            "AddChildUnit", params, "add_child_unit_validated"
        )

    async def remove_child_unit_localized(
        self,
        serial_number: str,
        part_number: str,
        child_serial_number: str,
        child_part_number: str,
        *,
        culture_code: str | None = None,
    ) -> None:
        """Detach a child (internal API; server messages in ``culture_code``'s language)."""
        params = unit_params(serial_number, part_number)
        params.update(
            childSerialNumber=require_text(child_serial_number, "child_serial_number"),
            childPartNumber=require_text(child_part_number, "child_part_number"),
            cultureCode=culture_code,
        )
        await self._repository.internal_child_call(
            "RemoveChildUnit", params, "remove_child_unit_localized"
        )

    async def remove_all_child_units(
        self, serial_number: str, part_number: str, *, culture_code: str | None = None
    ) -> int | None:
        """Detach every child of a unit.

        Returns:
            How many children were detached, when the server tells.
        """
        params = unit_params(serial_number, part_number)
        params["cultureCode"] = culture_code
        return await self._repository.internal_child_call(
            "RemoveAllChildUnits", params, "remove_all_child_units"
        )

    async def validate_child_units(
        self,
        parent_serial_number: str,
        parent_part_number: str,
        *,
        culture_code: str | None = None,
    ) -> AssemblyCheck | None:
        """The assembly check of :meth:`verify_assembly` through the internal API."""
        params = unit_params(
            parent_serial_number,
            parent_part_number,
            serial_name="ParentSerialNumber",
            part_name="ParentPartNumber",
        )
        params["CultureCode"] = culture_code
        return await self._repository.validate_child_units(params)

"""Manual inspection service (wats-api.md §2.10, internal API).

Manual inspection (MI) guides an operator through a **test sequence definition** (a workflow
stored as XAML) and records the result as a UUT report. **Relations** say which units a
definition inspects (part number, optionally revision and process); two definitions whose
relations match the same unit **conflict**. **Sequences** are reusable building blocks. A
unit's MI details list the definitions related to it and the inspections run on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from pywats.domains.manual_inspection.models import (
    MiDefinition,
    MiDefinitionDetails,
    MiDetails,
    MiRelation,
    MiRelationConflict,
    MiscInfoValidation,
    MiSequence,
    MiWorkflowContent,
)
from pywats.domains.manual_inspection.repository import AsyncManualInspectionRepository
from pywats.domains.report.models import MiscInfo, StringMeasurement

__all__ = ["AsyncManualInspectionService"]


def _required(value: object, what: str, operation: str) -> None:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(f"{operation}: {what} must be set")


class AsyncManualInspectionService:
    """Manual inspection: test sequence definitions, relations, sequences (§2.10).

    Args:
        repository: The manual inspection API calls.
    """

    def __init__(self, repository: AsyncManualInspectionRepository) -> None:
        self._repository = repository

    # -- definitions ---------------------------------------------------------------------------

    async def get_definitions(
        self, *, is_global_definitions: bool | None = None
    ) -> list[MiDefinition]:
        """Test sequence definitions, by name.

        Args:
            is_global_definitions: ``True`` for global ones only, ``False`` for the others,
                ``None`` for all.
        """
        return await self._repository.get_definitions(is_global_definitions)

    async def get_definition(self, definition_id: str | UUID) -> MiDefinition | None:
        """One definition (without its XAML: see :meth:`get_xaml`).

        Raises:
            NotFoundError: No such definition (STRICT mode; LENIENT returns ``None``).
        """
        return await self._repository.get_definition(definition_id)

    async def get_xaml(self, definition_id: str | UUID) -> str | None:
        """A definition's XAML (``""`` when it has none yet).

        Raises:
            NotFoundError: No such definition (STRICT mode).
        """
        return await self._repository.get_xaml(definition_id)

    async def get_definition_copy(self, definition_id: str | UUID) -> MiDefinition | None:
        """An unsaved copy of a definition, with a free name and the XAML.

        Pass it to :meth:`post_definition` (after any changes) to store it.

        Raises:
            NotFoundError: No such definition (STRICT mode).
        """
        return await self._repository.get_definition_copy(definition_id)

    async def get_instances_count(self, definition_id: str | UUID) -> int | None:
        """How many inspections ran the definition (its UUT reports on the server).

        Raises:
            NotFoundError: No such definition (STRICT mode).
        """
        return await self._repository.get_instances_count(definition_id)

    async def get_wwf_content(self, definition_id: str | UUID) -> MiWorkflowContent | None:
        """What a station runs for a definition: its identity, version and XAML.

        Raises:
            NotFoundError: No such definition (STRICT mode).
        """
        return await self._repository.get_wwf_content(definition_id)

    async def post_definition(self, definition: MiDefinition) -> MiDefinition | None:
        """Create a definition (``version`` 1).

        Args:
            definition: At least ``name``; ``xaml`` is stored too when set.

        Returns:
            The created definition with its ``definition_id``.

        Raises:
            ValueError: The definition has no name.
            ValidationError: A field has the wrong kind of value, or the XAML is not XML.
            ConflictError: A definition with that name (ignoring letter case) exists.
        """
        _required(definition.name, "definition.name", "post_definition")
        return await self._repository.post_definition(definition)

    async def put_definition(self, definition: MiDefinition) -> MiDefinition | None:
        """Change a definition; ``None`` fields are not changed, ``version`` goes up by one.

        Raises:
            ValueError: ``definition.definition_id`` is not set.
            NotFoundError: No such definition.
            ConflictError: Another definition has the new name.
        """
        _required(definition.definition_id, "definition.definition_id", "put_definition")
        return await self._repository.put_definition(definition)

    async def put_xaml(self, definition_id: str | UUID, xaml: str) -> MiDefinition | None:
        """Replace a definition's XAML (``""`` clears it); ``version`` goes up by one.

        Returns:
            The definition.

        Raises:
            ValueError: ``xaml`` is not a string.
            ValidationError: The XAML is not well-formed XML (or declares a DOCTYPE).
            NotFoundError: No such definition.
        """
        if not isinstance(xaml, str):
            raise ValueError(f"put_xaml: xaml must be the XAML text, not {type(xaml).__name__}")
        return await self._repository.put_xaml(definition_id, xaml)

    # -- relations -----------------------------------------------------------------------------

    async def get_relations(self, definition_id: str | UUID) -> list[MiRelation]:
        """The relations of a definition (which units it inspects).

        Raises:
            NotFoundError: No such definition.
        """
        return await self._repository.get_relations(definition_id)

    async def get_relation_conflicts(self, definition_id: str | UUID) -> list[MiRelation]:
        """Other definitions' relations that match a unit this definition's relations match.

        Raises:
            NotFoundError: No such definition.
        """
        return await self._repository.get_relation_conflicts(definition_id)

    async def get_relation_conflicts_new(
        self, definition_id: str | UUID
    ) -> list[MiRelationConflict]:
        """Like :meth:`get_relation_conflicts`, grouped by this definition's relation.

        Raises:
            NotFoundError: No such definition.
        """
        return await self._repository.get_relation_conflicts_new(definition_id)

    async def post_relation(self, relation: MiRelation) -> MiRelation | None:
        """Bind a definition to a part number (and optionally a revision and a process).

        Returns:
            The created relation with its ``relation_id``.

        Raises:
            ValueError: ``definition_id`` or ``part_number`` is not set.
            ValidationError: ``process_code`` is not a test operation.
            NotFoundError: No such definition.
            ConflictError: The definition already has this relation.
        """
        _required(relation.definition_id, "relation.definition_id", "post_relation")
        _required(relation.part_number, "relation.part_number", "post_relation")
        return await self._repository.post_relation(relation)

    async def put_relation(self, relation: MiRelation) -> MiRelation | None:
        """Replace a relation (named by ``relation_id``) with the given fields.

        Raises:
            ValueError: ``relation_id`` is not set.
            NotFoundError: No such relation or definition.
            ValidationError: A required field is missing or has the wrong kind of value.
            ConflictError: The definition already has this relation.
        """
        _required(relation.relation_id, "relation.relation_id", "put_relation")
        return await self._repository.put_relation(relation)

    async def delete_relation(self, relation: MiRelation | str | UUID) -> None:
        """Delete a relation (given as the relation or its ``relation_id``).

        Raises:
            ValueError: A relation without ``relation_id``, or an id that is not a GUID.
            NotFoundError: No such relation.
        """
        if not isinstance(relation, MiRelation):
            try:
                relation = MiRelation(relation_id=UUID(str(relation)))
            except ValueError:
                raise ValueError(
                    f"delete_relation: {relation!r} is not a relation id (a GUID)"
                ) from None
        _required(relation.relation_id, "relation.relation_id", "delete_relation")
        await self._repository.delete_relation(relation)

    # -- units ---------------------------------------------------------------------------------

    async def get_mi_details(self, unit_id: str) -> MiDetails | None:
        """A unit's MI state: the definitions related to it and the inspections run on it.

        Args:
            unit_id: The unit's serial number.

        Raises:
            NotFoundError: The server has no test report of that unit (STRICT mode).
        """
        _required(unit_id, "unit_id", "get_mi_details")
        return await self._repository.get_mi_details(unit_id)

    async def get_mi_details_new(self, unit_id: str) -> list[MiDefinitionDetails]:
        """A unit's MI state per definition: matching relations, run count, last result.

        Args:
            unit_id: The unit's serial number.

        Raises:
            NotFoundError: The server has no test report of that unit (STRICT mode).
        """
        _required(unit_id, "unit_id", "get_mi_details_new")
        return await self._repository.get_mi_details_new(unit_id)

    # -- sequences -----------------------------------------------------------------------------

    async def get_sequences(self) -> list[MiSequence]:
        """Every reusable sequence, by name."""
        return await self._repository.get_sequences()

    async def put_sequence(self, sequence: MiSequence) -> MiSequence | None:
        """Create or update a sequence: by ``sequence_id`` when set, else by ``name`` (a new
        name creates one).

        Raises:
            ValueError: Neither ``sequence_id`` nor ``name`` is set.
            NotFoundError: ``sequence_id`` is set but unknown.
            ConflictError: Another sequence has the name.
        """
        if sequence.sequence_id is None:
            _required(sequence.name, "sequence.name (or sequence_id)", "put_sequence")
        return await self._repository.put_sequence(sequence)

    async def delete_sequence(self, sequence_id: str | UUID) -> None:
        """Delete a sequence.

        Raises:
            NotFoundError: No such sequence.
        """
        await self._repository.delete_sequence(sequence_id)

    # -- checks --------------------------------------------------------------------------------

    async def validate_misc_info(self, misc_infos: Sequence[MiscInfo]) -> MiscInfoValidation | None:
        """Ask the server whether misc info entries an operator filled in are valid.

        Returns:
            ``is_valid`` and one message per problem (e.g. a repeated description).
        """
        return await self._repository.validate_misc_info(list(misc_infos))

    async def put_string_test(self, measurement: StringMeasurement) -> StringMeasurement | None:
        """Have the server judge a string test: the measurement comes back with ``status``.

        Args:
            measurement: ``value``, ``limit`` and ``comp_op`` (``CASESENSIT`` when unset,
                ``IGNORECASE``, ``EQ`` or ``LOG``).

        Raises:
            ValidationError: No value, no limit, or an operator that does not compare strings.
        """
        return await self._repository.put_string_test(measurement)

"""Pydantic models of the manual inspection domain (wats-api.md §2.10).

wats-api.md lists the endpoints but not their bodies, so the models are permissive: a small
typed core (ids, names, versions, the fields a relation binds) plus every other key the
server sends, kept as sent (``model_extra``) and sent back unchanged. Aliases are the JSON
keys (camelCase); Python names are snake_case. String tests and misc info entries reuse the
report models (:class:`~pywats.domains.report.models.StringMeasurement`,
:class:`~pywats.domains.report.models.MiscInfo`).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field

from pywats.domains.analytics.models import AppModel

__all__ = [
    "MiDefinition",
    "MiDefinitionDetails",
    "MiDetails",
    "MiInstance",
    "MiRelation",
    "MiRelationConflict",
    "MiSequence",
    "MiWorkflowContent",
    "MiscInfoValidation",
]


class MiDefinition(AppModel):
    """A test sequence definition: the steps an operator goes through for an inspection.

    The server sets the id, ``version`` (1 on create, +1 on every change), times and users.
    ``xaml`` (the definition's workflow) comes with a copy (``get_definition_copy``) and may be
    sent on create/update; otherwise read and write it with ``get_xaml``/``put_xaml``.
    """

    definition_id: UUID | None = Field(default=None, alias="definitionId")
    name: str | None = Field(default=None, alias="name")
    description: str | None = Field(default=None, alias="description")
    version: int | None = Field(default=None, alias="version")
    is_global: bool | None = Field(default=None, alias="isGlobal")
    """Available to every product (``get_definitions(is_global_definitions=True)``)."""
    created_utc: datetime | None = Field(default=None, alias="createdUtc")
    modified_utc: datetime | None = Field(default=None, alias="modifiedUtc")
    created_by: str | None = Field(default=None, alias="createdBy")
    modified_by: str | None = Field(default=None, alias="modifiedBy")
    xaml: str | None = Field(default=None, alias="xaml")


class MiRelation(AppModel):
    """Which units a definition inspects: a part number, optionally one revision and one
    process (``None`` = every revision / every test operation)."""

    relation_id: UUID | None = Field(default=None, alias="relationId")
    definition_id: UUID | None = Field(default=None, alias="definitionId")
    part_number: str | None = Field(default=None, alias="partNumber")
    revision: str | None = Field(default=None, alias="revision")
    process_code: int | None = Field(default=None, alias="processCode")


class MiRelationConflict(AppModel):
    """A relation of the asked definition and the other definitions' relations it clashes
    with (a unit matching both would not know which definition to run)."""

    relation: MiRelation | None = Field(default=None, alias="relation")
    conflicts: list[MiRelation] | None = Field(default=None, alias="conflicts")


class MiSequence(AppModel):
    """A reusable inspection sequence (its content, e.g. ``steps``, is kept as sent)."""

    sequence_id: UUID | None = Field(default=None, alias="sequenceId")
    name: str | None = Field(default=None, alias="name")
    description: str | None = Field(default=None, alias="description")
    version: int | None = Field(default=None, alias="version")
    created_utc: datetime | None = Field(default=None, alias="createdUtc")
    modified_utc: datetime | None = Field(default=None, alias="modifiedUtc")
    created_by: str | None = Field(default=None, alias="createdBy")
    modified_by: str | None = Field(default=None, alias="modifiedBy")


class MiWorkflowContent(AppModel):
    """What a station runs for a definition: its identity, version and XAML."""

    definition_id: UUID | None = Field(default=None, alias="definitionId")
    name: str | None = Field(default=None, alias="name")
    version: int | None = Field(default=None, alias="version")
    xaml: str | None = Field(default=None, alias="xaml")


class MiInstance(AppModel):
    """One inspection run on a unit: the UUT report it produced."""

    report_id: UUID | None = Field(default=None, alias="reportId")
    definition_id: UUID | None = Field(default=None, alias="definitionId")
    definition_name: str | None = Field(default=None, alias="definitionName")
    process_code: int | None = Field(default=None, alias="processCode")
    result: str | None = Field(default=None, alias="result")
    start: datetime | None = Field(default=None, alias="start")


class MiDetails(AppModel):
    """A unit's manual inspection state: the definitions related to it and its runs."""

    serial_number: str | None = Field(default=None, alias="serialNumber")
    part_number: str | None = Field(default=None, alias="partNumber")
    revision: str | None = Field(default=None, alias="revision")
    definitions: list[MiDefinition] | None = Field(default=None, alias="definitions")
    instances: list[MiInstance] | None = Field(default=None, alias="instances")


class MiDefinitionDetails(AppModel):
    """One definition's state for a unit (``get_mi_details_new``)."""

    definition_id: UUID | None = Field(default=None, alias="definitionId")
    name: str | None = Field(default=None, alias="name")
    version: int | None = Field(default=None, alias="version")
    relations: list[MiRelation] | None = Field(default=None, alias="relations")
    """The definition's relations that match the unit (empty if it only ran on it)."""
    instance_count: int | None = Field(default=None, alias="instanceCount")
    last_result: str | None = Field(default=None, alias="lastResult")
    last_start: datetime | None = Field(default=None, alias="lastStart")
    instances: list[MiInstance] | None = Field(default=None, alias="instances")


class MiscInfoValidation(AppModel):
    """The server's verdict on misc info entries: ``is_valid`` and one text per problem."""

    is_valid: bool | None = Field(default=None, alias="isValid")
    errors: list[str] | None = Field(default=None, alias="errors")

"""HTTP calls of the manual inspection domain (``/api/internal/ManualInspection/...``).

Every path is on the internal API, so the HTTP client adds the ``Referer`` header WATS wants
there. Method names are the reference client's (wats-api.md §2.10).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar
from uuid import UUID

from pywats.core.errors import ErrorHandler
from pywats.core.http import AsyncHttpClient
from pywats.core.parsing import parse_rows, path_segment
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
from pywats.domains.report.models import MiscInfo, StringMeasurement
from pywats.domains.report.models.base import WatsModel

__all__ = ["AsyncManualInspectionRepository"]

PREFIX = "/api/internal/ManualInspection"
M = TypeVar("M", bound=WatsModel)


def _body(model: WatsModel) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def _one(model: type[M], body: Any) -> M | None:
    return None if body is None else model.model_validate(body)


def _by_id(name: str, item_id: str | UUID) -> str:
    return f"{PREFIX}/{name}/{path_segment(item_id)}"


class AsyncManualInspectionRepository:
    """Builds and parses the manual inspection calls."""

    def __init__(self, http: AsyncHttpClient, errors: ErrorHandler) -> None:
        self._http = http
        self._errors = errors

    async def _get(self, path: str, operation: str, params: dict[str, Any] | None = None) -> Any:
        response = await self._http.get(path, params=params)
        return self._errors.handle(response, operation, allow_empty=True)

    async def _write(self, method: str, name: str, json: Any, operation: str) -> Any:
        response = await self._http.request(method, f"{PREFIX}/{name}", json=json)
        return self._errors.handle_write(response, operation, allow_empty=True)

    # -- definitions ---------------------------------------------------------------------------

    async def get_definitions(self, is_global_definitions: bool | None) -> list[MiDefinition]:
        """``GET GetTestSequenceDefinitions?isGlobalDefinitions=``."""
        params = {"isGlobalDefinitions": is_global_definitions}
        body = await self._get(f"{PREFIX}/GetTestSequenceDefinitions", "get_definitions", params)
        return parse_rows(body, MiDefinition, "get_definitions")

    async def get_definition(self, definition_id: str | UUID) -> MiDefinition | None:
        """``GET GetTestSequenceDefinition?definitionId=``."""
        params = {"definitionId": str(definition_id)}
        response = await self._http.get(f"{PREFIX}/GetTestSequenceDefinition", params=params)
        return _one(MiDefinition, self._errors.handle(response, "get_definition"))

    async def get_xaml(self, definition_id: str | UUID) -> str | None:
        """``GET GetTestSequenceDefinitionXaml?definitionId=``: a JSON string or XML text."""
        params = {"definitionId": str(definition_id)}
        body = await self._get(f"{PREFIX}/GetTestSequenceDefinitionXaml", "get_xaml", params)
        if body is not None and not isinstance(body, str):
            raise TypeError(f"get_xaml: expected the XAML as text, got {type(body).__name__}")
        return body

    async def get_definition_copy(self, definition_id: str | UUID) -> MiDefinition | None:
        """``GET GetDefinitionCopy/{id}``."""
        response = await self._http.get(_by_id("GetDefinitionCopy", definition_id))
        return _one(MiDefinition, self._errors.handle(response, "get_definition_copy"))

    async def get_instances_count(self, definition_id: str | UUID) -> int | None:
        """``GET GetInstancesCount/{id}``: a JSON number."""
        response = await self._http.get(_by_id("GetInstancesCount", definition_id))
        body = self._errors.handle(response, "get_instances_count", allow_empty=True)
        if body is None:
            return None
        if isinstance(body, bool) or not isinstance(body, (int, str)):
            raise TypeError(f"get_instances_count: expected a number, got {body!r}")
        return int(body)

    async def get_wwf_content(self, definition_id: str | UUID) -> MiWorkflowContent | None:
        """``GET GetWatswwfContent/{id}``."""
        response = await self._http.get(_by_id("GetWatswwfContent", definition_id))
        return _one(MiWorkflowContent, self._errors.handle(response, "get_wwf_content"))

    async def post_definition(self, definition: MiDefinition) -> MiDefinition | None:
        """``POST PostDefinition``."""
        body = await self._write("POST", "PostDefinition", _body(definition), "post_definition")
        return _one(MiDefinition, body)

    async def put_definition(self, definition: MiDefinition) -> MiDefinition | None:
        """``PUT PutDefinitionNew``."""
        body = await self._write("PUT", "PutDefinitionNew", _body(definition), "put_definition")
        return _one(MiDefinition, body)

    async def put_xaml(self, definition_id: str | UUID, xaml: str) -> MiDefinition | None:
        """``PUT PutTestSequenceDefinitionXaml`` with ``{definitionId, xaml}``."""
        sent = {"definitionId": str(definition_id), "xaml": xaml}
        body = await self._write("PUT", "PutTestSequenceDefinitionXaml", sent, "put_xaml")
        return _one(MiDefinition, body)

    # -- relations -----------------------------------------------------------------------------

    async def get_relations(self, definition_id: str | UUID) -> list[MiRelation]:
        """``GET GetRelations/{id}``."""
        body = await self._get(_by_id("GetRelations", definition_id), "get_relations")
        return parse_rows(body, MiRelation, "get_relations")

    async def get_relation_conflicts(self, definition_id: str | UUID) -> list[MiRelation]:
        """``GET GetRelationConflicts/{id}``."""
        path = _by_id("GetRelationConflicts", definition_id)
        body = await self._get(path, "get_relation_conflicts")
        return parse_rows(body, MiRelation, "get_relation_conflicts")

    async def get_relation_conflicts_new(
        self, definition_id: str | UUID
    ) -> list[MiRelationConflict]:
        """``GET GetRelationConflictsNew/{id}``."""
        path = _by_id("GetRelationConflictsNew", definition_id)
        body = await self._get(path, "get_relation_conflicts_new")
        return parse_rows(body, MiRelationConflict, "get_relation_conflicts_new")

    async def post_relation(self, relation: MiRelation) -> MiRelation | None:
        """``POST PostRelation``."""
        return _one(
            MiRelation, await self._write("POST", "PostRelation", _body(relation), "post_relation")
        )

    async def put_relation(self, relation: MiRelation) -> MiRelation | None:
        """``PUT PutRelation``."""
        return _one(
            MiRelation, await self._write("PUT", "PutRelation", _body(relation), "put_relation")
        )

    async def delete_relation(self, relation: MiRelation) -> None:
        """``PUT DeleteRelationNew`` with the relation (WATS deletes with a PUT here)."""
        await self._write("PUT", "DeleteRelationNew", _body(relation), "delete_relation")

    # -- units ---------------------------------------------------------------------------------

    async def get_mi_details(self, unit_id: str) -> MiDetails | None:
        """``GET GetMiDetails/{id}``."""
        response = await self._http.get(_by_id("GetMiDetails", unit_id))
        return _one(MiDetails, self._errors.handle(response, "get_mi_details"))

    async def get_mi_details_new(self, unit_id: str) -> list[MiDefinitionDetails]:
        """``GET GetMiDetailsNew/{id}``."""
        body = await self._get(_by_id("GetMiDetailsNew", unit_id), "get_mi_details_new")
        return parse_rows(body, MiDefinitionDetails, "get_mi_details_new")

    # -- sequences -----------------------------------------------------------------------------

    async def get_sequences(self) -> list[MiSequence]:
        """``GET GetSequences``."""
        body = await self._get(f"{PREFIX}/GetSequences", "get_sequences")
        return parse_rows(body, MiSequence, "get_sequences")

    async def put_sequence(self, sequence: MiSequence) -> MiSequence | None:
        """``PUT PutSequence``."""
        return _one(
            MiSequence, await self._write("PUT", "PutSequence", _body(sequence), "put_sequence")
        )

    async def delete_sequence(self, sequence_id: str | UUID) -> None:
        """``DELETE DeleteSequence/{id}``."""
        response = await self._http.delete(_by_id("DeleteSequence", sequence_id))
        self._errors.handle_write(response, "delete_sequence", allow_empty=True)

    # -- checks --------------------------------------------------------------------------------

    async def validate_misc_info(self, misc_infos: Sequence[MiscInfo]) -> MiscInfoValidation | None:
        """``PUT ValidateMiscInfo`` with the entries as a JSON array."""
        sent = [_body(info) for info in misc_infos]
        response = await self._http.put(f"{PREFIX}/ValidateMiscInfo", json=sent)
        return _one(MiscInfoValidation, self._errors.handle(response, "validate_misc_info"))

    async def put_string_test(self, measurement: StringMeasurement) -> StringMeasurement | None:
        """``PUT PutStringTest`` with a ``stringMeas`` entry."""
        response = await self._http.put(f"{PREFIX}/PutStringTest", json=_body(measurement))
        return _one(StringMeasurement, self._errors.handle(response, "put_string_test"))

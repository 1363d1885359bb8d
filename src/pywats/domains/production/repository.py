"""HTTP calls of the Production domain (``/api/Production/...`` and the internal production
endpoints), wats-api.md §2.5.

The repository knows paths, parameter names and answer shapes; policy (argument checks,
defaults, aliases) is in the service. Internal paths get ``Referer`` from the HTTP client.
Method names are the reference client's repository names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pywats.core.errors import ErrorHandler, ValidationError
from pywats.core.http import AsyncHttpClient, Response
from pywats.core.parsing import parse_rows, path_segment
from pywats.domains.analytics.models import ProcessInfo
from pywats.domains.production.models import (
    Batch,
    Site,
    Unit,
    UnitChange,
    UnitHierarchyNode,
    UnitInfo,
    UnitPhaseInfo,
    UnitStateChange,
)
from pywats.domains.production.serial_numbers import (
    SerialNumber,
    SerialNumberRange,
    SerialNumberStatistics,
    SerialNumberType,
    parse_taken_serial_numbers,
)
from pywats.domains.production.verification import AssemblyCheck, UnitVerification

__all__ = ["AsyncProductionRepository"]

API = "/api/Production"
INTERNAL = "/api/internal/Production"
UNIT_PATH = API + "/Unit/{serial}/{part}"
UNIT_PHASES_PATH = "/api/internal/Mes/GetUnitPhases"
_TAKE_HEADERS = {"Accept": "application/json, application/xml;q=0.9, text/xml;q=0.9"}
_FILE_HEADERS = {"Accept": "*/*"}

Params = Mapping[str, Any]


class AsyncProductionRepository:
    """Builds and parses the Production calls."""

    def __init__(self, http: AsyncHttpClient, errors: ErrorHandler) -> None:
        self._http = http
        self._errors = errors

    async def _call(
        self,
        method: str,
        path: str,
        operation: str,
        *,
        params: Params | None = None,
        json: Any = None,
        allow_empty: bool = False,
    ) -> Any:
        response = await self._http.request(method, path, params=params, json=json)
        return self._errors.handle(response, operation, allow_empty=allow_empty)

    async def _rows(self, path: str, operation: str, model: Any, params: Params | None) -> Any:
        body = await self._call("GET", path, operation, params=params, allow_empty=True)
        return parse_rows(body, model, operation)

    async def _one(self, path: str, operation: str, model: Any, params: Params | None) -> Any:
        body = await self._call("GET", path, operation, params=params)
        return None if body is None else model.model_validate(body)

    # -- units --------------------------------------------------------------------------------

    async def get_unit(self, serial_number: str, part_number: str) -> Unit | None:
        """``GET /api/Production/Unit/{serialNumber}/{partNumber}``."""
        path = UNIT_PATH.format(serial=path_segment(serial_number), part=path_segment(part_number))
        result: Unit | None = await self._one(path, "get_unit", Unit, None)
        return result

    async def save_units(self, units: list[dict[str, Any]]) -> list[Unit] | None:
        """``PUT /api/Production/Units``: the saved units, or ``None`` when the server only
        confirms with ``{"errorCount": 0, ...}``.

        Raises:
            ValidationError: the server answered 2xx but counted errors.
        """
        response = await self._http.put(API + "/Units", json=units)
        body = self._errors.handle(response, "save_units", allow_empty=True)
        if isinstance(body, Mapping) and "errorCount" in body:
            _raise_for_error_count(response, body)
            return None
        result: list[Unit] = parse_rows(body, Unit, "save_units")
        return result

    async def get_unit_verification(
        self, serial_number: str, part_number: str, revision: str | None
    ) -> UnitVerification | None:
        """``GET /api/Production/UnitVerification``."""
        params = {"serialNumber": serial_number, "partNumber": part_number, "revision": revision}
        result: UnitVerification | None = await self._one(
            API + "/UnitVerification", "verify_unit", UnitVerification, params
        )
        return result

    async def get_unit_changes(self, params: Params) -> list[UnitChange]:
        """``GET /api/Production/Units/Changes`` (``serialNumber``, ``partNumber``, ``$top``,
        ``$skip``)."""
        result: list[UnitChange] = await self._rows(
            API + "/Units/Changes", "get_unit_changes", UnitChange, params
        )
        return result

    async def delete_unit_change(self, change_id: int) -> None:
        """``DELETE /api/Production/Units/Changes/{id}``."""
        path = f"{API}/Units/Changes/{path_segment(change_id)}"
        await self._call("DELETE", path, "delete_unit_change", allow_empty=True)

    async def set_unit_phase(self, params: Params) -> None:
        """``PUT /api/Production/SetUnitPhase``."""
        await self._call(
            "PUT", API + "/SetUnitPhase", "set_unit_phase", params=params, allow_empty=True
        )

    async def set_unit_process(self, params: Params) -> None:
        """``PUT /api/Production/SetUnitProcess``."""
        await self._call(
            "PUT", API + "/SetUnitProcess", "set_unit_process", params=params, allow_empty=True
        )

    # -- child units ----------------------------------------------------------------------------

    async def add_child_unit(self, params: Params) -> None:
        """``POST /api/Production/AddChildUnit``."""
        await self._call(
            "POST", API + "/AddChildUnit", "add_child_unit", params=params, allow_empty=True
        )

    async def remove_child_unit(self, params: Params) -> None:
        """``POST /api/Production/RemoveChildUnit``."""
        await self._call(
            "POST", API + "/RemoveChildUnit", "remove_child_unit", params=params, allow_empty=True
        )

    async def check_child_units(self, params: Params) -> AssemblyCheck | None:
        """``GET /api/Production/CheckChildUnits``."""
        result: AssemblyCheck | None = await self._one(
            API + "/CheckChildUnits", "verify_assembly", AssemblyCheck, params
        )
        return result

    # -- serial numbers -----------------------------------------------------------------------

    async def get_serial_number_types(self) -> list[SerialNumberType]:
        """``GET /api/Production/SerialNumbers/Types``."""
        result: list[SerialNumberType] = await self._rows(
            API + "/SerialNumbers/Types", "get_serial_number_types", SerialNumberType, None
        )
        return result

    async def take_serial_numbers(self, params: Params) -> list[str]:
        """``POST /api/Production/SerialNumbers/Take``: JSON list or XML, both parsed.

        Never retried (a POST): a lost answer must not allocate a second batch of numbers.
        """
        response = await self._http.post(
            API + "/SerialNumbers/Take", params=params, headers=_TAKE_HEADERS
        )
        body = self._errors.handle(response, "take_serial_numbers", allow_empty=True)
        return parse_taken_serial_numbers(body)

    async def get_serial_numbers(
        self, path: str, operation: str, params: Params
    ) -> list[SerialNumber]:
        """``GET`` of a serial number list (``ByRange``, ``ByReference``, internal find)."""
        result: list[SerialNumber] = await self._rows(path, operation, SerialNumber, params)
        return result

    async def upload_serial_numbers(self, content: bytes, media_type: str) -> Any:
        """``PUT /api/Production/SerialNumbers`` with a raw CSV or XML body."""
        response = await self._http.put(
            API + "/SerialNumbers", content=content, headers={"Content-Type": media_type}
        )
        return self._errors.handle(response, "upload_serial_numbers", allow_empty=True)

    async def export_serial_numbers(self, params: Params) -> bytes:
        """``GET /api/Production/SerialNumbers``: the file's bytes."""
        response = await self._http.get(
            API + "/SerialNumbers", params=params, headers=_FILE_HEADERS
        )
        body: bytes | None = self._errors.handle(
            response, "export_serial_numbers", allow_empty=True, raw=True
        )
        return body or b""

    async def get_serial_number_count(self, params: Params) -> int:
        """``GET /api/internal/Production/SerialNumbers/Count``."""
        body = await self._call(
            "GET", INTERNAL + "/SerialNumbers/Count", "get_serial_number_count", params=params
        )
        return int(body or 0)

    async def change_free_serial_numbers(
        self, method: str, ranges: list[dict[str, Any]], params: Params, operation: str
    ) -> int | None:
        """``PUT``/``DELETE /api/internal/Production/SerialNumbers/Free``; the count, if sent."""
        body = await self._call(
            method, INTERNAL + "/SerialNumbers/Free", operation, params=params, json=ranges,
            allow_empty=True,
        )  # fmt: skip
        return _count_from(body)

    async def get_serial_number_ranges(self, params: Params) -> list[SerialNumberRange]:
        """``GET /api/internal/Production/SerialNumbers/Ranges``."""
        result: list[SerialNumberRange] = await self._rows(
            INTERNAL + "/SerialNumbers/Ranges",
            "get_serial_number_ranges",
            SerialNumberRange,
            params,
        )
        return result

    async def get_serial_number_statistics(self, params: Params) -> SerialNumberStatistics | None:
        """``GET /api/internal/Production/SerialNumbers/Statistics``."""
        result: SerialNumberStatistics | None = await self._one(
            INTERNAL + "/SerialNumbers/Statistics",
            "get_serial_number_statistics",
            SerialNumberStatistics,
            params,
        )
        return result

    # -- batches --------------------------------------------------------------------------------

    async def get_batches(self, params: Params) -> list[Batch]:
        """``GET /api/Production/Batches``."""
        result: list[Batch] = await self._rows(API + "/Batches", "get_batches", Batch, params)
        return result

    async def save_batch(self, batch: dict[str, Any]) -> Batch | None:
        """``PUT /api/Production/Batch``."""
        body = await self._call("PUT", API + "/Batch", "save_batch", json=batch, allow_empty=True)
        return None if body is None else Batch.model_validate(body)

    async def save_batches(self, batches: list[dict[str, Any]]) -> list[Batch]:
        """``PUT /api/Production/Batches``."""
        body = await self._call(
            "PUT", API + "/Batches", "save_batches", json=batches, allow_empty=True
        )
        result: list[Batch] = parse_rows(body, Batch, "save_batches")
        return result

    # -- internal -------------------------------------------------------------------------------

    async def is_connected(self) -> bool:
        """``GET /api/internal/Production/isConnected``."""
        body = await self._call("GET", INTERNAL + "/isConnected", "is_connected", allow_empty=True)
        return body is True or (isinstance(body, str) and body.strip().lower() == "true")

    async def get_unit_phases(self) -> list[UnitPhaseInfo]:
        """``GET /api/internal/Mes/GetUnitPhases`` (PascalCase)."""
        result: list[UnitPhaseInfo] = await self._rows(
            UNIT_PHASES_PATH, "get_unit_phases", UnitPhaseInfo, None
        )
        return result

    async def get_sites(self) -> list[Site]:
        """``GET /api/internal/Production/GetSites``."""
        result: list[Site] = await self._rows(INTERNAL + "/GetSites", "get_sites", Site, None)
        return result

    async def get_unit_by_serial(self, params: Params) -> Unit | None:
        """``GET /api/internal/Production/GetUnit``."""
        result: Unit | None = await self._one(
            INTERNAL + "/GetUnit", "get_unit_by_serial", Unit, params
        )
        return result

    async def get_unit_info(self, params: Params) -> UnitInfo | None:
        """``GET /api/internal/Production/GetUnitInfo``."""
        result: UnitInfo | None = await self._one(
            INTERNAL + "/GetUnitInfo", "get_unit_info", UnitInfo, params
        )
        return result

    async def get_unit_hierarchy(self, params: Params) -> list[UnitHierarchyNode]:
        """``GET /api/internal/Production/GetUnitHierarchy``."""
        result: list[UnitHierarchyNode] = await self._rows(
            INTERNAL + "/GetUnitHierarchy", "get_unit_hierarchy", UnitHierarchyNode, params
        )
        return result

    async def get_unit_state_history(self, params: Params) -> list[UnitStateChange]:
        """``GET /api/internal/Production/GetUnitStateHistory``."""
        result: list[UnitStateChange] = await self._rows(
            INTERNAL + "/GetUnitStateHistory", "get_unit_state_history", UnitStateChange, params
        )
        return result

    async def get_unit_phase(self, params: Params) -> UnitPhaseInfo | None:
        """``GET /api/internal/Production/GetUnitPhase``."""
        result: UnitPhaseInfo | None = await self._one(
            INTERNAL + "/GetUnitPhase", "get_unit_phase", UnitPhaseInfo, params
        )
        return result

    async def get_unit_process(self, params: Params) -> ProcessInfo | None:
        """``GET /api/internal/Production/GetUnitProcess`` (empty when the unit has none)."""
        body = await self._call(
            "GET", INTERNAL + "/GetUnitProcess", "get_unit_process", params=params, allow_empty=True
        )
        return None if body is None else ProcessInfo.model_validate(body)

    async def get_unit_contents(self, params: Params) -> list[Unit]:
        """``GET /api/internal/Production/GetUnitContents``."""
        result: list[Unit] = await self._rows(
            INTERNAL + "/GetUnitContents", "get_unit_contents", Unit, params
        )
        return result

    async def create_unit(self, params: Params) -> Unit | None:
        """``POST /api/internal/Production/CreateUnit``."""
        body = await self._call(
            "POST", INTERNAL + "/CreateUnit", "create_unit", params=params, allow_empty=True
        )
        return Unit.model_validate(body) if isinstance(body, Mapping) else None

    async def internal_child_call(self, name: str, params: Params, operation: str) -> int | None:
        """``POST /api/internal/Production/{AddChildUnit|RemoveChildUnit|RemoveAllChildUnits}``;
        the count of units changed, when the server tells."""
        body = await self._call(
            "POST", f"{INTERNAL}/{name}", operation, params=params, allow_empty=True
        )
        return _count_from(body)

    async def validate_child_units(self, params: Params) -> AssemblyCheck | None:
        """``GET /api/internal/Production/CheckChildUnits`` (PascalCase parameters)."""
        result: AssemblyCheck | None = await self._one(
            INTERNAL + "/CheckChildUnits", "validate_child_units", AssemblyCheck, params
        )
        return result


def _count_from(body: Any) -> int | None:
    if isinstance(body, bool):
        return None
    if isinstance(body, int):
        return body
    if isinstance(body, Mapping) and isinstance(body.get("count"), int):
        return int(body["count"])
    return None


def _raise_for_error_count(response: Response, body: Mapping[str, Any]) -> None:
    try:
        errors = int(body.get("errorCount") or 0)
    except (TypeError, ValueError):
        errors = 1
    if errors > 0:
        raise ValidationError(
            status_code=response.status_code,
            method=response.method,
            url=response.url,
            operation="save_units",
            server_message=response.error_message or f"{errors} unit(s) were not saved",
        )

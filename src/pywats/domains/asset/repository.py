"""HTTP calls of the Asset API (``/api/Asset/...`` and the internal asset blobs), wats-api.md §2.4.

The repository knows paths, query-parameter names and response shapes; it holds no policy.
Writes treat ``404`` as an error even in LENIENT mode; reads follow the error mode.
Most calls name the asset with an :data:`AssetRef`: the query parameters ``id`` and/or
``serialNumber``, built by the service. Method names follow the reference client's repository.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from typing import Any

from pywats.core.errors import ErrorHandler
from pywats.core.http import AsyncHttpClient, Response
from pywats.core.parsing import parse_rows, path_segment
from pywats.domains.asset.models import Asset, AssetLogEntry, AssetStatus, AssetType

__all__ = ["AssetRef", "AsyncAssetRepository", "file_bytes_from_body"]

AssetRef = Mapping[str, str]
"""Query parameters naming an asset: ``{"id": ...}`` and/or ``{"serialNumber": ...}``."""

ASSET_PATH = "/api/Asset"
ASSET_BY_KEY_PATH = "/api/Asset/{key}"
STATUS_PATH = "/api/Asset/Status"
STATE_PATH = "/api/Asset/State"
COUNT_PATH = "/api/Asset/Count"
RESET_RUNNING_COUNT_PATH = "/api/Asset/ResetRunningCount"
SET_RUNNING_COUNT_PATH = "/api/Asset/SetRunningCount"
SET_TOTAL_COUNT_PATH = "/api/Asset/SetTotalCount"
CALIBRATION_PATH = "/api/Asset/Calibration"
MAINTENANCE_PATH = "/api/Asset/Maintenance"
CALIBRATION_EXTERNAL_PATH = "/api/Asset/Calibration/External"
MAINTENANCE_EXTERNAL_PATH = "/api/Asset/Maintenance/External"
LOG_PATH = "/api/Asset/Log"
MESSAGE_PATH = "/api/Asset/Message"
TYPES_PATH = "/api/Asset/Types"
SUB_ASSETS_PATH = "/api/Asset/SubAssets"
BLOB_PATH = "/api/internal/Blob/Asset"
BLOB_LIST_PATH = "/api/internal/Blob/Asset/List/{asset_id}"
BLOB_DELETE_PATH = "/api/internal/Blob/Assets"

_BINARY_HEADERS = {"Accept": "*/*"}
_UPLOAD_HEADERS = {"Content-Type": "application/octet-stream"}
_CONTENT_KEYS = ("content", "Content")


def file_bytes_from_body(content: bytes, data: Any) -> bytes:
    """A downloaded file: the raw body, or the base64 ``content``/``Content`` of a JSON object
    (both forms are seen from WATS servers).

    Example:
        >>> file_bytes_from_body(b'{"content": "aGk="}', {"content": "aGk="})
        b'hi'
    """
    if isinstance(data, Mapping):
        for key in _CONTENT_KEYS:
            encoded = data.get(key)
            if isinstance(encoded, str):
                try:
                    return base64.b64decode(encoded, validate=True)
                except binascii.Error as exc:
                    raise ValueError(f"download_file: {key!r} is not valid base64") from exc
    return content


class AsyncAssetRepository:
    """Builds and parses the Asset API calls."""

    def __init__(self, http: AsyncHttpClient, errors: ErrorHandler) -> None:
        self._http = http
        self._errors = errors

    def _done(self, response: Response, operation: str) -> None:
        """Check a write whose success carries no data that matters."""
        self._errors.handle_write(response, operation, allow_empty=True)

    # -- assets -------------------------------------------------------------------------------

    async def get_all(
        self,
        *,
        filter: str | None = None,
        orderby: str | None = None,
        top: int | None = None,
        skip: int | None = None,
    ) -> list[Asset]:
        """``GET /api/Asset`` with OData options; a bare JSON array back."""
        response = await self._http.get(
            ASSET_PATH, params={"$filter": filter, "$orderby": orderby, "$top": top, "$skip": skip}
        )
        body = self._errors.handle(response, "get_assets", allow_empty=True)
        return parse_rows(body, Asset, "get_assets")

    async def get_by_key(self, key: str, operation: str) -> Asset | None:
        """``GET /api/Asset/{assetId or serialNumber}``."""
        response = await self._http.get(ASSET_BY_KEY_PATH.format(key=path_segment(key)))
        body = self._errors.handle(response, operation)
        return None if body is None else Asset.model_validate(body)

    async def save(self, asset: Mapping[str, Any]) -> Asset | None:
        """``PUT /api/Asset`` (upsert on ``assetId``, else ``serialNumber``)."""
        response = await self._http.put(ASSET_PATH, json=asset)
        body = self._errors.handle_write(response, "save_asset")
        return None if body is None else Asset.model_validate(body)

    async def delete(self, ref: AssetRef) -> None:
        """``DELETE /api/Asset?id=|serialNumber=``."""
        self._done(await self._http.delete(ASSET_PATH, params=ref), "delete_asset")

    async def get_status(
        self, ref: AssetRef, *, translate: bool, culture_code: str | None
    ) -> AssetStatus | None:
        """``GET /api/Asset/Status``."""
        params = {**ref, "translate": translate, "cultureCode": culture_code}
        response = await self._http.get(STATUS_PATH, params=params)
        body = self._errors.handle(response, "get_status")
        return None if body is None else AssetStatus.model_validate(body)

    async def set_state(self, ref: AssetRef, state: int) -> None:
        """``PUT /api/Asset/State?state=``."""
        params = {**ref, "state": state}
        self._done(await self._http.put(STATE_PATH, params=params), "set_state")

    # -- counts -------------------------------------------------------------------------------

    async def update_count(
        self,
        ref: AssetRef,
        *,
        total_count: int | None,
        increment_by: int | None,
        increment_children: bool,
    ) -> None:
        """``PUT /api/Asset/Count``.

        An ``incrementBy`` call is not idempotent (a retry after a lost answer would count
        twice), so it is never retried; a ``totalCount`` call is and may be.
        """
        params = {
            **ref,
            "totalCount": total_count,
            "incrementBy": increment_by,
            "incrementChildren": increment_children,
        }
        response = await self._http.put(COUNT_PATH, params=params, idempotent=increment_by is None)
        self._done(response, "increment_count")

    async def reset_running_count(self, ref: AssetRef, *, comment: str | None) -> None:
        """``POST /api/Asset/ResetRunningCount``."""
        params = {**ref, "comment": comment}
        response = await self._http.post(RESET_RUNNING_COUNT_PATH, params=params)
        self._done(response, "reset_running_count")

    async def set_running_count(self, ref: AssetRef, running_count: int) -> None:
        """``PUT /api/Asset/SetRunningCount?runningCount=``."""
        params = {**ref, "runningCount": running_count}
        self._done(await self._http.put(SET_RUNNING_COUNT_PATH, params=params), "set_running_count")

    async def set_total_count(self, ref: AssetRef, total_count: int) -> None:
        """``PUT /api/Asset/SetTotalCount?totalCount=``."""
        params = {**ref, "totalCount": total_count}
        self._done(await self._http.put(SET_TOTAL_COUNT_PATH, params=params), "set_total_count")

    # -- calibration and maintenance ----------------------------------------------------------

    async def _post_service(self, path: str, operation: str, params: Mapping[str, Any]) -> None:
        self._done(await self._http.post(path, params=params), operation)

    async def post_calibration(
        self, ref: AssetRef, *, date_time: str | None, comment: str | None
    ) -> None:
        """``POST /api/Asset/Calibration?dateTime=&comment=``."""
        params = {**ref, "dateTime": date_time, "comment": comment}
        await self._post_service(CALIBRATION_PATH, "post_calibration", params)

    async def post_maintenance(
        self, ref: AssetRef, *, date_time: str | None, comment: str | None
    ) -> None:
        """``POST /api/Asset/Maintenance?dateTime=&comment=``."""
        params = {**ref, "dateTime": date_time, "comment": comment}
        await self._post_service(MAINTENANCE_PATH, "post_maintenance", params)

    async def post_calibration_external(
        self, ref: AssetRef, *, from_date: str, to_date: str, comment: str | None
    ) -> None:
        """``POST /api/Asset/Calibration/External?fromDate=&toDate=&comment=``."""
        params = {**ref, "fromDate": from_date, "toDate": to_date, "comment": comment}
        await self._post_service(CALIBRATION_EXTERNAL_PATH, "post_calibration_external", params)

    async def post_maintenance_external(
        self, ref: AssetRef, *, from_date: str, to_date: str, comment: str | None
    ) -> None:
        """``POST /api/Asset/Maintenance/External?fromDate=&toDate=&comment=``."""
        params = {**ref, "fromDate": from_date, "toDate": to_date, "comment": comment}
        await self._post_service(MAINTENANCE_EXTERNAL_PATH, "post_maintenance_external", params)

    # -- log, types, sub-assets ---------------------------------------------------------------

    async def get_log(
        self,
        *,
        filter: str | None = None,
        orderby: str | None = None,
        top: int | None = None,
        skip: int | None = None,
    ) -> list[AssetLogEntry]:
        """``GET /api/Asset/Log`` with OData options."""
        response = await self._http.get(
            LOG_PATH, params={"$filter": filter, "$orderby": orderby, "$top": top, "$skip": skip}
        )
        body = self._errors.handle(response, "get_log", allow_empty=True)
        return parse_rows(body, AssetLogEntry, "get_log")

    async def post_message(self, message: Mapping[str, Any]) -> None:
        """``POST /api/Asset/Message`` with ``{assetId, comment, user?}``."""
        self._done(await self._http.post(MESSAGE_PATH, json=message), "add_log_message")

    async def get_types(self, *, filter: str | None, top: int | None) -> list[AssetType]:
        """``GET /api/Asset/Types``."""
        response = await self._http.get(TYPES_PATH, params={"$filter": filter, "$top": top})
        body = self._errors.handle(response, "get_types", allow_empty=True)
        return parse_rows(body, AssetType, "get_types")

    async def save_type(self, asset_type: Mapping[str, Any]) -> AssetType | None:
        """``PUT /api/Asset/Types`` (upsert on ``typeId``, else ``typeName``)."""
        response = await self._http.put(TYPES_PATH, json=asset_type)
        body = self._errors.handle_write(response, "save_type")
        return None if body is None else AssetType.model_validate(body)

    async def get_sub_assets(self, ref: AssetRef, *, level: int | None) -> list[Asset]:
        """``GET /api/Asset/SubAssets``."""
        response = await self._http.get(SUB_ASSETS_PATH, params={**ref, "level": level})
        body = self._errors.handle(response, "get_sub_assets", allow_empty=True)
        return parse_rows(body, Asset, "get_sub_assets")

    # -- files (internal API: the HTTP client adds the Referer header) ------------------------

    async def upload_file(self, asset_id: str, filename: str, content: bytes) -> None:
        """``POST /api/internal/Blob/Asset`` with the raw bytes; re-sending replaces the file,
        so the call is safely retried."""
        response = await self._http.post(
            BLOB_PATH,
            params={"assetId": asset_id, "filename": filename},
            content=content,
            headers=_UPLOAD_HEADERS,
            idempotent=True,
        )
        self._done(response, "upload_file")

    async def download_file(self, asset_id: str, filename: str) -> bytes | None:
        """``GET /api/internal/Blob/Asset``: the file's bytes."""
        response = await self._http.get(
            BLOB_PATH, params={"assetId": asset_id, "filename": filename}, headers=_BINARY_HEADERS
        )
        content = self._errors.handle(response, "download_file", allow_empty=True, raw=True)
        return None if content is None else file_bytes_from_body(content, response.data)

    async def list_files(self, asset_id: str) -> list[str]:
        """``GET /api/internal/Blob/Asset/List/{assetId}``: the file names."""
        response = await self._http.get(BLOB_LIST_PATH.format(asset_id=path_segment(asset_id)))
        body = self._errors.handle(response, "list_files", allow_empty=True)
        if body is None:
            return []
        if not isinstance(body, list):
            raise TypeError(
                f"list_files: expected a JSON array of names, got {type(body).__name__}"
            )
        return [str(name) for name in body]

    async def delete_files(self, asset_id: str, filenames: Sequence[str]) -> None:
        """``DELETE /api/internal/Blob/Assets?assetId=`` with the names as a JSON array body."""
        response = await self._http.delete(
            BLOB_DELETE_PATH, params={"assetId": asset_id}, json=list(filenames)
        )
        self._done(response, "delete_files")

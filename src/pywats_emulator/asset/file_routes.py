"""Asset file endpoints on the internal API (``/api/internal/Blob/Asset...``, wats-api.md §2.4).

Included by :mod:`pywats_emulator.routes.asset`. The asset is named by ``assetId`` (GUID). An
upload is raw bytes (``application/octet-stream``) and replaces a file of the same name; a
download answers the raw bytes; a delete takes a JSON array of names in its body.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from starlette.responses import JSONResponse, Response

from pywats_emulator.asset.bodies import parse_file_names, parse_guid
from pywats_emulator.asset.files import (
    check_file_name,
    delete_files,
    list_files,
    read_file,
    write_file,
)
from pywats_emulator.asset.store import find_asset
from pywats_emulator.bodies import json_body, raw_body
from pywats_emulator.state import EmulatorState, get_state

__all__ = ["router"]

router = APIRouter(prefix="/api/internal/Blob")
State = Annotated[EmulatorState, Depends(get_state)]
AssetId = Annotated[str, Query(alias="assetId")]
FileName = Annotated[str, Query(alias="filename")]


@router.post("/Asset")
def upload_file(
    state: State,
    asset_id: AssetId,
    filename: FileName,
    data: Annotated[bytes, Depends(raw_body)],
) -> Response:
    """Store a file for the asset (replacing one with the same name)."""
    check_file_name(filename)
    with state.storage.transaction() as conn:
        row = find_asset(conn, parse_guid(asset_id, "assetId"), None)
        write_file(conn, row["asset_id"], filename, data)
    return Response(status_code=204)


@router.get("/Asset")
def download_file(state: State, asset_id: AssetId, filename: FileName) -> Response:
    """A file's raw bytes."""
    with state.storage.transaction() as conn:
        row = find_asset(conn, parse_guid(asset_id, "assetId"), None)
        data = read_file(conn, row["asset_id"], row["serial_number"], filename)
    disposition = f'attachment; filename="{filename.encode("ascii", "replace").decode()}"'
    return Response(
        data,
        media_type="application/octet-stream",
        headers={"Content-Disposition": disposition.replace("?", "_")},
    )


@router.get("/Asset/List/{assetId}")
def list_asset_files(state: State, asset_id: Annotated[str, Path(alias="assetId")]) -> JSONResponse:
    """The asset's file names, sorted."""
    with state.storage.transaction() as conn:
        row = find_asset(conn, parse_guid(asset_id, "assetId"), None)
        return JSONResponse(list_files(conn, row["asset_id"]))


@router.delete("/Assets")
def delete_asset_files(
    state: State, asset_id: AssetId, body: Annotated[Any, Depends(json_body)]
) -> Response:
    """Delete the files named in the body (all of them exist, or nothing is deleted)."""
    names = parse_file_names(body)
    with state.storage.transaction() as conn:
        row = find_asset(conn, parse_guid(asset_id, "assetId"), None)
        delete_files(conn, row["asset_id"], row["serial_number"], names)
    return Response(status_code=204)

"""Software endpoints (wats-api.md §2.6): packages, their status workflow, files, folders.

Rules are in :mod:`pywats_emulator.software` (see ``docs/emulator.md``, *Software*).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from starlette.responses import JSONResponse, Response

from pywats_emulator.bodies import json_body, raw_body
from pywats_emulator.errors import ApiError
from pywats_emulator.rootcause.rules import token_user
from pywats_emulator.software.folders import VIRTUAL_FOLDERS
from pywats_emulator.software.store import PackageStore
from pywats_emulator.state import EmulatorState, get_state

__all__ = ["router"]

router = APIRouter(prefix="/api/Software")
State = Annotated[EmulatorState, Depends(get_state)]
PackageId = Annotated[str, Path(alias="id")]


def _store(state: EmulatorState) -> PackageStore:
    return PackageStore(
        state.storage,
        token_user(state.config.token),
        max_unpacked_bytes=state.config.max_body_bytes,
    )


def _required(value: str | None, name: str, example: str) -> str:
    if value is None or not value.strip():
        raise ApiError(400, f"{name} is required, e.g. ?{name}={example}")
    return value


@router.get("/Packages")
def get_packages(state: State) -> JSONResponse:
    """Every package (all names, versions and statuses), by name then version."""
    return JSONResponse(_store(state).all())


@router.get("/Package/{id}")
def get_package(state: State, package_id: PackageId) -> JSONResponse:
    return JSONResponse(_store(state).get(package_id))


@router.get("/PackageByName")
def get_package_by_name(
    state: State,
    name: Annotated[str | None, Query()] = None,
    status: Annotated[str | None, Query()] = None,
    version: Annotated[int | None, Query()] = None,
) -> JSONResponse:
    """The highest version of a named package, optionally with a given status/version."""
    found = _store(state).by_name(_required(name, "name", "StationSW"), status, version)
    return JSONResponse(found)


@router.get("/PackagesByTag")
def get_packages_by_tag(
    state: State,
    tag: Annotated[str | None, Query()] = None,
    value: Annotated[str | None, Query()] = None,
    status: Annotated[str | None, Query()] = None,
) -> JSONResponse:
    """Packages carrying the tag ``tag`` with ``value`` (an empty list when none do)."""
    tag = _required(tag, "tag", "line")
    if value is None:
        raise ApiError(400, "value is required, e.g. ?tag=line&value=L2")
    return JSONResponse(_store(state).by_tag(tag, value, status))


@router.post("/Package")
def create_package(state: State, body: Annotated[Any, Depends(json_body)]) -> JSONResponse:
    """Create a package in Draft."""
    return JSONResponse(_store(state).create(body))


@router.put("/Package/{id}")
def update_package(
    state: State, package_id: PackageId, body: Annotated[Any, Depends(json_body)]
) -> JSONResponse:
    """Change a Draft package's fields."""
    return JSONResponse(_store(state).update(package_id, body))


@router.delete("/Package/{id}")
def delete_package(state: State, package_id: PackageId) -> Response:
    _store(state).delete(package_id)
    return Response(status_code=204)


@router.delete("/PackageByName")
def delete_package_by_name(
    state: State,
    name: Annotated[str | None, Query()] = None,
    version: Annotated[int | None, Query()] = None,
) -> Response:
    """Delete one version of a package, or all of them when no version is given."""
    _store(state).delete_by_name(_required(name, "name", "StationSW"), version)
    return Response(status_code=204)


@router.post("/PackageStatus/{id}")
def update_package_status(
    state: State, package_id: PackageId, status: Annotated[str | None, Query()] = None
) -> JSONResponse:
    """Move a package along Draft -> Pending -> Released -> Revoked (or Pending -> Draft)."""
    target = _required(status, "status", "Pending")
    return JSONResponse(_store(state).set_status(package_id, target))


@router.get("/PackageFiles/{id}")
def get_package_files(state: State, package_id: PackageId) -> JSONResponse:
    return JSONResponse(_store(state).files(package_id))


@router.post("/Package/UploadZip/{id}")
def upload_package_zip(
    state: State,
    package_id: PackageId,
    body: Annotated[bytes, Depends(raw_body)],
    clean_install: Annotated[bool, Query(alias="cleanInstall")] = False,
) -> JSONResponse:
    """Unpack a zip into the package's files; answers the package's file list."""
    return JSONResponse(_store(state).upload_zip(package_id, body, clean_install=clean_install))


@router.post("/Package/FileAttribute/{fileId}")
def update_file_attribute(
    state: State,
    file_id: Annotated[str, Path(alias="fileId")],
    body: Annotated[Any, Depends(json_body)],
) -> JSONResponse:
    """Set a file's ``attributes``; answers the file."""
    return JSONResponse(_store(state).set_file_attributes(file_id, body))


@router.get("/VirtualFolders")
def get_virtual_folders() -> JSONResponse:
    """The fixed virtual folders every emulator has."""
    return JSONResponse(list(VIRTUAL_FOLDERS))

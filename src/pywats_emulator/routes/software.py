"""Software endpoints (wats-api.md §2.6): packages, their status workflow, files, folders,
and the internal API a station uses (``/api/internal/Software/...``).

Rules are in :mod:`pywats_emulator.software` (see ``docs/emulator.md``, *Software*).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Query
from starlette.responses import JSONResponse, Response

from pywats_emulator.bodies import json_body, parse_json, raw_body
from pywats_emulator.errors import ApiError
from pywats_emulator.rootcause.rules import token_user
from pywats_emulator.software.folders import VIRTUAL_FOLDERS
from pywats_emulator.software.internal import StationStore
from pywats_emulator.state import EmulatorState, get_state

__all__ = ["router"]

router = APIRouter()
public = APIRouter(prefix="/api/Software")
internal = APIRouter(prefix="/api/internal/Software")
State = Annotated[EmulatorState, Depends(get_state)]
PackageId = Annotated[str, Path(alias="id")]


def _store(state: EmulatorState) -> StationStore:
    return StationStore(
        state.storage,
        token_user(state.config.token),
        max_unpacked_bytes=state.config.max_body_bytes,
    )


def _required(value: str | None, name: str, example: str) -> str:
    if value is None or not value.strip():
        raise ApiError(400, f"{name} is required, e.g. ?{name}={example}")
    return value


@public.get("/Packages")
def get_packages(state: State) -> JSONResponse:
    """Every package (all names, versions and statuses), by name then version."""
    return JSONResponse(_store(state).all())


@public.get("/Package/{id}")
def get_package(state: State, package_id: PackageId) -> JSONResponse:
    return JSONResponse(_store(state).get(package_id))


@public.get("/PackageByName")
def get_package_by_name(
    state: State,
    name: Annotated[str | None, Query()] = None,
    status: Annotated[str | None, Query()] = None,
    version: Annotated[int | None, Query()] = None,
) -> JSONResponse:
    """The highest version of a named package, optionally with a given status/version."""
    found = _store(state).by_name(_required(name, "name", "StationSW"), status, version)
    return JSONResponse(found)


@public.get("/PackagesByTag")
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


@public.post("/Package")
def create_package(state: State, body: Annotated[Any, Depends(json_body)]) -> JSONResponse:
    """Create a package in Draft."""
    return JSONResponse(_store(state).create(body))


@public.put("/Package/{id}")
def update_package(
    state: State, package_id: PackageId, body: Annotated[Any, Depends(json_body)]
) -> JSONResponse:
    """Change a Draft package's fields."""
    return JSONResponse(_store(state).update(package_id, body))


@public.delete("/Package/{id}")
def delete_package(state: State, package_id: PackageId) -> Response:
    _store(state).delete(package_id)
    return Response(status_code=204)


@public.delete("/PackageByName")
def delete_package_by_name(
    state: State,
    name: Annotated[str | None, Query()] = None,
    version: Annotated[int | None, Query()] = None,
) -> Response:
    """Delete one version of a package, or all of them when no version is given."""
    _store(state).delete_by_name(_required(name, "name", "StationSW"), version)
    return Response(status_code=204)


@public.post("/PackageStatus/{id}")
def update_package_status(
    state: State, package_id: PackageId, status: Annotated[str | None, Query()] = None
) -> JSONResponse:
    """Move a package along Draft -> Pending -> Released -> Revoked (or Pending -> Draft)."""
    target = _required(status, "status", "Pending")
    return JSONResponse(_store(state).set_status(package_id, target))


@public.get("/PackageFiles/{id}")
def get_package_files(state: State, package_id: PackageId) -> JSONResponse:
    return JSONResponse(_store(state).files(package_id))


@public.post("/Package/UploadZip/{id}")
def upload_package_zip(
    state: State,
    package_id: PackageId,
    body: Annotated[bytes, Depends(raw_body)],
    clean_install: Annotated[bool, Query(alias="cleanInstall")] = False,
) -> JSONResponse:
    """Unpack a zip into the package's files; answers the package's file list."""
    return JSONResponse(_store(state).upload_zip(package_id, body, clean_install=clean_install))


@public.post("/Package/FileAttribute/{fileId}")
def update_file_attribute(
    state: State,
    file_id: Annotated[str, Path(alias="fileId")],
    body: Annotated[Any, Depends(json_body)],
) -> JSONResponse:
    """Set a file's ``attributes``; answers the file."""
    return JSONResponse(_store(state).set_file_attributes(file_id, body))


@public.get("/VirtualFolders")
def get_virtual_folders() -> JSONResponse:
    """The fixed virtual folders every emulator has."""
    return JSONResponse(list(VIRTUAL_FOLDERS))


# -- internal API (a station's WATS client) --------------------------------------------------


@internal.get("/isConnected")
def is_connected() -> JSONResponse:
    """``true``: the server is reachable and the token accepted (auth runs first)."""
    return JSONResponse(True)


@internal.get("/File/{id}")
def get_file(state: State, file_id: Annotated[str, Path(alias="id")]) -> Response:
    """A package file's bytes."""
    filename, data = _store(state).file_data(file_id)
    disposition = f"attachment; filename*=UTF-8''{quote(filename, safe='')}"
    return Response(
        data, media_type="application/octet-stream", headers={"Content-Disposition": disposition}
    )


@internal.get("/CheckFile")
def check_file(
    state: State,
    package_id: Annotated[str | None, Query(alias="packageId")] = None,
    parent_folder_id: Annotated[str | None, Query(alias="parentFolderId")] = None,
    file_path: Annotated[str | None, Query(alias="filePath")] = None,
    checksum: Annotated[str | None, Query()] = None,
    file_date_epoch: Annotated[float | None, Query(alias="fileDateEpoch")] = None,
) -> JSONResponse:
    """``{exists, upToDate, file}`` for a station's copy of a package file."""
    found = _store(state).check_file(
        _required(package_id, "packageId", "<package GUID>"),
        _required(file_path, "filePath", "programs/ict.seq"),
        parent_folder_id=parent_folder_id,
        checksum=checksum,
        file_date_epoch=file_date_epoch,
    )
    return JSONResponse(found)


@internal.post("/PostPackageFolder")
def post_package_folder(
    state: State,
    body: Annotated[Any, Depends(json_body)],
    package_id: Annotated[str | None, Query(alias="packageId")] = None,
) -> JSONResponse:
    """Create a folder in a Draft package; answers the folder."""
    package_id = _required(package_id, "packageId", "<package GUID>")
    return JSONResponse(_store(state).post_folder(package_id, body))


@internal.post("/UpdatePackageFolder")
def update_package_folder(state: State, body: Annotated[Any, Depends(json_body)]) -> JSONResponse:
    """Rename a folder or change its other fields; answers the folder."""
    return JSONResponse(_store(state).update_folder(body))


@internal.post("/DeletePackageFolder")
def delete_package_folder(
    state: State, folder_id: Annotated[str | None, Query(alias="packageFolderId")] = None
) -> Response:
    """Delete a folder with its subfolders and files."""
    _store(state).delete_folder(_required(folder_id, "packageFolderId", "<GUID>"))
    return Response(status_code=204)


@internal.post("/DeletePackageFolderFiles")
def delete_package_folder_files(
    state: State,
    body: Annotated[bytes, Depends(raw_body)],
    file_ids: Annotated[list[str] | None, Query(alias="packageFolderFileIds")] = None,
) -> Response:
    """Delete files by id: a JSON array body and/or repeated ``packageFolderFileIds``."""
    ids = list(file_ids or ())
    if body.strip():
        sent = parse_json(body)
        if not isinstance(sent, list) or not all(isinstance(item, str) for item in sent):
            raise ApiError(400, 'the body must be a JSON array of file ids, e.g. ["<GUID>"]')
        ids.extend(sent)
    _store(state).delete_files(ids)
    return Response(status_code=204)


@internal.get("/GetPackageHistory")
def get_package_history(
    state: State,
    tags: Annotated[str | None, Query()] = None,
    status: Annotated[str | None, Query()] = None,
    all_versions: Annotated[bool, Query(alias="allVersions")] = False,
) -> JSONResponse:
    """Packages by ``tags`` (``key=value;...``) and status; numeric ``status`` in the answer."""
    return JSONResponse(_store(state).history(tags, status, all_versions=all_versions))


@internal.get("/GetPackageDownloadHistory")
def get_package_download_history(
    state: State, client_id: Annotated[str | None, Query(alias="clientId")] = None
) -> JSONResponse:
    """Downloads logged with ``Log``, newest first."""
    return JSONResponse(_store(state).download_history(client_id))


@internal.get("/GetRevokedPackages")
def get_revoked_packages(
    state: State,
    installed: Annotated[list[str] | None, Query(alias="installedPackages")] = None,
    revoked_only: Annotated[bool, Query(alias="includeRevokedOnly")] = False,
) -> JSONResponse:
    """Installed packages to remove: revoked, or (unless revoked only) replaced."""
    found = _store(state).revoked(installed or (), revoked_only=revoked_only)
    return JSONResponse(found)


@internal.get("/GetAvailablePackages")
def get_available_packages(
    state: State,
    installed: Annotated[list[str] | None, Query(alias="installedPackages")] = None,
) -> JSONResponse:
    """The newest released version of each package that is not installed."""
    return JSONResponse(_store(state).available(installed or ()))


@internal.get("/GetSoftwareEntityDetails")
def get_software_entity_details(
    state: State, package_id: Annotated[str | None, Query(alias="packageId")] = None
) -> JSONResponse:
    """A package with its files and folders."""
    package_id = _required(package_id, "packageId", "<package GUID>")
    return JSONResponse(_store(state).entity_details(package_id))


@internal.get("/Log")
def log_download(
    state: State,
    package_id: Annotated[str | None, Query(alias="packageId")] = None,
    download_size: Annotated[int | None, Query(alias="downloadSize")] = None,
) -> JSONResponse:
    """Record that this client downloaded a package; answers the log entry."""
    package_id = _required(package_id, "packageId", "<package GUID>")
    if download_size is None:
        raise ApiError(400, "downloadSize is required, e.g. ?downloadSize=1024 (bytes)")
    return JSONResponse(_store(state).log_download(package_id, download_size))


# Included last: a router copies the routes it includes at that moment.
router.include_router(public)
router.include_router(internal)

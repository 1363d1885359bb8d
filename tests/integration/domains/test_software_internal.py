"""Internal Software API (``/api/internal/Software``) through AsyncWATS / pyWATS against the
emulator over loopback HTTP: what a station's client does."""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from collections.abc import AsyncIterator

import pytest

from pywats import AsyncWATS, ConflictError, ErrorMode, NotFoundError, ValidationError, pyWATS
from pywats.domains.software import Package, PackageFolder, PackageStatus, PackageTag
from pywats_emulator.software.folders import VIRTUAL_FOLDERS
from pywats_emulator.testing import EmulatorServer

ICT_SEQ = b"ict sequence v1"


def make_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
async def wats(wats_emulator: EmulatorServer) -> AsyncIterator[AsyncWATS]:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as client:
        yield client


async def package_with_files(wats: AsyncWATS, name: str = "StationSW", **fields: object) -> str:
    created = await wats.software.create_package(Package(name=name, **fields))
    assert created is not None and created.package_id is not None
    files = {"setup.cmd": b"@echo off", "programs/ict/main.seq": ICT_SEQ}
    await wats.software.upload_package_zip(created.package_id, make_zip(files))
    return str(created.package_id)


async def release(wats: AsyncWATS, package_id: str) -> None:
    await wats.software.submit_for_review(package_id)
    await wats.software.release_package(package_id)


# -- connection and files ----------------------------------------------------------------------


@pytest.mark.anyio
async def test_is_connected(wats: AsyncWATS) -> None:
    assert await wats.software.is_connected() is True


@pytest.mark.anyio
async def test_a_server_without_the_endpoint_is_not_connected_when_lenient(
    wats: AsyncWATS, wats_emulator: EmulatorServer
) -> None:
    wats_emulator.faults.configure(error_rate=1.0, error_status=404)
    async with AsyncWATS(
        wats_emulator.url, wats_emulator.token, error_mode=ErrorMode.LENIENT
    ) as lenient:
        assert await lenient.software.is_connected() is False
    with pytest.raises(NotFoundError):
        await wats.software.is_connected()


@pytest.mark.anyio
async def test_get_file_returns_the_uploaded_bytes(wats: AsyncWATS) -> None:
    package_id = await package_with_files(wats)
    files = {f.filename: f for f in await wats.software.get_package_files(package_id)}

    content = await wats.software.get_file(files["main.seq"].file_id)  # type: ignore[arg-type]

    assert content == ICT_SEQ
    assert hashlib.sha256(content).hexdigest() == files["main.seq"].checksum


@pytest.mark.anyio
async def test_an_unknown_file_is_not_found_or_none_when_lenient(
    wats: AsyncWATS, wats_emulator: EmulatorServer
) -> None:
    with pytest.raises(NotFoundError, match="PackageFiles"):
        await wats.software.get_file(uuid.uuid4())
    async with AsyncWATS(
        wats_emulator.url, wats_emulator.token, error_mode=ErrorMode.LENIENT
    ) as lenient:
        assert await lenient.software.get_file(uuid.uuid4()) is None


@pytest.mark.anyio
async def test_check_file_by_checksum_date_and_parent_folder(wats: AsyncWATS) -> None:
    package_id = await package_with_files(wats)
    digest = hashlib.sha256(ICT_SEQ).hexdigest()
    details = await wats.software.get_software_entity_details(package_id)
    assert details is not None and details.folders is not None
    programs = next(f for f in details.folders if f.path == "programs")

    same = await wats.software.check_file(package_id, "programs/ict/main.seq", checksum=digest)
    changed = await wats.software.check_file(package_id, "PROGRAMS\\ict\\main.seq", checksum="00")
    newer = await wats.software.check_file(
        package_id,
        "ict/main.seq",
        parent_folder_id=programs.package_folder_id,
        file_date_epoch=4_000_000_000,
    )
    missing = await wats.software.check_file(package_id, "nothing.txt")

    assert same is not None and same.exists and same.up_to_date
    assert same.file is not None and same.file.filename == "main.seq"
    assert changed is not None and changed.exists and not changed.up_to_date
    assert newer is not None and newer.up_to_date
    assert missing is not None and not missing.exists and missing.file is None


@pytest.mark.anyio
async def test_check_file_errors(wats: AsyncWATS) -> None:
    package_id = await package_with_files(wats)

    with pytest.raises(ValueError, match="file_path"):
        await wats.software.check_file(package_id, " ")
    with pytest.raises(ValidationError, match=r"filePath.*'\.\.'"):
        await wats.software.check_file(package_id, "../secrets.txt")
    with pytest.raises(NotFoundError, match="package .* not found"):
        await wats.software.check_file(uuid.uuid4(), "setup.cmd")
    with pytest.raises(NotFoundError, match="parent folder .* not found"):
        await wats.software.check_file(package_id, "setup.cmd", parent_folder_id=uuid.uuid4())


# -- folders -----------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_uploading_a_zip_creates_the_folders_its_files_need(wats: AsyncWATS) -> None:
    package_id = await package_with_files(wats)

    details = await wats.software.get_software_entity_details(package_id)

    assert details is not None and details.folders is not None
    by_path = {folder.path: folder for folder in details.folders}
    assert set(by_path) == {"programs", "programs/ict"}
    assert by_path["programs"].parent_folder_id is None
    assert by_path["programs/ict"].parent_folder_id == by_path["programs"].package_folder_id
    assert details.name == "StationSW" and details.status == PackageStatus.DRAFT
    assert {f.filename for f in details.files or ()} == {"setup.cmd", "main.seq"}


@pytest.mark.anyio
async def test_post_package_folder_nests_and_names_a_virtual_folder(wats: AsyncWATS) -> None:
    package_id = await package_with_files(wats)
    drivers = next(f for f in VIRTUAL_FOLDERS if f["name"] == "Drivers")

    top = await wats.software.post_package_folder(
        package_id, PackageFolder(name="Drivers", virtual_folder_id=drivers["folderId"])
    )
    assert top is not None
    inner = await wats.software.post_package_folder(
        package_id, PackageFolder(name="DMM", parent_folder_id=top.package_folder_id)
    )

    assert top.path == "Drivers" and str(top.package_id) == package_id
    assert str(top.virtual_folder_id) == drivers["folderId"]
    assert inner is not None and inner.path == "Drivers/DMM"
    assert inner.parent_folder_id == top.package_folder_id


@pytest.mark.anyio
async def test_post_package_folder_errors(wats: AsyncWATS) -> None:
    package_id = await package_with_files(wats)

    with pytest.raises(ValueError, match="folder.name"):
        await wats.software.post_package_folder(package_id, PackageFolder())
    with pytest.raises(ValidationError, match="without '/'"):
        await wats.software.post_package_folder(package_id, PackageFolder(name="a/b"))
    with pytest.raises(ValidationError, match="not a virtual folder; use one of: Root"):
        await wats.software.post_package_folder(
            package_id, PackageFolder(name="x", virtual_folder_id=uuid.uuid4())
        )
    with pytest.raises(ConflictError, match="'programs' already exists.*ignoring letter case"):
        await wats.software.post_package_folder(package_id, PackageFolder(name="PROGRAMS"))
    with pytest.raises(NotFoundError, match="package .* not found"):
        await wats.software.post_package_folder(uuid.uuid4(), PackageFolder(name="x"))


@pytest.mark.anyio
async def test_renaming_a_folder_moves_its_subfolders_and_files(wats: AsyncWATS) -> None:
    package_id = await package_with_files(wats)
    details = await wats.software.get_software_entity_details(package_id)
    assert details is not None and details.folders is not None
    programs = next(f for f in details.folders if f.path == "programs")

    renamed = await wats.software.update_package_folder(
        PackageFolder(package_folder_id=programs.package_folder_id, name="Tests", note="kept")
    )

    assert renamed is not None and renamed.path == "Tests" and renamed.name == "Tests"
    assert renamed.model_extra == {"note": "kept"}
    after = await wats.software.get_software_entity_details(package_id)
    assert after is not None
    assert {f.path for f in after.folders or ()} == {"Tests", "Tests/ict"}
    assert {(f.path, f.filename) for f in after.files or ()} == {
        ("", "setup.cmd"),
        ("Tests/ict", "main.seq"),
    }
    moved = await wats.software.check_file(package_id, "tests/ict/main.seq")
    assert moved is not None and moved.exists


@pytest.mark.anyio
async def test_update_package_folder_errors(wats: AsyncWATS) -> None:
    package_id = await package_with_files(wats)
    details = await wats.software.get_software_entity_details(package_id)
    assert details is not None and details.folders is not None
    ict = next(f for f in details.folders if f.path == "programs/ict")
    await wats.software.post_package_folder(
        package_id, PackageFolder(name="data", parent_folder_id=ict.parent_folder_id)
    )

    with pytest.raises(ValueError, match="package_folder_id"):
        await wats.software.update_package_folder(PackageFolder(name="x"))
    with pytest.raises(ConflictError, match="'programs/data' already exists"):
        await wats.software.update_package_folder(
            PackageFolder(package_folder_id=ict.package_folder_id, name="Data")
        )
    with pytest.raises(ValidationError, match="moving a folder"):
        await wats.software.update_package_folder(
            PackageFolder(package_folder_id=ict.package_folder_id, parent_folder_id=uuid.uuid4())
        )
    with pytest.raises(NotFoundError, match="folder .* not found"):
        await wats.software.update_package_folder(
            PackageFolder(package_folder_id=uuid.uuid4(), name="x")
        )


@pytest.mark.anyio
async def test_delete_package_folder_deletes_subfolders_and_files(wats: AsyncWATS) -> None:
    package_id = await package_with_files(wats)
    details = await wats.software.get_software_entity_details(package_id)
    assert details is not None and details.folders is not None
    programs = next(f for f in details.folders if f.path == "programs")
    assert programs.package_folder_id is not None

    await wats.software.delete_package_folder(programs.package_folder_id)

    after = await wats.software.get_software_entity_details(package_id)
    assert after is not None
    assert after.folders == []
    assert [f.filename for f in after.files or ()] == ["setup.cmd"]
    with pytest.raises(NotFoundError, match="folder .* not found"):
        await wats.software.delete_package_folder(programs.package_folder_id)


@pytest.mark.anyio
async def test_delete_package_folder_files_is_all_or_nothing(wats: AsyncWATS) -> None:
    package_id = await package_with_files(wats)
    files = {f.filename: f.file_id for f in await wats.software.get_package_files(package_id)}

    with pytest.raises(NotFoundError, match="nothing was deleted"):
        await wats.software.delete_package_folder_files([files["setup.cmd"], uuid.uuid4()])  # type: ignore[list-item]
    assert len(await wats.software.get_package_files(package_id)) == 2
    with pytest.raises(ValueError, match="non-empty list"):
        await wats.software.delete_package_folder_files([])

    await wats.software.delete_package_folder_files([files["setup.cmd"]])  # type: ignore[list-item]

    assert [f.filename for f in await wats.software.get_package_files(package_id)] == ["main.seq"]


@pytest.mark.anyio
async def test_folders_and_files_of_a_released_package_do_not_change(wats: AsyncWATS) -> None:
    package_id = await package_with_files(wats)
    details = await wats.software.get_software_entity_details(package_id)
    assert details is not None and details.folders and details.files
    await release(wats, package_id)
    folder_id = details.folders[0].package_folder_id
    assert folder_id is not None

    with pytest.raises(ConflictError, match="only Draft packages change"):
        await wats.software.post_package_folder(package_id, PackageFolder(name="new"))
    with pytest.raises(ConflictError, match="only Draft packages change"):
        await wats.software.update_package_folder(
            PackageFolder(package_folder_id=folder_id, name="x")
        )
    with pytest.raises(ConflictError, match="only Draft packages change"):
        await wats.software.delete_package_folder(folder_id)
    with pytest.raises(ConflictError, match="only Draft packages change"):
        await wats.software.delete_package_folder_files([details.files[0].file_id])  # type: ignore[list-item]


@pytest.mark.anyio
async def test_deleting_a_package_or_a_clean_install_removes_its_folders(wats: AsyncWATS) -> None:
    package_id = await package_with_files(wats)

    await wats.software.upload_package_zip(package_id, make_zip({"b/x": b"x"}), clean_install=True)
    details = await wats.software.get_software_entity_details(package_id)
    assert details is not None
    assert [f.path for f in details.folders or ()] == ["b"]
    folder_id = (details.folders or [])[0].package_folder_id
    assert folder_id is not None

    await wats.software.delete_package(package_id)
    with pytest.raises(NotFoundError):
        await wats.software.delete_package_folder(folder_id)


# -- what a station installs -------------------------------------------------------------------


@pytest.mark.anyio
async def test_available_and_revoked_packages_for_a_station(wats: AsyncWATS) -> None:
    old = await package_with_files(wats, "ICT", priority=2)
    await release(wats, old)
    new = await package_with_files(wats, "ICT", priority=2)
    await release(wats, new)
    tools = await package_with_files(wats, "Tools", priority=1)
    await release(wats, tools)
    await wats.software.revoke_package(tools)
    drivers = await package_with_files(wats, "Drivers", priority=1)
    await release(wats, drivers)
    await package_with_files(wats, "Draft-only")

    fresh = await wats.software.get_available_packages()
    after = await wats.software.get_available_packages([new, uuid.UUID(drivers)])
    removable = await wats.software.get_revoked_packages([old, tools, new])
    revoked = await wats.software.get_revoked_packages([old, tools], include_revoked_only=True)

    assert [(p.name, p.version) for p in fresh] == [("Drivers", 1), ("ICT", 2)]
    assert after == []
    assert [str(p.package_id) for p in removable] == [old, tools]
    assert [str(p.package_id) for p in revoked] == [tools]
    assert revoked[0].status == PackageStatus.REVOKED


@pytest.mark.anyio
async def test_a_malformed_installed_package_id_is_a_validation_error(wats: AsyncWATS) -> None:
    with pytest.raises(ValidationError, match="'PN-1' is not a GUID"):
        await wats.software.get_available_packages(["PN-1"])
    with pytest.raises(ValidationError, match="is not a GUID"):
        await wats.software.get_revoked_packages(["nope"])


@pytest.mark.anyio
async def test_package_history_by_tags_status_and_versions(wats: AsyncWATS) -> None:
    line2 = [PackageTag(key="line", value="L2")]
    first = await package_with_files(wats, "ICT", tags=line2)
    await release(wats, first)
    await package_with_files(wats, "ICT", tags=line2)
    await package_with_files(wats, "FCT", tags=[PackageTag(key="line", value="L3")])

    latest = await wats.software.get_package_history(tags={"LINE": "l2"})
    every = await wats.software.get_package_history(tags={"line": "L2"}, all_versions=True)
    released = await wats.software.get_package_history(status="released")
    everything = await wats.software.get_package_history()

    assert [(p.name, p.version, p.status) for p in latest] == [("ICT", 2, PackageStatus.DRAFT)]
    assert [(p.version, p.status) for p in every] == [
        (2, PackageStatus.DRAFT),
        (1, PackageStatus.RELEASED),
    ]
    assert [str(p.package_id) for p in released] == [first]
    assert [p.name for p in everything] == ["FCT", "ICT"]
    with pytest.raises(ValueError, match="unknown package status"):
        await wats.software.get_package_history(status="Shipped")


@pytest.mark.anyio
async def test_log_download_and_the_download_history(wats: AsyncWATS) -> None:
    first = await package_with_files(wats, "ICT")
    second = await package_with_files(wats, "FCT")

    entry = await wats.software.log_download(first, 1024)
    await wats.software.log_download(second, 0)
    history = await wats.software.get_package_download_history()
    mine = await wats.software.get_package_download_history("EMULATOR")
    others = await wats.software.get_package_download_history("station-42")

    assert entry is not None
    assert (entry.name, entry.version, entry.download_size) == ("ICT", 1, 1024)
    assert entry.client_id == "emulator" and entry.downloaded_utc is not None
    assert [d.name for d in history] == ["FCT", "ICT"]  # newest first
    assert [d.name for d in mine] == ["FCT", "ICT"]
    assert others == []


@pytest.mark.anyio
async def test_log_download_errors(wats: AsyncWATS, wats_emulator: EmulatorServer) -> None:
    package_id = await package_with_files(wats)

    with pytest.raises(ValueError, match="download_size must be >= 0"):
        await wats.software.log_download(package_id, -1)
    async with AsyncWATS(
        wats_emulator.url, wats_emulator.token, error_mode=ErrorMode.LENIENT
    ) as lenient:
        with pytest.raises(NotFoundError, match="package .* not found"):
            await lenient.software.log_download(uuid.uuid4(), 1)  # a write: raises even lenient
        assert await lenient.software.get_software_entity_details(uuid.uuid4()) is None


# -- the sync twin -----------------------------------------------------------------------------


def test_a_station_cycle_through_the_sync_client(wats_emulator: EmulatorServer) -> None:
    with pyWATS(wats_emulator.url, wats_emulator.token) as wats:
        created = wats.software.create_package(Package(name="Sync"))
        assert created is not None and created.package_id is not None
        wats.software.upload_package_zip(created.package_id, make_zip({"a/b.txt": b"hello"}))
        wats.software.submit_for_review(created.package_id)
        wats.software.release_package(created.package_id)

        assert wats.software.is_connected()
        (available,) = wats.software.get_available_packages()
        details = wats.software.get_software_entity_details(available.package_id)  # type: ignore[arg-type]
        assert details is not None and details.files
        content = wats.software.get_file(details.files[0].file_id)  # type: ignore[arg-type]
        wats.software.log_download(created.package_id, len(content or b""))

        assert content == b"hello"
        assert [d.download_size for d in wats.software.get_package_download_history()] == [5]
        assert wats.software.get_revoked_packages([created.package_id]) == []

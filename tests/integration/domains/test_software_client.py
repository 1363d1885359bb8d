"""Software domain through AsyncWATS / pyWATS against the emulator over loopback HTTP."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from pywats import AsyncWATS, ConflictError, ErrorMode, NotFoundError, ValidationError, pyWATS
from pywats.domains.software import Package, PackageStatus, PackageTag
from pywats_emulator.testing import EmulatorServer


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


async def draft(wats: AsyncWATS, name: str = "StationSW", **fields: object) -> Package:
    created = await wats.software.create_package(Package(name=name, **fields))
    assert created is not None
    assert created.package_id is not None
    return created


# -- packages ------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_create_package_starts_in_draft_with_the_next_version(wats: AsyncWATS) -> None:
    first = await draft(wats, description="ICT programs", tags=[PackageTag(key="line", value="L2")])
    second = await draft(wats, "stationsw")  # names compare without letter case
    other = await draft(wats, "Other", version=7)

    assert (first.status, first.version) == (PackageStatus.DRAFT, 1)
    assert (second.version, other.version) == (2, 7)
    assert first.description == "ICT programs"
    assert first.tag("LINE") == "L2"
    assert first.created_by == "emulator"
    assert first.created_utc is not None
    assert first.files == []


@pytest.mark.anyio
async def test_an_existing_version_is_a_conflict_naming_the_next_free_one(wats: AsyncWATS) -> None:
    await draft(wats, version=3)

    with pytest.raises(ConflictError, match=r"version 3 already exists.*\(4\)"):
        await draft(wats, version=3)


@pytest.mark.anyio
async def test_create_without_a_name_is_a_value_error_before_any_request(wats: AsyncWATS) -> None:
    with pytest.raises(ValueError, match="package.name"):
        await wats.software.create_package(Package(description="no name"))


@pytest.mark.anyio
async def test_a_bad_field_value_is_a_validation_error(wats: AsyncWATS) -> None:
    with pytest.raises(ValidationError, match="version must be a whole number from 1"):
        await draft(wats, version=0)


@pytest.mark.anyio
async def test_get_packages_and_get_package(wats: AsyncWATS) -> None:
    a = await draft(wats, "A")
    b = await draft(wats, "B")

    listed = await wats.software.get_packages()
    one = await wats.software.get_package(b.package_id)

    assert [p.name for p in listed] == ["A", "B"]
    assert listed[0].package_id == a.package_id
    assert one is not None
    assert one.name == "B"


@pytest.mark.anyio
async def test_an_unknown_package_is_not_found_and_none_when_lenient(
    wats_emulator: EmulatorServer, wats: AsyncWATS
) -> None:
    missing = "0b7f6c1e-58a8-4b8c-9c55-3f1f3c9d1a10"
    with pytest.raises(NotFoundError, match="GET /api/Software/Packages"):
        await wats.software.get_package(missing)
    async with AsyncWATS(
        wats_emulator.url, wats_emulator.token, error_mode=ErrorMode.LENIENT
    ) as lenient:
        assert await lenient.software.get_package(missing) is None


@pytest.mark.anyio
async def test_get_package_by_name_and_the_released_package(wats: AsyncWATS) -> None:
    v1 = await draft(wats)
    await draft(wats)  # v2 stays Draft
    await wats.software.submit_for_review(v1.package_id)
    await wats.software.release_package(v1.package_id)

    latest = await wats.software.get_package_by_name("StationSW")
    released = await wats.software.get_released_package("StationSW")
    exact = await wats.software.get_package_by_name("StationSW", version=1, status="released")

    assert latest is not None and latest.version == 2
    assert released is not None
    assert (released.version, released.status) == (1, PackageStatus.RELEASED)
    assert exact is not None and exact.package_id == v1.package_id


@pytest.mark.anyio
async def test_no_released_package_is_not_found_saying_so(wats: AsyncWATS) -> None:
    await draft(wats)
    with pytest.raises(NotFoundError, match="no Released package named 'StationSW'"):
        await wats.software.get_released_package("StationSW")


@pytest.mark.anyio
async def test_get_packages_by_tag(wats: AsyncWATS) -> None:
    l2 = await draft(wats, "A", tags=[PackageTag(key="line", value="L2")])
    await draft(wats, "B", tags=[PackageTag(key="line", value="L3")])
    await draft(wats, "C")

    found = await wats.software.get_packages_by_tag("Line", "l2")
    none_released = await wats.software.get_packages_by_tag(
        "line", "L2", status=PackageStatus.RELEASED
    )

    assert [p.package_id for p in found] == [l2.package_id]
    assert none_released == []


@pytest.mark.anyio
async def test_update_package_changes_draft_fields_and_keeps_the_rest(wats: AsyncWATS) -> None:
    package = await draft(wats, description="old")
    assert package.package_id is not None

    changed = package.model_copy(update={"description": "new", "priority": 5})
    updated = await wats.software.update_package(package.package_id, changed)

    assert updated is not None
    assert (updated.description, updated.priority, updated.version) == ("new", 5, 1)
    assert updated.modified_utc is not None and updated.created_utc is not None
    assert updated.modified_utc >= updated.created_utc


@pytest.mark.anyio
async def test_update_cannot_change_the_status_or_edit_a_non_draft_package(
    wats: AsyncWATS,
) -> None:
    package = await draft(wats)
    package_id = package.package_id
    assert package_id is not None

    with pytest.raises(ValidationError, match="PackageStatus"):
        await wats.software.update_package(
            package_id, package.model_copy(update={"status": PackageStatus.RELEASED})
        )
    await wats.software.submit_for_review(package_id)
    with pytest.raises(ConflictError, match="is Pending: only Draft packages change"):
        await wats.software.update_package(package_id, Package(description="late"))


@pytest.mark.anyio
async def test_delete_package_and_delete_package_by_name(wats: AsyncWATS) -> None:
    a = await draft(wats, "A")
    await draft(wats, "B")
    await draft(wats, "B")
    keep = await draft(wats, "C")
    await draft(wats, "C")

    await wats.software.delete_package(a.package_id)
    await wats.software.delete_package_by_name("B")
    await wats.software.delete_package_by_name("C", version=2)

    remaining = await wats.software.get_packages()
    assert [p.package_id for p in remaining] == [keep.package_id]
    with pytest.raises(NotFoundError):
        await wats.software.delete_package_by_name("B")


@pytest.mark.anyio
async def test_released_packages_cannot_be_deleted_until_revoked(wats: AsyncWATS) -> None:
    package = await draft(wats)
    package_id = package.package_id
    assert package_id is not None
    await wats.software.submit_for_review(package_id)
    await wats.software.release_package(package_id)

    with pytest.raises(ConflictError, match="revoke it first"):
        await wats.software.delete_package(package_id)
    with pytest.raises(ConflictError, match="Released"):
        await wats.software.delete_package_by_name("StationSW")
    await wats.software.revoke_package(package_id)
    await wats.software.delete_package(package_id)
    assert await wats.software.get_packages() == []


# -- status workflow -----------------------------------------------------------------------


@pytest.mark.anyio
async def test_the_full_workflow_with_the_service_helpers(wats: AsyncWATS) -> None:
    package = await draft(wats)
    package_id = package.package_id
    assert package_id is not None
    seen = []

    for step in (
        wats.software.submit_for_review,
        wats.software.return_to_draft,
        wats.software.submit_for_review,
        wats.software.release_package,
        wats.software.revoke_package,
    ):
        await step(package_id)
        current = await wats.software.get_package(package_id)
        assert current is not None
        seen.append(current.status)

    assert seen == [
        PackageStatus.PENDING,
        PackageStatus.DRAFT,
        PackageStatus.PENDING,
        PackageStatus.RELEASED,
        PackageStatus.REVOKED,
    ]


@pytest.mark.anyio
async def test_an_illegal_move_is_a_conflict_naming_current_and_allowed(wats: AsyncWATS) -> None:
    package = await draft(wats)
    package_id = package.package_id
    assert package_id is not None

    with pytest.raises(ConflictError) as caught:
        await wats.software.release_package(package_id)
    assert "Draft" in str(caught.value)
    assert "can only go to Pending" in str(caught.value)

    await wats.software.submit_for_review(package_id)
    await wats.software.release_package(package_id)
    await wats.software.revoke_package(package_id)
    with pytest.raises(ConflictError, match="Revoked is final"):
        await wats.software.update_package_status(package_id, "Draft")


@pytest.mark.anyio
async def test_a_bad_status_is_a_value_error_before_any_request(wats: AsyncWATS) -> None:
    package = await draft(wats)
    with pytest.raises(ValueError, match="Draft, Pending, Released, Revoked"):
        await wats.software.update_package_status(package.package_id, "Published")


@pytest.mark.anyio
async def test_the_client_rule_matches_what_the_server_enforces(wats: AsyncWATS) -> None:
    for start in PackageStatus:
        for target in PackageStatus:
            package = await draft(wats, f"{start.value}-{target.value}")
            package_id = package.package_id
            assert package_id is not None
            path = {
                PackageStatus.DRAFT: [],
                PackageStatus.PENDING: [PackageStatus.PENDING],
                PackageStatus.RELEASED: [PackageStatus.PENDING, PackageStatus.RELEASED],
                PackageStatus.REVOKED: [
                    PackageStatus.PENDING,
                    PackageStatus.RELEASED,
                    PackageStatus.REVOKED,
                ],
            }[start]
            for status in path:
                await wats.software.update_package_status(package_id, status)
            try:
                await wats.software.update_package_status(package_id, target)
                allowed = True
            except ConflictError:
                allowed = False
            assert allowed is start.can_move_to(target), (start, target)


# -- files ---------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_upload_package_zip_gives_files_with_size_and_sha256(wats: AsyncWATS) -> None:
    package = await draft(wats)
    package_id = package.package_id
    assert package_id is not None
    data = {"setup.exe": b"MZ" * 100, "bin/tools/run.py": b"print('ok')\n"}

    await wats.software.upload_package_zip(package_id, make_zip(data))
    files = await wats.software.get_package_files(package_id)

    assert [(f.path, f.filename, f.size) for f in files] == [
        ("", "setup.exe", 200),
        ("bin/tools", "run.py", 12),
    ]
    assert files[1].checksum == hashlib.sha256(b"print('ok')\n").hexdigest()
    assert files[0].file_id is not None
    fetched = await wats.software.get_package(package_id)
    assert fetched is not None and fetched.files is not None and len(fetched.files) == 2


@pytest.mark.anyio
async def test_upload_merges_by_default_and_replaces_with_clean_install(
    wats: AsyncWATS, tmp_path: Path
) -> None:
    package = await draft(wats)
    package_id = package.package_id
    assert package_id is not None
    await wats.software.upload_package_zip(package_id, make_zip({"a.txt": b"1", "b.txt": b"2"}))

    zip_path = tmp_path / "update.zip"
    zip_path.write_bytes(make_zip({"b.txt": b"22", "c.txt": b"3"}))
    await wats.software.upload_package_zip(package_id, zip_path)
    merged = await wats.software.get_package_files(package_id)
    await wats.software.upload_package_zip(package_id, str(zip_path), clean_install=True)
    clean = await wats.software.get_package_files(package_id)

    assert [(f.filename, f.size) for f in merged] == [("a.txt", 1), ("b.txt", 2), ("c.txt", 1)]
    assert [f.filename for f in clean] == ["b.txt", "c.txt"]


@pytest.mark.anyio
@pytest.mark.parametrize("bad_name", ["../evil.dll", "/etc/cron.d/x", "C:/Windows/x.dll"])
async def test_zip_entries_escaping_the_package_are_refused(wats: AsyncWATS, bad_name: str) -> None:
    package = await draft(wats)
    package_id = package.package_id
    assert package_id is not None

    with pytest.raises(ValidationError, match="zip entry"):
        await wats.software.upload_package_zip(
            package_id, make_zip({"ok.txt": b"x", bad_name: b"evil"})
        )
    assert await wats.software.get_package_files(package_id) == []  # nothing was stored


@pytest.mark.anyio
async def test_not_a_zip_is_a_value_error_and_only_drafts_get_files(wats: AsyncWATS) -> None:
    package = await draft(wats)
    package_id = package.package_id
    assert package_id is not None

    with pytest.raises(ValueError, match="not a zip archive"):
        await wats.software.upload_package_zip(package_id, b"plain text")
    await wats.software.submit_for_review(package_id)
    with pytest.raises(ConflictError, match="return it to Draft first"):
        await wats.software.upload_package_zip(package_id, make_zip({"a": b""}))


@pytest.mark.anyio
async def test_update_file_attribute(wats: AsyncWATS) -> None:
    package = await draft(wats)
    package_id = package.package_id
    assert package_id is not None
    await wats.software.upload_package_zip(package_id, make_zip({"run.bat": b"@echo off"}))
    (file,) = await wats.software.get_package_files(package_id)
    assert file.file_id is not None

    await wats.software.update_file_attribute(file.file_id, "ExecuteOnce")
    (after,) = await wats.software.get_package_files(package_id)

    assert after.attributes == "ExecuteOnce"
    with pytest.raises(NotFoundError, match="PackageFiles"):
        await wats.software.update_file_attribute("2f0c8a94-7d0e-4f55-9d1b-7a1e0c9b5e21", 1)


@pytest.mark.anyio
async def test_get_virtual_folders_are_seeded(wats: AsyncWATS) -> None:
    folders = await wats.software.get_virtual_folders()

    assert [f.name for f in folders] == ["Root", "TestPrograms", "Drivers", "Documents"]
    assert all(f.folder_id is not None and f.description for f in folders)


# -- the sync twin -------------------------------------------------------------------------


def test_the_sync_client_runs_the_workflow(wats_emulator: EmulatorServer) -> None:
    with pyWATS(wats_emulator.url, wats_emulator.token) as wats:
        package = wats.software.create_package(Package(name="SyncSW"))
        assert package is not None and package.package_id is not None
        wats.software.upload_package_zip(package.package_id, make_zip({"a.txt": b"a"}))
        wats.software.submit_for_review(package.package_id)
        wats.software.release_package(package.package_id)

        released = wats.software.get_released_package("SyncSW")
        files = wats.software.get_package_files(package.package_id)

    assert released is not None and released.status is PackageStatus.RELEASED
    assert [f.filename for f in files] == ["a.txt"]

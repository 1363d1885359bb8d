"""Software models of the client: JSON aliases, unknown keys kept, the status rule."""

from __future__ import annotations

import uuid

import pytest

from pywats.domains.software import Package, PackageStatus, VirtualFolder
from pywats_emulator.software import workflow

PACKAGE_JSON = {
    "packageId": "3f2b8c1a-5d4e-4f60-9a7b-1c2d3e4f5a6b",
    "name": "StationSW",
    "description": "ICT programs",
    "version": 3,
    "status": "Released",
    "installOnRoot": False,
    "rootDirectory": "ICT",
    "priority": 10,
    "tags": [{"key": "line", "value": "L2", "color": "red"}],
    "createdUtc": "2026-02-01T10:00:00.000000Z",
    "modifiedUtc": "2026-02-01T11:00:00.000000Z",
    "createdBy": "alice",
    "modifiedBy": "bob",
    "files": [
        {
            "fileId": "9a3c1f0e-5b7d-4c2a-8e61-0f4b2d9c7a15",
            "filename": "run.py",
            "path": "bin",
            "size": 12,
            "checksum": "ab" * 32,
            "createdUtc": "2026-02-01T10:00:00Z",
            "modifiedUtc": "2026-02-01T10:00:00Z",
            "attributes": {"executeOnce": True},
        }
    ],
    "serverOnly": 1,
}


def test_a_package_reads_every_key_and_writes_the_same_json_back() -> None:
    package = Package.model_validate(PACKAGE_JSON)

    assert package.package_id == uuid.UUID(PACKAGE_JSON["packageId"])
    assert package.status is PackageStatus.RELEASED
    assert package.install_on_root is False
    assert package.tag("LINE") == "L2"
    assert package.files is not None and package.files[0].attributes == {"executeOnce": True}
    dumped = package.model_dump(mode="json", by_alias=True, exclude_none=True)
    assert dumped["serverOnly"] == 1
    assert dumped["tags"][0]["color"] == "red"
    assert Package.model_validate(dumped) == package


def test_python_names_work_too() -> None:
    package = Package(name="A", install_on_root=True, root_directory="x")
    assert package.model_dump(by_alias=True, exclude_none=True) == {
        "name": "A",
        "installOnRoot": True,
        "rootDirectory": "x",
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, PackageStatus.DRAFT), (3, PackageStatus.REVOKED), ("pending", PackageStatus.PENDING)],
)
def test_status_loads_from_numbers_and_any_case(value: object, expected: PackageStatus) -> None:
    assert Package.model_validate({"status": value}).status is expected


def test_an_unknown_status_from_a_newer_server_is_kept_as_text() -> None:
    assert Package.model_validate({"status": "Archived"}).status == "Archived"


def test_parse_refuses_unknown_values_listing_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="Draft, Pending, Released, Revoked"):
        PackageStatus.parse("Published")
    with pytest.raises(ValueError, match="unknown package status True"):
        PackageStatus.parse(True)


def test_the_client_rule_is_the_servers_rule() -> None:
    for status in PackageStatus:
        server_next = workflow.NEXT_STATUSES[workflow.PackageStatus(status.value)]
        assert [s.value for s in status.next_statuses()] == [s.value for s in server_next]
    assert PackageStatus.PENDING.can_move_to(PackageStatus.DRAFT)
    assert not PackageStatus.RELEASED.can_move_to(PackageStatus.DRAFT)


def test_virtual_folder_aliases() -> None:
    folder = VirtualFolder.model_validate(
        {"folderId": "9a3c1f0e-5b7d-4c2a-8e61-0f4b2d9c7a15", "name": "Drivers", "path": "D"}
    )
    assert (folder.name, folder.path, folder.description) == ("Drivers", "D", None)

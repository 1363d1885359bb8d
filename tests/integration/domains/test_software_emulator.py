"""The emulator's Software endpoints over raw HTTP: what clients other than pyWATS may send."""

from __future__ import annotations

import base64
import io
import zipfile
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pywats_emulator.testing import EmulatorServer


@pytest.fixture
def http(wats_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=wats_emulator.url, headers=wats_emulator.auth_headers) as client:
        yield client


def create(http: httpx.Client, **body: Any) -> dict[str, Any]:
    response = http.post("/api/Software/Package", json={"name": "SW", **body})
    assert response.status_code == 200, response.text
    package: dict[str, Any] = response.json()
    return package


def one_file_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", b"a")
    return buffer.getvalue()


def test_a_package_shows_every_documented_key(http: httpx.Client) -> None:
    package = create(http, vendorField={"kept": True}, status="Released", packageId="mine")

    assert set(package) >= {
        "packageId", "name", "description", "version", "status", "installOnRoot",
        "rootDirectory", "priority", "tags", "createdUtc", "modifiedUtc", "createdBy",
        "modifiedBy", "files",
    }  # fmt: skip
    assert package["status"] == "Draft"  # created as Draft whatever the body says
    assert package["packageId"] != "mine"
    assert package["vendorField"] == {"kept": True}


def test_status_may_be_a_number_and_paths_any_case(http: httpx.Client) -> None:
    package_id = create(http)["packageId"]

    moved = http.post(f"/api/software/packagestatus/{package_id}", params={"status": "1"})

    assert moved.status_code == 200
    assert moved.json()["status"] == "Pending"
    by_name = http.get("/api/Software/PackageByName", params={"name": "sw", "status": 1})
    assert by_name.json()["packageId"] == package_id


@pytest.mark.parametrize(
    ("method", "path", "params", "message"),
    [
        ("GET", "/api/Software/PackageByName", {}, "name is required"),
        ("GET", "/api/Software/PackagesByTag", {"tag": "line"}, "value is required"),
        ("GET", "/api/Software/PackageByName", {"name": "SW", "status": "Gone"}, "Draft (0)"),
        ("DELETE", "/api/Software/PackageByName", {}, "name is required"),
        ("GET", "/api/Software/Package/not-a-guid", {}, "not a GUID"),
    ],
)
def test_missing_or_bad_parameters_are_400_saying_what_to_send(
    http: httpx.Client, method: str, path: str, params: dict[str, str], message: str
) -> None:
    response = http.request(method, path, params=params)

    assert response.status_code == 400
    assert message in response.json()["message"]


def test_a_status_change_without_status_is_400(http: httpx.Client) -> None:
    package_id = create(http)["packageId"]
    response = http.post(f"/api/Software/PackageStatus/{package_id}")
    assert response.status_code == 400
    assert "status is required" in response.json()["message"]


def test_an_update_naming_another_package_is_refused(http: httpx.Client) -> None:
    package_id = create(http)["packageId"]
    other = create(http)["packageId"]

    response = http.put(f"/api/Software/Package/{package_id}", json={"packageId": other})

    assert response.status_code == 400
    assert "differs from the URL" in response.json()["message"]


def test_renaming_onto_an_existing_name_and_version_is_a_conflict(http: httpx.Client) -> None:
    create(http, name="A")
    b = create(http, name="B")

    response = http.put(f"/api/Software/Package/{b['packageId']}", json={"name": "a"})

    assert response.status_code == 409
    assert "leave version out to get the next free one (2)" in response.json()["message"]


def test_delete_by_name_deletes_nothing_when_one_version_is_released(http: httpx.Client) -> None:
    first = create(http)["packageId"]
    create(http)
    for status in ("Pending", "Released"):
        http.post(f"/api/Software/PackageStatus/{first}", params={"status": status})

    response = http.delete("/api/Software/PackageByName", params={"name": "SW"})

    assert response.status_code == 409
    assert len(http.get("/api/Software/Packages").json()) == 2


def test_upload_zip_answers_the_file_list_and_refuses_non_zip_bodies(http: httpx.Client) -> None:
    package_id = create(http)["packageId"]
    url = f"/api/Software/Package/UploadZip/{package_id}"

    ok = http.post(url, content=one_file_zip(), headers={"Content-Type": "application/zip"})
    bad = http.post(url, content=b"not a zip", headers={"Content-Type": "application/zip"})

    assert ok.status_code == 200
    assert [f["filename"] for f in ok.json()] == ["a.txt"]
    assert bad.status_code == 400
    assert "not a zip archive" in bad.json()["message"]


def test_file_attribute_needs_an_attributes_object(http: httpx.Client) -> None:
    package_id = create(http)["packageId"]
    files = http.post(
        f"/api/Software/Package/UploadZip/{package_id}",
        content=one_file_zip(),
        headers={"Content-Type": "application/zip"},
    ).json()
    url = f"/api/Software/Package/FileAttribute/{files[0]['fileId']}"

    bad = http.post(url, json={"attr": 1})
    ok = http.post(url, json={"attributes": {"executeOnce": True}})

    assert bad.status_code == 400
    assert ok.json()["attributes"] == {"executeOnce": True}


def test_reset_empties_packages_but_keeps_the_virtual_folders(
    http: httpx.Client,
) -> None:
    create(http)
    assert http.post("/_emulator/reset").status_code in (200, 204)

    assert http.get("/api/Software/Packages").json() == []
    assert len(http.get("/api/Software/VirtualFolders").json()) == 4


def test_created_by_is_the_tokens_user() -> None:
    token = base64.b64encode(b"carol:s3cret").decode()
    with (
        EmulatorServer(token=token) as server,
        httpx.Client(base_url=server.url, headers=server.auth_headers) as http,
    ):
        package = create(http)
    assert package["createdBy"] == package["modifiedBy"] == "carol"

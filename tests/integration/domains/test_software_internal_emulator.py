"""The emulator's internal Software endpoints over raw HTTP: the forms other clients may send."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pywats_emulator.testing import EmulatorServer

INTERNAL = "/api/internal/Software"


@pytest.fixture
def http(wats_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    headers = {**wats_emulator.auth_headers, "Referer": wats_emulator.url}
    with httpx.Client(base_url=wats_emulator.url, headers=headers) as client:
        yield client


def package(http: httpx.Client, name: str = "SW", files: dict[str, bytes] | None = None) -> str:
    created = http.post("/api/Software/Package", json={"name": name}).json()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry, data in (files or {"dir/ä ö.txt": b"data"}).items():
            archive.writestr(entry, data)
    uploaded = http.post(f"/api/Software/Package/UploadZip/{created['packageId']}",
                         content=buffer.getvalue())  # fmt: skip
    assert uploaded.status_code == 200, uploaded.text
    package_id: str = created["packageId"]
    return package_id


def released(http: httpx.Client, name: str) -> str:
    package_id = package(http, name)
    for status in ("Pending", "Released"):
        http.post(f"/api/Software/PackageStatus/{package_id}", params={"status": status})
    return package_id


def files_of(http: httpx.Client, package_id: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = http.get(f"/api/Software/PackageFiles/{package_id}").json()
    return found


def test_is_connected_answers_true_and_needs_the_token(
    http: httpx.Client, wats_emulator: EmulatorServer
) -> None:
    assert http.get(f"{INTERNAL}/isconnected").json() is True
    assert httpx.get(f"{wats_emulator.url}{INTERNAL}/isConnected").status_code == 401


def test_a_file_is_served_as_bytes_with_its_name(http: httpx.Client) -> None:
    package_id = package(http)
    file_id = files_of(http, package_id)[0]["fileId"]

    response = http.get(f"/API/INTERNAL/software/FILE/{file_id.upper()}")

    assert response.status_code == 200
    assert response.content == b"data"
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-disposition"] == (
        "attachment; filename*=UTF-8''%C3%A4%20%C3%B6.txt"
    )
    assert http.get(f"{INTERNAL}/File/not-a-guid").status_code == 400


def test_required_parameters_are_named_in_a_400(http: httpx.Client) -> None:
    for path, params, name in [
        ("CheckFile", {"filePath": "a"}, "packageId"),
        ("CheckFile", {"packageId": "x"}, "filePath"),
        ("GetSoftwareEntityDetails", {}, "packageId"),
        ("Log", {"downloadSize": 1}, "packageId"),
        ("Log", {"packageId": "x"}, "downloadSize"),
    ]:
        response = http.get(f"{INTERNAL}/{path}", params=params)
        assert response.status_code == 400, path
        assert response.json()["message"].startswith(f"{name} is required"), path
    response = http.post(f"{INTERNAL}/DeletePackageFolder")
    assert response.json()["message"].startswith("packageFolderId is required")
    response = http.post(f"{INTERNAL}/PostPackageFolder", json={"name": "x"})
    assert response.json()["message"].startswith("packageId is required")


def test_bad_values_are_400(http: httpx.Client) -> None:
    package_id = package(http)

    log = http.get(f"{INTERNAL}/Log", params={"packageId": package_id, "downloadSize": -5})
    history = http.get(f"{INTERNAL}/GetPackageHistory", params={"tags": "=x"})
    status = http.get(f"{INTERNAL}/GetPackageHistory", params={"status": "Shipped"})
    versions = http.get(f"{INTERNAL}/GetPackageHistory", params={"allVersions": "maybe"})

    assert log.status_code == 400 and "downloadSize must be" in log.json()["message"]
    assert history.status_code == 400 and "has no key" in history.json()["message"]
    assert status.status_code == 400 and "unknown package status" in status.json()["message"]
    assert versions.status_code == 400


def test_history_writes_status_as_a_number(http: httpx.Client) -> None:
    released(http, "A")
    package(http, "B")

    rows = http.get(f"{INTERNAL}/GetPackageHistory", params={"status": 2}).json()
    drafts = http.get(f"{INTERNAL}/GetPackageHistory", params={"status": "draft"}).json()

    assert [(row["name"], row["status"]) for row in rows] == [("A", 2)]
    assert [(row["name"], row["status"]) for row in drafts] == [("B", 0)]
    assert rows[0]["files"]  # a full package, with its files


def test_installed_packages_may_be_repeated_or_comma_separated(http: httpx.Client) -> None:
    a, b, c = released(http, "A"), released(http, "B"), released(http, "C")

    repeated = http.get(f"{INTERNAL}/GetAvailablePackages", params={"installedPackages": [a, b]})
    commas = http.get(f"{INTERNAL}/GetAvailablePackages?installedpackages={a},{b.upper()}")

    assert [p["packageId"] for p in repeated.json()] == [c]
    assert [p["packageId"] for p in commas.json()] == [c]


def test_delete_package_folder_files_takes_a_body_or_query_ids(http: httpx.Client) -> None:
    package_id = package(http, files={"a.txt": b"a", "b.txt": b"b", "c.txt": b"c"})
    ids = {f["filename"]: f["fileId"] for f in files_of(http, package_id)}

    by_query = http.post(
        f"{INTERNAL}/DeletePackageFolderFiles", params={"packageFolderFileIds": [ids["a.txt"]]}
    )
    by_body = http.post(f"{INTERNAL}/DeletePackageFolderFiles", json=[ids["b.txt"]])
    bad_body = http.post(f"{INTERNAL}/DeletePackageFolderFiles", json={"ids": [ids["c.txt"]]})
    empty = http.post(f"{INTERNAL}/DeletePackageFolderFiles", json=[])

    assert (by_query.status_code, by_body.status_code) == (204, 204)
    assert bad_body.status_code == 400 and "JSON array of file ids" in bad_body.json()["message"]
    assert empty.status_code == 400 and "is empty" in empty.json()["message"]
    assert [f["filename"] for f in files_of(http, package_id)] == ["c.txt"]


def test_folder_bodies_are_checked_and_unknown_keys_kept(http: httpx.Client) -> None:
    package_id = package(http)
    url = f"{INTERNAL}/PostPackageFolder"

    not_object = http.post(url, params={"packageId": package_id}, json=["x"])
    other_package = http.post(
        url, params={"packageId": package_id}, json={"name": "x", "packageId": "other"}
    )
    created = http.post(
        url,
        params={"packageId": package_id},
        json={"name": "x", "path": "ignored/by/server", "color": "red"},
    )
    no_id = http.post(f"{INTERNAL}/UpdatePackageFolder", json={"name": "y"})

    assert not_object.status_code == 400
    assert other_package.status_code == 400 and "differs" in other_package.json()["message"]
    assert created.status_code == 200
    assert (created.json()["path"], created.json()["color"]) == ("x", "red")
    assert no_id.status_code == 400 and "packageFolderId is required" in no_id.json()["message"]


def test_entity_details_show_every_folder_key(http: httpx.Client) -> None:
    package_id = package(http)

    details = http.get(f"{INTERNAL}/GetSoftwareEntityDetails", params={"packageId": package_id})

    (folder,) = details.json()["folders"]
    assert list(folder) == [
        "packageFolderId", "packageId", "parentFolderId", "name", "path", "virtualFolderId",
        "createdUtc", "modifiedUtc",
    ]  # fmt: skip
    assert details.json()["status"] == "Draft"


def test_reset_empties_folders_and_the_download_log(
    http: httpx.Client, wats_emulator: EmulatorServer
) -> None:
    package_id = package(http)
    http.get(f"{INTERNAL}/Log", params={"packageId": package_id, "downloadSize": 1})

    assert http.post("/_emulator/reset").status_code in (200, 204)

    assert http.get(f"{INTERNAL}/GetPackageDownloadHistory").json() == []
    assert wats_emulator.state.storage.fetch_all("SELECT * FROM sw_folders") == []

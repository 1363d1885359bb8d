"""Attachments (one, all as zip) and certificates (§2.1)."""

from __future__ import annotations

import base64
import io
import zipfile
from typing import Any

import httpx
from emulator_support import make_uur, make_uut

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + bytes(range(256))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _uut_with_attachments() -> dict[str, Any]:
    report = make_uut(sn="ATT-1")
    steps = report["root"]["steps"]
    steps[0]["attachment"] = {"name": "log.txt", "contentType": "text/plain", "data": _b64(b"ok\n")}
    steps.append(
        {"id": 7, "group": "C", "stepType": "Action", "name": "Photo", "status": "P",
         "attachment": {"name": "../../etc/photo.png", "contentType": "image/png",
                        "data": _b64(PNG_BYTES)}}
    )  # fmt: skip
    return report


def _attachment_list(client: httpx.Client, serial: str, expand: str) -> list[dict[str, Any]]:
    (header,) = client.get(
        "/api/Report/Query/Header",
        params={"$filter": f"serialNumber eq '{serial}'", "$expand": expand},
    ).json()
    items: list[dict[str, Any]] = header[expand]
    return items


def test_step_attachments_are_listed_and_served_raw(client: httpx.Client) -> None:
    client.post("/api/Report/WSJF", json=_uut_with_attachments())

    listed = _attachment_list(client, "ATT-1", "attachments")
    log, photo = listed
    raw_photo = client.get("/api/Report/Attachment", params={"attachmentId": photo["attachmentId"]})
    raw_log = client.get("/api/Report/Attachment", params={"stepId": 2})

    assert [(a["name"], a["stepId"], a["size"]) for a in listed] == [
        ("log.txt", 2, 3),
        ("../../etc/photo.png", 7, len(PNG_BYTES)),
    ]
    assert raw_photo.status_code == 200
    assert raw_photo.content == PNG_BYTES
    assert raw_photo.headers["content-type"] == "image/png"
    assert 'filename="photo.png"' in raw_photo.headers["content-disposition"]
    assert raw_log.content == b"ok\n"
    assert log["attachmentId"] != photo["attachmentId"]


def test_attachment_ids_survive_a_re_post(client: httpx.Client) -> None:
    report = _uut_with_attachments()
    client.post("/api/Report/WSJF", json=report)
    before = _attachment_list(client, "ATT-1", "attachments")
    client.post("/api/Report/WSJF", json=report)

    assert _attachment_list(client, "ATT-1", "attachments") == before


def test_uur_binary_data_gets_an_id_and_is_served(client: httpx.Client) -> None:
    uur = make_uur(sn="BIN-1")
    uur["binaryData"] = [{"name": "xray.png", "contentType": "image/png", "data": _b64(PNG_BYTES)}]
    client.post("/api/Report/WSJF", json=uur)

    (listed,) = _attachment_list(client, "BIN-1", "uurAttachments")
    report = client.get(f"/api/Report/Wsjf/{uur['id']}").json()
    raw = client.get("/api/Report/Attachment", params={"attachmentId": listed["attachmentId"]})

    assert report["binaryData"][0]["id"] == listed["attachmentId"]
    assert raw.content == PNG_BYTES


def test_all_attachments_as_zip_with_safe_names(client: httpx.Client) -> None:
    report = _uut_with_attachments()
    client.post("/api/Report/WSJF", json=report)

    response = client.get(f"/api/Report/Attachments/{report['id']}")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist() == ["log.txt", "photo.png"]
        assert archive.read("photo.png") == PNG_BYTES


def test_zip_of_report_without_attachments_is_valid_and_empty(client: httpx.Client) -> None:
    report = make_uut()
    client.post("/api/Report/WSJF", json=report)

    response = client.get(f"/api/Report/Attachments/{report['id']}")

    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist() == []


def test_missing_attachments_and_reports_are_404(client: httpx.Client) -> None:
    unknown = "00000000-0000-0000-0000-000000000001"

    assert client.get("/api/Report/Attachment", params={"attachmentId": unknown}).status_code == 404
    assert client.get(f"/api/Report/Attachments/{unknown}").status_code == 404
    assert client.get(f"/api/Report/Certificate/{unknown}").status_code == 404
    assert client.get("/api/Report/Attachment").status_code == 400


def test_ambiguous_step_id_asks_for_the_attachment_id(client: httpx.Client) -> None:
    for _ in range(2):
        client.post("/api/Report/WSJF", json=_uut_with_attachments())

    response = client.get("/api/Report/Attachment", params={"stepId": 7})

    assert response.status_code == 400
    assert "attachmentId" in response.json()["message"]


def test_certificate_is_a_text_summary(client: httpx.Client) -> None:
    report = make_uut(sn="CERT-1", result="F")
    client.post("/api/Report/WSJF", json=report)

    response = client.get(f"/api/Report/Certificate/{report['id']}")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert "Serial number:  CERT-1" in response.text
    assert "Result:         Failed" in response.text
    assert "Process:        50 PCBA test" in response.text

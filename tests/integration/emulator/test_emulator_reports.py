"""Report submit and read-back (§2.1, §8.3-8.5): real exports round trip, upsert, output fields."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from emulator_support import json_differences, make_uur, make_uut

from pywats_emulator import EmulatorConfig
from pywats_emulator.testing import EmulatorServer

# Output-only fields the server fills on read (wats-api.md §3.1, §8.5).
OUTPUT_ONLY = ("productName", "processCodeFormat", "origin", "startUTC", "assetStats")


def _as_submitted(export: dict[str, Any]) -> dict[str, Any]:
    """An export as a client would submit it: without the output-only fields."""
    return {key: value for key, value in export.items() if key not in OUTPUT_ONLY}


def _origin(client: httpx.Client) -> str:
    probe = make_uut(sn="origin-probe")
    client.post("/api/Report/WSJF", json=probe)
    origin: str = client.get(f"/api/Report/Wsjf/{probe['id']}").json()["origin"]
    return origin


@pytest.mark.parametrize("name", ["uut-wsjf-export.json", "uur-wsjf-export.json"])
def test_real_export_round_trips_with_output_fields_filled(
    client: httpx.Client, load_export: Any, name: str
) -> None:
    export = load_export(name)
    sent = _as_submitted(export)

    posted = client.post("/api/Report/WSJF", json=sent)
    got = client.get(f"/api/Report/Wsjf/{sent['id']}")

    assert posted.status_code == 200, posted.text
    assert posted.json() == {"ID": sent["id"], "id": sent["id"]}
    assert got.status_code == 200
    expected = dict(export)  # what was sent plus the emulator's output-only values
    expected.update(
        productName=None,  # no product table yet
        processCodeFormat=None,
        origin=_origin(client),
        assetStats=[],
    )
    assert json_differences(expected, got.json()) == []


def test_export_posted_with_its_output_fields_reads_back_the_same(
    client: httpx.Client, uut_export: dict[str, Any]
) -> None:
    assert client.post("/api/Report/WSJF", json=uut_export).status_code == 200
    got = client.get(f"/api/Report/Wsjf/{uut_export['id']}").json()

    differences = json_differences(uut_export, got)

    # Only the server-owned origin differs: the client's value is not trusted.
    assert differences == [f"$.origin: {uut_export['origin']!r} != {got['origin']!r}"]


def test_start_utc_is_derived_from_start_keeping_its_precision(client: httpx.Client) -> None:
    report = make_uut(start=None)
    report["start"] = "2026-01-30T22:01:41.4707353+01:00"
    report["startUTC"] = "1999-01-01T00:00:00Z"  # ignored: start is authoritative

    client.post("/api/Report/WSJF", json=report)
    got = client.get(f"/api/Report/Wsjf/{report['id']}").json()

    assert got["start"] == "2026-01-30T22:01:41.4707353+01:00"
    assert got["startUTC"] == "2026-01-30T21:01:41.4707353Z"


def test_read_back_fills_names_nulls_and_empty_lists(client: httpx.Client) -> None:
    report = make_uut(process_code=100)
    del report["miscInfos"], report["subUnits"]

    client.post("/api/Report/WSJF", json=report)
    got = client.get(f"/api/Report/Wsjf/{report['id']}").json()

    assert got["processName"] == "End of line test"
    assert got["productName"] is None
    assert got["processCodeFormat"] is None
    assert (got["miscInfos"], got["subUnits"], got["assets"]) == ([], [], [])
    assert (got["assetStats"], got["additionalData"]) == ([], [])
    assert got["uut"]["batchSN"] is None
    assert got["uut"]["stepIdCausedUUTFailure"] is None
    assert got["uut"]["user"] == "operator1"
    assert list(got)[:5] == ["type", "id", "pn", "sn", "rev"]


def test_origin_is_one_guid_for_the_whole_emulator(client: httpx.Client) -> None:
    first, second = make_uut(sn="A"), make_uut(sn="B")
    client.post("/api/Report/WSJF", json=first)
    client.post("/api/Report/WSJF", json=second)

    origins = {client.get(f"/api/Report/Wsjf/{r['id']}").json()["origin"] for r in (first, second)}

    assert len(origins) == 1
    assert len(origins.pop()) == 36


def test_statuses_are_stored_as_sent_not_recomputed(client: httpx.Client) -> None:
    report = make_uut(result="P")
    measurement = report["root"]["steps"][0]["numericMeas"][0]
    measurement.update(value=99.0, status="P")  # far outside the limits, still "P"

    client.post("/api/Report/WSJF", json=report)
    got = client.get(f"/api/Report/Wsjf/{report['id']}").json()

    assert got["result"] == "P"
    assert got["root"]["steps"][0]["numericMeas"][0] == measurement


def test_posting_the_same_id_again_overwrites_the_report(client: httpx.Client) -> None:
    report = make_uut(sn="UPSERT-1", result="F")
    client.post("/api/Report/WSJF", json=report)
    report["result"] = "P"
    report["uut"]["comment"] = "retested"

    again = client.post("/api/Report/WSJF", json=report)
    got = client.get(f"/api/Report/Wsjf/{report['id']}").json()
    headers = client.get(
        "/api/Report/Query/Header", params={"$filter": "serialNumber eq 'UPSERT-1'"}
    ).json()

    assert again.status_code == 200
    assert (got["result"], got["uut"]["comment"]) == ("P", "retested")
    assert len(headers) == 1
    assert headers[0]["receiveCount"] == 2
    assert headers[0]["result"] == "Passed"


def test_unknown_report_id_is_404_json(client: httpx.Client) -> None:
    response = client.get("/api/Report/Wsjf/00000000-0000-0000-0000-000000000000")

    assert response.status_code == 404
    assert "not found" in response.json()["message"]


def test_include_flags_strip_charts_and_attachments(client: httpx.Client) -> None:
    report = make_uut()
    step = report["root"]["steps"][0]
    step["chart"] = {"chartType": "Line", "series": [{"name": "s", "xdata": "1", "ydata": "2"}]}
    step["attachment"] = {"name": "log.txt", "contentType": "text/plain", "data": "b2sK"}
    client.post("/api/Report/WSJF", json=report)
    url = f"/api/Report/Wsjf/{report['id']}"

    full = client.get(url).json()["root"]["steps"][0]
    no_chart = client.get(url, params={"includeChartdata": "false"}).json()["root"]["steps"][0]
    no_files = client.get(url, params={"includeAttachments": "false"}).json()["root"]["steps"][0]

    assert "chart" in full and "attachment" in full
    assert "chart" not in no_chart and "attachment" in no_chart
    assert "attachment" not in no_files and "chart" in no_files


def test_uut_lists_the_repairs_that_reference_it(client: httpx.Client) -> None:
    uut = make_uut(sn="REF-1", result="F")
    uur = make_uur(sn="REF-1", ref_uut=uut["id"])
    client.post("/api/Report/WSJF", json=uut)
    assert client.post("/api/Report/WSJF", json=uur).status_code == 200

    got_uut = client.get(f"/api/Report/Wsjf/{uut['id']}").json()
    got_uur = client.get(f"/api/Report/Wsjf/{uur['id']}").json()

    assert got_uut["uut"]["referencedByUURs"] == [{"id": uur["id"], "start": uur["start"]}]
    assert got_uur["uur"]["processName"] == "PCBA test"  # from the uur's test operation code
    assert got_uur["subUnits"][0]["failures"][0]["refStepName"] is None


def test_concurrent_uploads_from_many_threads_are_all_stored(
    wats_emulator: EmulatorServer, client: httpx.Client
) -> None:
    reports = [make_uut(sn=f"PAR-{i}") for i in range(40)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(
            pool.map(lambda r: client.post("/api/Report/WSJF", json=r).status_code, reports)
        )

    headers = client.get(
        "/api/Report/Query/Header", params={"$filter": "startswith(serialNumber, 'PAR-')"}
    ).json()
    assert statuses == [200] * 40
    assert sorted(h["uuid"] for h in headers) == sorted(r["id"] for r in reports)
    assert wats_emulator.stats()["reports_stored"] == 40


def test_body_above_the_configured_limit_is_413() -> None:
    config = EmulatorConfig(token="t", port=0, max_body_bytes=2_000)
    big = make_uut(misc_infos=[{"description": f"d{i}", "text": "x" * 90} for i in range(40)])

    with (
        EmulatorServer(config) as server,
        httpx.Client(base_url=server.url, headers=server.auth_headers) as http,
    ):
        response = http.post("/api/Report/WSJF", json=big)
        small = http.post("/api/Report/WSJF", json=make_uut())

    assert response.status_code == 413
    assert "2000 bytes" in response.json()["message"]
    assert small.status_code == 200

"""Token auth (§1, §8.1) and case-insensitive routing, over real HTTP."""

from __future__ import annotations

import httpx
import pytest
from emulator_support import make_uut

from pywats_emulator.testing import EmulatorServer


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Basic wrong-token"},
        {"Authorization": "Bearer test-token"},
        {"Authorization": "Basic test-token-and-more"},
        {"Authorization": "Basic test-toke"},
        {"Authorization": "test-token"},
    ],
    ids=["missing", "wrong", "bearer", "longer", "prefix", "no-scheme"],
)
def test_requests_without_the_exact_token_get_401_json(
    wats_emulator: EmulatorServer, headers: dict[str, str]
) -> None:
    response = httpx.get(f"{wats_emulator.url}/api/App/Version", headers=headers)

    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["message"]
    assert "test-token" not in response.text


def test_unknown_paths_and_control_paths_also_need_the_token(
    wats_emulator: EmulatorServer,
) -> None:
    for path in ("/api/Nope", "/_emulator/stats", "/_emulator/faults"):
        assert httpx.get(f"{wats_emulator.url}{path}").status_code == 401


def test_basic_scheme_name_is_case_insensitive_and_referer_is_ignored(
    wats_emulator: EmulatorServer,
) -> None:
    response = httpx.get(
        f"{wats_emulator.url}/api/internal/Process/GetProcesses",
        headers={"Authorization": "basic test-token", "Referer": wats_emulator.url},
    )

    assert response.status_code == 200
    assert response.json()[0]["Code"] == 10


def test_version_is_a_non_empty_json_string(client: httpx.Client) -> None:
    response = client.get("/api/App/Version")

    assert response.status_code == 200
    assert response.json() == "24.1.0"


@pytest.mark.parametrize(
    "path",
    ["/api/App/Version", "/api/app/version", "/API/APP/VERSION", "/api/App/Version/"],
)
def test_literal_path_segments_match_in_any_case(client: httpx.Client, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 200
    assert response.json() == "24.1.0"


def test_report_paths_in_docs_and_client_spelling_reach_the_same_report(
    client: httpx.Client,
) -> None:
    report = make_uut(sn="CaseSN")
    report["id"] = report["id"].upper()  # the id keeps its case in the answer

    assert client.post("/api/report/wsjf", json=report).status_code == 200
    for path in (f"/api/Report/Wsjf/{report['id']}", f"/API/REPORT/WSJF/{report['id'].lower()}"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.json()["id"] == report["id"]
        assert response.json()["sn"] == "CaseSN"


def test_query_parameter_names_match_in_any_case(client: httpx.Client) -> None:
    report = make_uut()
    report["root"]["steps"][0]["chart"] = {"chartType": "Line", "series": []}
    client.post("/api/Report/WSJF", json=report)

    for name in ("includeChartdata", "includeChartData", "INCLUDECHARTDATA"):
        step = client.get(f"/api/Report/Wsjf/{report['id']}", params={name: "false"}).json()
        assert "chart" not in step["root"]["steps"][0], name


def test_unknown_path_is_a_404_json_message(client: httpx.Client) -> None:
    response = client.get("/api/Report/DoesNotExist")

    assert response.status_code == 404
    assert response.json()["message"]


def test_wrong_method_is_405_json(client: httpx.Client) -> None:
    response = client.get("/api/Report/WSJF")

    assert response.status_code == 405
    assert response.json()["message"]

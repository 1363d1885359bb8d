"""The emulator's process endpoints over raw HTTP: GetRepairOperation/{id} and its errors."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from pywats_emulator.testing import EmulatorServer

PREFIX = "/api/internal/Process"


@pytest.fixture
def http(wats_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=wats_emulator.url, headers=wats_emulator.auth_headers, timeout=10.0
    ) as client:
        yield client


def test_repair_operation_by_code_guid_any_case(http: httpx.Client) -> None:
    everything = http.get(f"{PREFIX}/GetRepairOperations").json()
    processes = {p["Code"]: p for p in http.get(f"{PREFIX}/GetProcesses").json()}
    by_code = http.get(f"{PREFIX}/GetRepairOperation/500")
    by_guid = http.get(f"{PREFIX}/GetRepairOperation/{processes[510]['ProcessID'].upper()}")
    lower_path = http.get("/api/internal/process/getrepairoperation/500?processcode=500")
    assert by_code.status_code == by_guid.status_code == lower_path.status_code == 200
    assert by_code.json() == everything["500"] == lower_path.json()
    assert by_guid.json() == everything["510"]


@pytest.mark.parametrize(
    ("path", "status", "hint"),
    [
        ("/GetRepairOperation/100", 404, "is not a repair operation"),
        ("/GetRepairOperation/nope", 404, "use the ProcessID or code of a repair process"),
        ("/GetRepairOperation/500?processCode=510", 400, "send processCode=500"),
        ("/GetRepairOperation/500?processCode=x", 400, "processCode"),
        ("/GetProcess/4242", 404, "GetProcesses"),
    ],
)
def test_errors_say_what_to_send(http: httpx.Client, path: str, status: int, hint: str) -> None:
    response = http.get(PREFIX + path)
    assert response.status_code == status
    assert hint in response.json()["message"]

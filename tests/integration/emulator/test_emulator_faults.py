"""Fault injection and the ``/_emulator`` control endpoints (not part of WATS)."""

from __future__ import annotations

import time

import httpx
import pytest
from emulator_support import make_uut

from pywats_emulator import EmulatorConfig, FaultSettings
from pywats_emulator.testing import EmulatorServer

VERSION = "/api/App/Version"


def _statuses(client: httpx.Client, count: int, path: str = VERSION) -> list[int]:
    return [client.get(path).status_code for _ in range(count)]


def test_latency_delays_answers_until_cleared(
    wats_emulator: EmulatorServer, client: httpx.Client
) -> None:
    wats_emulator.faults.configure(latency_s=1.0)

    with pytest.raises(httpx.ReadTimeout):
        client.get(VERSION, timeout=0.1)
    wats_emulator.faults.configure(latency_s=0.0)

    assert client.get(VERSION, timeout=5.0).status_code == 200


def test_error_rate_one_fails_every_wats_request_with_the_status(client: httpx.Client) -> None:
    client.put("/_emulator/faults", json={"error_rate": 1.0, "error_status": 500})

    response = client.get(VERSION)
    control = client.get("/_emulator/faults")

    assert response.status_code == 500
    assert response.json()["message"] == "emulated server error"
    assert control.status_code == 200  # control paths are never faulted
    assert control.json()["error_rate"] == 1.0


def test_seeded_error_rate_is_reproducible(client: httpx.Client) -> None:
    client.put("/_emulator/faults", json={"error_rate": 0.5, "seed": 42})
    first = _statuses(client, 20)
    client.put("/_emulator/faults", json={"seed": 42})
    second = _statuses(client, 20)

    assert first == second
    assert set(first) == {200, 503}


def test_timed_outage_answers_503_then_recovers(
    wats_emulator: EmulatorServer, client: httpx.Client
) -> None:
    client.post("/_emulator/reset")
    client.put("/_emulator/faults", json={"outage_s": 0.5})

    during = client.get(VERSION)
    deadline = time.monotonic() + 10.0
    attempts = 1
    while client.get(VERSION).status_code == 503:
        attempts += 1
        assert time.monotonic() < deadline, "outage never ended"
        time.sleep(0.05)

    assert during.status_code == 503
    assert during.json()["message"] == "emulated outage"
    assert int(during.headers["Retry-After"]) >= 1
    counts = wats_emulator.stats()["by_path"][VERSION]
    assert counts == {"503": attempts, "200": 1}


def test_outage_until_cleared(client: httpx.Client) -> None:
    client.put("/_emulator/faults", json={"outage": True})
    during = _statuses(client, 3)
    state = client.get("/_emulator/faults").json()
    client.put("/_emulator/faults", json={"outage": False})

    assert during == [503, 503, 503]
    assert state["outage_active"] is True
    assert client.get(VERSION).status_code == 200


def test_report_uploads_during_an_outage_are_not_stored(
    wats_emulator: EmulatorServer, client: httpx.Client
) -> None:
    wats_emulator.faults.configure(outage=True)
    refused = client.post("/api/Report/WSJF", json=make_uut())
    wats_emulator.faults.clear()
    accepted = client.post("/api/Report/WSJF", json=make_uut())

    stats = wats_emulator.stats()
    assert (refused.status_code, accepted.status_code) == (503, 200)
    assert stats["reports_stored"] == 1
    assert stats["by_path"]["/api/Report/WSJF"] == {"200": 1, "503": 1}


def test_rate_limit_count_answers_429_with_retry_after(client: httpx.Client) -> None:
    client.put("/_emulator/faults", json={"rate_limit_count": 2, "retry_after_s": 7})

    limited = [client.get(VERSION) for _ in range(2)]

    assert [r.status_code for r in limited] == [429, 429]
    assert [r.headers["Retry-After"] for r in limited] == ["7", "7"]
    assert client.get(VERSION).status_code == 200


def test_sliding_window_rate_limit(client: httpx.Client) -> None:
    client.put("/_emulator/faults", json={"rate_limit_max_requests": 3, "rate_limit_window_s": 60})

    statuses = [client.get(VERSION) for _ in range(4)]

    assert [r.status_code for r in statuses] == [200, 200, 200, 429]
    assert 1 <= int(statuses[3].headers["Retry-After"]) <= 60


def test_faults_changed_over_http_while_running(client: httpx.Client) -> None:
    assert client.get(VERSION).status_code == 200

    client.put("/_emulator/faults", json={"error_rate": 1.0})
    assert client.get(VERSION).status_code == 503
    cleared = client.delete("/_emulator/faults")

    assert cleared.json()["error_rate"] == 0.0
    assert client.get(VERSION).status_code == 200


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"error_rate": 2}, "error_rate must be between 0 and 1"),
        ({"latency": 1}, "unknown setting"),
        ({"outage": "yes"}, "wrong type"),
        ({"error_status": 200}, "4xx or 5xx"),
        ([1, 2], "JSON object"),
    ],
)
def test_bad_fault_settings_are_400(client: httpx.Client, body: object, expected: str) -> None:
    response = client.put("/_emulator/faults", json=body)

    assert response.status_code == 400
    assert expected in response.json()["message"]
    assert client.get("/_emulator/faults").json()["error_rate"] == 0.0


def test_faults_from_config_apply_from_the_start() -> None:
    config = EmulatorConfig(token="t0k", port=0, faults=FaultSettings(error_rate=1.0))

    with EmulatorServer(config) as server:
        response = httpx.get(f"{server.url}{VERSION}", headers=server.auth_headers)

    assert response.status_code == 503


def test_stats_and_reset(wats_emulator: EmulatorServer, client: httpx.Client) -> None:
    client.post("/api/Report/WSJF", json=make_uut())
    client.get("/api/Report/Wsjf/00000000-0000-0000-0000-000000000000")
    httpx.get(f"{wats_emulator.url}{VERSION}")  # no token

    stats = client.get("/_emulator/stats").json()
    reset = client.post("/_emulator/reset")

    assert stats["reports_stored"] == 1
    assert stats["by_path"]["/api/Report/WSJF"] == {"200": 1}
    assert stats["by_path"]["/api/Report/Wsjf/{id}"] == {"404": 1}
    assert stats["by_path"][VERSION] == {"401": 1}
    assert reset.status_code == 200
    assert wats_emulator.stats()["reports_stored"] == 0
    assert wats_emulator.stats()["by_path"] == {"/_emulator/reset": {"200": 1}}

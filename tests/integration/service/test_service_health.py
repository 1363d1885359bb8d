"""Health wiring: a service with ``health.port`` serves real figures and publishes its address."""

from __future__ import annotations

import json
import os
import socket
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from pywats_client.service import ServiceState, ServiceTimings, StationService, enqueue_report
from pywats_emulator.testing import EmulatorServer

REPORTS = 3


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, wats_emulator: EmulatorServer) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="pw") as directory:
        monkeypatch.setenv("PYWATS_HOME", directory)
        monkeypatch.setenv("PYWATS_SERVER_URL", wats_emulator.url)
        monkeypatch.setenv("PYWATS_API_TOKEN", wats_emulator.token)
        yield Path(directory)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _report(n: int) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "type": "T",
        "pn": "PN-HEALTH",
        "sn": f"SN-H{n}",
        "rev": "A",
        "processCode": 100,
        "result": "P",
        "start": "2026-01-30T10:00:00+01:00",
        "uut": {"user": "operator", "execTime": 1.5},
        "root": {"group": "M", "stepType": "SequenceCall", "name": "Main", "status": "P"},
    }


def _samples(metrics: str) -> dict[str, float]:
    """``name{labels} value`` lines of a Prometheus text body, by ``name{labels}``."""
    samples = {}
    for line in metrics.splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.rpartition(" ")
            samples[key] = float(value)
    return samples


async def _wait_for(condition: Any) -> None:
    with anyio.fail_after(20):  # a guard against hanging, not a speed check
        while not condition():  # noqa: ASYNC110 - polls state that has no event
            await anyio.sleep(0.01)


@pytest.mark.anyio
async def test_health_ready_and_metrics_show_the_real_service(
    home: Path, wats_emulator: EmulatorServer
) -> None:
    service = StationService(
        "health",
        overrides={"health.port": _free_port()},
        shutdown_grace_s=2.0,
        install_signal_handlers=False,
        timings=ServiceTimings(idle_poll_s=0.05),
    )
    async with anyio.create_task_group() as tg:
        tg.start_soon(service.run)
        await _wait_for(lambda: service.state is ServiceState.RUNNING)
        published = json.loads(service.paths.health_file.read_text("utf-8"))
        assert published["url"] == service.health_url
        assert published["url"].startswith("http://127.0.0.1:")
        if os.name == "posix":
            assert service.paths.health_file.stat().st_mode & 0o777 == 0o600
        async with httpx.AsyncClient(base_url=published["url"]) as http:
            assert (await http.get("/health")).json()["state"] == "RUNNING"
            assert (await http.get("/ready")).status_code == 200

            assert service.queue is not None and service.uploader is not None
            for n in range(REPORTS):
                enqueue_report(service.queue, _report(n))
            service.uploader.wake()
            await _wait_for(lambda: service.uploader and service.uploader.counters.uploads_ok == 3)
            metrics = await http.get("/metrics")
            assert metrics.headers["content-type"].startswith("text/plain; version=0.0.4")
            samples = _samples(metrics.text)
            assert samples['pywats_queue_depth{state="completed"}'] == REPORTS
            assert samples['pywats_queue_depth{state="pending"}'] == 0
            assert samples['pywats_uploads_total{result="ok"}'] == REPORTS
            assert samples['pywats_uploads_total{result="failed"}'] == 0
            assert samples['pywats_service_state{state="RUNNING"}'] == 1
            assert samples["pywats_server_online"] == 1
            assert "pywats_last_successful_upload_timestamp_seconds" in samples

            service.pause()
            ready = await http.get("/ready")
            assert ready.status_code == 503
            assert ready.json()["state"] == "PAUSED"
            service.resume()
            assert (await http.get("/ready")).status_code == 200
        service.request_stop()
    assert wats_emulator.stats()["reports_stored"] == REPORTS
    assert not service.paths.health_file.exists()
    assert service.health_url is None

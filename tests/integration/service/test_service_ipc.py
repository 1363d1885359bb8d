"""The service in-process: IPC commands change its state and queue, and it stops cleanly."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest

from pywats_client.instance import InstanceAlreadyRunning
from pywats_client.ipc import IpcClient, discover
from pywats_client.service import ServiceState, StationService, enqueue_report
from pywats_emulator.testing import EmulatorServer


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, wats_emulator: EmulatorServer) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="pw") as directory:  # short socket path
        monkeypatch.setenv("PYWATS_HOME", directory)
        monkeypatch.setenv("PYWATS_SERVER_URL", wats_emulator.url)
        monkeypatch.setenv("PYWATS_API_TOKEN", wats_emulator.token)
        yield Path(directory)


async def _wait_state(service: StationService, state: ServiceState) -> None:
    with anyio.fail_after(10):
        while service.state is not state:  # noqa: ASYNC110 - the state has no event
            await anyio.sleep(0.01)


def _report(process_code: int = 100) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "type": "T",
        "pn": "PN-IPC",
        "sn": "SN-IPC",
        "rev": "A",
        "processCode": process_code,
        "result": "P",
        "start": "2026-01-30T10:00:00+01:00",
        "uut": {"user": "operator", "execTime": 1.5},
        "root": {"group": "M", "stepType": "SequenceCall", "name": "Main", "status": "P"},
    }


@pytest.mark.anyio
async def test_ipc_commands(home: Path, wats_emulator: EmulatorServer) -> None:
    service = StationService("ipc", shutdown_grace_s=1.0, install_signal_handlers=False)
    async with anyio.create_task_group() as tg:
        tg.start_soon(service.run)
        await _wait_state(service, ServiceState.RUNNING)
        endpoint = discover(service.paths.endpoint_file)
        assert endpoint is not None
        async with IpcClient(endpoint) as ipc:
            assert (await ipc.request("stop"))["state"] == "PAUSED"
            assert service.queue is not None
            report_id = enqueue_report(service.queue, _report(process_code=9999))
            assert (await ipc.request("get_queue_stats"))["pending"] == 1  # paused: not sent
            assert (await ipc.request("start"))["state"] == "RUNNING"
            with anyio.fail_after(10):
                while (await ipc.request("get_queue_stats"))["failed"] != 1:  # noqa: ASYNC110
                    await anyio.sleep(0.02)
            [failed] = await ipc.request("list_queue", state="failed")
            assert failed["report_id"] == report_id
            assert "9999" in failed["last_error"]

            config = await ipc.request("get_config")
            assert wats_emulator.token not in str(config)
            creds = await ipc.request("get_credentials")
            assert creds == {"base_url": wats_emulator.url, "token": wats_emulator.token}
            await ipc.request("set_config", key="queue.max_attempts", value="3")
            assert service.config is not None and service.config.queue.max_attempts == 3
            assert (await ipc.request("retry_failed"))["retried"] == 1

            status = await ipc.request("get_status")
            assert status["state"] == "RUNNING" and status["instance_id"] == "ipc"

        second = StationService("ipc", install_signal_handlers=False)
        with pytest.raises(InstanceAlreadyRunning):
            await second.run()
        service.request_stop()
    assert service.state is ServiceState.STOPPED
    assert not service.paths.ipc_socket.exists()

"""A station service running in-process on a temp home, for the GUI commands' tests."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
import pytest

from pywats_client.ipc import IpcClient, discover
from pywats_client.service import ServiceState, StationService
from pywats_client.service.background import ServiceTimings
from pywats_emulator.testing import EmulatorServer

__all__ = ["home_for", "running_service"]


def home_for(monkeypatch: pytest.MonkeyPatch, emulator: EmulatorServer) -> Iterator[Path]:
    """A short temp ``PYWATS_HOME`` (socket paths stay short) pointed at ``emulator``."""
    with tempfile.TemporaryDirectory(prefix="pw") as directory:
        monkeypatch.setenv("PYWATS_HOME", directory)
        monkeypatch.setenv("PYWATS_SERVER_URL", emulator.url)
        monkeypatch.setenv("PYWATS_API_TOKEN", emulator.token)
        yield Path(directory)


@asynccontextmanager
async def running_service(
    instance_id: str = "gui",
) -> AsyncIterator[tuple[StationService, IpcClient]]:
    """Start the service, yield it with a connected IPC client, stop it on exit."""
    service = StationService(
        instance_id,
        shutdown_grace_s=1.0,
        install_signal_handlers=False,
        timings=ServiceTimings(config_poll_s=0.2),
    )
    async with anyio.create_task_group() as tg:
        tg.start_soon(service.run)
        with anyio.fail_after(10):
            while service.state is not ServiceState.RUNNING:  # noqa: ASYNC110 - no event
                await anyio.sleep(0.01)
        endpoint = discover(service.paths.endpoint_file)
        assert endpoint is not None
        try:
            async with IpcClient(endpoint, timeout_s=30) as ipc:
                yield service, ipc
        finally:
            service.request_stop()

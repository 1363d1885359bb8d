"""A station identity changed in the config applies to the next delivered report, no restart."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import anyio
import httpx
import pytest
from gui_service import home_for, running_service

from pywats_client.service.commands import enqueue_report
from pywats_emulator.testing import EmulatorServer


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, wats_emulator: EmulatorServer) -> Iterator[Path]:
    yield from home_for(monkeypatch, wats_emulator)


def _report_without_station(serial: str) -> dict[str, object]:
    return {
        "type": "T",
        "id": str(uuid.uuid4()),
        "pn": "PN-RELOAD",
        "sn": serial,
        "rev": "A",
        "processCode": 50,
        "result": "P",
        "start": "2026-11-20T08:00:00+00:00",
        "root": {"stepType": "SequenceCall", "name": "Main", "status": "P"},
        "uut": {"user": "anna"},
    }


async def _location_of(emulator: EmulatorServer, serial: str) -> str | None:
    params = {"reportType": "U", "$filter": f"serialNumber eq '{serial}'"}
    async with httpx.AsyncClient(base_url=emulator.url, headers=emulator.auth_headers) as http:
        with anyio.fail_after(20):
            while True:
                rows = (await http.get("/api/Report/Query/Header", params=params)).json()
                if rows:
                    return str(rows[0]["location"])
                await anyio.sleep(0.05)


@pytest.mark.anyio
async def test_changed_station_identity_is_used_without_restart(
    home: Path, wats_emulator: EmulatorServer
) -> None:
    async with running_service() as (service, ipc):
        await ipc.request("set_config", key="station.location", value="Line A")
        assert service.queue is not None
        enqueue_report(service.queue, _report_without_station("SN-BEFORE"))
        assert await _location_of(wats_emulator, "SN-BEFORE") == "Line A"

        await ipc.request("set_config", key="station.location", value="Line B")
        enqueue_report(service.queue, _report_without_station("SN-AFTER"))
        assert await _location_of(wats_emulator, "SN-AFTER") == "Line B"
        assert len(service.stations) == 1

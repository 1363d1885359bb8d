"""GUI commands the service answers by asking the server: software packages, serial numbers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_service import home_for, running_service

from pywats import AsyncWATS
from pywats.domains.software.models import Package, PackageTag
from pywats_client.ipc import IpcCommandError
from pywats_emulator.testing import EmulatorServer


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, wats_emulator: EmulatorServer) -> Iterator[Path]:
    yield from home_for(monkeypatch, wats_emulator)


@pytest.mark.anyio
async def test_list_software_packages(home: Path, wats_emulator: EmulatorServer) -> None:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        tags = [PackageTag(key="line", value="2")]
        released = await wats.software.create_package(
            Package(name="ICT-Firmware", description="ICT fixture firmware", tags=tags)
        )
        assert released is not None and released.package_id is not None
        await wats.software.submit_for_review(released.package_id)
        await wats.software.release_package(released.package_id)
        await wats.software.create_package(Package(name="FCT-Scripts"))
    async with running_service() as (_service, ipc):
        rows = await ipc.request("list_software_packages")
    by_name = {row["name"]: row for row in rows}
    assert set(by_name) == {"ICT-Firmware", "FCT-Scripts"}
    ict = by_name["ICT-Firmware"]
    assert (ict["version"], ict["status"]) == (1, "Released")
    assert ict["tags"] == [{"key": "line", "value": "2"}]
    assert ict["description"] == "ICT fixture firmware"
    assert ict["package_id"] == str(released.package_id)
    assert by_name["FCT-Scripts"]["status"] == "Draft"


@pytest.mark.anyio
async def test_server_errors_reach_the_caller(home: Path, wats_emulator: EmulatorServer) -> None:
    async with running_service() as (_service, ipc):
        with pytest.raises(IpcCommandError, match="serial_numbers.type_name is not set"):
            await ipc.request("take_serial_numbers", quantity=1)
        with pytest.raises(IpcCommandError, match="'quantity' must be between 1 and 1000"):
            await ipc.request("take_serial_numbers", serial_number_type="SN", quantity=0)


@pytest.mark.anyio
async def test_serial_number_types_and_taking_numbers(
    home: Path, wats_emulator: EmulatorServer
) -> None:
    async with running_service() as (service, ipc):
        assert service.config is not None
        station = service.config.station.identity().name
        types = await ipc.request("get_serial_number_types")
        by_name = {t["name"]: t for t in types}
        assert {"SerialNumber", "MACAddress", "IMEI"} <= set(by_name)
        assert by_name["MACAddress"]["identifierName"]

        first = await ipc.request(
            "take_serial_numbers", serial_number_type="SerialNumber", quantity=3, ref_sn="PCB-1"
        )
        assert first["serial_number_type"] == "SerialNumber"
        assert len(first["serial_numbers"]) == 3 == len(set(first["serial_numbers"]))

        await ipc.request("set_config", key="serial_numbers.type_name", value="SerialNumber")
        second = await ipc.request("take_serial_numbers", quantity=2)  # the configured type
        assert second["serial_number_type"] == "SerialNumber"
        assert not set(second["serial_numbers"]) & set(first["serial_numbers"])  # never twice

        with pytest.raises(IpcCommandError, match="NoSuchType"):
            await ipc.request("take_serial_numbers", serial_number_type="NoSuchType")
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        taken = await wats.production.get_serial_numbers_by_reference(
            "SerialNumber", reference_serial_number="PCB-1"
        )
    assert sorted(sn.serial_number for sn in taken) == sorted(first["serial_numbers"])
    assert {sn.station_name for sn in taken} == {station}  # the service says who took them

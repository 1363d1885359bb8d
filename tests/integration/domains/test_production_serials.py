"""Serial numbers against the emulator: take (JSON and XML), look up, free, files, concurrency."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import anyio
import httpx
import pytest
from production_support import async_client, sync_client

from pywats.core.errors import ConflictError, NotFoundError, ValidationError
from pywats.domains.production import (
    SerialNumberIdentifier,
    SerialNumberRange,
    parse_taken_serial_numbers,
)
from pywats_emulator.testing import EmulatorServer

pytestmark = pytest.mark.anyio
SN = "SerialNumber"


async def test_types_describe_their_format(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        types = {t.name: t for t in await api.production.get_serial_number_types()}
    assert set(types) == {"SerialNumber", "MACAddress", "IMEI"}
    assert types["MACAddress"].identifier is SerialNumberIdentifier.MAC_ADDRESS
    assert types["SerialNumber"].reg_ex == r"^SN\d{8}$"


async def test_take_hands_out_consecutive_new_numbers(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        first = await api.production.allocate_serial_numbers(SN, 3)
        second = await api.production.take_serial_numbers(
            SN, reference_serial_number="BOARD-1", reference_part_number="PN-B", station_name="ST"
        )
        mac = await api.production.allocate_serial_numbers("MACAddress", 2)
        by_ref = await api.production.get_serial_numbers_by_reference(
            SN, reference_serial_number="BOARD-1"
        )
        by_range = await api.production.get_serial_numbers_by_range(SN, "SN00000002", 4)
    assert first == ["SN00000001", "SN00000002", "SN00000003"]
    assert second == ["SN00000004"]
    assert mac == ["0250C2000000", "0250C2000001"]
    assert [(r.serial_number, r.station_name, r.state) for r in by_ref] == [
        ("SN00000004", "ST", "Taken")
    ]
    assert [r.address for r in by_range] == [2, 3, 4]


def test_xml_answer_when_the_client_prefers_xml(wats_emulator: EmulatorServer) -> None:
    with sync_client(wats_emulator) as api:
        api.production.allocate_serial_numbers("IMEI", 1)
    response = httpx.post(
        f"{wats_emulator.url}/api/Production/SerialNumbers/Take",
        params={"serialNumberType": "IMEI", "quantity": 2},
        headers={**wats_emulator.auth_headers, "Accept": "application/xml"},
    )
    assert response.headers["content-type"].startswith("application/xml")
    assert response.text.count("<SN id=") == 2
    assert parse_taken_serial_numbers(response.content) == ["356938000000027", "356938000000035"]


async def test_take_errors_say_what_to_fix(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        production = api.production
        with pytest.raises(NotFoundError, match="known types: SerialNumber, MACAddress, IMEI"):
            await production.allocate_serial_numbers("Bogus")
        with pytest.raises(ValidationError, match="quantity must be 1..10000"):
            await production.allocate_serial_numbers(SN, 10_001)
        with pytest.raises(ValueError, match="quantity"):
            await production.allocate_serial_numbers(SN, 0)
        # Leave three free numbers in the IMEI pool, then ask for four.
        await production.delete_free_serial_numbers(
            [{"from": 4, "to": 999_999}], serial_number_type="IMEI"
        )
        with pytest.raises(ConflictError, match="only 3 free IMEI serial numbers left"):
            await production.allocate_serial_numbers("IMEI", 4)
        assert len(await production.allocate_serial_numbers("IMEI", 3)) == 3


async def test_free_never_returns_a_taken_number(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        production = api.production
        taken = await production.allocate_serial_numbers(SN, 5)
        removed = await production.delete_free_serial_numbers(
            [SerialNumberRange(type_name=SN, from_serial_number="SN00000008", to_serial_number=9)]
        )
        ranges = await production.get_serial_number_ranges(SN)
        freed = await production.free_serial_numbers(
            [{"from": "SN00000001", "to": "SN00000009"}], serial_number_type=SN
        )
        again = await production.allocate_serial_numbers(SN, 5)
        stats = await production.get_serial_number_statistics(SN)
    assert removed == 2
    assert [(r.from_serial_number, r.to_serial_number) for r in ranges[:2]] == [
        ("SN00000006", "SN00000007"),
        ("SN00000010", "SN99999999"),
    ]
    assert freed == 2  # only 8 and 9 came back; 1..5 stay taken for ever
    assert again == ["SN00000006", "SN00000007", "SN00000008", "SN00000009", "SN00000010"]
    assert not set(taken) & set(again)
    assert stats is not None
    assert (stats.taken_count, stats.next_free_serial_number) == (10, "SN00000011")


async def test_find_and_count_by_address_and_date(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        production = api.production
        await production.allocate_serial_numbers(SN, 6)
        now = datetime.now(timezone.utc)
        found = await production.find_serial_numbers(
            SN, start_address="SN00000002", end_address=4, start_date=now - timedelta(hours=1)
        )
        count = await production.get_serial_number_count(SN, start_address=3)
        none_later = await production.get_serial_number_count(
            SN, from_date=now + timedelta(hours=1)
        )
        with pytest.raises(ValidationError, match="startAddress: not a SerialNumber"):
            await production.find_serial_numbers(SN, start_address="XYZ")
        with pytest.raises(ValueError, match="naive"):
            await production.find_serial_numbers(SN, start_date=datetime(2026, 1, 1))
    assert [r.serial_number for r in found] == ["SN00000002", "SN00000003", "SN00000004"]
    assert (count, none_later) == (4, 0)


async def test_export_and_upload_round_trip(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as api:
        production = api.production
        await production.allocate_serial_numbers("MACAddress", 2, reference_part_number="NIC")
        csv_file = await production.export_serial_numbers("MACAddress", state="Taken")
        xml_file = await production.export_serial_numbers(
            "MACAddress", state="taken", file_format="xml"
        )
        # A supplier's block of MAC addresses, loaded into the pool, then listed as free ranges.
        uploaded = await production.upload_serial_numbers(
            "typeName,serialNumber,state\nMACAddress,02:50:D0:00:00:00,Free\n"
            "MACAddress,0250D0000001,Free\nMACAddress,0250D0000009,Taken\n"
        )
        xml_upload = await production.upload_serial_numbers(
            '<SerialNumbers typeName="MACAddress"><SN id="0250D0000002"/></SerialNumbers>',
            file_format="xml",
        )
        ranges = await production.get_serial_number_ranges("MACAddress")
        with pytest.raises(ValidationError, match="row 1: serial number 'nope'"):
            await production.upload_serial_numbers("typeName,serialNumber\nMACAddress,nope\n")
        with pytest.raises(ValidationError, match="too many to export"):
            await production.export_serial_numbers(SN, state="Free")
    lines = csv_file.decode().splitlines()
    assert lines[0].startswith("typeName,serialNumber,state,takenUtc")
    assert [line.split(",")[1] for line in lines[1:]] == ["0250C2000000", "0250C2000001"]
    assert ",NIC," in lines[1]
    assert xml_file.count(b"<SN id=") == 2
    assert uploaded == {"free": 2, "taken": 1}
    assert xml_upload == {"free": 1, "taken": 0}
    assert [r.from_serial_number for r in ranges] == ["0250C2000002", "0250D0000000"]
    assert ranges[1].count == 3


async def test_twenty_concurrent_clients_never_get_a_duplicate(
    wats_emulator: EmulatorServer,
) -> None:
    clients, takes, quantity = 20, 5, 3
    results: list[list[str]] = [[] for _ in range(clients)]
    start = anyio.Event()

    async def station(index: int) -> None:
        async with async_client(wats_emulator) as api:
            await start.wait()  # every client starts taking at the same moment
            for _ in range(takes):
                results[index].extend(await api.production.allocate_serial_numbers(SN, quantity))

    async with anyio.create_task_group() as group:
        for index in range(clients):
            group.start_soon(station, index)
        start.set()
    every = [number for numbers in results for number in numbers]
    assert len(every) == clients * takes * quantity
    assert len(set(every)) == len(every)
    assert all(len(numbers) == takes * quantity for numbers in results)


def test_twenty_threads_sharing_one_sync_client_never_get_a_duplicate(
    wats_emulator: EmulatorServer,
) -> None:
    threads, takes = 20, 4
    results: list[list[str]] = [[] for _ in range(threads)]
    barrier = threading.Barrier(threads)
    with sync_client(wats_emulator) as api:

        def station(index: int) -> None:
            barrier.wait()
            for _ in range(takes):
                results[index].extend(api.production.take_serial_numbers("IMEI", 2))

        workers = [threading.Thread(target=station, args=(i,)) for i in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    every = [number for numbers in results for number in numbers]
    assert len(every) == threads * takes * 2
    assert len(set(every)) == len(every)


def test_emulator_reset_forgets_units_and_restores_the_default_pools(
    wats_emulator: EmulatorServer,
) -> None:
    with sync_client(wats_emulator) as api:
        api.production.create_units([{"serialNumber": "S", "partNumber": "P"}])
        api.production.delete_free_serial_numbers([{"typeName": SN, "from": 1, "to": 10}])
        assert api.production.take_serial_numbers(SN) == ["SN00000011"]
        httpx.post(
            f"{wats_emulator.url}/_emulator/reset", headers=wats_emulator.auth_headers
        ).raise_for_status()
        assert api.production.take_serial_numbers(SN) == ["SN00000001"]
        assert api.production.get_unit_changes() == []
        with pytest.raises(NotFoundError):
            api.production.get_unit("S", "P")

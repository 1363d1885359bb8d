"""Process domain through AsyncWATS / pyWATS against the emulator over loopback HTTP."""

from __future__ import annotations

from typing import Any

import anyio
import pytest

from pywats import AsyncWATS, ErrorMode, NotFoundError, RetryConfig, ValidationError, pyWATS
from pywats.core.errors import ErrorHandler, ServerError
from pywats.domains.process import (
    AsyncProcessRepository,
    AsyncProcessService,
    ProcessDetail,
    ProcessInfo,
    ProcessKind,
    RepairOperationConfig,
    UnknownProcessError,
)
from pywats_emulator.testing import EmulatorServer

PROCESSES_PATH = "/api/App/Processes"


def requests_to(server: EmulatorServer, path: str) -> int:
    """How many requests the emulator answered on a route (any status)."""
    counts: dict[str, int] = server.stats()["by_path"].get(path, {})
    return sum(counts.values())


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now_s = 1000.0

    def __call__(self) -> float:
        return self.now_s


def cached_service(wats: AsyncWATS, **kwargs: Any) -> AsyncProcessService:
    """A process service on the client's HTTP connection, with test options."""
    repository = AsyncProcessRepository(wats.http, ErrorHandler(wats.error_mode))
    return AsyncProcessService(repository, **kwargs)


# -- the server calls ---------------------------------------------------------------------


@pytest.mark.anyio
async def test_refresh_and_its_alias_get_processes(wats_emulator: EmulatorServer) -> None:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        refreshed = await wats.process.refresh()
        again = await wats.process.get_processes()
    assert AsyncProcessService.get_processes is AsyncProcessService.refresh
    assert all(isinstance(p, ProcessInfo) for p in refreshed)
    codes = [p.code for p in refreshed]
    assert {10, 50, 90, 100, 200, 500, 510} <= set(codes)
    assert [p.code for p in again] == codes
    assert requests_to(wats_emulator, PROCESSES_PATH) == 2  # both always ask the server


@pytest.mark.anyio
async def test_detailed_processes_and_one_process(wats_emulator: EmulatorServer) -> None:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        detailed = await wats.process.get_processes_detailed()
        repair = next(p for p in detailed if p.code == 500)
        assert repair.process_id is not None
        by_guid = await wats.process.get_process(repair.process_id)
        by_code = await wats.process.get_process(500)
    assert all(isinstance(p, ProcessDetail) for p in detailed)
    assert repair.name == "Repair"
    assert repair.is_repair_operation is True
    assert repair.is_test_operation is False
    assert by_guid == by_code == repair


@pytest.mark.anyio
async def test_unknown_process_id(wats_emulator: EmulatorServer) -> None:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        with pytest.raises(NotFoundError) as info:
            await wats.process.get_process("4242")
    assert info.value.operation == "get_process"
    assert info.value.server_message is not None
    assert "GetProcesses" in info.value.server_message  # says where valid ids come from
    async with AsyncWATS(
        wats_emulator.url, wats_emulator.token, error_mode=ErrorMode.LENIENT
    ) as lenient:
        assert await lenient.process.get_process("4242") is None


@pytest.mark.anyio
async def test_repair_operations_keyed_by_code_string(wats_emulator: EmulatorServer) -> None:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        operations = await wats.process.get_repair_operations()
    assert sorted(operations) == ["500", "510"]
    repair = operations["500"]
    assert isinstance(repair, RepairOperationConfig)
    solder = repair.category("Solder")
    assert solder is not None
    assert solder.fail_code_descriptions() == ["Bridge", "Insufficient Solder", "Cold Joint"]
    assert operations["510"].category("Customer Return") is not None


@pytest.mark.anyio
async def test_one_repair_operation_by_code_or_guid(wats_emulator: EmulatorServer) -> None:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        rma_guid = (await wats.process.get_process(510)).process_id  # type: ignore[union-attr]
        assert rma_guid is not None
        by_code = await wats.process.get_repair_operation(500)
        checked = await wats.process.get_repair_operation(500, process_code=500)
        by_guid = await wats.process.get_repair_operation(rma_guid)
    assert by_code is not None
    assert by_code.description == "Repair"
    assert checked == by_code
    assert by_guid is not None
    assert by_guid.description == "RMA Repair"


@pytest.mark.anyio
async def test_repair_operation_errors_say_what_to_use(wats_emulator: EmulatorServer) -> None:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        with pytest.raises(NotFoundError) as not_repair:
            await wats.process.get_repair_operation(100)
        with pytest.raises(NotFoundError) as unknown:
            await wats.process.get_repair_operation("no-such-op")
        with pytest.raises(ValidationError) as mismatch:
            await wats.process.get_repair_operation(500, process_code=510)
    assert "not a repair operation" in str(not_repair.value)
    assert "500 'Repair'" in str(not_repair.value)
    assert "510 'RMA Repair'" in str(unknown.value)
    assert "processCode=500" in str(mismatch.value)


# -- the cache ----------------------------------------------------------------------------


@pytest.mark.anyio
async def test_lookups_load_once_and_then_read_the_cache(wats_emulator: EmulatorServer) -> None:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        eol = await wats.process.get_process_by_code(100)
        pcba = await wats.process.get_process_by_name("pcba TEST")
        assert await wats.process.is_test_operation(100)
        assert not await wats.process.is_test_operation(500)
        assert await wats.process.is_repair_operation(510)
        assert await wats.process.is_wip_operation(200)
        tests = await wats.process.list_processes(kind=ProcessKind.TEST)
        everything = await wats.process.list_processes()
        assert requests_to(wats_emulator, PROCESSES_PATH) == 1
        await wats.process.refresh()
        await wats.process.get_process_by_code(100)
        assert requests_to(wats_emulator, PROCESSES_PATH) == 2
    assert eol is not None
    assert eol.name == "End of line test"
    assert pcba is not None
    assert pcba.code == 50
    assert [p.code for p in tests] == [10, 50, 90, 100]
    assert len(everything) == 7


@pytest.mark.anyio
async def test_max_age_reloads_an_old_list(wats_emulator: EmulatorServer) -> None:
    clock = FakeClock()
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        service = cached_service(wats, max_age_s=60.0, clock=clock)
        await service.get_process_by_code(100)
        clock.now_s += 59.0
        await service.get_process_by_code(100)
        assert requests_to(wats_emulator, PROCESSES_PATH) == 1
        clock.now_s += 1.0
        await service.get_process_by_code(100)
        assert requests_to(wats_emulator, PROCESSES_PATH) == 2
        await service.set_max_age(None)  # keep until refresh()
        clock.now_s += 1e6
        await service.is_test_operation(100)
        assert requests_to(wats_emulator, PROCESSES_PATH) == 2
        await service.set_max_age(0)  # every lookup asks
        await service.is_test_operation(100)
        await service.is_test_operation(50)
        assert requests_to(wats_emulator, PROCESSES_PATH) == 4
        with pytest.raises(ValueError, match="max_age_s"):
            await service.set_max_age(-5)


@pytest.mark.anyio
async def test_concurrent_first_lookups_share_one_load(wats_emulator: EmulatorServer) -> None:
    found: list[ProcessInfo | None] = []

    async def lookup(service: AsyncProcessService, code: int) -> None:
        found.append(await service.get_process_by_code(code))

    async with (
        AsyncWATS(wats_emulator.url, wats_emulator.token) as wats,
        anyio.create_task_group() as group,
    ):
        for code in (10, 50, 90, 100, 500, 510, 200, 10):
            group.start_soon(lookup, wats.process, code)
    assert len(found) == 8
    assert all(p is not None for p in found)
    assert requests_to(wats_emulator, PROCESSES_PATH) == 1


@pytest.mark.anyio
async def test_failed_refresh_keeps_the_previous_list(wats_emulator: EmulatorServer) -> None:
    clock = FakeClock()
    no_retry = RetryConfig(max_attempts=1)
    async with AsyncWATS(wats_emulator.url, wats_emulator.token, retry=no_retry) as wats:
        service = cached_service(wats, clock=clock)
        await service.get_process_by_code(100)
        wats_emulator.faults.configure(error_rate=1.0, error_status=500)
        with pytest.raises(ServerError):
            await service.refresh()
        wats_emulator.faults.clear()
        kept = await service.get_process_by_code(100)  # still cached, no new request
    assert kept is not None
    assert requests_to(wats_emulator, PROCESSES_PATH) == 2


@pytest.mark.anyio
async def test_unknown_code_or_name_names_the_known_processes(
    wats_emulator: EmulatorServer,
) -> None:
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        with pytest.raises(NotFoundError) as by_code:
            await wats.process.get_process_by_code(7777)
        with pytest.raises(UnknownProcessError) as by_name:
            await wats.process.get_process_by_name("Flash programming")
        with pytest.raises(NotFoundError):
            await wats.process.is_test_operation(7777)
    error = by_code.value
    assert isinstance(error, UnknownProcessError)
    assert error.status_code == 404
    assert error.operation == "get_process_by_code"
    message = str(error)
    assert "process code 7777 is not defined" in message
    assert "100 'End of line test'" in message
    assert "500 'Repair'" in message
    assert "refresh()" in message
    assert PROCESSES_PATH in message
    assert "'Flash programming'" in str(by_name.value)


@pytest.mark.anyio
async def test_lenient_lookups_answer_none_and_false(wats_emulator: EmulatorServer) -> None:
    async with AsyncWATS(
        wats_emulator.url, wats_emulator.token, error_mode=ErrorMode.LENIENT
    ) as wats:
        assert await wats.process.get_process_by_code(7777) is None
        assert await wats.process.get_process_by_name("nope") is None
        assert await wats.process.is_test_operation(7777) is False
        assert await wats.process.is_test_operation(100) is True


# -- the sync twin ------------------------------------------------------------------------


def test_sync_client_has_the_same_process_service(wats_emulator: EmulatorServer) -> None:
    with pyWATS(wats_emulator.url, wats_emulator.token) as wats:
        assert wats.process.is_repair_operation(500) is True
        eol = wats.process.get_process_by_name("End of line test")
        assert eol is not None
        assert eol.code == 100
        assert [p.code for p in wats.process.list_processes(kind=ProcessKind.REPAIR)] == [
            500,
            510,
        ]
        assert len(wats.process.get_processes()) == 7
        assert wats.process.get_process(90).name == "Burn In test"  # type: ignore[union-attr]
        assert "500" in wats.process.get_repair_operations()
        with pytest.raises(NotFoundError):
            wats.process.get_process_by_code(1)


@pytest.mark.anyio
async def test_internal_calls_carry_the_referer(wats_emulator: EmulatorServer) -> None:
    from pywats.domains.process import repository

    internal = (
        repository.DETAILED_PATH,
        repository.PROCESS_PATH.format(id="1"),
        repository.REPAIR_OPERATIONS_PATH,
        repository.REPAIR_OPERATION_PATH.format(id="1"),
    )
    async with AsyncWATS(wats_emulator.url, wats_emulator.token) as wats:
        for path in internal:
            assert wats.http.headers_for(path)["Referer"] == wats.base_url, path
        assert "Referer" not in wats.http.headers_for(repository.PROCESSES_PATH)

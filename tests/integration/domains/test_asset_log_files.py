"""Asset log, messages and files against the emulator, and the blocking pyWATS twin."""

from __future__ import annotations

import threading
import uuid
from datetime import datetime, timedelta, timezone

import httpx
import pytest
from asset_support import async_client, fixture_type, sync_client

from pywats import NotFoundError, ValidationError
from pywats.core.errors import ErrorHandler
from pywats.core.http import AsyncHttpClient
from pywats.core.throttle import RateLimiter
from pywats.domains.asset import (
    AlarmState,
    AssetLogFields,
    AssetLogType,
    AssetState,
    AsyncAssetRepository,
    AsyncAssetService,
)
from pywats_emulator.testing import EmulatorServer


@pytest.mark.anyio
async def test_messages_and_log_queries(wats_emulator: EmulatorServer) -> None:
    async with async_client(wats_emulator) as wats:
        fx1 = await wats.asset.create_asset("FX-1")
        fx2 = await wats.asset.create_asset("FX-2")
        assert fx1.asset_id is not None and fx2.asset_id is not None
        await wats.asset.add_log_message(fx1.asset_id, "probe 3 bent", user="alice")
        await wats.asset.post_message(fx1.asset_id, "probe 3 replaced")  # alias
        await wats.asset.add_log_message(fx2.asset_id, "cleaned")
        messages = await wats.asset.get_log(AssetLogFields.type.eq(AssetLogType.MESSAGE))
        fx1_oldest_first = await wats.asset.get_log(asset_id=fx1.asset_id, orderby="date asc")
        alice = await wats.asset.get_log("user eq 'alice'", serial_number="FX-1")
        recent = await wats.asset.get_log(
            since=datetime.now(timezone.utc) - timedelta(hours=1), top=2
        )
        contains = await wats.asset.get_log("contains(comment, 'probe')", skip=1)
        with pytest.raises(NotFoundError, match=f"asset '{uuid.UUID(int=1)}' not found"):
            await wats.asset.add_log_message(str(uuid.UUID(int=1)), "hello")

    assert [(m.serial_number, m.comment) for m in messages] == [
        ("FX-2", "cleaned"),
        ("FX-1", "probe 3 replaced"),
        ("FX-1", "probe 3 bent"),
    ]
    assert [e.type for e in fx1_oldest_first] == [
        AssetLogType.REGISTER,
        AssetLogType.MESSAGE,
        AssetLogType.MESSAGE,
    ]
    assert all(e.asset_id == fx1.asset_id for e in fx1_oldest_first)
    assert [(e.user, e.comment) for e in alice] == [("alice", "probe 3 bent")]
    assert messages[0].user == "API"  # the emulator's user when none is given
    assert len(recent) == 2
    assert [e.comment for e in contains] == ["probe 3 bent"]
    entry = fx1_oldest_first[0]
    assert entry.log_id is not None and entry.date is not None and entry.date.tzinfo


@pytest.mark.anyio
async def test_files_upload_list_download_replace_delete(wats_emulator: EmulatorServer) -> None:
    pdf = bytes(range(256)) * 40  # binary, not UTF-8
    async with async_client(wats_emulator) as wats:
        asset = await wats.asset.create_asset("FX-1")
        asset_id = asset.asset_id or ""
        await wats.asset.upload_file(asset_id, "calibration.pdf", pdf)
        await wats.asset.upload_file(asset_id, "notes.txt", b"v1")
        await wats.asset.upload_file(asset_id, "notes.txt", b"v2")  # replaces
        await wats.asset.upload_file(asset_id, "empty.bin", b"")
        names = await wats.asset.list_files(asset_id)
        downloaded = await wats.asset.download_file(asset_id, "calibration.pdf")
        notes = await wats.asset.download_file(asset_id, "notes.txt")
        empty = await wats.asset.download_file(asset_id, "empty.bin")
        with pytest.raises(NotFoundError, match=r"has no file 'x.pdf' \(its files: calib"):
            await wats.asset.delete_files(asset_id, ["notes.txt", "x.pdf"])
        await wats.asset.delete_files(asset_id, ["notes.txt", "empty.bin"])
        left = await wats.asset.list_files(asset_id)
        with pytest.raises(NotFoundError, match="has no file 'notes.txt'"):
            await wats.asset.download_file(asset_id, "notes.txt")
        with pytest.raises(ValidationError, match="must be a plain file name"):
            await wats.asset.upload_file(asset_id, "../../etc/passwd", b"x")
        with pytest.raises(NotFoundError, match="not found"):
            await wats.asset.list_files(str(uuid.uuid4()))
        with pytest.raises(ValueError, match="non-empty list"):
            await wats.asset.delete_files(asset_id, [])

    assert names == ["calibration.pdf", "empty.bin", "notes.txt"]
    assert (downloaded, notes, empty) == (pdf, b"v2", b"")
    assert left == ["calibration.pdf"]


class RecordingTransport(httpx.AsyncBaseTransport):
    """A real loopback transport that remembers each request's path and Referer header."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.seen: list[tuple[str, str | None]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.url.path, request.headers.get("referer")))
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.mark.anyio
async def test_file_calls_send_the_referer_the_internal_api_wants(
    wats_emulator: EmulatorServer,
) -> None:
    transport = RecordingTransport()
    http = AsyncHttpClient(
        wats_emulator.url, wats_emulator.token, transport=transport, rate_limiter=RateLimiter()
    )
    assets = AsyncAssetService(AsyncAssetRepository(http, ErrorHandler()))
    async with http:
        asset = await assets.create_asset("FX-1")
        await assets.list_files(asset.asset_id or "")

    assert transport.seen == [
        ("/api/Asset", None),
        (f"/api/internal/Blob/Asset/List/{asset.asset_id}", wats_emulator.url),
    ]


def test_the_blocking_client_runs_the_same_operations(wats_emulator: EmulatorServer) -> None:
    with sync_client(wats_emulator) as wats:
        fixture = wats.asset.save_type(fixture_type(running_count_limit=10))
        asset = wats.asset.create_asset("FX-1", fixture.type_id)
        wats.asset.increment_count(asset.asset_id, increment_by=9)
        status = wats.asset.get_status(asset.asset_id)
        wats.asset.set_state(AssetState.IN_MAINTENANCE, serial_number="FX-1")
        wats.asset.post_maintenance(serial_number="FX-1", comment="new probes")
        wats.asset.reset_running_count(serial_number="FX-1")
        wats.asset.upload_file(asset.asset_id or "", "a.txt", b"A")
        read = wats.asset.get_by_serial_number("FX-1")
        assets = wats.asset.get_all()
        types = wats.asset.get_types()
        log = wats.asset.get_log(asset_id=asset.asset_id)

    assert status is not None and status.alarm_state is AlarmState.WARNING
    assert read is not None
    assert (read.state, read.running_count, read.total_count) == (AssetState.IN_MAINTENANCE, 0, 9)
    assert [a.serial_number for a in assets] == ["FX-1"]
    assert [t.type_name for t in types] == ["Test fixture"]
    assert {e.type for e in log} >= {
        AssetLogType.REGISTER,
        AssetLogType.STATE_CHANGE,
        AssetLogType.MAINTENANCE,
        AssetLogType.RESET_COUNT,
    }


def test_one_blocking_client_counts_correctly_from_many_threads(
    wats_emulator: EmulatorServer,
) -> None:
    with sync_client(wats_emulator) as wats:
        wats.asset.create_asset("FX-1")

        def use() -> None:
            for _ in range(5):
                wats.asset.increment_count(serial_number="FX-1")

        threads = [threading.Thread(target=use) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        read = wats.asset.get_by_serial_number("FX-1")

    assert read is not None and (read.running_count, read.total_count) == (20, 20)

"""The GUI's log and converter commands over real IPC against a running service."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gui_service import home_for, running_service

from pywats_client.ipc import IpcCommandError
from pywats_emulator.testing import EmulatorServer

SAMPLES = (Path(__file__).parents[2] / "unit" / "conversion" / "sample_converters.py").resolve()
SAMPLE_CLASS = f"{SAMPLES}:SampleConverter"


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch, wats_emulator: EmulatorServer) -> Iterator[Path]:
    yield from home_for(monkeypatch, wats_emulator)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    folder = tmp_path / "files"
    folder.mkdir()
    return folder


def _entry(name: str, watch: Path, **extra: Any) -> dict[str, Any]:
    return {"name": name, "class_path": SAMPLE_CLASS, "watch_folder": str(watch), **extra}


def _wsjf(serial: str) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "type": "T",
        "pn": "PN-GUI",
        "sn": serial,
        "rev": "A",
        "processCode": 10,
        "result": "P",
        "start": "2026-01-30T10:00:00+01:00",
        "uut": {"user": "operator", "execTime": 1.5},
        "root": {
            "group": "M",
            "stepType": "SequenceCall",
            "name": "Main",
            "status": "P",
            "steps": [{"group": "M", "stepType": "Action", "name": "Power on", "status": "P"}],
        },
    }


# -- log ---------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_get_log_tails_the_service_log_without_the_token(
    home: Path, wats_emulator: EmulatorServer
) -> None:
    async with running_service() as (_service, ipc):
        first = await ipc.request("get_log")
        messages = [entry["message"] for entry in first["entries"]]
        assert "service state: RUNNING" in messages
        assert all(entry["seq"] <= first["next_after"] for entry in first["entries"])

        logging.getLogger("pywats_client.gui_test").warning("token is %s", wats_emulator.token)
        await ipc.request("reload_config")
        new = await ipc.request("get_log", after_seq=first["next_after"])
        new_messages = [entry["message"] for entry in new["entries"]]
        assert "token is ***" in new_messages
        assert any(m.startswith("configuration reloaded from") for m in new_messages)
        assert all(entry["seq"] > first["next_after"] for entry in new["entries"])
        assert wats_emulator.token not in json.dumps(new)

        warnings = await ipc.request("get_log", after_seq=0, level="WARNING")
        assert {entry["level"] for entry in warnings["entries"]} == {"WARNING"}
        assert (await ipc.request("get_log", after_seq=new["next_after"]))["entries"] == []

        with pytest.raises(IpcCommandError, match="unknown log level 'LOUD'"):
            await ipc.request("get_log", level="LOUD")
        with pytest.raises(IpcCommandError, match="'limit' must be between 1 and 2000"):
            await ipc.request("get_log", limit=0)


# -- converters ------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_add_edit_disable_and_delete_a_converter(home: Path, tmp_path: Path) -> None:
    watch = tmp_path / "watch"
    async with running_service() as (service, ipc):
        types = await ipc.request("list_converter_types")
        assert {"wsjf", "csv", "junit"} <= {t["name"] for t in types}
        assert all(t["class_path"].startswith("pywats_client.converters.builtin.") for t in types)

        saved = await ipc.request("save_converter", entry=_entry("bench", watch))
        assert saved == {"name": "bench", "index": 0}
        status = await ipc.request("get_status")
        assert [c["name"] for c in status["converters"]] == ["bench"]

        changed = _entry("bench-2", watch, enabled=False, arguments={"process_code": 70})
        await ipc.request("save_converter", entry=changed, original_name="bench")
        assert service.config is not None
        [entry] = service.config.converters
        assert (entry.name, entry.enabled, entry.arguments) == (
            "bench-2",
            False,
            {"process_code": 70},
        )
        [state] = (await ipc.request("get_status"))["converters"]
        assert state["mode"] == "disabled"

        with pytest.raises(IpcCommandError, match="exists already"):
            await ipc.request("save_converter", entry=_entry("bench-2", watch))
        with pytest.raises(IpcCommandError, match="watch_folder"):
            await ipc.request("save_converter", entry=_entry("x", watch, watch_folder="relative"))
        with pytest.raises(IpcCommandError, match="no converter named 'nope' to change"):
            await ipc.request("save_converter", entry=_entry("y", watch), original_name="nope")
        assert [c.name for c in service.config.converters] == ["bench-2"]  # nothing half-saved

        assert await ipc.request("delete_converter", name="bench-2") == {"deleted": "bench-2"}
        assert service.config.converters == []
        with pytest.raises(IpcCommandError, match="no converter named 'bench-2' to delete"):
            await ipc.request("delete_converter", name="bench-2")


@pytest.mark.anyio
async def test_masked_converter_arguments_keep_their_stored_value(
    home: Path, tmp_path: Path
) -> None:
    watch = tmp_path / "watch"
    async with running_service() as (service, ipc):
        entry = _entry("secretive", watch, enabled=False, arguments={"api_token": "hunter2-long"})
        await ipc.request("save_converter", entry=entry)
        config = await ipc.request("get_config")
        [shown] = config["converters"]
        assert shown["arguments"]["api_token"] == "***"
        shown["arguments"]["other"] = 1
        await ipc.request("save_converter", entry=shown, original_name="secretive")
        assert service.config is not None
        stored = service.config.converters[0].arguments
        assert stored == {"api_token": "hunter2-long", "other": 1}


@pytest.mark.anyio
async def test_test_converter_is_a_dry_run(home: Path, tmp_path: Path, files: Path) -> None:
    watch = tmp_path / "watch"
    good = files / "unit.txt"
    good.write_text("PYWATS-TEST\nsn: SN-GUI-1\nvalues: 3.3 120.0\n")
    async with running_service() as (_service, ipc):
        await ipc.request(
            "save_converter", entry=_entry("bench", watch, arguments={"process_code": 10})
        )
        result = await ipc.request("test_converter", path=str(good), converter="bench")
        assert result["ok"] is True and result["error"] is None, result
        assert result["converter"]["name"] == "bench"
        [report] = result["reports"]
        assert (report["sn"], report["pn"], report["result"], report["steps"]) == (
            "SN-GUI-1", "PN-TEST", "F", 2,
        )  # fmt: skip
        assert report["process_code"] == 10
        assert any("converted SN-GUI-1" in line for line in result["logs"])
        assert good.exists()  # not moved
        assert (await ipc.request("get_queue_stats"))["pending"] == 0  # nothing queued

        wsjf = files / "report.json"
        wsjf.write_text(json.dumps(_wsjf("SN-GUI-2")))
        builtin = await ipc.request("test_converter", path=str(wsjf), converter="wsjf")
        assert builtin["ok"] is True and builtin["reports"][0]["sn"] == "SN-GUI-2"


@pytest.mark.anyio
async def test_test_converter_reports_failures_and_survives_a_crash(
    home: Path, tmp_path: Path, files: Path
) -> None:
    watch = tmp_path / "watch"
    bad = files / "bad.txt"
    bad.write_text("PYWATS-TEST\nvalues: 1\n")
    crash = files / "crash.txt"
    crash.write_text("PYWATS-TEST\nsn: X\nCRASH\n")
    async with running_service() as (_service, ipc):
        await ipc.request("save_converter", entry=_entry("bench", watch, timeout_s=1))

        failed = await ipc.request("test_converter", path=str(bad), converter="bench")
        assert failed["ok"] is False and failed["error"] == "bad.txt: no 'sn:' line"

        crashed = await ipc.request("test_converter", path=str(crash), converter="bench")
        assert crashed["ok"] is False and "worker process died" in crashed["error"]
        assert (await ipc.request("get_status"))["state"] == "RUNNING"


@pytest.mark.anyio
async def test_test_converter_stops_a_hung_converter_and_checks_its_input(
    home: Path, tmp_path: Path, files: Path
) -> None:
    watch = tmp_path / "watch"
    bad = files / "bad.txt"
    bad.write_text("PYWATS-TEST\nvalues: 1\n")
    hang = files / "hang.txt"
    hang.write_text("PYWATS-TEST\nsn: X\nHANG\n")
    async with running_service() as (_service, ipc):
        await ipc.request("save_converter", entry=_entry("bench", watch, timeout_s=1))
        hung = await ipc.request("test_converter", path=str(hang), converter="bench")
        assert hung["ok"] is False and "timed out after 1 s" in hung["error"]

        missing = await ipc.request("test_converter", path=str(files / "no.txt"), converter="bench")
        assert missing == {"ok": False, "error": f"{files / 'no.txt'}: no such file or folder",
                           "file": str(files / "no.txt")}  # fmt: skip
        unknown = await ipc.request("test_converter", path=str(bad), converter="nope")
        assert unknown["ok"] is False and "no converter named 'nope'" in unknown["error"]
        with pytest.raises(IpcCommandError, match="must be an absolute path"):
            await ipc.request("test_converter", path="relative.txt", converter="bench")
        with pytest.raises(IpcCommandError, match="'converter' is required"):
            await ipc.request("test_converter", path=str(bad))
        assert (await ipc.request("get_status"))["state"] == "RUNNING"

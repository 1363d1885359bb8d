"""Where sources come from: recursive folders, slow writers, re-drops, folders, schedules,
and watch folders that disappear."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from manager_support import converter_entry, make_config, running_manager
from sample_converters import sample_text

from pywats_client.conversion import ConversionOptions
from pywats_client.queue import QueueStore

pytestmark = pytest.mark.anyio


async def test_recursive_watch_keeps_sub_folders_in_done(
    samples_path: Path, tmp_path: Path
) -> None:
    watch, done, error = tmp_path / "in", tmp_path / "done", tmp_path / "error"
    (watch / "lineA" / "st1").mkdir(parents=True)
    (watch / "lineB").mkdir()
    (watch / "lineA" / "st1" / "a.txt").write_text(sample_text("SN-A"))
    config = make_config(
        converter_entry(samples_path, watch, recursive=True, done_folder=str(done),
                        error_folder=str(error))
    )  # fmt: skip
    async with running_manager(tmp_path / "home", config) as run:
        (watch / "lineB" / "b.txt").write_text(sample_text("SN-B"))
        (watch / "lineB" / "deeper").mkdir()
        (watch / "lineB" / "deeper" / "c.txt").write_text("garbage")
        await run.wait_for(lambda: run.manager.counters.ok == 2, "two conversions")
        await run.wait_for(lambda: run.manager.counters.failed == 1, "one failure")
    assert (done / "lineA" / "st1" / "a.txt").is_file()
    assert (done / "lineB" / "b.txt").is_file()
    assert (error / "lineB" / "deeper" / "c.txt.error.txt").is_file()
    assert not (watch / "lineB" / "b.txt").exists()


async def test_same_file_dropped_twice_is_one_report(samples_path: Path, tmp_path: Path) -> None:
    watch = tmp_path / "in"
    watch.mkdir()
    content = sample_text("SN-TWICE", 1.0)
    config = make_config(converter_entry(samples_path, watch))
    async with running_manager(tmp_path / "home", config) as run:
        counters = run.manager.counters
        (watch / "r.txt").write_text(content)
        await run.wait_for(lambda: counters.ok == 1, "first drop")
        (watch / "r.txt").write_text(content)  # the tester sends it again
        await run.wait_for(lambda: counters.ok == 2, "second drop")
        ids = run.report_ids()
    assert len(ids) == 1 and counters.reports_queued == 1
    assert sorted(p.name for p in (watch / "Done").iterdir()) == ["r.txt", "r_2.txt"]


async def test_slow_chunked_writer_is_never_taken_half_written(
    samples_path: Path, tmp_path: Path
) -> None:
    watch = tmp_path / "in"
    watch.mkdir()
    path = watch / "slow.txt"
    values = [str(n) for n in range(20)]

    def write_slowly() -> None:
        with path.open("w") as stream:
            stream.write("PYWATS-TEST\nsn: SN-SLOW\nvalues:")
            stream.flush()
            for value in values:  # 20 chunks, one every 50 ms: about 1 s
                time.sleep(0.05)
                stream.write(f" {value}")
                stream.flush()
            stream.write("\n")

    config = make_config(converter_entry(samples_path, watch))
    async with running_manager(tmp_path / "home", config) as run:
        writer = threading.Thread(target=write_slowly)
        writer.start()
        try:
            await run.wait_for(lambda: run.manager.counters.ok == 1, "the slow file")
        finally:
            writer.join()
        [item] = run.queue.list()
        payload = run.queue.get(item.report_id)
    assert payload is not None and payload.payload is not None
    assert payload.payload.count(b'"name":"Value ') == len(values)
    assert run.manager.counters.retaken == 0  # stability held; the post-check was not needed
    assert run.manager.counters.failed == 0


async def test_keep_is_converted_once_even_across_restarts(
    samples_path: Path, tmp_path: Path
) -> None:
    watch = tmp_path / "in"
    watch.mkdir()
    (watch / "k.txt").write_text(sample_text("SN-KEEP"))
    config = make_config(converter_entry(samples_path, watch, post_action="keep"))
    options = ConversionOptions(rescan_interval_s=0.1)
    async with running_manager(tmp_path / "home", config, options=options) as run:
        await run.wait_for(lambda: run.manager.counters.ok == 1, "the kept file")
        rescans = [0]
        watcher = next(iter(run.manager._runners.values()))._watcher
        assert watcher is not None
        base_scan = watcher.candidates.scan

        def counting_scan() -> list[Path]:
            rescans[0] += 1
            return base_scan()

        watcher.candidates.scan = counting_scan  # type: ignore[method-assign]
        await run.wait_for(lambda: rescans[0] >= 3, "three rescans")
        assert run.manager.counters.ok == 1
    async with running_manager(tmp_path / "home", config, options=options) as run:
        (watch / "other.txt").write_text(sample_text("SN-OTHER"))
        await run.wait_for(lambda: run.manager.counters.ok == 1, "only the new file")
        (watch / "k.txt").write_text(sample_text("SN-KEEP", 2.0))  # changed content
        await run.wait_for(lambda: run.manager.counters.ok == 2, "the changed file")
        assert len(run.report_ids()) == 3
    assert (watch / "k.txt").exists()


async def test_folder_converter_waits_for_its_marker(samples_path: Path, tmp_path: Path) -> None:
    watch = tmp_path / "units"
    unit = watch / "unit42"
    unit.mkdir(parents=True)
    (unit / "a.val").write_text("1.5")
    entry = {
        "name": "units",
        "class_path": f"{samples_path}:FolderSample",
        "watch_folder": str(watch),
        "post_action": "zip",
    }
    async with running_manager(tmp_path / "home", make_config(entry)) as run:
        await run.wait_for(lambda: run.manager.states()[0].mode == "events", "watching")
        runner = run.manager._runners["units"]

        def settled_files() -> int:
            snapshot = runner.settled_snapshot(unit)
            return snapshot.files if snapshot is not None else 0

        await run.wait_for(lambda: settled_files() == 1, "the folder looked at, not ready")
        (unit / "b.val").write_text("2.5")
        await run.wait_for(lambda: settled_files() == 2, "the change looked at, still not ready")
        assert run.manager.counters.ok == 0
        (unit / "done.flag").write_text("")
        await run.wait_for(lambda: run.manager.counters.ok == 1, "the ready folder")
        [item] = run.queue.list()
        stored = run.queue.get(item.report_id)
    assert stored is not None and b'"sn":"unit42"' in (stored.payload or b"")
    assert not unit.exists()
    assert [p.suffix for p in (watch / "Done").iterdir()] == [".zip"]


async def test_scheduled_converter_queues_its_report_once(
    samples_path: Path, tmp_path: Path
) -> None:
    entry = {"name": "tick", "class_path": f"{samples_path}:TickConverter", "schedule": "1s"}
    async with running_manager(tmp_path / "home", make_config(entry)) as run:
        await run.wait_for(lambda: run.manager.counters.ok >= 2, "two scheduled runs")
        assert len(run.report_ids()) == 1 and run.manager.states()[0].mode == "scheduled"


@pytest.mark.parametrize("polling", [False, True], ids=["events", "polling"])
async def test_watch_folder_that_vanishes_and_returns(
    samples_path: Path, tmp_path: Path, polling: bool
) -> None:
    watch = tmp_path / "share"
    watch.mkdir()
    options = ConversionOptions(
        force_polling=polling, poll_interval_s=0.1, unavailable_retry_s=0.1,
        rescan_interval_s=0.2,
    )  # fmt: skip
    config = make_config(converter_entry(samples_path, watch))
    async with running_manager(tmp_path / "home", config, options=options) as run:
        mode = "polling" if polling else "events"
        await run.wait_for(lambda: run.manager.states()[0].mode == mode, mode)
        (watch / "1.txt").write_text(sample_text("SN-1"))
        await run.wait_for(lambda: run.manager.counters.ok == 1, "first file")
        shutil.rmtree(watch)
        await run.wait_for(lambda: run.manager.states()[0].mode == "unavailable", "unavailable")
        assert "watch folder unavailable" in (run.manager.states()[0].problem or "")
        watch.mkdir()
        (watch / "2.txt").write_text(sample_text("SN-2"))
        await run.wait_for(lambda: run.manager.counters.ok == 2, "file after the comeback")
        await run.wait_for(lambda: run.manager.states()[0].mode == mode, "watching again")


async def test_reconfigure_starts_and_stops_converters(samples_path: Path, tmp_path: Path) -> None:
    watch = tmp_path / "in"
    watch.mkdir()
    async with running_manager(tmp_path / "home", make_config()) as run:
        assert run.manager.states() == []
        (watch / "a.txt").write_text(sample_text("SN-A"))
        run.manager.reconfigure(make_config(converter_entry(samples_path, watch)))
        await run.wait_for(lambda: run.manager.counters.ok == 1, "converted after reconfigure")
        disabled = make_config(converter_entry(samples_path, watch, enabled=False))
        run.manager.reconfigure(disabled)
        await run.wait_for(lambda: run.manager.states()[0].mode == "disabled", "disabled")
        (watch / "b.txt").write_text(sample_text("SN-B"))
        broken = make_config(
            converter_entry(samples_path, watch, class_path=f"{samples_path}:Nope")
        )
        run.manager.reconfigure(broken)
        await run.wait_for(lambda: run.manager.states()[0].mode == "load error", "load error")
        assert "has no attribute 'Nope'" in (run.manager.states()[0].last_error or "")
        assert (watch / "b.txt").exists() and run.manager.counters.ok == 1


async def test_stop_intake_lets_running_conversions_finish(
    samples_path: Path, tmp_path: Path
) -> None:
    watch = tmp_path / "in"
    watch.mkdir()
    config = make_config(converter_entry(samples_path, watch))
    async with running_manager(tmp_path / "home", config) as run:
        (watch / "slow.txt").write_text(sample_text("SN-SLOW") + "SLOW\n")
        await run.wait_for(lambda: run.manager.states()[0].in_flight == 1, "conversion started")
        run.manager.stop_intake()
        (watch / "late.txt").write_text(sample_text("SN-LATE"))
    # The task group above only exits once run() has returned: the slow one finished.
    assert run.manager.counters.ok == 1
    with QueueStore(run.paths.queue_db) as queue:
        assert [item.source for item in queue.list()] == [str(watch / "slow.txt")]
    assert (watch / "late.txt").exists() and not (watch / "slow.txt").exists()


async def test_cancelling_the_manager_kills_a_hung_conversion(
    samples_path: Path, tmp_path: Path
) -> None:
    import anyio

    watch = tmp_path / "in"
    watch.mkdir()
    (watch / "hang.txt").write_text(sample_text("SN-H") + "HANG\n")
    config = make_config(converter_entry(samples_path, watch, timeout_s=3600))
    with anyio.CancelScope() as outer:
        async with running_manager(tmp_path / "home", config) as run:
            await run.wait_for(lambda: run.manager.states()[0].in_flight == 1, "hung conversion")
            outer.cancel()  # phase two of a shutdown: no waiting for the converter
    assert outer.cancelled_caught
    assert (watch / "hang.txt").exists() and run.manager.counters.failed == 0

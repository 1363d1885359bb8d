"""InstanceLock: one live service per instance, clear refusal, stale metadata replaced."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pywats_client.instance import (
    InstanceAlreadyRunning,
    InstanceLock,
    list_instances,
    read_metadata,
)
from pywats_client.paths import HomePaths, InstancePaths

HOLDER = """
import sys, time
from pywats_client.instance import InstanceLock
from pywats_client.paths import HomePaths
lock = InstanceLock(HomePaths.resolve(sys.argv[1]).instance(sys.argv[2]), name="holder")
lock.acquire()
print("locked", flush=True)
time.sleep(120)
"""


@pytest.fixture
def holder(home: HomePaths, tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """A real other process holding the 'default' instance lock."""
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / "home"), "default"],
        stdout=subprocess.PIPE,
        text=True,
    ) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "locked"
        yield proc
        proc.kill()


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_acquire_records_metadata_and_release_marks_stopped(paths: InstancePaths) -> None:
    lock = InstanceLock(paths, name="Line 1")
    meta = lock.acquire()
    assert lock.is_held
    assert (meta.pid, meta.name, meta.instance_id) == (os.getpid(), "Line 1", "default")
    on_disk = read_metadata(paths)
    assert on_disk is not None and on_disk.pid == os.getpid()
    lock.release()
    stopped = read_metadata(paths)
    assert stopped is not None and stopped.pid is None and stopped.stopped_at is not None
    lock.release()  # idempotent


def test_second_process_refused_with_pid_and_start_time(
    paths: InstancePaths, holder: subprocess.Popen[str]
) -> None:
    with pytest.raises(InstanceAlreadyRunning) as caught:
        InstanceLock(paths).acquire()
    message = str(caught.value)
    assert "instance 'default' is already running" in message
    assert f"pid {holder.pid}" in message
    assert "since " in message
    assert str(paths.lock_file) in message


def test_lock_freed_by_sigkill_and_stale_metadata_replaced(
    paths: InstancePaths, holder: subprocess.Popen[str]
) -> None:
    holder.kill()  # SIGKILL: no clean-up code runs in the holder
    holder.wait()
    lock = InstanceLock(paths)
    lock.acquire()
    try:
        assert lock.replaced_stale is not None and lock.replaced_stale.pid == holder.pid
        current = read_metadata(paths)
        assert current is not None and current.pid == os.getpid()
    finally:
        lock.release()


def test_second_lock_in_same_process_refused(paths: InstancePaths) -> None:
    with InstanceLock(paths), pytest.raises(InstanceAlreadyRunning):
        InstanceLock(paths).acquire()


def test_stale_metadata_with_dead_pid_recovered(paths: InstancePaths) -> None:
    dead = _dead_pid()
    paths.data_dir.mkdir(parents=True)
    paths.metadata_file.write_text(
        json.dumps(
            {"instance_id": "default", "name": "old", "pid": dead, "hostname": "h", "started_at": 1}
        )
    )
    with InstanceLock(paths, name="new") as lock:
        assert lock.replaced_stale is not None and lock.replaced_stale.pid == dead
        meta = read_metadata(paths)
        assert meta is not None and (meta.pid, meta.name) == (os.getpid(), "new")


def test_list_instances_running_and_stopped(home: HomePaths, holder: subprocess.Popen[str]) -> None:
    stopped = home.instance("line-2")
    with InstanceLock(stopped, name="Line 2"):
        pass
    infos = {info.instance_id: info for info in list_instances(home)}
    assert set(infos) == {"default", "line-2"}
    assert infos["default"].running and infos["default"].pid == holder.pid
    assert infos["default"].name == "holder"
    assert not infos["line-2"].running and infos["line-2"].pid is None
    assert infos["line-2"].to_json()["stopped_at"] is not None


def test_reused_pid_not_counted_as_running(home: HomePaths) -> None:
    paths = home.instance("old")
    paths.data_dir.mkdir(parents=True)
    # our own (alive) pid, but recorded as started in 1970: the pid was reused
    paths.metadata_file.write_text(
        json.dumps(
            {
                "instance_id": "old",
                "pid": os.getpid(),
                "hostname": socket.gethostname(),
                "started_at": 1.0,
            }
        )
    )
    [info] = list_instances(home)
    assert not info.running

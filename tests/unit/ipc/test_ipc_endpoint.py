"""Endpoint validation, the endpoint file, and discovery (files only, no sockets)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pywats_client.ipc import (
    EndpointError,
    EndpointKind,
    IpcEndpoint,
    discover,
    read_endpoint_file,
    write_endpoint_file,
)
from pywats_client.ipc.endpoint import pid_alive
from pywats_client.paths import MAX_SOCKET_PATH_BYTES

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes and pids")


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_unix_path_must_stay_below_the_limit() -> None:
    ok = "/" + "a" * (MAX_SOCKET_PATH_BYTES - 2)
    assert IpcEndpoint.unix(ok).path == Path(ok)
    with pytest.raises(EndpointError, match=r"100 bytes, the limit is 99"):
        IpcEndpoint.unix("/" + "a" * (MAX_SOCKET_PATH_BYTES - 1))


def test_unix_path_limit_counts_bytes_not_characters() -> None:
    with pytest.raises(EndpointError, match="bytes"):
        IpcEndpoint.unix("/" + "é" * 50)  # 50 characters, 101 bytes


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com", "localhost"])
def test_tcp_endpoint_refuses_non_loopback_hosts(host: str) -> None:
    with pytest.raises(EndpointError, match="loopback"):
        IpcEndpoint.tcp(host)


def test_tcp_endpoint_accepts_loopback_and_checks_port() -> None:
    assert IpcEndpoint.tcp("::1", 5000).host == "::1"
    assert IpcEndpoint.tcp().port == 0
    with pytest.raises(EndpointError, match="port out of range"):
        IpcEndpoint.tcp(port=70000)


def test_secret_is_not_in_repr_or_description() -> None:
    endpoint = IpcEndpoint.tcp(port=4321, secret="top-secret-value")
    assert "top-secret-value" not in repr(endpoint)
    assert str(endpoint) == "tcp://127.0.0.1:4321"
    assert IpcEndpoint.unix("/tmp/x.sock").describe() == "unix:/tmp/x.sock"


def test_for_platform_picks_unix_on_posix() -> None:
    endpoint = IpcEndpoint.for_platform("/tmp/pw.sock")
    expected = EndpointKind.TCP if sys.platform == "win32" else EndpointKind.UNIX
    assert endpoint.kind is expected


@posix_only
def test_endpoint_file_round_trip_is_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "ipc.json"
    endpoint = IpcEndpoint.tcp(port=4321, secret="abc")
    write_endpoint_file(target, endpoint, pid=os.getpid())
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    record = read_endpoint_file(target)
    assert record.endpoint == endpoint
    assert record.endpoint.secret == "abc"
    assert record.pid == os.getpid()
    assert [p.name for p in target.parent.iterdir()] == ["ipc.json"]  # no temp file left


def test_unix_endpoint_file_has_the_path_and_no_secret(tmp_path: Path) -> None:
    target = tmp_path / "ipc.json"
    write_endpoint_file(target, IpcEndpoint.unix("/tmp/pw/s.sock"), pid=42)
    body = json.loads(target.read_text())
    assert body == {"format": 1, "kind": "unix", "pid": 42, "path": "/tmp/pw/s.sock"}


def test_endpoint_file_overwrite_replaces_contents(tmp_path: Path) -> None:
    target = tmp_path / "ipc.json"
    write_endpoint_file(target, IpcEndpoint.tcp(port=1, secret="a"), pid=1)
    write_endpoint_file(target, IpcEndpoint.tcp(port=2, secret="b"), pid=2)
    assert read_endpoint_file(target).endpoint.port == 2


def test_missing_endpoint_file(tmp_path: Path) -> None:
    with pytest.raises(EndpointError, match="no endpoint file"):
        read_endpoint_file(tmp_path / "absent.json")


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        '{"kind": "pipe", "pid": 1}',
        '{"kind": "tcp", "pid": 1, "host": "127.0.0.1", "port": 5}',
        '{"kind": "tcp", "pid": 1, "host": "10.0.0.1", "port": 5, "secret": "s"}',
        '{"kind": "tcp", "pid": true, "host": "127.0.0.1", "port": 5, "secret": "s"}',
        '{"kind": "unix", "pid": 1, "path": 5}',
    ],
)
def test_malformed_endpoint_file(tmp_path: Path, content: str) -> None:
    target = tmp_path / "ipc.json"
    target.write_text(content)
    with pytest.raises(EndpointError, match="invalid endpoint file"):
        read_endpoint_file(target)


@posix_only
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_endpoint_file_of_another_user_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "ipc.json"
    write_endpoint_file(target, IpcEndpoint.tcp(port=5, secret="s"), pid=os.getpid())
    os.chown(target, 54321, -1)
    with pytest.raises(EndpointError, match="owned by another user"):
        read_endpoint_file(target)
    assert discover(target) is None


@posix_only
def test_pid_alive() -> None:
    assert pid_alive(os.getpid())
    assert not pid_alive(dead_pid())
    assert not pid_alive(0)
    assert not pid_alive(-1)


def test_discover_returns_none_when_missing(tmp_path: Path) -> None:
    assert discover(tmp_path / "absent.json") is None


@posix_only
def test_discover_returns_none_for_a_dead_process(tmp_path: Path) -> None:
    target = tmp_path / "ipc.json"
    write_endpoint_file(target, IpcEndpoint.tcp(port=5, secret="s"), pid=dead_pid())
    assert discover(target) is None


def test_discover_returns_none_when_the_socket_is_gone(tmp_path: Path) -> None:
    target = tmp_path / "ipc.json"
    write_endpoint_file(target, IpcEndpoint.unix(tmp_path / "gone.sock"), pid=os.getpid())
    assert discover(target) is None


def test_discover_returns_the_endpoint(tmp_path: Path) -> None:
    target = tmp_path / "ipc.json"
    endpoint = IpcEndpoint.tcp(port=5, secret="s")
    write_endpoint_file(target, endpoint, pid=os.getpid())
    assert discover(target) == endpoint

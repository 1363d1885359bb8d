"""API auto-discovery: ``pyWATS()`` with no URL and token asks the running station service.

End to end: ``pywats-client login`` stores the emulator's URL and token (encrypted), a real
``pywats-client service`` process runs, and a client built with no arguments and no
environment variables reaches the emulator through it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest

from pywats import AsyncWATS, ConfigurationError, pyWATS
from pywats.core import settings
from pywats.core.settings import Credentials, resolve_credentials
from pywats_client.ipc import discover, write_endpoint_file
from pywats_client.ipc.endpoint import IpcEndpoint
from pywats_client.paths import HomePaths
from pywats_emulator.testing import EmulatorServer

_WAIT_S = 30.0
_CREDENTIAL_VARS = ("PYWATS_SERVER_URL", "PYWATS_API_TOKEN", "PYWATS_INSTANCE_ID")


@pytest.fixture
def home(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="pw") as directory:  # short socket path
        for name in _CREDENTIAL_VARS:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("PYWATS_HOME", directory)
        yield Path(directory)


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYWATS_")}
    return {**env, "PYWATS_HOME": str(home), **extra}


def _cli(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pywats_client.cli", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=_WAIT_S,
        check=False,
    )


def _login(env: dict[str, str], emulator: EmulatorServer, *extra: str) -> dict[str, object]:
    result = _cli(
        env,
        *extra,
        "login",
        "--server-url",
        emulator.url,
        "--token-stdin",
        "--json",
        stdin=emulator.token,
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def _start_service(env: dict[str, str], home: Path, instance: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "pywats_client.cli", "service", "--instance-id", instance],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    endpoint_file = HomePaths.resolve(home).instance(instance).endpoint_file
    deadline = time.monotonic() + _WAIT_S
    while discover(endpoint_file) is None:
        if process.poll() is not None:
            raise AssertionError(f"service exited: {process.communicate()[1]}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError("the service did not publish its IPC endpoint")
        time.sleep(0.05)
    return process


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=_WAIT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    assert process.stderr is not None
    process.stderr.close()


@pytest.mark.skipif(os.name != "posix", reason="uses SIGTERM")
def test_clients_without_arguments_use_the_running_service(
    home: Path, wats_emulator: EmulatorServer
) -> None:
    env = _env(home)
    assert _login(env, wats_emulator)["service_reloaded"] is None  # nothing runs yet
    service = _start_service(env, home, "default")
    try:
        with pyWATS() as wats:
            assert wats.base_url == wats_emulator.url
            assert wats.analytics.get_version() == "24.1.0"

        async def use_async() -> str | None:
            async with AsyncWATS() as client:  # discovery from inside a running event loop
                return await client.analytics.get_version()

        assert anyio.run(use_async) == "24.1.0"
        # A caller's own URL never receives the service's token.
        with pytest.raises(ConfigurationError, match="PYWATS_API_TOKEN"):
            pyWATS("https://other.example")
        # The same server written differently does.
        with pyWATS(wats_emulator.url + "/api/") as wats:
            assert wats.analytics.get_version() == "24.1.0"
        # Logging in again while it runs tells the service to reload.
        assert _login(env, wats_emulator)["service_reloaded"] is True
    finally:
        _stop(service)
    assert service.returncode == 0
    with pytest.raises(ConfigurationError, match="pywats-client login"):
        pyWATS()
    # Nothing the CLI and the service wrote holds the token in clear.
    token = wats_emulator.token.encode()
    leaks = [p for p in home.rglob("*") if p.is_file() and token in p.read_bytes()]
    assert leaks == []


@pytest.mark.skipif(os.name != "posix", reason="uses SIGTERM")
def test_instance_comes_from_pywats_instance_id(
    home: Path, wats_emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = _env(home)
    _login(env, wats_emulator, "--instance-id", "line-2")
    service = _start_service(env, home, "line-2")
    try:
        assert settings._discover_credentials() is None  # "default" does not run
        monkeypatch.setenv("PYWATS_INSTANCE_ID", "line-2")
        assert settings._discover_credentials() == Credentials(
            wats_emulator.url, wats_emulator.token
        )
    finally:
        _stop(service)


def test_no_service_means_no_credentials_and_a_helpful_error(home: Path) -> None:
    assert settings._discover_credentials() is None
    with pytest.raises(ConfigurationError) as info:
        resolve_credentials()
    message = str(info.value)
    for hint in ("PYWATS_SERVER_URL", "PYWATS_API_TOKEN", "pywats-client login"):
        assert hint in message


@pytest.mark.skipif(os.name != "posix", reason="Unix socket endpoint")
def test_stale_or_silent_endpoints_are_ignored(home: Path) -> None:
    paths = HomePaths.resolve(home).instance("default")
    paths.ensure_dirs()
    # A dead pid: discover() drops it without connecting.
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    write_endpoint_file(
        paths.endpoint_file, IpcEndpoint.unix(paths.ipc_socket), pid=int(dead.stdout)
    )
    assert settings._discover_credentials() is None
    # A live pid but nothing listening on the socket path.
    paths.ipc_socket.touch()
    write_endpoint_file(paths.endpoint_file, IpcEndpoint.unix(paths.ipc_socket), pid=os.getpid())
    assert settings._discover_credentials() is None


def test_pywats_does_not_need_pywats_client(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "pywats_client",
        "pywats_client.config",
        "pywats_client.ipc",
        "pywats_client.paths",
    ):
        monkeypatch.setitem(sys.modules, name, None)  # makes `import` raise ImportError
    assert settings._discover_credentials() is None

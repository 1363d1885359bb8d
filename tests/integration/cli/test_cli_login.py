"""``pywats-client login`` against the emulator over loopback HTTP, with real files."""

from __future__ import annotations

import json
import os
import socket
import stat
import sys
from pathlib import Path
from typing import Protocol

import certifi
import pytest
from typer.testing import CliRunner, Result

from pywats_client.cli import app
from pywats_client.config import ConfigStore, ServerConfig
from pywats_client.paths import HomePaths
from pywats_client.security import TokenVault
from pywats_emulator.testing import EmulatorServer


class Invoke(Protocol):
    def __call__(
        self, *args: str, stdin: str | None = None, extra_env: dict[str, str] | None = None
    ) -> Result: ...


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def run(home: Path) -> Invoke:
    runner = CliRunner()
    blank: dict[str, str | None] = {k: None for k in os.environ if k.startswith("PYWATS_")}
    env = {**blank, "PYWATS_HOME": str(home)}

    def invoke(
        *args: str, stdin: str | None = None, extra_env: dict[str, str] | None = None
    ) -> Result:
        return runner.invoke(app, list(args), input=stdin, env={**env, **(extra_env or {})})

    return invoke


def _store(home: Path, instance: str = "default") -> ConfigStore:
    return ConfigStore.for_instance(HomePaths.resolve(home).instance(instance))


def _files_containing(root: Path, secret: str) -> list[Path]:
    needle = secret.encode("utf-8")
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_login_stores_the_token_encrypted_and_nowhere_in_clear(
    run: Invoke, home: Path, wats_emulator: EmulatorServer
) -> None:
    token = wats_emulator.token
    result = run(
        "login",
        "--server-url",
        wats_emulator.url,
        "--token-stdin",
        "--username",
        "op1",
        "--json",
        stdin=token + "\n",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    store = _store(home)
    assert data == {
        "instance_id": "default",
        "server_url": wats_emulator.url,
        "server_version": "24.1.0",
        "username": "op1",
        "ca_bundle": None,
        "config_file": str(store.path),
        "token_stored": True,
        "service_reloaded": None,
        "overridden_by_env": [],
    }
    config = store.load_file()
    assert config.server.url == wats_emulator.url
    assert config.server.username == "op1"
    assert config.server.token(TokenVault(HomePaths.resolve(home).salt_file)) == token
    if os.name == "posix":
        assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert token not in result.output
    assert _files_containing(home, token) == []
    assert wats_emulator.stats()["by_path"]["/api/App/Version"] == {"200": 1}


def test_login_keeps_other_settings_and_prints_what_it_did(
    run: Invoke, home: Path, wats_emulator: EmulatorServer
) -> None:
    assert run("config", "set", "queue.max_attempts", "3").exit_code == 0
    result = run("login", "--server-url", wats_emulator.url, "--token", wats_emulator.token)
    assert result.exit_code == 0, result.output
    assert f"Connected to {wats_emulator.url} (WATS 24.1.0)" in result.stdout
    assert "encrypted token" in result.stdout and str(_store(home).path) in result.stdout
    assert "can be seen by other users" in result.stderr  # --token is discouraged
    assert _store(home).load_file().queue.max_attempts == 3
    # A second login to the stored server needs no --server-url.
    again = run("login", "--token-stdin", stdin=wats_emulator.token)
    assert again.exit_code == 0, again.output
    assert _files_containing(home, wats_emulator.token) == []


def test_refused_token_is_exit_7_and_saves_nothing(
    run: Invoke, home: Path, wats_emulator: EmulatorServer
) -> None:
    result = run("login", "--server-url", wats_emulator.url, "--token-stdin", stdin="wrong-token")
    assert result.exit_code == 7, result.output
    assert "refused the token (401)" in result.stderr
    assert "Control Panel" in result.stderr and "nothing was saved" in result.stderr
    assert "wrong-token" not in result.output
    assert not _store(home).exists()


def test_unreachable_server_is_exit_6_and_saves_nothing(run: Invoke, home: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}"
    result = run("login", "--server-url", url, "--token-stdin", stdin="t0ken")
    assert result.exit_code == 6, result.output
    assert f"cannot reach a WATS server at {url}" in result.stderr
    assert "Check the URL, the network" in result.stderr
    assert not _store(home).exists()


def test_wrong_path_is_reported_as_not_a_wats_root(
    run: Invoke, wats_emulator: EmulatorServer
) -> None:
    url = f"{wats_emulator.url}/some/app"
    result = run("login", "--server-url", url, "--token-stdin", stdin=wats_emulator.token)
    assert result.exit_code == 6, result.output
    assert "answered 404" in result.stderr


def test_usage_errors(run: Invoke, home: Path, wats_emulator: EmulatorServer) -> None:
    # Not a terminal and no token source: say how to pass it, do not hang on a prompt.
    no_token = run("login", "--server-url", wats_emulator.url)
    assert no_token.exit_code == 2
    assert "--token-stdin" in no_token.stderr
    both = run("login", "--server-url", wats_emulator.url, "--token", "a", "--token-stdin")
    assert both.exit_code == 2
    empty = run("login", "--server-url", wats_emulator.url, "--token-stdin", stdin="\n")
    assert empty.exit_code == 2 and "empty" in empty.stderr
    no_url = run("login", "--token-stdin", stdin="x")
    assert no_url.exit_code == 2 and "--server-url" in no_url.stderr
    bad_url = run("login", "--server-url", "ftp://x", "--token-stdin", stdin="x")
    assert bad_url.exit_code == 3
    assert "server.url = ftp://x" in bad_url.stderr
    assert not _store(home).exists()


def test_ca_bundle_is_used_and_stored(
    run: Invoke, home: Path, tmp_path: Path, wats_emulator: EmulatorServer
) -> None:
    garbage = tmp_path / "bad-ca.pem"
    garbage.write_text("not a certificate\n", "utf-8")
    bad = run(
        "login",
        "--server-url",
        wats_emulator.url,
        "--ca-bundle",
        str(garbage),
        "--token-stdin",
        stdin=wats_emulator.token,
    )
    assert bad.exit_code == 3, bad.output
    assert "cannot use the CA bundle" in bad.stderr
    assert not _store(home).exists()
    good = run(
        "login",
        "--server-url",
        wats_emulator.url,
        "--ca-bundle",
        certifi.where(),
        "--token-stdin",
        stdin=wats_emulator.token,
    )
    assert good.exit_code == 0, good.output
    server = _store(home).load_file().server
    assert str(server.ca_bundle) == certifi.where()
    assert server.tls_verify == certifi.where()


def test_environment_overrides_are_pointed_out(run: Invoke, wats_emulator: EmulatorServer) -> None:
    result = run(
        "login",
        "--server-url",
        wats_emulator.url,
        "--token-stdin",
        stdin=wats_emulator.token,
        extra_env={"PYWATS_API_TOKEN": "from-env"},
    )
    assert result.exit_code == 0, result.output
    assert "PYWATS_API_TOKEN is set in this environment and overrides" in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="uses a pseudo-terminal")
def test_hidden_prompt_in_a_terminal(home: Path, wats_emulator: EmulatorServer) -> None:
    """A real terminal: the token is asked for without echo and never shown."""
    import pty
    import select
    import signal
    import termios
    import time

    env = {k: v for k, v in os.environ.items() if not k.startswith("PYWATS_")}
    env["PYWATS_HOME"] = str(home)
    script = Path(sys.executable).parent / "pywats-client"
    pid, fd = pty.fork()
    if pid == 0:  # child: the pty is its controlling terminal
        os.execve(str(script), [str(script), "login", "--server-url", wats_emulator.url], env)
    seen = b""
    sent = False
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not chunk:
                    break
                seen += chunk
            # Type only once echo is off: the prompt text comes first, and turning echo off
            # flushes what was typed before (a person types after reading the prompt).
            echo_off = not termios.tcgetattr(fd)[3] & termios.ECHO
            if not sent and b"API token" in seen and echo_off:
                os.write(fd, wats_emulator.token.encode() + b"\r")
                sent = True
        if time.monotonic() >= deadline:
            os.kill(pid, signal.SIGKILL)  # never leave the child waiting on its prompt
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
    assert sent, seen.decode(errors="replace")
    assert os.waitstatus_to_exitcode(status) == 0, seen.decode(errors="replace")
    assert wats_emulator.token.encode() not in seen  # not echoed
    assert b"Connected to" in seen
    assert _store(home).load_file().server.has_token


def test_tls_verification_choice_of_the_stored_server() -> None:
    assert ServerConfig().tls_verify is True
    assert ServerConfig(ca_bundle=Path("/etc/ca.pem")).tls_verify == "/etc/ca.pem"
    assert ServerConfig(verify_tls=False, ca_bundle=Path("/etc/ca.pem")).tls_verify is False
    with pytest.raises(ValueError, match="absolute path"):
        ServerConfig(ca_bundle=Path("relative/ca.pem"))

"""What the GUI does with no service to talk to: find instances, start one, first login.

No Qt here (plain processes and files), so it is tested without a display. The service is
started exactly as a user would: ``pywats-client --instance-id ID service`` in a detached
process whose output goes to ``<log dir>/<id>.service.log``. The first login of an instance
(no service can run without credentials) runs ``pywats-client login --token-stdin``, the same
command a user types, so the token is tested and stored encrypted by one piece of code.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pywats_client.instance import list_instances
from pywats_client.paths import HomePaths, ensure_private_dir, validate_instance_id

__all__ = [
    "CliLoginResult",
    "ServiceLaunch",
    "cli_command",
    "known_instance_ids",
    "login_with_cli",
    "start_service",
    "wait_until_started",
]

# pywats-client exit codes that mean "log in first" (cli/exit_codes.py: CONFIG, AUTH_FAILED).
NEEDS_LOGIN_EXIT_CODES = frozenset({3, 7})
_TAIL_BYTES = 4096


def cli_command(instance_id: str, *args: str) -> list[str]:
    """``pywats-client --instance-id ID ARGS...`` with this interpreter (no PATH lookup)."""
    return [
        sys.executable,
        "-m",
        "pywats_client.cli",
        "--instance-id",
        validate_instance_id(instance_id),
        *args,
    ]


def known_instance_ids(home: HomePaths | None = None) -> list[str]:
    """Ids of the instances on this machine (configured or run before), sorted."""
    return [info.instance_id for info in list_instances(home)]


def _service_log(home: HomePaths, instance_id: str) -> Path:
    return ensure_private_dir(home.log_dir) / f"{instance_id}.service.log"


def _detached_options() -> dict[str, Any]:
    if sys.platform == "win32":
        flags = (
            subprocess.DETACHED_PROCESS  # type: ignore[attr-defined]
            | subprocess.CREATE_NEW_PROCESS_GROUP  # type: ignore[attr-defined]
            | subprocess.CREATE_NO_WINDOW  # type: ignore[attr-defined]
        )
        return {"creationflags": flags}
    return {"start_new_session": True}  # not killed with the GUI's terminal or process group


@dataclass
class ServiceLaunch:
    """A service process started by the GUI."""

    instance_id: str
    process: subprocess.Popen[bytes]
    log_file: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def exit_code(self) -> int | None:
        """The exit code once the process ended (it is reaped here), else None."""
        return self.process.poll()

    def needs_login(self) -> bool:
        """Whether it ended because the instance has no usable server URL or token."""
        return self.exit_code() in NEEDS_LOGIN_EXIT_CODES

    def output_tail(self) -> str:
        """The last lines the service wrote (why it stopped), for a message to the user."""
        try:
            with self.log_file.open("rb") as handle:
                handle.seek(max(0, self.log_file.stat().st_size - _TAIL_BYTES))
                text = handle.read().decode("utf-8", "replace")
        except OSError:
            return ""
        lines = [line for line in text.splitlines() if line.strip()]
        return "\n".join(lines[-5:])


async def wait_until_started(
    launch: ServiceLaunch,
    poll: Callable[[], Awaitable[object | None]],
    *,
    timeout_s: float,
    interval_s: float = 0.2,
) -> bool:
    """Poll the new service until it answers (True), its process ends, or time runs out."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while loop.time() < deadline:
        if await poll() is not None:
            return True
        if launch.exit_code() is not None:
            return False
        await asyncio.sleep(interval_s)
    return False


def start_service(instance_id: str, home: HomePaths | None = None) -> ServiceLaunch:
    """Start ``pywats-client service`` for the instance as a detached background process.

    The child inherits the environment (``PYWATS_HOME`` included); its stdout and stderr are
    appended to ``<log dir>/<id>.service.log`` (owner-only).

    Raises:
        InvalidInstanceId: not a valid instance id.
        OSError: the process cannot be started.
    """
    roots = home or HomePaths.resolve()
    log_file = _service_log(roots, instance_id)
    fd = os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "ab") as log:
        process = _spawn(cli_command(instance_id, "service"), log)
    return ServiceLaunch(instance_id, process, log_file)


def _spawn(argv: list[str], log: IO[bytes]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 - our own interpreter and module, fixed arguments
        argv,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        close_fds=True,
        **_detached_options(),
    )


@dataclass(frozen=True)
class CliLoginResult:
    """Outcome of ``pywats-client login``: ``ok`` and a message for the user."""

    ok: bool
    message: str
    exit_code: int
    server_version: str | None = None


def login_with_cli(
    instance_id: str, server_url: str, token: str, *, timeout_s: float = 60.0
) -> CliLoginResult:
    """Test and store a server URL and token with ``pywats-client login`` (token on stdin).

    Blocking: run it in a worker thread. Nothing is stored when the server refuses the token
    or cannot be reached.
    """
    argv = cli_command(instance_id, "login", "--server-url", server_url, "--token-stdin", "--json")
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments, the token goes through stdin
            argv,
            input=token.encode("utf-8"),
            capture_output=True,
            timeout=timeout_s,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return CliLoginResult(False, f"the login did not finish within {timeout_s:g} s", -1)
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        errors = [line.removeprefix("error: ") for line in lines if line.startswith("error: ")]
        message = (errors or lines or ["the login failed"])[-1]
        return CliLoginResult(False, message, done.returncode)
    try:
        data = json.loads(done.stdout.decode("utf-8"))
    except ValueError:
        data = {}
    version = data.get("server_version") if isinstance(data, dict) else None
    url = data.get("server_url", server_url) if isinstance(data, dict) else server_url
    text = f"connected to {url} (WATS {version or 'version unknown'}); login saved"
    return CliLoginResult(True, text, 0, version if isinstance(version, str) else None)

"""The station service as a child process, ready to be measured.

``python -m pywats_client.cli service`` runs with its own ``PYWATS_HOME`` (a temporary
directory), the emulator's URL and token in the environment, and the health endpoint on a free
loopback port. Readiness is ``GET /ready`` answering 200, which the service does only once it
is RUNNING. The child is always stopped (SIGTERM, then SIGKILL after a grace period).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

import httpx

__all__ = ["ServiceProcess", "free_port"]

_READY_TIMEOUT_S = 60.0
_STOP_GRACE_S = 15.0
_POLL_S = 0.005


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServiceProcess:
    """One ``pywats-client service`` child.

    Args:
        url: WATS server (the emulator) URL.
        token: Its API token.
        python: Interpreter to run (default: this one).

    Example:
        >>> with ServiceProcess(url, token) as service:  # doctest: +SKIP
        ...     print(service.wait_ready())
    """

    def __init__(self, url: str, token: str, *, python: str = sys.executable) -> None:
        self._url = url
        self._token = token
        self._python = python
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._log: Path | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.started_at = 0.0  # perf_counter just before the child was spawned

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def __enter__(self) -> ServiceProcess:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="pwsvc-")
        self._log = Path(self._tmp.name) / "service.log"
        self.port = free_port()
        env = {
            **os.environ,
            "PYWATS_HOME": self._tmp.name,
            "PYWATS_SERVER_URL": self._url,
            "PYWATS_API_TOKEN": self._token,
            "PYWATS_HEALTH__PORT": str(self.port),
        }
        command = [self._python, "-m", "pywats_client.cli", "service", "--grace-s", "5"]
        with self._log.open("wb") as log:
            self.started_at = time.perf_counter()
            self.proc = subprocess.Popen(
                command, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
            )

    def wait_ready(self) -> float:
        """Poll ``/ready`` until 200; returns seconds since the spawn."""
        url = f"http://127.0.0.1:{self.port}/ready"
        deadline = time.perf_counter() + _READY_TIMEOUT_S
        with httpx.Client(timeout=1.0) as client:
            while time.perf_counter() < deadline:
                if self.proc is not None and self.proc.poll() is not None:
                    raise RuntimeError(f"the service exited while starting:\n{self.log_tail()}")
                try:
                    if client.get(url).status_code == 200:
                        return time.perf_counter() - self.started_at
                except httpx.TransportError:
                    pass  # not listening yet
                time.sleep(_POLL_S)
        raise RuntimeError(f"the service was not ready within {_READY_TIMEOUT_S:g} s")

    def log_tail(self) -> str:
        if self._log is None or not self._log.exists():
            return ""
        return self._log.read_text("utf-8", errors="replace")[-4000:]

    def stop(self) -> None:
        """SIGTERM (graceful), SIGKILL after a grace period; removes the temp home. Idempotent."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=_STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=_STOP_GRACE_S)
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

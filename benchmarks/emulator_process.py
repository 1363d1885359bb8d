"""Run the WATS emulator as a child process for the benchmarks.

A separate process, not a thread, so the server does not share the client's GIL: what the
benchmark measures on the client side is then the client's own cost. The child is started with
``python -m pywats_emulator --port 0`` on loopback; the URL is read from its first output line.

The child is always stopped: ``EmulatorProcess`` is a context manager whose exit sends SIGTERM
(the emulator shuts down gracefully on it), waits, and kills after a grace period. ``run.py``
turns SIGTERM to itself into an exception so that this exit runs in that case too; Ctrl+C
already raises ``KeyboardInterrupt``.
"""

from __future__ import annotations

import queue
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import httpx

__all__ = ["EmulatorError", "EmulatorProcess"]

_URL_PATTERN = re.compile(r"listening on (http://\S+)")
_STARTUP_TIMEOUT_S = 30.0
_STOP_GRACE_S = 10.0


class EmulatorError(RuntimeError):
    """The emulator did not start, or answered a control call with an error."""


def _pump_lines(stream: IO[str], sink: queue.Queue[str | None]) -> None:
    # Reads the child's stdout until it closes, so the pipe never fills and blocks the child.
    for line in stream:
        sink.put(line)
    sink.put(None)


class EmulatorProcess:
    """The emulator in a child process, with a fresh SQLite file in a temporary directory.

    Args:
        token: API token the emulator accepts.
        python: Interpreter that runs the emulator (default: this one).

    Example:
        >>> with EmulatorProcess("secret") as emulator:  # doctest: +SKIP
        ...     print(emulator.url)
    """

    def __init__(self, token: str, *, python: str = sys.executable) -> None:
        self.token = token
        self._python = python
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._proc: subprocess.Popen[str] | None = None
        self._stderr: IO[str] | None = None
        self._reader: threading.Thread | None = None
        self._url: str | None = None

    @property
    def url(self) -> str:
        if self._url is None:
            raise EmulatorError("the emulator is not running")
        return self._url

    @property
    def pid(self) -> int | None:
        return None if self._proc is None else self._proc.pid

    def __enter__(self) -> EmulatorProcess:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Start the child and wait (bounded) until it prints the URL it listens on."""
        self._tmp = tempfile.TemporaryDirectory(prefix="pywats-bench-")
        db_path = Path(self._tmp.name) / "emulator.sqlite3"
        self._stderr = (Path(self._tmp.name) / "stderr.txt").open("w+", encoding="utf-8")
        command = [
            self._python, "-m", "pywats_emulator", "--host", "127.0.0.1", "--port", "0",
            "--token", self.token, "--db", str(db_path),
        ]  # fmt: skip
        self._proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            bufsize=1,
        )
        assert self._proc.stdout is not None
        lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(
            target=_pump_lines, args=(self._proc.stdout, lines), name="emulator-stdout"
        )
        self._reader.start()
        self._url = self._wait_for_url(lines)

    def _wait_for_url(self, lines: queue.Queue[str | None]) -> str:
        deadline = time.monotonic() + _STARTUP_TIMEOUT_S
        while (left_s := deadline - time.monotonic()) > 0:
            try:
                line = lines.get(timeout=left_s)
            except queue.Empty:
                break
            if line is None:
                raise EmulatorError(f"the emulator exited while starting:\n{self._stderr_text()}")
            if match := _URL_PATTERN.search(line):
                return match.group(1)
        raise EmulatorError(f"no URL from the emulator within {_STARTUP_TIMEOUT_S:g} s")

    def _stderr_text(self) -> str:
        if self._stderr is None:
            return ""
        self._stderr.flush()
        self._stderr.seek(0)
        return self._stderr.read()[-4000:]

    def stop(self) -> None:
        """Stop the child (SIGTERM, then SIGKILL after a grace period) and clean up; idempotent."""
        proc, self._proc = self._proc, None
        if proc is not None:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=_STOP_GRACE_S)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=_STOP_GRACE_S)
            if self._reader is not None:
                self._reader.join(timeout=_STOP_GRACE_S)
            if proc.stdout is not None:
                proc.stdout.close()
        self._reader = None
        self._url = None
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    # -- control endpoints (emulator only, not the WATS API) ------------------------------------

    def _control(self, method: str, path: str) -> dict[str, Any]:
        headers = {"Authorization": f"Basic {self.token}", "Accept": "application/json"}
        response = httpx.request(method, f"{self.url}/_emulator{path}", headers=headers)
        if response.status_code != 200:
            raise EmulatorError(
                f"{method} /_emulator{path}: {response.status_code} {response.text}"
            )
        data = response.json()
        assert isinstance(data, dict)
        return data

    def stats(self) -> dict[str, Any]:
        """Request counts by route and status, and ``reports_stored``."""
        return self._control("GET", "/stats")

    def reset(self) -> None:
        """Delete every stored report and zero the request counters."""
        self._control("POST", "/reset")

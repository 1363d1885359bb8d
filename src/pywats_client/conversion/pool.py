"""Worker processes that run converters, so a converter can only ever fail its own file.

Each conversion runs in a separate Python process
(``python -m pywats_client.conversion._worker_main``) speaking length-prefixed JSON over its
stdin/stdout. Why not ``ProcessPoolExecutor``: when one of its workers dies the whole executor
breaks and every pending job fails with it, and a hung job cannot be killed alone. Here each
job owns one worker while it runs:

* the converter raises → the worker answers with a failure (message, traceback);
* it hangs past ``timeout_s`` → that worker is killed, the job fails, a fresh worker is
  started for the next job;
* it crashes (``os._exit``, segfault, out of memory) → the pipe closes, the job fails with
  the exit code or signal, the worker is replaced.

Workers are reused while healthy (no start-up cost per file) and stopped after
``idle_timeout_s`` without work (an idle service holds no extra processes). Concurrency is
bounded by the caller (the manager's limiter); the pool starts as many workers as it is asked
to run jobs at once. Replies carry reports as WSJF dicts - plain JSON, nothing pickled.
"""

from __future__ import annotations

import contextlib
import json
import logging
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import anyio
import anyio.abc
from anyio.streams.buffered import BufferedByteReceiveStream

from pywats_client.conversion.worker import (
    ConversionReply,
    ConversionRequest,
    decode_frame_length,
    encode_frame,
)
from pywats_client.converters.loader import ConverterInfo, ConverterLoadError

__all__ = ["DEFAULT_IDLE_TIMEOUT_S", "WorkerError", "WorkerPool"]

logger = logging.getLogger(__name__)

DEFAULT_IDLE_TIMEOUT_S = 60.0
START_TIMEOUT_S = 30.0
_EXIT_WAIT_S = 5.0
_HEADER_BYTES = 4
WORKER_COMMAND = (sys.executable, "-m", "pywats_client.conversion._worker_main")

_STREAM_ERRORS = (
    anyio.IncompleteRead,
    anyio.EndOfStream,
    anyio.BrokenResourceError,
    anyio.ClosedResourceError,
    OSError,
)


class WorkerError(Exception):
    """A worker process could not be started, or died while it worked."""


def _exit_text(code: int | None) -> str:
    if code is None:
        return "no exit code"
    if code < 0:
        try:
            return f"killed by signal {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


@dataclass(eq=False)
class _Worker:
    process: anyio.abc.Process
    reader: BufferedByteReceiveStream
    idle_since: float = field(default_factory=time.monotonic)
    stale: bool = False

    @property
    def pid(self) -> int:
        return self.process.pid

    async def call(self, message: Mapping[str, Any]) -> dict[str, Any]:
        stdin = self.process.stdin
        assert stdin is not None
        try:
            await stdin.send(encode_frame(message))
            length = decode_frame_length(await self.reader.receive_exactly(_HEADER_BYTES))
            body = await self.reader.receive_exactly(length) if length else b""
        except ValueError as exc:  # a frame header over the limit: the stream is garbage
            raise WorkerError(f"worker {self.pid}: {exc}") from exc
        except _STREAM_ERRORS as exc:
            with anyio.move_on_after(1.0):
                await self.process.wait()
            raise WorkerError(_exit_text(self.process.returncode)) from exc
        try:
            reply = json.loads(body)
        except ValueError as exc:
            raise WorkerError(f"worker {self.pid} sent invalid JSON ({exc})") from exc
        if not isinstance(reply, dict):
            raise WorkerError(f"worker {self.pid} sent {type(reply).__name__}, not an object")
        return reply

    async def kill(self) -> None:
        """Kill and reap (shielded: runs to the end even while being cancelled)."""
        with anyio.CancelScope(shield=True):
            if self.process.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    self.process.kill()
            with anyio.move_on_after(_EXIT_WAIT_S):
                await self.process.wait()
            await self._close_streams()

    async def stop(self) -> None:
        """Ask politely (close its stdin: it exits at EOF), kill if it does not."""
        with anyio.CancelScope(shield=True):
            if self.process.stdin is not None:
                with contextlib.suppress(*_STREAM_ERRORS):
                    await self.process.stdin.aclose()
            with anyio.move_on_after(_EXIT_WAIT_S):
                await self.process.wait()
            if self.process.returncode is None:
                await self.kill()
            await self._close_streams()

    async def _close_streams(self) -> None:
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(*_STREAM_ERRORS):
                    await stream.aclose()


class WorkerPool:
    """Worker processes for conversions: reused when healthy, replaced when killed or crashed.

    Args:
        idle_timeout_s: :meth:`reap_idle` stops workers idle for longer than this.
        command: The worker command (default: this Python running the worker module).

    Use as an async context manager (or call :meth:`aclose`): every worker is stopped on exit.

    Example:
        >>> async with WorkerPool() as pool:  # doctest: +SKIP
        ...     reply = await pool.convert(request, timeout_s=300)
    """

    def __init__(
        self,
        *,
        idle_timeout_s: float = DEFAULT_IDLE_TIMEOUT_S,
        command: Sequence[str] = WORKER_COMMAND,
    ) -> None:
        self.idle_timeout_s = idle_timeout_s
        self._command = list(command)
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._closed = False
        self.started = 0  # workers started (statistics / tests)
        self.replaced = 0  # workers killed after a timeout or a crash

    async def __aenter__(self) -> WorkerPool:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    @property
    def size(self) -> int:
        """Live workers (idle and busy)."""
        return len(self._idle) + len(self._busy)

    async def _start(self) -> _Worker:
        try:
            process = await anyio.open_process(
                self._command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=None,  # the worker's stderr (converter prints, crashes) joins ours
            )
        except OSError as exc:
            raise WorkerError(f"cannot start a worker ({' '.join(self._command)}): {exc}") from exc
        assert process.stdout is not None
        worker = _Worker(process, BufferedByteReceiveStream(process.stdout))
        try:
            with anyio.fail_after(START_TIMEOUT_S):
                await worker.call({"op": "init", "sys_path": list(sys.path)})
        except BaseException as exc:
            await worker.kill()
            if isinstance(exc, TimeoutError):
                raise WorkerError(f"worker did not start within {START_TIMEOUT_S:g} s") from exc
            raise
        self.started += 1
        return worker

    async def _acquire(self) -> _Worker:
        if self._closed:
            raise WorkerError("the worker pool is closed")
        while self._idle:
            worker = self._idle.pop()
            if worker.process.returncode is None and not worker.stale:
                self._busy.add(worker)
                return worker
            await worker.stop()
        worker = await self._start()
        self._busy.add(worker)
        return worker

    def _release(self, worker: _Worker) -> None:
        self._busy.discard(worker)
        worker.idle_since = time.monotonic()
        self._idle.append(worker)

    async def _discard(self, worker: _Worker) -> None:
        self._busy.discard(worker)
        self.replaced += 1
        await worker.kill()

    async def _run(self, message: Mapping[str, Any], timeout_s: float) -> dict[str, Any]:
        worker = await self._acquire()
        try:
            with anyio.fail_after(timeout_s):
                reply = await worker.call(message)
        except BaseException:
            await self._discard(worker)  # timed out, crashed or cancelled: its state is unknown
            raise
        if self._closed:
            self._busy.discard(worker)
            await worker.stop()
        else:
            self._release(worker)
        return reply

    async def convert(self, request: ConversionRequest, timeout_s: float) -> ConversionReply:
        """Run one conversion in a worker; timeouts and crashes become failure replies."""
        try:
            reply = await self._run(request.to_json(), timeout_s)
        except TimeoutError:
            return ConversionReply.failure(
                f"timed out after {timeout_s:g} s (the converter was stopped; raise the "
                "converter's timeout_s if such files are expected to take longer)"
            )
        except WorkerError as exc:
            return ConversionReply.failure(f"the converter's worker process died ({exc})")
        try:
            return ConversionReply.from_json(reply)
        except (KeyError, ValueError, TypeError) as exc:
            return ConversionReply.failure(f"unreadable reply from the worker: {exc}")

    async def describe(
        self, class_path: str, arguments: Mapping[str, Any], timeout_s: float = START_TIMEOUT_S
    ) -> ConverterInfo:
        """Load the converter in a worker (import side effects stay there) and describe it.

        Raises:
            ConverterLoadError: the class cannot be loaded, refuses its arguments, or loading
                hung or crashed the worker.
        """
        message = {"op": "describe", "class_path": class_path, "arguments": dict(arguments)}
        try:
            reply = await self._run(message, timeout_s)
        except TimeoutError as exc:
            raise ConverterLoadError(
                f"converter {class_path!r}: loading took longer than {timeout_s:g} s"
            ) from exc
        except WorkerError as exc:
            raise ConverterLoadError(
                f"converter {class_path!r}: loading it crashed the worker ({exc})"
            ) from exc
        if not reply.get("ok"):
            raise ConverterLoadError(str(reply.get("error") or "unknown error"))
        return ConverterInfo.from_json(reply["info"])

    def recycle(self) -> None:
        """Replace every worker before its next job (after a config change: edited converter
        modules are imported afresh)."""
        for worker in [*self._idle, *self._busy]:
            worker.stale = True

    async def reap_idle(self, now: float | None = None) -> int:
        """Stop workers idle for longer than ``idle_timeout_s`` (or stale); returns how many."""
        at = time.monotonic() if now is None else now
        keep: list[_Worker] = []
        stopping: list[_Worker] = []
        for worker in self._idle:
            expired = at - worker.idle_since >= self.idle_timeout_s
            (stopping if expired or worker.stale else keep).append(worker)
        self._idle = keep
        for worker in stopping:
            await worker.stop()
        return len(stopping)

    async def aclose(self) -> None:
        """Stop idle workers and kill busy ones (their jobs fail)."""
        self._closed = True
        idle, self._idle = self._idle, []
        busy, self._busy = list(self._busy), set()
        with anyio.CancelScope(shield=True):
            for worker in idle:
                await worker.stop()
            for worker in busy:
                await worker.kill()

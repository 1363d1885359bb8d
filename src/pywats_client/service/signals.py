"""SIGINT/SIGTERM while the service runs: the first stops it gracefully, the second forces.

Modelled on uvicorn's ``capture_signals``: the previous handlers are saved on entry and restored
on exit. The handler itself only hands the signal to the event loop
(``call_soon_threadsafe``, which also wakes a loop sleeping in ``select``), so the service's
callbacks run on the loop, never in the middle of its code.

After a *forced* stop the last signal is raised again under the restored handler
(:meth:`SignalCapture.reraise_if_forced`), so the process ends the way that signal means
(SIGINT: ``KeyboardInterrupt``, exit code 130 from the CLI; SIGTERM: killed by the signal)
and a supervisor can tell a forced stop from a clean one. A graceful stop returns normally.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections.abc import Callable
from types import FrameType, TracebackType
from typing import Any

__all__ = ["HANDLED_SIGNALS", "SignalCapture"]

logger = logging.getLogger(__name__)

HANDLED_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class SignalCapture:
    """Route SIGINT/SIGTERM to ``on_stop`` (first) and ``on_force`` (any later one).

    Args:
        on_stop: Begin the graceful shutdown (called on the event loop).
        on_force: Skip what is left of the grace period (called on the event loop).
        enabled: Install nothing when false (embedded use, tests, threads other than main).

    Example:
        >>> capture = SignalCapture(service.request_stop, service.force_stop)  # doctest: +SKIP
        >>> with capture:  # inside the running event loop  # doctest: +SKIP
        ...     await service.serve()
        >>> capture.reraise_if_forced()  # doctest: +SKIP
    """

    def __init__(
        self, on_stop: Callable[[], None], on_force: Callable[[], None], *, enabled: bool = True
    ) -> None:
        self._on_stop = on_stop
        self._on_force = on_force
        self._enabled = enabled
        self._loop: asyncio.AbstractEventLoop | None = None
        self._previous: dict[int, Any] = {}
        self.count = 0
        self.last_signal: int | None = None

    @property
    def forced(self) -> bool:
        return self.count > 1

    def __enter__(self) -> SignalCapture:
        self.count = 0
        self.last_signal = None
        if not self._enabled or threading.current_thread() is not threading.main_thread():
            return self
        self._loop = asyncio.get_running_loop()
        for sig in HANDLED_SIGNALS:
            self._previous[sig] = signal.getsignal(sig)
            signal.signal(sig, self._handle)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._previous.clear()
        self._loop = None

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._dispatch, signum)

    def _dispatch(self, signum: int) -> None:
        self.count += 1
        self.last_signal = signum
        if self.count == 1:
            logger.info("signal %d: stopping (send it again to force)", signum)
            self._on_stop()
        else:
            logger.warning("signal %d again: forcing exit", signum)
            self._on_force()

    def reraise_if_forced(self) -> None:
        """After handlers are restored: raise the forcing signal again (see module doc)."""
        if not self.forced or self.last_signal is None:
            return
        if self.last_signal == signal.SIGINT:
            # Raised directly: where SIGINT was ignored when Python started (a background job,
            # some CI runners) re-raising the signal would do nothing.
            raise KeyboardInterrupt
        if signal.getsignal(self.last_signal) == signal.SIG_IGN:
            signal.signal(self.last_signal, signal.SIG_DFL)
        signal.raise_signal(self.last_signal)

"""Whether the WATS server answers: one mechanism for the online ping and the offline probe.

While online, :class:`ServerMonitor` pings (``analytics.get_version``) every
``ping_interval_s`` (DESIGN: 5 min), skipped when another request got an answer within that
time. When a ping or a delivery finds the server unreachable it goes offline and probes, one
request at a time with a doubling pause (``probe_interval_s`` up to ``probe_cap_s``), waiting
first for the deliveries still in flight to report; so an outage costs a bounded number of
requests. When a probe is answered it is online again and calls back.

The callback is told whether the outage was *confirmed*: a ping or probe failed too. A report
that got a 5xx while the next probe is answered at once is that report's problem, not an
outage, and must keep its backoff rather than be retried in a tight loop.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import anyio

from pywats.core.errors import PyWATSError
from pywats_client.service.outcomes import classify_failure, error_text

__all__ = ["ServerMonitor"]

logger = logging.getLogger(__name__)

OnBackOnline = Callable[[bool], Awaitable[None]]


class _Wakeup:
    """A reusable "look again now" signal: :meth:`wait` returns when set or after a timeout."""

    def __init__(self) -> None:
        self._event = anyio.Event()

    def set(self) -> None:
        self._event.set()

    async def wait(self, timeout_s: float) -> None:
        with anyio.move_on_after(timeout_s):
            await self._event.wait()
        self._event = anyio.Event()


class ServerMonitor:
    """Tracks whether the server answers; :meth:`run` pings and probes.

    Args:
        ping: One cheap request to the server (raises :class:`PyWATSError` when it fails).
        ping_interval_s: Longest time without an answer before a ping while online.
        probe_interval_s: First pause between probes while offline (doubles after each).
        probe_cap_s: Longest pause between probes.
        busy: True while deliveries are in flight (the probe waits for them to report).
        clock: Monotonic seconds, for scheduling (tests may inject one).

    Example:
        >>> monitor = ServerMonitor(wats.analytics.get_version)  # doctest: +SKIP
        >>> tg.start_soon(monitor.run, on_back_online)  # doctest: +SKIP
    """

    def __init__(
        self,
        ping: Callable[[], Awaitable[Any]],
        *,
        ping_interval_s: float = 300.0,
        probe_interval_s: float = 1.0,
        probe_cap_s: float = 60.0,
        busy: Callable[[], bool] = lambda: False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ping = ping
        self._ping_interval_s = ping_interval_s
        self._probe_interval_s = probe_interval_s
        self._probe_cap_s = max(probe_cap_s, probe_interval_s)
        self._busy = busy
        self._clock = clock
        self._wakeup = _Wakeup()
        self._last_answer = clock()
        self.online = True
        self.offline_since: float | None = None  # epoch seconds, for status
        self.pings = 0
        self.probes = 0
        self.outages = 0  # confirmed outages that ended

    # -- what deliveries tell the monitor ------------------------------------------------------

    def answered(self) -> None:
        """The server answered some request: no ping is needed for a while."""
        self._last_answer = self._clock()

    def unreachable(self, reason: str) -> None:
        """A request found the server unreachable: go offline and start probing."""
        if self.online:
            logger.warning("server unreachable (%s): uploads paused until it answers", reason)
            self.online = False
            self.offline_since = time.time()
        self._wakeup.set()

    def nudge(self) -> None:
        """Re-evaluate now (a delivery finished, so a waiting probe may go)."""
        self._wakeup.set()

    def to_json(self) -> dict[str, Any]:
        return {
            "online": self.online,
            "offline_since": self.offline_since,
            "pings": self.pings,
            "probes": self.probes,
            "outages": self.outages,
        }

    # -- the loop ----------------------------------------------------------------------------

    async def run(self, on_back_online: OnBackOnline) -> None:
        """Ping while online, probe while offline, forever (cancel to stop).

        ``on_back_online(confirmed)`` is awaited each time the server answers again.
        """
        while True:
            confirmed = False
            if self.online:
                await self._until_ping_due()
                if self.online:
                    self.pings += 1
                    problem = await self._ask()
                    if problem is None:
                        continue
                    self.unreachable(f"ping failed: {problem}")
                    confirmed = True
            confirmed = await self._probe_until_answered() or confirmed
            self.outages += int(confirmed)
            await on_back_online(confirmed)

    async def _until_ping_due(self) -> None:
        while self.online:
            due_in_s = self._ping_interval_s - (self._clock() - self._last_answer)
            if due_in_s <= 0:
                return
            await self._wakeup.wait(due_in_s)

    async def _probe_until_answered(self) -> bool:
        """Probe until answered; returns whether any probe failed (the outage is confirmed)."""
        delay_s = self._probe_interval_s
        failed = False
        while True:
            if self._busy():  # let the deliveries under way report first
                await self._wakeup.wait(delay_s)
                continue
            self.probes += 1
            problem = await self._ask()
            if problem is None:
                logger.info("server reachable again: resuming uploads")
                self.online = True
                self.offline_since = None
                return failed
            failed = True
            logger.info("server still unreachable (%s); next check in %.1f s", problem, delay_s)
            await anyio.sleep(delay_s)
            delay_s = min(self._probe_cap_s, delay_s * 2)

    async def _ask(self) -> str | None:
        """One ping: ``None`` when the server answered (even with an error), else why not."""
        try:
            await self._ping()
        except PyWATSError as exc:
            if classify_failure(exc).server_offline:
                return error_text(exc)
        self.answered()
        return None

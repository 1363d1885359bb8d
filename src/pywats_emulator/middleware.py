"""Request statistics and fault injection as plain ASGI middleware.

Order (outside in): statistics, case-insensitive routing, faults, auth, FastAPI. Statistics
therefore count every request, including those a fault or a bad token answered, which is what
tests check ("how many uploads were tried during the outage?"). Faults hit before auth, as a
network or gateway failure would, and never touch the emulator's own ``/_emulator/*`` paths.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import Any

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pywats_emulator.errors import error_response
from pywats_emulator.faults import FaultInjector
from pywats_emulator.routing import RouteTable

__all__ = ["CONTROL_PREFIX", "FaultMiddleware", "RequestStats", "StatsMiddleware"]

CONTROL_PREFIX = "/_emulator"
UNMATCHED_PATH = "<unmatched>"


def is_control_path(path: str) -> bool:
    lowered = path.lower()
    return lowered == CONTROL_PREFIX or lowered.startswith(CONTROL_PREFIX + "/")


class RequestStats:
    """Thread-safe request counters keyed by route template and status code."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_path: defaultdict[str, defaultdict[int, int]] = defaultdict(
            lambda: defaultdict(int)
        )

    def record(self, path: str, status: int) -> None:
        with self._lock:
            self._by_path[path][status] += 1

    def reset(self) -> None:
        with self._lock:
            self._by_path.clear()

    def snapshot(self) -> dict[str, Any]:
        """``{"requests_total", "by_path": {path: {status: n}}, "by_status": {status: n}}``.

        Status keys are strings so that the same dict is valid JSON.
        """
        with self._lock:
            by_path = {
                path: {str(status): count for status, count in sorted(counts.items())}
                for path, counts in sorted(self._by_path.items())
            }
            by_status: defaultdict[str, int] = defaultdict(int)
            for counts in self._by_path.values():
                for status, count in counts.items():
                    by_status[str(status)] += count
        return {
            "requests_total": sum(by_status.values()),
            "by_path": by_path,
            "by_status": dict(sorted(by_status.items())),
        }


class StatsMiddleware:
    """Count each HTTP request under its route template (``<unmatched>`` for unknown paths)."""

    def __init__(self, app: ASGIApp, *, stats: RequestStats, table: RouteTable) -> None:
        self.app = app
        self._stats = stats
        self._table = table

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        template = self._table.match(scope["path"])
        key = UNMATCHED_PATH if template is None else template.path
        recorded = False

        async def send_recording(message: Message) -> None:
            nonlocal recorded
            if message["type"] == "http.response.start" and not recorded:
                # Count before the client can see the answer, so a test reading the
                # statistics right after a response always finds that response counted.
                recorded = True
                self._stats.record(key, int(message["status"]))
            await send(message)

        try:
            await self.app(scope, receive, send_recording)
        finally:
            if not recorded:
                self._stats.record(key, 500)


class FaultMiddleware:
    """Apply the injector's decision (delay, then maybe an error answer) to WATS paths."""

    def __init__(self, app: ASGIApp, *, faults: FaultInjector) -> None:
        self.app = app
        self._faults = faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_control_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        decision = self._faults.decide()
        if decision.latency_s > 0:
            await anyio.sleep(decision.latency_s)
        if decision.status is None:
            await self.app(scope, receive, send)
            return
        headers = {}
        if decision.retry_after_s is not None:
            headers["Retry-After"] = str(decision.retry_after_s)
        response = error_response(decision.status, decision.message, headers=headers)
        await response(scope, receive, send)

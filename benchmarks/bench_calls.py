"""Benchmark 1: the cost of one API call through pyWATS against a raw httpx call.

Both sides do the same request on the same emulator: ``GET /api/App/Version`` with the same
``Authorization`` header, a status check and a JSON decode. The library adds its layers on
top (sync portal hand-off, rate limiter, circuit breaker, retry loop, ``Response`` wrapping,
error mapping). Calls are made one at a time; raw and library calls alternate in rounds so that
drift on the machine hits both sides alike. Besides wall time per call, the client process's CPU
time (all threads) per call is recorded: on a small machine that is what the library costs.

The rate limiter is switched off for the library client (a ``RateLimiter(enabled=False)``
passed to it): the default 500 requests per 60 s would cap the benchmark at 8 calls per second.
The disabled limiter is still called on every request, so its bookkeeping cost is measured.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import anyio
import httpx

from pywats import AsyncWATS, RateLimiter, pyWATS
from timing import LatencySummary, ratio, summarise_ns

__all__ = ["CallOverhead", "CallSettings", "run_call_overhead"]

VERSION_PATH = "/api/App/Version"


@dataclass(frozen=True)
class CallSettings:
    calls: int
    """Timed calls per side."""
    warmup: int
    """Untimed calls per side before the first round."""
    rounds: int
    """The timed calls are split into this many alternating raw/library rounds."""


@dataclass(frozen=True)
class CallOverhead:
    """One raw-vs-library comparison."""

    name: str
    raw: LatencySummary
    library: LatencySummary

    @property
    def mean_ratio(self) -> float:
        return ratio(self.library.mean_us, self.raw.mean_us)

    @property
    def median_ratio(self) -> float:
        return ratio(self.library.median_us, self.raw.median_us)

    @property
    def added_us(self) -> float:
        """What the library adds to a call, median against median."""
        return self.library.median_us - self.raw.median_us

    @property
    def cpu_ratio(self) -> float:
        return ratio(self.library.cpu_us, self.raw.cpu_us)

    def as_dict(self) -> dict[str, Any]:
        return {
            "raw": self.raw.as_dict(),
            "library": self.library.as_dict(),
            "ratio_mean": self.mean_ratio,
            "ratio_median": self.median_ratio,
            "added_median_us": self.added_us,
            "ratio_client_cpu": self.cpu_ratio,
        }


def _raw_headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Basic {token}", "Accept": "application/json"}


def _check_version(response: httpx.Response) -> None:
    if response.status_code != 200:
        raise RuntimeError(f"raw GET {VERSION_PATH}: {response.status_code} {response.text}")
    response.json()  # decode like the library does


def _round_sizes(settings: CallSettings) -> list[int]:
    base, extra = divmod(settings.calls, settings.rounds)
    return [base + (1 if i < extra else 0) for i in range(settings.rounds)]


@dataclass
class _Side:
    """What one side (raw or library) collected: per-call wall times and total client CPU."""

    samples_ns: list[int] = field(default_factory=list)
    cpu_ns: int = 0

    def summary(self) -> LatencySummary:
        return summarise_ns(self.samples_ns, self.cpu_ns)


def _time_sync(call: Callable[[], object], count: int, side: _Side) -> None:
    clock = time.perf_counter_ns
    samples = side.samples_ns
    cpu_start = time.process_time_ns()
    for _ in range(count):
        start = clock()
        call()
        samples.append(clock() - start)
    side.cpu_ns += time.process_time_ns() - cpu_start


async def _time_async(call: Callable[[], Awaitable[object]], count: int, side: _Side) -> None:
    clock = time.perf_counter_ns
    samples = side.samples_ns
    cpu_start = time.process_time_ns()
    for _ in range(count):
        start = clock()
        await call()
        samples.append(clock() - start)
    side.cpu_ns += time.process_time_ns() - cpu_start


def sync_overhead(url: str, token: str, settings: CallSettings) -> CallOverhead:
    """``pyWATS.analytics.get_version()`` against ``httpx.Client.get``."""
    raw_side, lib_side = _Side(), _Side()
    limiter = RateLimiter(enabled=False)
    with (
        httpx.Client(headers=_raw_headers(token)) as client,
        pyWATS(url, token, rate_limiter=limiter) as wats,
    ):
        version_url = url + VERSION_PATH

        def raw() -> None:
            _check_version(client.get(version_url))

        library = wats.analytics.get_version
        if library() != client.get(version_url).json():
            raise RuntimeError("pyWATS and raw httpx disagree on the server version")
        _time_sync(raw, settings.warmup, _Side())
        _time_sync(library, settings.warmup, _Side())
        for index, size in enumerate(_round_sizes(settings)):
            order = ((raw, raw_side), (library, lib_side))
            for call, side in order if index % 2 == 0 else reversed(order):
                _time_sync(call, size, side)
    return CallOverhead("sync", raw_side.summary(), lib_side.summary())


async def _async_overhead(url: str, token: str, settings: CallSettings) -> CallOverhead:
    raw_side, lib_side = _Side(), _Side()
    limiter = RateLimiter(enabled=False)
    async with (
        httpx.AsyncClient(headers=_raw_headers(token)) as client,
        AsyncWATS(url, token, rate_limiter=limiter) as wats,
    ):
        version_url = url + VERSION_PATH

        async def raw() -> None:
            _check_version(await client.get(version_url))

        library = wats.analytics.get_version
        if await library() != (await client.get(version_url)).json():
            raise RuntimeError("AsyncWATS and raw httpx disagree on the server version")
        await _time_async(raw, settings.warmup, _Side())
        await _time_async(library, settings.warmup, _Side())
        for index, size in enumerate(_round_sizes(settings)):
            order: tuple[tuple[Callable[[], Awaitable[object]], _Side], ...] = (
                (raw, raw_side),
                (library, lib_side),
            )
            for call, side in order if index % 2 == 0 else reversed(order):
                await _time_async(call, size, side)
    return CallOverhead("async", raw_side.summary(), lib_side.summary())


def async_overhead(url: str, token: str, settings: CallSettings) -> CallOverhead:
    """``AsyncWATS.analytics.get_version()`` against ``httpx.AsyncClient.get`` (one loop)."""
    return anyio.run(_async_overhead, url, token, settings, backend="asyncio")


def run_call_overhead(url: str, token: str, settings: CallSettings) -> list[CallOverhead]:
    """Both comparisons, sync first."""
    return [sync_overhead(url, token, settings), async_overhead(url, token, settings)]

"""D2. Serial numbers taken by many stations at once, against a trivial call from the same clients.

``clients`` ``AsyncWATS`` instances (own connection pools, rate limiter off) run concurrently on
one event loop; each makes ``takes`` calls of
``production.take_serial_numbers("SerialNumber", quantity)`` one after the other. The baseline
is the same clients making the same number of ``analytics.get_version()`` calls. Each client
first makes one untimed ``get_version()`` (opens its connection); then the take run and the
baseline run alternate ``repeats`` times, starting with the take run, on an emptied emulator.

Verified, or the benchmark raises: every take returned ``quantity`` numbers, no number was
handed out twice across all clients and repeats (:class:`DuplicateSerialNumberError`), and
the emulator answered every take and version call with 200 (its request counters).
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

import anyio

from emulator_process import EmulatorProcess
from pywats import AsyncWATS, RateLimiter
from timing import LatencySummary, ratio, summarise_ns

__all__ = [
    "SERIAL_TYPE",
    "DuplicateSerialNumberError",
    "SerialFigures",
    "SerialShape",
    "measure_serials",
]

SERIAL_TYPE = "SerialNumber"
TAKE_PATH = "/api/Production/SerialNumbers/Take"
VERSION_PATH = "/api/App/Version"


class DuplicateSerialNumberError(RuntimeError):
    """The server handed out one number more than once: the figures must not be trusted."""


@dataclass(frozen=True)
class SerialShape:
    clients: int
    takes: int
    """Calls per client per run."""
    quantity: int
    """Numbers per take."""

    @property
    def calls(self) -> int:
        return self.clients * self.takes

    @property
    def numbers(self) -> int:
        return self.calls * self.quantity

    def label(self) -> str:
        return f"{self.clients} clients x {self.takes} takes of {self.quantity}"


@dataclass(frozen=True)
class _Run:
    """One concurrent run: every call's wall time, the run's wall time and client CPU."""

    samples_ns: list[int]
    wall_s: float
    cpu_s: float


@dataclass(frozen=True)
class SideFigures:
    """All runs of one side (takes or versions): per-call latency and calls per second."""

    latency: LatencySummary
    calls_per_s: float
    """Median over the runs of calls / wall time."""
    runs_calls_per_s: list[float]

    @classmethod
    def of(cls, runs: list[_Run]) -> SideFigures:
        samples = [ns for run in runs for ns in run.samples_ns]
        cpu_ns = int(sum(run.cpu_s for run in runs) * 1e9)
        rates = [len(run.samples_ns) / run.wall_s for run in runs]
        return cls(summarise_ns(samples, cpu_ns), statistics.median(rates), rates)

    def as_dict(self) -> dict[str, Any]:
        return {
            "calls_per_s": self.calls_per_s,
            "runs_calls_per_s": self.runs_calls_per_s,
            "mean_ms": self.latency.mean_us / 1000.0,
            "median_ms": self.latency.median_us / 1000.0,
            "p99_ms": self.latency.p99_us / 1000.0,
            "client_cpu_ms_per_call": self.latency.cpu_us / 1000.0,
        }


@dataclass(frozen=True)
class SerialFigures:
    shape: SerialShape
    repeats: int
    take: SideFigures
    version: SideFigures

    @property
    def numbers_per_s(self) -> float:
        return self.take.calls_per_s * self.shape.quantity

    @property
    def latency_ratio(self) -> float:
        """Median take / median version call."""
        return ratio(self.take.latency.median_us, self.version.latency.median_us)

    @property
    def rate_ratio(self) -> float:
        """Takes per second / version calls per second."""
        return ratio(self.take.calls_per_s, self.version.calls_per_s)

    def as_dict(self) -> dict[str, Any]:
        return {
            "clients": self.shape.clients,
            "takes_per_client": self.shape.takes,
            "quantity": self.shape.quantity,
            "repeats": self.repeats,
            "numbers_per_s": self.numbers_per_s,
            "take": self.take.as_dict(),
            "get_version": self.version.as_dict(),
            "ratio_take_over_version_median_ms": self.latency_ratio,
            "ratio_take_over_version_calls_per_s": self.rate_ratio,
        }


async def _concurrent(
    clients: list[AsyncWATS], calls: int, call: Callable[[AsyncWATS], Awaitable[None]]
) -> _Run:
    samples: list[int] = []

    async def client_loop(wats: AsyncWATS) -> None:
        for _ in range(calls):
            start = time.perf_counter_ns()
            await call(wats)
            samples.append(time.perf_counter_ns() - start)

    cpu_start, wall_start = time.process_time(), time.perf_counter()
    async with anyio.create_task_group() as tg:
        for wats in clients:
            tg.start_soon(client_loop, wats)
    return _Run(samples, time.perf_counter() - wall_start, time.process_time() - cpu_start)


async def _runs(
    url: str, token: str, shape: SerialShape, repeats: int
) -> tuple[list[_Run], list[_Run], list[str]]:
    taken: list[str] = []

    async def take(wats: AsyncWATS) -> None:
        numbers = await wats.production.take_serial_numbers(SERIAL_TYPE, shape.quantity)
        if len(numbers) != shape.quantity:
            raise RuntimeError(f"a take of {shape.quantity} returned {len(numbers)} numbers")
        taken.extend(numbers)

    async def version(wats: AsyncWATS) -> None:
        await wats.analytics.get_version()

    take_runs: list[_Run] = []
    version_runs: list[_Run] = []
    async with AsyncExitStack() as stack:
        clients = [
            await stack.enter_async_context(
                AsyncWATS(url, token, rate_limiter=RateLimiter(enabled=False))
            )
            for _ in range(shape.clients)
        ]
        for wats in clients:
            await wats.analytics.get_version()
        for index in range(repeats):
            order = ((take, take_runs), (version, version_runs))
            for call, runs in order if index % 2 == 0 else reversed(order):
                runs.append(await _concurrent(clients, shape.takes, call))
    return take_runs, version_runs, taken


def _verify(emulator: EmulatorProcess, shape: SerialShape, repeats: int, taken: list[str]) -> None:
    expected = shape.numbers * repeats
    duplicates = [number for number, seen in Counter(taken).items() if seen > 1]
    if duplicates:
        raise DuplicateSerialNumberError(
            f"{len(duplicates)} serial numbers were handed out more than once "
            f"({shape.label()}, {repeats} run(s)): {', '.join(sorted(duplicates)[:10])}"
        )
    if len(taken) != expected:
        raise RuntimeError(f"took {len(taken)} serial numbers, expected {expected}")
    by_path = emulator.stats()["by_path"]
    takes, versions = by_path.get(TAKE_PATH, {}), by_path.get(VERSION_PATH, {})
    if takes != {"200": shape.calls * repeats}:
        raise RuntimeError(f"expected {shape.calls * repeats} answers 200 to takes, got {takes}")
    if versions != {"200": shape.calls * repeats + shape.clients}:
        raise RuntimeError(f"unexpected answers to the version GET: {versions}")


def measure_serials(emulator: EmulatorProcess, shape: SerialShape, repeats: int) -> SerialFigures:
    """Take and baseline runs of ``shape`` on an emptied emulator, verified."""
    emulator.reset()
    take_runs, version_runs, taken = anyio.run(
        _runs, emulator.url, emulator.token, shape, repeats, backend="asyncio"
    )
    _verify(emulator, shape, repeats, taken)
    return SerialFigures(shape, repeats, SideFigures.of(take_runs), SideFigures.of(version_runs))

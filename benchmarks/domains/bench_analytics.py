"""D1. What an analytics call costs on a realistic store, against reading the same report headers.

All calls go through one ``AsyncWATS`` (rate limiter off) over the whole seeded window:

* baseline: ``report.query_uut_headers(top=N)``, the N headers of the same reports (the server
  reads the same rows, the client parses N ``ReportHeader`` models);
* ``analytics.get_dynamic_yield`` grouped by ``partNumber;period`` per day;
* ``analytics.get_test_step_analysis`` (every step of every report);
* ``analytics.get_aggregated_measurements`` of two measurement paths;
* ``analytics.get_top_failed``.

One untimed call of each first (it opens the connection and its answer is checked against the
store's known counts), then ``rounds`` rounds that call each once in turn, so drift on the
machine hits all of them alike. Every timed answer must have the warm-up answer's row count,
or the run raises instead of reporting a number.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import anyio

from domains.store import MEASUREMENT_PATHS, SeededStore
from pywats import AsyncWATS, RateLimiter
from pywats.domains.analytics import DateGrouping
from timing import LatencySummary, ratio, summarise_ns

__all__ = ["BASELINE", "AnalyticsFigures", "CallFigures", "measure_analytics"]

BASELINE = "query_uut_headers"


@dataclass(frozen=True)
class CallFigures:
    """One call's timings (µs, as ``timing`` keeps them) and the rows of its answer."""

    name: str
    rows: int
    latency: LatencySummary

    def as_dict(self, baseline: CallFigures) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "mean_ms": self.latency.mean_us / 1000.0,
            "median_ms": self.latency.median_us / 1000.0,
            "p99_ms": self.latency.p99_us / 1000.0,
            "client_cpu_ms": self.latency.cpu_us / 1000.0,
            "ratio_to_baseline_median": ratio(self.latency.median_us, baseline.latency.median_us),
        }


@dataclass(frozen=True)
class AnalyticsFigures:
    baseline: CallFigures
    calls: list[CallFigures]
    rounds: int

    def as_dict(self) -> dict[str, Any]:
        every = (self.baseline, *self.calls)
        return {
            "rounds": self.rounds,
            "baseline": BASELINE,
            "calls": {c.name: c.as_dict(self.baseline) for c in every},
        }


Call = Callable[[], Awaitable[Sequence[Any]]]
Check = Callable[[Sequence[Any]], str | None]
"""Returns what is wrong with a warm-up answer, or ``None``."""


@dataclass
class _Op:
    name: str
    call: Call
    check: Check
    rows: int = 0
    samples_ns: list[int] = field(default_factory=list)
    cpu_ns: int = 0

    def figures(self) -> CallFigures:
        return CallFigures(self.name, self.rows, summarise_ns(self.samples_ns, self.cpu_ns))


def _expect(what: str, got: int, want: int) -> str | None:
    return None if got == want else f"{what}: {got}, expected {want}"


def _ops(wats: AsyncWATS, store: SeededStore, steps_per_report: int) -> list[_Op]:
    window = store.window()
    by_day = store.window(dimensions="partNumber;period", date_grouping=DateGrouping.DAY)
    paths = list(MEASUREMENT_PATHS)
    analytics = wats.analytics

    async def headers() -> Sequence[Any]:
        return await wats.report.query_uut_headers(top=store.reports)

    async def dynamic_yield() -> Sequence[Any]:
        return await analytics.get_dynamic_yield(by_day)

    async def step_analysis() -> Sequence[Any]:
        return await analytics.get_test_step_analysis(window)

    async def aggregated() -> Sequence[Any]:
        return await analytics.get_aggregated_measurements(window, measurement_paths=paths)

    async def top_failed() -> Sequence[Any]:
        return await analytics.get_top_failed(window)

    return [
        _Op(BASELINE, headers, lambda rows: _expect("headers", len(rows), store.reports)),
        _Op(
            "get_dynamic_yield",
            dynamic_yield,
            lambda rows: _expect("units", sum(r.unit_count or 0 for r in rows), store.units),
        ),
        _Op(
            "get_test_step_analysis",
            step_analysis,
            lambda rows: _expect("step paths", len(rows), steps_per_report),
        ),
        _Op(
            "get_aggregated_measurements",
            aggregated,
            lambda rows: _expect(
                "measurements", sum(r.count or 0 for r in rows), len(paths) * store.reports
            ),
        ),
        _Op(
            "get_top_failed",
            top_failed,
            lambda rows: None if rows else "no failed step in a store with failures",
        ),
    ]


async def _timed(op: _Op) -> int:
    cpu_start = time.process_time_ns()
    start = time.perf_counter_ns()
    rows = await op.call()
    op.samples_ns.append(time.perf_counter_ns() - start)
    op.cpu_ns += time.process_time_ns() - cpu_start
    return len(rows)


async def _measure(
    url: str, token: str, store: SeededStore, rounds: int, steps_per_report: int
) -> list[_Op]:
    async with AsyncWATS(url, token, rate_limiter=RateLimiter(enabled=False)) as wats:
        ops = _ops(wats, store, steps_per_report)
        for op in ops:
            answer = await op.call()
            problem = op.check(answer)
            if problem is not None:
                raise RuntimeError(f"{op.name} does not match the seeded store: {problem}")
            op.rows = len(answer)
        for index in range(rounds):
            for op in ops if index % 2 == 0 else reversed(ops):
                rows = await _timed(op)
                if rows != op.rows:
                    raise RuntimeError(f"{op.name}: {rows} rows, the warm-up call had {op.rows}")
    return ops


def measure_analytics(
    url: str, token: str, store: SeededStore, *, rounds: int, steps_per_report: int
) -> AnalyticsFigures:
    """Time the baseline and the four analytics calls, ``rounds`` calls each (emulator seeded)."""
    ops = anyio.run(_measure, url, token, store, rounds, steps_per_report, backend="asyncio")
    figures = [op.figures() for op in ops]
    return AnalyticsFigures(baseline=figures[0], calls=figures[1:], rounds=rounds)

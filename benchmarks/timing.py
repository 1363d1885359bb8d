"""Timing summaries and the ratio/format helpers every benchmark prints with.

Per-call latencies are kept as integer nanoseconds from ``time.perf_counter_ns`` and summarised
in microseconds; throughput runs keep their wall time in seconds.
"""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["LatencySummary", "Stopwatch", "Throughput", "ratio", "summarise_ns"]


@dataclass(frozen=True)
class LatencySummary:
    """Per-call latency of ``calls`` calls, in microseconds, and the client CPU they used."""

    calls: int
    mean_us: float
    median_us: float
    p99_us: float
    min_us: float
    cpu_us: float
    """Client process CPU (all threads) per call: what the caller's machine pays."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def line(self) -> str:
        return (
            f"mean {self.mean_us:8.1f} µs   median {self.median_us:8.1f} µs   "
            f"p99 {self.p99_us:7.0f} µs   client CPU {self.cpu_us:5.0f} µs/call"
        )


def _percentile(sorted_values: list[int], fraction: float) -> float:
    # Nearest rank: the smallest value with at least ``fraction`` of the calls at or below it.
    rank = max(1, min(len(sorted_values), math.ceil(round(fraction * len(sorted_values), 6))))
    return float(sorted_values[rank - 1])


def summarise_ns(samples_ns: list[int], cpu_ns: int) -> LatencySummary:
    """Summary of per-call wall times and the CPU time they took in total (nanoseconds)."""
    if not samples_ns:
        raise ValueError("no samples to summarise")
    ordered = sorted(samples_ns)
    return LatencySummary(
        calls=len(ordered),
        mean_us=statistics.fmean(ordered) / 1000.0,
        median_us=statistics.median(ordered) / 1000.0,
        p99_us=_percentile(ordered, 0.99) / 1000.0,
        min_us=ordered[0] / 1000.0,
        cpu_us=cpu_ns / len(ordered) / 1000.0,
    )


@dataclass(frozen=True)
class Throughput:
    """One timed submit run: ``reports`` sent in ``wall_s`` s, using ``cpu_s`` s of client CPU."""

    reports: int
    wall_s: float
    cpu_s: float

    @property
    def per_s(self) -> float:
        return self.reports / self.wall_s if self.wall_s > 0 else float("inf")

    @property
    def cpu_ms_per_report(self) -> float:
        return self.cpu_s / self.reports * 1000.0 if self.reports else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "reports": self.reports,
            "wall_s": self.wall_s,
            "cpu_s": self.cpu_s,
            "reports_per_s": self.per_s,
            "client_cpu_ms_per_report": self.cpu_ms_per_report,
        }


class Stopwatch:
    """Wall time and client process CPU time (all threads) since construction."""

    def __init__(self) -> None:
        self._wall_start = time.perf_counter()
        self._cpu_start = time.process_time()

    def throughput(self, reports: int) -> Throughput:
        """A :class:`Throughput` for ``reports`` done since the stopwatch started."""
        return Throughput(
            reports=reports,
            wall_s=time.perf_counter() - self._wall_start,
            cpu_s=time.process_time() - self._cpu_start,
        )


def ratio(value: float, baseline: float) -> float:
    """``value / baseline`` (``inf`` when the baseline is zero)."""
    return value / baseline if baseline else float("inf")

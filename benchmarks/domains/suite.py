"""The domains suite: counts, the order of the runs, the printed report and its JSON."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from domains.bench_analytics import CallFigures, measure_analytics
from domains.bench_serials import SERIAL_TYPE, SerialFigures, SerialShape, measure_serials
from domains.store import build_store, seed_store
from emulator_process import EmulatorProcess
from report_factory import count_steps
from timing import ratio

__all__ = ["FULL_DOMAINS", "QUICK_DOMAINS", "DomainsPlan", "run_domain_benchmarks"]

Out = Callable[[str], None]


@dataclass(frozen=True)
class DomainsPlan:
    reports: int
    """Reports in the analytics store."""
    rounds: int
    """Timed calls of each analytics call (and of the baseline)."""
    serial_shapes: tuple[SerialShape, ...]
    serial_repeats: int
    """Take runs (and as many baseline runs) per shape, alternating; medians reported."""


FULL_DOMAINS = DomainsPlan(
    reports=2000,
    rounds=10,
    serial_shapes=(SerialShape(20, 50, 1), SerialShape(20, 5, 10)),
    serial_repeats=3,
)
QUICK_DOMAINS = DomainsPlan(
    reports=200,
    rounds=3,
    serial_shapes=(SerialShape(20, 10, 1), SerialShape(20, 2, 10)),
    serial_repeats=1,
)


def _line(figures: CallFigures, baseline: CallFigures) -> str:
    lat = figures.latency
    tail = (
        "baseline"
        if figures is baseline
        else f"{ratio(lat.median_us, baseline.latency.median_us):5.2f}x"
    )
    return (
        f"   {figures.name:<29} {lat.median_us / 1000:8.1f} ms median   "
        f"mean {lat.mean_us / 1000:8.1f} ms   client CPU {lat.cpu_us / 1000:6.1f} ms   "
        f"{figures.rows:5d} rows   {tail}"
    )


def _analytics(emulator: EmulatorProcess, plan: DomainsPlan, out: Out) -> dict[str, Any]:
    started = time.perf_counter()
    reports, store = build_store(plan.reports)
    steps = count_steps(reports[0])
    built_s = time.perf_counter() - started
    out(
        f"D1. Analytics on a store of {store.reports} UUT reports ({store.units} units, "
        f"{store.failed_reports} failed runs later retested; 4 part numbers, 3 stations, 14 days; "
        f"{steps} steps each)"
    )
    started = time.perf_counter()
    seed_store(emulator, reports)
    out(
        f"   built in {built_s:.1f} s and submitted in {time.perf_counter() - started:.1f} s "
        f"before timing; {plan.rounds} timed calls each, interleaved rounds, one client"
    )
    figures = measure_analytics(
        emulator.url, emulator.token, store, rounds=plan.rounds, steps_per_report=steps
    )
    for call in (figures.baseline, *figures.calls):
        out(_line(call, figures.baseline))
    out(
        f"   baseline = report.query_uut_headers(top={store.reports}); ratio = median / baseline "
        "median; every answer checked against the store's counts"
    )
    out("")
    result = figures.as_dict()
    result.update({"reports": store.reports, "units": store.units, "steps_per_report": steps})
    return result


def _serial_lines(figures: SerialFigures, out: Out) -> None:
    take, version = figures.take, figures.version
    out(f"   {figures.shape.label()} ({figures.shape.numbers} numbers per run):")
    rows = (
        ("take_serial_numbers", f"{figures.numbers_per_s:7.0f} numbers/s", take, "takes/s"),
        ("get_version", "", version, "calls/s"),
    )
    for name, numbers, side, unit in rows:
        lat = side.latency
        out(
            f"     {name:<20} {numbers:<17}   {side.calls_per_s:6.0f} {unit}   "
            f"{lat.median_us / 1000:6.2f} ms median   p99 {lat.p99_us / 1000:6.2f} ms   "
            f"client CPU {lat.cpu_us / 1000:5.2f} ms/call"
        )
    runs = ", ".join(f"{r:.0f}" for r in take.runs_calls_per_s)
    out(
        f"     ratio take/version: {figures.latency_ratio:.2f}x the time per call, "
        f"{figures.rate_ratio:.2f} of the calls/s   (take runs: {runs} takes/s)"
    )


def _serials(emulator: EmulatorProcess, plan: DomainsPlan, out: Out) -> dict[str, Any]:
    out(
        f"D2. Serial numbers ({SERIAL_TYPE}): concurrent AsyncWATS clients, each taking numbers "
        f"one call after the other; {plan.serial_repeats} run(s) per side, alternating"
    )
    results = {}
    for shape in plan.serial_shapes:
        figures = measure_serials(emulator, shape, plan.serial_repeats)
        _serial_lines(figures, out)
        key = f"{shape.clients}x{shape.takes}x{shape.quantity}"
        results[key] = figures.as_dict()
    total = sum(shape.numbers for shape in plan.serial_shapes) * plan.serial_repeats
    out(
        f"   verified: {total} numbers taken, no duplicate in any shape; every take and version "
        "call answered 200"
    )
    out("")
    return results


def run_domain_benchmarks(emulator: EmulatorProcess, plan: DomainsPlan, out: Out) -> dict[str, Any]:
    """D1 and D2 against ``emulator``; prints as it goes, returns the figures."""
    started = time.perf_counter()
    results = {
        "analytics": _analytics(emulator, plan, out),
        "serial_numbers": _serials(emulator, plan, out),
    }
    out(f"domains suite took {time.perf_counter() - started:.0f} s")
    out("")
    return results

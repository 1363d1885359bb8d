"""The station service suite: counts, the order of the runs, the printed report and its JSON."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench_submit import SubmitMode, run_submit
from emulator_process import EmulatorProcess
from report_factory import build_reports
from service.bench_process import measure_idle, measure_startup
from service.bench_queue import QueueFigures, measure_queue
from service.bench_throughput import run_uploader
from timing import Throughput, ratio

__all__ = ["FULL_SERVICE", "QUICK_SERVICE", "ServicePlan", "run_service_benchmarks"]

Out = Callable[[str], None]


@dataclass(frozen=True)
class ServicePlan:
    reports: int
    uploader_concurrency: tuple[int, ...]
    raw_concurrency: tuple[int, ...]
    repeats: int
    idle_s: float
    startup_runs: int
    queue_preloaded: int
    queue_ops: int


FULL_SERVICE = ServicePlan(
    reports=500,
    uploader_concurrency=(5, 20),
    raw_concurrency=(10, 20),
    repeats=3,
    idle_s=60.0,
    startup_runs=5,
    queue_preloaded=100_000,
    queue_ops=2000,
)
QUICK_SERVICE = ServicePlan(
    reports=60,
    uploader_concurrency=(5, 20),
    raw_concurrency=(10, 20),
    repeats=1,
    idle_s=10.0,
    startup_runs=2,
    queue_preloaded=20_000,
    queue_ops=300,
)


def _median_rate(runs: list[Throughput]) -> float:
    return statistics.median(run.per_s for run in runs)


def _throughput(emulator: EmulatorProcess, plan: ServicePlan, out: Out) -> dict[str, Any]:
    out(f"S1. Queue -> emulator: {plan.reports} typical reports (200 steps, ~38 KiB) per run")
    reports = build_reports(plan.reports, run_tag="svc")
    out(
        f"   {plan.repeats} run(s) per mode, interleaved, median reported; each run verified "
        "(all completed in the queue, stored once, all 200); rate limiter off"
    )
    modes = [("uploader", n) for n in plan.uploader_concurrency]
    modes += [("raw", n) for n in plan.raw_concurrency]
    runs: dict[tuple[str, int], list[Throughput]] = {mode: [] for mode in modes}
    for _ in range(plan.repeats):
        for kind, n in modes:
            if kind == "uploader":
                runs[(kind, n)].append(run_uploader(emulator, reports, concurrency=n))
            else:
                run = run_submit(emulator, SubmitMode.RAW_ASYNC, reports, concurrency=n)
                runs[(kind, n)].append(run)
    rate = {mode: _median_rate(r) for mode, r in runs.items()}
    ceiling = max(rate[("raw", n)] for n in plan.raw_concurrency)
    labels = {
        "uploader": "service uploader, max_concurrent_uploads",
        "raw": "raw httpx.AsyncClient",
    }
    for kind, n in modes:
        cpu = statistics.median(r.cpu_ms_per_report for r in runs[(kind, n)])
        every = ", ".join(f"{r.per_s:.0f}" for r in runs[(kind, n)])
        tail = (
            f"   ratio to ceiling {ratio(rate[(kind, n)], ceiling):.2f}"
            if kind == "uploader"
            else ""
        )
        out(
            f"   {labels[kind] + f' {n}':<46} {rate[(kind, n)]:6.0f} reports/s   "
            f"client CPU {cpu:4.2f} ms/report   (runs: {every}){tail}"
        )
    out(f"   ceiling = best raw rate = {ceiling:.0f} reports/s")
    out()
    return {
        "reports": plan.reports,
        "ceiling_reports_per_s": ceiling,
        "modes": {
            f"{kind}_{n}": {
                "median_reports_per_s": rate[(kind, n)],
                "ratio_to_ceiling": ratio(rate[(kind, n)], ceiling),
                "runs": [r.as_dict() for r in runs[(kind, n)]],
            }
            for kind, n in modes
        },
    }


def _idle(emulator: EmulatorProcess, plan: ServicePlan, out: Out) -> dict[str, Any]:
    out(f"S2. Idle service for {plan.idle_s:.0f} s (empty queue, server reachable)")
    idle = measure_idle(emulator, plan.idle_s)
    out(
        f"   service   RSS {idle.service_rss_mb:6.1f} MB   USS {idle.service_uss_mb:6.1f} MB   "
        f"CPU {idle.service_cpu_pct:5.2f} % of a core"
    )
    out(
        f"   baseline  RSS {idle.baseline_rss_mb:6.1f} MB   USS {idle.baseline_uss_mb:6.1f} MB   "
        f"CPU {idle.baseline_cpu_pct:5.2f} %   (python -c 'time.sleep(...)')"
    )
    out(
        f"   ratio RSS service/baseline = {ratio(idle.service_rss_mb, idle.baseline_rss_mb):.1f}x"
        f"   (+{idle.service_rss_mb - idle.baseline_rss_mb:.0f} MB)"
    )
    out()
    return idle.as_dict()


def _startup(emulator: EmulatorProcess, plan: ServicePlan, out: Out) -> dict[str, Any]:
    out(f"S3. Start-up: spawn to RUNNING (/ready 200), {plan.startup_runs} runs, median")
    figures = measure_startup(emulator, plan.startup_runs)
    service, cli, bare = (
        figures.service_median_s,
        figures.cli_import_median_s,
        figures.bare_median_s,
    )
    ratio_bare = ratio(service, bare)
    out(
        f"   service to RUNNING          {service * 1000:7.0f} ms   ratio to bare {ratio_bare:.1f}x"
    )
    out(f"   pywats-client --version     {cli * 1000:7.0f} ms   (interpreter + CLI imports)")
    out(f"   python -c pass (baseline)   {bare * 1000:7.0f} ms")
    out()
    return figures.as_dict()


def _queue(plan: ServicePlan, out: Out) -> dict[str, Any]:
    n, ops = plan.queue_preloaded, plan.queue_ops
    out(f"S4. Queue scaling: {ops} enqueues (durable, one at a time) and claims (batches of 5)")
    empty = measure_queue(0, ops)
    full = measure_queue(n, ops)

    def line(f: QueueFigures) -> str:
        return (
            f"   {f.preloaded:>7} queued   enqueue {f.enqueue_per_s:7.0f} rows/s   "
            f"claim {f.claim_per_s:7.0f} rows/s   stats() {f.stats_ms:6.2f} ms   "
            f"next_attempt_at() {f.next_due_ms:5.3f} ms   file {f.file_mb:5.0f} MB"
        )

    out(line(empty))
    out(line(full))
    out(
        f"   ratio {n} / empty: enqueue {ratio(full.enqueue_per_s, empty.enqueue_per_s):.2f}   "
        f"claim {ratio(full.claim_per_s, empty.claim_per_s):.2f}   "
        f"stats() time {ratio(full.stats_ms, empty.stats_ms):.0f}x"
    )
    out()
    return {"empty": empty.as_dict(), "preloaded": full.as_dict()}


def run_service_benchmarks(
    emulator: EmulatorProcess, plan: ServicePlan, out: Out
) -> dict[str, Any]:
    """Every service benchmark against ``emulator``; prints as it goes, returns the figures."""
    started = time.perf_counter()
    results = {
        "throughput": _throughput(emulator, plan, out),
        "idle": _idle(emulator, plan, out),
        "startup": _startup(emulator, plan, out),
        "queue": _queue(plan, out),
    }
    out(f"service suite: {time.perf_counter() - started:.0f} s")
    return results

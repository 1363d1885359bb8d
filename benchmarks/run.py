"""Run the pyWATS benchmarks: ``python benchmarks/run.py [api|service|conversion|domains|all]``.

The suite argument picks the API library benchmarks (``api``), the station service ones
(``service``, in ``benchmarks/service/``), the conversion ones (``conversion``, in
``benchmarks/conversion/``), the analytics and serial number ones (``domains``, in
``benchmarks/domains/``) or all of them (``all``, the default). Options: ``--quick``
(small counts, a smoke run), ``--json`` (machine-readable results on stdout; the human report
then goes to stderr). See ``benchmarks/README.md`` for what is measured and how to read the
ratios.

The emulator runs in a child process on loopback with a fresh SQLite file and is stopped on
every way out: normal end, error, Ctrl+C or SIGTERM.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import secrets
import signal
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from types import FrameType
from typing import Any, TextIO

import pywats
from bench_calls import CallOverhead, CallSettings, run_call_overhead
from bench_submit import SubmitMode, run_submit
from conversion import FULL_CONVERSION, QUICK_CONVERSION, run_conversion_benchmarks
from domains import FULL_DOMAINS, QUICK_DOMAINS, run_domain_benchmarks
from emulator_process import EmulatorProcess
from report_factory import PreparedReport, build_reports, count_steps, wsjf_body
from service import FULL_SERVICE, QUICK_SERVICE, run_service_benchmarks
from timing import Throughput, ratio

RATE_LIMIT_NOTE = (
    "rate limiter: OFF for every library client (RateLimiter(enabled=False) passed in); "
    "the default 500 requests / 60 s would cap any run at 8.3 requests/s"
)
SUBMIT_LABELS = {
    SubmitMode.SYNC: "(a)  pyWATS, sequential",
    SubmitMode.RAW_SYNC: "(a0) raw httpx.Client, sequential",
    SubmitMode.ASYNC: "(b)  AsyncWATS, {n} in flight",
    SubmitMode.RAW_ASYNC: "(c)  raw httpx.AsyncClient, {n} in flight",
}


@dataclass(frozen=True)
class Plan:
    """Counts for one run of the suite."""

    calls: CallSettings
    reports: int
    concurrency: int
    repeats: int
    """Runs per submit mode; the median run is reported."""


FULL = Plan(CallSettings(calls=1000, warmup=200, rounds=10), reports=500, concurrency=10, repeats=5)
QUICK = Plan(CallSettings(calls=100, warmup=20, rounds=2), reports=50, concurrency=10, repeats=1)


def _installed(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine_info() -> dict[str, Any]:
    packages = ("httpx", "httpcore", "anyio", "pydantic", "sniffio")
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "pywats": pywats.__version__,
        "packages": {name: _installed(name) for name in packages},
    }


class Reporter:
    """Human-readable lines, to stdout (or stderr when stdout carries the JSON)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def __call__(self, text: str = "") -> None:
        print(text, file=self._stream, flush=True)


def _check_version_calls(emulator: EmulatorProcess, expected: int) -> None:
    # Every timed GET must have been a real 200 from the server, or the latencies mean nothing.
    by_status = emulator.stats()["by_path"].get("/api/App/Version", {})
    if by_status != {"200": expected}:
        raise RuntimeError(f"expected {expected} answers 200 to the version GET, got {by_status}")


def bench_calls(emulator: EmulatorProcess, plan: Plan, out: Reporter) -> list[CallOverhead]:
    settings = plan.calls
    out(
        f"1. Call overhead: GET /api/App/Version, one call at a time, {settings.calls} timed "
        f"calls per side after {settings.warmup} warm-up, {settings.rounds} alternating rounds"
    )
    emulator.reset()
    results = run_call_overhead(emulator.url, emulator.token, settings)
    per_comparison = 2 * (settings.warmup + settings.calls) + 2  # + one check call per side
    _check_version_calls(emulator, per_comparison * len(results))
    names = {
        "sync": ("raw httpx.Client", "pyWATS"),
        "async": ("raw httpx.AsyncClient", "AsyncWATS"),
    }
    for result in results:
        raw_name, lib_name = names[result.name]
        out(f"   {result.name:<5} {raw_name:<22} {result.raw.line()}")
        out(f"   {'':<5} {lib_name:<22} {result.library.line()}")
        out(
            f"   {'':<5} {'ratio library/raw':<22} mean {result.mean_ratio:.2f}x   "
            f"median {result.median_ratio:.2f}x   client CPU {result.cpu_ratio:.2f}x   "
            f"(library adds {result.added_us:+.0f} µs/call, median)"
        )
    out()
    return results


def _serialise_ms(reports: list[PreparedReport]) -> float:
    """Mean time to turn one report model into its JSON body, as the library does per submit."""
    start = time.perf_counter()
    for prepared in reports:
        wsjf_body(prepared.report)
    return (time.perf_counter() - start) / len(reports) * 1000.0


def bench_submit(
    emulator: EmulatorProcess, plan: Plan, out: Reporter
) -> dict[SubmitMode, list[Throughput]]:
    out(f"2. Submit {plan.reports} typical reports to POST /api/Report/WSJF")
    start = time.perf_counter()
    reports = build_reports(plan.reports, run_tag="bench")
    build_s = time.perf_counter() - start
    steps = statistics.median(count_steps(p.report) for p in reports)
    body_kb = statistics.median(len(p.body) for p in reports) / 1024
    failed = sum(1 for p in reports if p.report.result.value != "P")
    out(
        f"   reports: {steps:.0f} steps, {body_kb:.0f} KiB of JSON each (median), "
        f"{failed} failing; built with ReportBuilder in {build_s:.1f} s before timing"
    )
    out(
        f"   timed: first submit to last answer; {plan.repeats} run(s) per mode, interleaved, "
        "median reported; each run starts on an empty emulator and is verified after"
    )
    modes = (SubmitMode.RAW_SYNC, SubmitMode.SYNC, SubmitMode.RAW_ASYNC, SubmitMode.ASYNC)
    runs: dict[SubmitMode, list[Throughput]] = {mode: [] for mode in modes}
    for _ in range(plan.repeats):
        for mode in modes:
            runs[mode].append(run_submit(emulator, mode, reports, concurrency=plan.concurrency))
    for mode in (SubmitMode.SYNC, SubmitMode.RAW_SYNC, SubmitMode.ASYNC, SubmitMode.RAW_ASYNC):
        rates = sorted(run.per_s for run in runs[mode])
        label = SUBMIT_LABELS[mode].format(n=plan.concurrency)
        every = ", ".join(f"{r:.0f}" for r in rates)
        cpu_ms = statistics.median(run.cpu_ms_per_report for run in runs[mode])
        out(
            f"   {label:<40} {statistics.median(rates):6.0f} reports/s   "
            f"client CPU {cpu_ms:4.2f} ms/report   (runs: {every})"
        )
    rate = {mode: statistics.median(r.per_s for r in runs[mode]) for mode in modes}
    out(
        f"   ratios: (b)/(c) = {ratio(rate[SubmitMode.ASYNC], rate[SubmitMode.RAW_ASYNC]):.2f}   "
        f"(a)/(c) = {ratio(rate[SubmitMode.SYNC], rate[SubmitMode.RAW_ASYNC]):.2f}   "
        f"(a)/(a0) = {ratio(rate[SubmitMode.SYNC], rate[SubmitMode.RAW_SYNC]):.2f}"
    )
    out(
        f"   model -> JSON (to_wsjf + encode) costs {_serialise_ms(reports):.2f} ms per report on "
        "the client: inside (a) and (b), not inside (a0) and (c)"
    )
    out(f"   verified: every run stored exactly {plan.reports} reports, all answered 200")
    out()
    return runs


def _json_results(
    machine: dict[str, Any],
    plan: Plan,
    calls: list[CallOverhead],
    submits: dict[SubmitMode, list[Throughput]],
) -> dict[str, Any]:
    rate = {mode: statistics.median(r.per_s for r in runs) for mode, runs in submits.items()}
    return {
        "machine": machine,
        "rate_limiter": "disabled",
        "plan": {
            "calls": plan.calls.calls,
            "warmup": plan.calls.warmup,
            "reports": plan.reports,
            "concurrency": plan.concurrency,
            "repeats": plan.repeats,
        },
        "call_overhead": {result.name: result.as_dict() for result in calls},
        "submit": {
            mode.value: {"median_reports_per_s": rate[mode], "runs": [r.as_dict() for r in runs]}
            for mode, runs in submits.items()
        },
        "submit_ratios": {
            "async_over_raw_async": ratio(rate[SubmitMode.ASYNC], rate[SubmitMode.RAW_ASYNC]),
            "sync_over_raw_async": ratio(rate[SubmitMode.SYNC], rate[SubmitMode.RAW_ASYNC]),
            "sync_over_raw_sync": ratio(rate[SubmitMode.SYNC], rate[SubmitMode.RAW_SYNC]),
        },
    }


def _raise_on_sigterm(signum: int, frame: FrameType | None) -> None:
    # Turn SIGTERM into an exception so that the emulator is stopped by the ``with`` exit.
    raise SystemExit(128 + signum)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="pyWATS benchmarks against the emulator.")
    parser.add_argument(
        "suite",
        nargs="?",
        choices=("all", "api", "service", "conversion", "domains"),
        default="all",
        help="which benchmarks to run (default: all)",
    )
    parser.add_argument("--quick", action="store_true", help="small counts: a smoke run")
    parser.add_argument("--json", action="store_true", help="print results as JSON on stdout")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    plan = QUICK if args.quick else FULL
    out = Reporter(sys.stderr if args.json else sys.stdout)
    machine = machine_info()
    previous = signal.signal(signal.SIGTERM, _raise_on_sigterm)
    started = time.perf_counter()
    results: dict[str, Any] = {"machine": machine}
    try:
        out(f"pyWATS benchmarks{' (quick)' if args.quick else ''} — {machine['date']}")
        out(f"machine: {machine['cores']} cores, {machine['python']}, {machine['platform']}")
        versions = ", ".join(f"{k} {v}" for k, v in machine["packages"].items())
        out(f"packages: pywats {machine['pywats']}, {versions}")
        with EmulatorProcess(secrets.token_urlsafe(24)) as emulator:
            out(
                f"emulator: child process pid {emulator.pid} at {emulator.url} (SQLite file); "
                "client and server share the machine's cores"
            )
            out(RATE_LIMIT_NOTE)
            out()
            if args.suite in ("all", "api"):
                calls = bench_calls(emulator, plan, out)
                submits = bench_submit(emulator, plan, out)
                results.update(_json_results(machine, plan, calls, submits))
            if args.suite in ("all", "service"):
                service_plan = QUICK_SERVICE if args.quick else FULL_SERVICE
                results["service"] = run_service_benchmarks(emulator, service_plan, out)
            if args.suite in ("all", "conversion"):
                conversion_plan = QUICK_CONVERSION if args.quick else FULL_CONVERSION
                results["conversion"] = run_conversion_benchmarks(emulator, conversion_plan, out)
            if args.suite in ("all", "domains"):
                domains_plan = QUICK_DOMAINS if args.quick else FULL_DOMAINS
                results["domains"] = run_domain_benchmarks(emulator, domains_plan, out)
        out(f"total time {time.perf_counter() - started:.0f} s")
    except KeyboardInterrupt:
        out("interrupted; emulator stopped")
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The conversion suite: counts, sample files, the order of the runs, the report and its JSON."""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conversion.bench_latency import measure_latency
from conversion.bench_rate import KINDS, RateResult, measure_in_process, measure_pipeline
from emulator_process import EmulatorProcess
from pywats_client.demo.samples import SampleFile, write_samples
from timing import ratio

__all__ = ["FULL_CONVERSION", "QUICK_CONVERSION", "ConversionPlan", "run_conversion_benchmarks"]

Out = Callable[[str], None]
STATION_FIELDS = {"machineName": "BENCH-RAW-01", "location": "Bench", "purpose": "Production"}


@dataclass(frozen=True)
class ConversionPlan:
    latency_files: int
    rate_per_s: float
    poll_s: float
    rate_files: int


FULL_CONVERSION = ConversionPlan(latency_files=500, rate_per_s=20.0, poll_s=0.02, rate_files=300)
QUICK_CONVERSION = ConversionPlan(latency_files=50, rate_per_s=20.0, poll_s=0.02, rate_files=40)


@contextmanager
def _bench_home() -> Iterator[Path]:
    # The worker processes find the instance through PYWATS_HOME, as in the demo.
    previous = os.environ.get("PYWATS_HOME")
    with tempfile.TemporaryDirectory(prefix="pywats-bench-conv-") as tmp:
        os.environ["PYWATS_HOME"] = tmp
        try:
            yield Path(tmp)
        finally:
            if previous is None:
                os.environ.pop("PYWATS_HOME", None)
            else:
                os.environ["PYWATS_HOME"] = previous


def _samples(folder: Path, per_kind: int) -> dict[str, list[SampleFile]]:
    samples = write_samples(folder, per_kind * 3)
    return {
        kind: [s for s in samples if s.converter == kind and s.serial is not None] for kind in KINDS
    }


def _with_station(item: tuple[str, str, bytes]) -> tuple[str, str, bytes]:
    """The raw baseline's body: the station fields the service would fill in, set up front."""
    serial, name, body = item
    data = json.loads(body)
    data.update(STATION_FIELDS)
    return serial, name, json.dumps(data).encode()


def run_conversion_benchmarks(
    emulator: EmulatorProcess, plan: ConversionPlan, out: Out
) -> dict[str, Any]:
    """Run (a) and (b), print them, return the JSON figures."""
    with _bench_home() as home:
        started = time.perf_counter()
        n_lat, n_rate = plan.latency_files, plan.rate_files
        samples = _samples(home / "samples", 2 * n_lat + n_rate)
        out(
            f"Conversion: {len(samples['csv'])} FCT CSV and {len(samples['wsjf'])} WSJF sample "
            f"files from the demo's write_samples, made in {time.perf_counter() - started:.1f} s"
        )
        wsjf = [(s.serial or "", s.name, s.content) for s in samples["wsjf"]]
        emulator.reset()
        out(
            f"C1. Landed → stored on the emulator: {n_lat} WSJF files, one every "
            f"{1000 / plan.rate_per_s:.0f} ms, written atomically; header query polled every "
            f"{plan.poll_s * 1000:.0f} ms"
        )
        latency = measure_latency(
            home / "latency",
            emulator.url,
            emulator.token,
            wsjf[:n_lat],
            [_with_station(item) for item in wsjf[n_lat : 2 * n_lat]],
            rate_per_s=plan.rate_per_s,
            poll_s=plan.poll_s,
        )
        out(f"   station service      {latency.station.line()}")
        out(f"   raw httpx POST       {latency.raw.line()}")
        out(
            f"   ratio station/raw    p50 {ratio(latency.station.p50_ms, latency.raw.p50_ms):.1f}x"
            f"   p99 {ratio(latency.station.p99_ms, latency.raw.p99_ms):.1f}x"
        )
        out("")
        out(f"C2. Files/s converted ({n_rate} files per kind)")
        rate_folder = home / "rate"
        batches: dict[str, list[Path]] = {}
        figures: dict[str, tuple[float, float]] = {}
        for kind in KINDS:
            chosen = samples[kind][-n_rate:]
            folder = rate_folder / kind
            folder.mkdir(parents=True)
            batches[kind] = []
            for sample in chosen:
                (folder / sample.name).write_bytes(sample.content)
                batches[kind].append(folder / sample.name)
            figures[kind] = measure_in_process(kind, batches[kind])
        pipeline = measure_pipeline(home / "pipeline", emulator.url, emulator.token, batches)
        rates = [
            RateResult(kind, n_rate, figures[kind][0], figures[kind][1], pipeline[kind])
            for kind in KINDS
        ]
        for result in rates:
            piped = result.pipeline_per_s or 0.0
            out(
                f"   {result.kind:<5} parse {result.parse_per_s:9.0f}/s   convert() "
                f"{result.convert_per_s:7.0f}/s "
                f"({ratio(result.convert_per_s, result.parse_per_s):.3f} of parse)   "
                f"pipeline {piped:6.1f}/s "
                f"({ratio(piped, result.convert_per_s):.3f} of convert())"
            )
        out(f"   conversion suite took {time.perf_counter() - started:.0f} s")
        out("")
    return {"latency": latency.as_dict(), "rates": [r.as_dict() for r in rates]}

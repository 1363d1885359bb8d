"""(a) File landed → report stored on the emulator, through the station and without it.

Station: WSJF files land in the watch folder one at a time at a steady rate, each written
atomically (written under a temporary name outside the folder, then ``os.replace``d in). A
poller asks the emulator's header query (``GET /api/Report/Query/Header``) for the serial
numbers still outstanding, every ``poll_s``, and records when each first appears.

Baseline: the same bytes POSTed to ``/api/Report/WSJF`` with raw ``httpx`` at the same rate;
"stored" is the 200 answer (the emulator stores before it answers). The station figure includes
the poller's resolution (up to ``poll_s`` plus one query); the baseline does not need it.
"""

from __future__ import annotations

import asyncio
import math
import os
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

from conversion.station import running_station

__all__ = ["LatencyMs", "LatencyResult", "measure_latency"]

HEADER_PATH = "/api/Report/Query/Header"
SUBMIT_PATH = "/api/Report/WSJF"
POLL_BATCH = 40
"""Most serial numbers asked in one header query (keeps the OData filter short)."""


@dataclass(frozen=True)
class LatencyMs:
    """Landed → stored, in milliseconds (nearest-rank percentiles)."""

    p50_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float

    @classmethod
    def of(cls, samples_ns: list[int]) -> LatencyMs:
        ordered = sorted(samples_ns)

        def rank(fraction: float) -> float:
            index = max(1, math.ceil(round(fraction * len(ordered), 6)))
            return ordered[index - 1] / 1e6

        return cls(rank(0.50), rank(0.99), ordered[-1] / 1e6, statistics.fmean(ordered) / 1e6)

    def line(self) -> str:
        return (
            f"p50 {self.p50_ms:7.1f} ms   p99 {self.p99_ms:7.1f} ms   max {self.max_ms:7.1f} ms"
            f"   mean {self.mean_ms:7.1f} ms"
        )


@dataclass(frozen=True)
class LatencyResult:
    station: LatencyMs
    raw: LatencyMs
    files: int
    rate_per_s: float
    poll_s: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "rate_per_s": self.rate_per_s,
            "poll_s": self.poll_s,
            "station": asdict(self.station),
            "raw": asdict(self.raw),
        }


def _headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Basic {token}", "Accept": "application/json"}


async def _stored(client: httpx.AsyncClient, serials: list[str]) -> set[str]:
    query = " or ".join(f"serialNumber eq '{serial}'" for serial in serials)
    params = {"reportType": "U", "$filter": query, "$top": str(len(serials) * 2)}
    response = await client.get(HEADER_PATH, params=params)
    response.raise_for_status()
    return {row["serialNumber"] for row in response.json()}


async def _poll(
    client: httpx.AsyncClient,
    landed: dict[str, int],
    stored: dict[str, int],
    expected: int,
    poll_s: float,
    timeout_s: float,
) -> None:
    deadline = time.monotonic() + timeout_s
    while len(stored) < expected:
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {len(stored)} of {expected} reports reached the emulator")
        outstanding = [serial for serial in landed if serial not in stored][:POLL_BATCH]
        if outstanding:
            found = await _stored(client, outstanding)
            now = time.perf_counter_ns()
            for serial in found:
                stored.setdefault(serial, now)
        await asyncio.sleep(poll_s)


async def _station_run(
    home: Path,
    url: str,
    token: str,
    files: list[tuple[str, str, bytes]],
    rate_per_s: float,
    poll_s: float,
) -> list[int]:
    staging = home / "staging"
    staging.mkdir(parents=True)
    landed: dict[str, int] = {}
    stored: dict[str, int] = {}
    async with (
        running_station(home / "station", url, token, ("wsjf",)) as station,
        httpx.AsyncClient(base_url=url, headers=_headers(token)) as client,
    ):
        poller = asyncio.create_task(
            _poll(client, landed, stored, len(files), poll_s, timeout_s=60 + len(files))
        )
        interval_ns = int(1e9 / rate_per_s)
        start = time.perf_counter_ns()
        for index, (serial, name, body) in enumerate(files):
            await _sleep_until(start + index * interval_ns)
            temporary = staging / name
            temporary.write_bytes(body)
            os.replace(temporary, station.watch["wsjf"] / name)
            landed[serial] = time.perf_counter_ns()
        await poller
    return [stored[serial] - landed[serial] for serial in landed]


async def _sleep_until(when_ns: int) -> None:
    delay_s = (when_ns - time.perf_counter_ns()) / 1e9
    await asyncio.sleep(max(0.0, delay_s))


async def _raw_run(
    url: str, token: str, files: list[tuple[str, str, bytes]], rate_per_s: float
) -> list[int]:
    headers = {**_headers(token), "Content-Type": "application/json"}
    latencies: list[int] = []

    async def post(client: httpx.AsyncClient, body: bytes) -> None:
        landed = time.perf_counter_ns()
        response = await client.post(SUBMIT_PATH, content=body)
        response.raise_for_status()
        latencies.append(time.perf_counter_ns() - landed)

    async with httpx.AsyncClient(base_url=url, headers=headers) as client:
        interval_ns = int(1e9 / rate_per_s)
        start = time.perf_counter_ns()
        tasks = []
        for index, (_, _, body) in enumerate(files):
            await _sleep_until(start + index * interval_ns)
            tasks.append(asyncio.create_task(post(client, body)))
        await asyncio.gather(*tasks)
    return latencies


def measure_latency(
    home: Path,
    url: str,
    token: str,
    station_files: list[tuple[str, str, bytes]],
    raw_files: list[tuple[str, str, bytes]],
    *,
    rate_per_s: float,
    poll_s: float,
) -> LatencyResult:
    """Both runs; ``*_files`` are (serial, file name, WSJF bytes), distinct serials per run."""
    station = asyncio.run(_station_run(home, url, token, station_files, rate_per_s, poll_s))
    raw = asyncio.run(_raw_run(url, token, raw_files, rate_per_s))
    return LatencyResult(
        station=LatencyMs.of(station),
        raw=LatencyMs.of(raw),
        files=len(station_files),
        rate_per_s=rate_per_s,
        poll_s=poll_s,
    )

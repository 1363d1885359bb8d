"""Helpers to run a ConversionManager against real folders, a real queue and real workers."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio

from pywats.core.station import Station
from pywats_client.config import ClientConfig
from pywats_client.conversion import ConversionManager, ConversionOptions
from pywats_client.paths import HomePaths, InstancePaths
from pywats_client.queue import QueueStore

STATION = Station("ST-TEST", "Lab", "Production")
PROCESSES = {50: "PCBA test", 500: "Repair"}
WAIT_S = 60.0


def converter_entry(samples: Path, folder: Path, **extra: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": "sample",
        "class_path": f"{samples}:SampleConverter",
        "watch_folder": str(folder),
    }
    entry.update(extra)
    return entry


def make_config(*converters: dict[str, Any], max_concurrent: int = 4) -> ClientConfig:
    return ClientConfig.from_data(
        {"converters": list(converters), "max_concurrent_conversions": max_concurrent}
    )


@dataclass
class Running:
    manager: ConversionManager
    queue: QueueStore
    paths: InstancePaths

    def report_ids(self) -> list[str]:
        return [item.report_id for item in self.queue.list(limit=100_000)]

    async def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        """Poll until ``condition()`` holds (a deadline guards against hangs, nothing timed)."""
        deadline = time.monotonic() + WAIT_S
        while not condition():
            if time.monotonic() > deadline:
                states = [s.to_json() for s in self.manager.states()]
                raise AssertionError(f"gave up waiting for {what}; states: {states}")
            await anyio.sleep(0.05)


@asynccontextmanager
async def running_manager(
    home: Path,
    config: ClientConfig,
    *,
    options: ConversionOptions | None = None,
    station: Station | None = STATION,
) -> AsyncIterator[Running]:
    """A manager running in a task group; stopped (intake, then drained) on exit."""
    paths = InstancePaths("default", home=HomePaths.resolve(home))
    paths.ensure_dirs()
    with QueueStore(paths.queue_db) as queue:
        manager = ConversionManager(
            config, queue, paths, lambda: PROCESSES, station,
            options=options or ConversionOptions(),
        )  # fmt: skip
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(manager.run)
            try:
                yield Running(manager, queue, paths)
            finally:
                manager.stop_intake()

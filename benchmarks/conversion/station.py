"""A throw-away station instance with WSJF / CSV watch folders, run in-process.

The set-up is the demo's (``pywats_client.demo.runner``): a config with the server URL and the
station, the token encrypted with the home's vault, then :class:`StationService` on the current
event loop. One difference: the service's client gets ``RateLimiter(enabled=False)``, as every
client in these benchmarks does; the default 500 requests / 60 s would cap delivery at
8.3 reports/s and the latency figure would measure the limiter.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pywats import AsyncWATS, RateLimiter
from pywats_client.config import ClientConfig, ConfigStore
from pywats_client.converters.builtin import BUILTIN_CONVERTERS
from pywats_client.demo.samples import FCT_TEMPLATE
from pywats_client.paths import HomePaths, InstancePaths
from pywats_client.security import TokenVault
from pywats_client.service import ServiceState, StationService
from pywats_client.service.service import build_client

__all__ = ["BenchStation", "running_station"]

INSTANCE_ID = "bench-conversion"
START_TIMEOUT_S = 30.0


class _UnlimitedService(StationService):
    """The station service with its client's rate limiter off (see the module docstring)."""

    def _client(self, config: ClientConfig) -> AsyncWATS:
        token = config.server.token(TokenVault(self.paths.home.salt_file))
        assert token is not None
        return build_client(config, token, rate_limiter=RateLimiter(enabled=False))


@dataclass
class BenchStation:
    service: StationService
    watch: dict[str, Path]
    """Converter kind (``wsjf``, ``csv``) → its watch folder."""

    def queued(self) -> int:
        """Reports the converters have put in the queue so far (any state)."""
        stats = self.service.queue_stats()
        return 0 if stats is None else stats.total


def _write_config(home: Path, url: str, token: str, kinds: tuple[str, ...]) -> dict[str, Path]:
    paths = InstancePaths(INSTANCE_ID, home=HomePaths.resolve(home))
    paths.ensure_dirs()
    watch: dict[str, Path] = {}
    converters: list[dict[str, Any]] = []
    for kind in kinds:
        watch[kind] = home / "testers" / kind
        watch[kind].mkdir(parents=True)
        entry: dict[str, Any] = {
            "name": f"{kind}-bench",
            "class_path": BUILTIN_CONVERTERS[kind],
            "watch_folder": str(watch[kind]),
            "post_action": "delete",
        }
        if kind == "csv":
            entry["arguments"] = {"mapping": FCT_TEMPLATE}
            entry["patterns"] = ["*.csv"]
        converters.append(entry)
    config = ClientConfig.from_data(
        {
            "instance_id": INSTANCE_ID,
            "server": {"url": url},
            "station": {
                "name": "BENCH-CONV-01",
                "name_source": "config",
                "location": "Bench",
                "purpose": "Production",
            },
            "converters": converters,
        }
    )
    vault = TokenVault(HomePaths.resolve(home).salt_file)
    config = config.model_copy(update={"server": config.server.with_token(token, vault)})
    ConfigStore.for_instance(paths).save(config)
    return watch


@asynccontextmanager
async def running_station(
    home: Path, url: str, token: str, kinds: tuple[str, ...]
) -> AsyncIterator[BenchStation]:
    """A RUNNING station service on ``home`` (a fresh folder), stopped on exit."""
    watch = _write_config(home, url, token, kinds)
    service = _UnlimitedService(
        INSTANCE_ID, home=home, install_signal_handlers=False, shutdown_grace_s=10.0
    )
    task = asyncio.create_task(service.run())
    try:
        started = time.monotonic()
        while service.state is not ServiceState.RUNNING:
            if task.done() or time.monotonic() - started > START_TIMEOUT_S:
                raise RuntimeError(f"the station did not start (state {service.state.value})")
            await asyncio.sleep(0.05)
        yield BenchStation(service, watch)
    finally:
        service.request_stop()
        await task

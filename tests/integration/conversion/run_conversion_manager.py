"""Runs a ConversionManager until killed: ``python run_conversion_manager.py HOME CONFIG.json``.

Used by the crash test (SIGKILL at random moments, then a restart).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import anyio

from pywats.core.station import Station
from pywats_client.config import ClientConfig
from pywats_client.conversion import ConversionManager
from pywats_client.paths import HomePaths, InstancePaths
from pywats_client.queue import QueueStore


def main() -> None:
    home, config_file = sys.argv[1], Path(sys.argv[2])
    config = ClientConfig.from_data(json.loads(config_file.read_text("utf-8")))
    paths = InstancePaths("default", home=HomePaths.resolve(home))
    paths.ensure_dirs()
    with QueueStore(paths.queue_db) as queue:
        manager = ConversionManager(
            config, queue, paths, lambda: {50: "PCBA test"}, Station("ST-CRASH")
        )
        anyio.run(manager.run)


if __name__ == "__main__":
    main()

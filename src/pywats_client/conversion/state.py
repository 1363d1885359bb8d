"""Options, counters and per-converter state of the conversion pipeline (plain data, JSON-ready
for IPC and the GUI)."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pywats_client.config import ConverterConfig, WatchConfig
from pywats_client.conversion.attachments import DEFAULT_MAX_ATTACHMENT_BYTES
from pywats_client.conversion.pool import DEFAULT_IDLE_TIMEOUT_S
from pywats_client.conversion.stability import DEFAULT_STABLE_S
from pywats_client.conversion.watcher import (
    DEFAULT_POLL_INTERVAL_S,
    DEFAULT_RESCAN_INTERVAL_S,
    DEFAULT_RETRY_S,
)
from pywats_client.converters.checks import DEFAULT_FUTURE_TOLERANCE_S

__all__ = ["ConversionCounters", "ConversionOptions", "ConverterState"]


@dataclass(frozen=True)
class ConversionOptions:
    """Tuning of the conversion pipeline; the defaults suit a production station.

    Attributes:
        stable_s: A source is taken once its size and mtime were unchanged this long.
        rescan_interval_s: Safety-net rescan of each watch folder in events mode.
        poll_interval_s: Scan period in polling mode.
        force_polling: Poll every watch folder (network shares send no file events).
        unavailable_retry_s: How often a missing watch folder is looked for.
        worker_idle_timeout_s: Idle worker processes are stopped after this.
        max_attachment_bytes: Larger attachments are compressed, else dropped with a note.
        future_tolerance_s: How far a report's start may lie ahead of the server's clock.
        ledger_retention_s: Ledger rows of files no longer present are kept this long.
        load_retry_s: A converter that cannot be loaded is tried again after this.
        housekeeping_interval_s: Period of idle-worker reaping.
    """

    stable_s: float = DEFAULT_STABLE_S
    rescan_interval_s: float = DEFAULT_RESCAN_INTERVAL_S
    poll_interval_s: float = DEFAULT_POLL_INTERVAL_S
    force_polling: bool = False
    unavailable_retry_s: float = DEFAULT_RETRY_S
    worker_idle_timeout_s: float = DEFAULT_IDLE_TIMEOUT_S
    max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES
    future_tolerance_s: float = DEFAULT_FUTURE_TOLERANCE_S
    ledger_retention_s: float = 30 * 86400.0
    load_retry_s: float = 60.0
    housekeeping_interval_s: float = 10.0

    @classmethod
    def from_config(cls, watch: WatchConfig) -> ConversionOptions:
        """The options a config's ``watch`` section sets (the rest keep their defaults)."""
        return cls(**watch.model_dump())

    def __post_init__(self) -> None:
        for name in ("rescan_interval_s", "poll_interval_s", "unavailable_retry_s"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be > 0, got {getattr(self, name)}")
        if self.stable_s < 0:
            raise ValueError(f"stable_s must be >= 0, got {self.stable_s}")


@dataclass
class ConversionCounters:
    """Totals since the manager started: sources converted, failed, skipped; reports queued
    (new ones only); sources that changed while being converted and were taken again."""

    ok: int = 0
    failed: int = 0
    skipped: int = 0
    reports_queued: int = 0
    retaken: int = 0

    def to_json(self) -> dict[str, int]:
        return asdict(self)


@dataclass
class ConverterState:
    """What the GUI and ``get_status`` show for one configured converter."""

    name: str
    enabled: bool
    class_path: str
    folder: str | None
    kind: str | None = None
    version: str | None = None
    mode: str = "starting"  # a WatchMode value, "scheduled", "disabled", "load error"
    problem: str | None = None
    pending: int = 0
    in_flight: int = 0
    converted: int = 0
    failed: int = 0
    skipped: int = 0
    last_file: str | None = None
    last_result: str | None = None
    last_error: str | None = None
    last_at: float | None = None

    @classmethod
    def for_config(cls, config: ConverterConfig) -> ConverterState:
        return cls(
            name=config.name,
            enabled=config.enabled,
            class_path=config.class_path,
            folder=str(config.watch_folder) if config.watch_folder else None,
            mode="starting" if config.enabled else "disabled",
        )

    def record(self, path: Path | None, result: str, *, error: str | None = None) -> None:
        """Note the latest outcome (and error, when there is one)."""
        if path is not None:
            self.last_file = str(path)
        self.last_result = result
        if error is not None:
            self.last_error = error
        self.last_at = time.time()

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

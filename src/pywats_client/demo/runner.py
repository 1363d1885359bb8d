"""``pywats-client demo``: the whole station, end to end, on one screen.

It starts the WATS emulator on a free loopback port and a station service on a throw-away
instance (its own ``PYWATS_HOME``), configured with three watch folders (FCT CSV logs, JUnit
XML, WSJF JSON). Tester files then land one by one, as testers would write them; the service
converts, checks and queues them and the uploader delivers them. A live table shows each
file's way; the summary is checked against what the emulator stores, so every number printed
can be verified there (``--keep`` leaves both running to look around).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.live import Live
from rich.table import Table

from pywats import AsyncWATS
from pywats.domains.report import F
from pywats_client.config import ClientConfig, ConfigStore
from pywats_client.converters.builtin import BUILTIN_CONVERTERS
from pywats_client.demo.samples import FCT_TEMPLATE, SampleFile, write_samples
from pywats_client.paths import HomePaths, InstancePaths
from pywats_client.queue import QueueState
from pywats_client.security import TokenVault
from pywats_client.service import ServiceState, StationService
from pywats_emulator.server import EmulatorServer

__all__ = ["DemoOutcome", "run_demo"]

INSTANCE_ID = "demo"
_CONVERTERS = {"csv": "csv", "junit": "junit", "wsjf": "wsjf"}


@dataclass
class DemoOutcome:
    """What the demo saw; ``ok`` when every good file reached the emulator exactly once."""

    files_dropped: int = 0
    reports_expected: int = 0
    reports_on_server: int = 0
    errors_in_error_folder: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0

    @property
    def ok(self) -> bool:
        return self.reports_on_server == self.reports_expected and bool(self.errors_in_error_folder)


@contextmanager
def _demo_home(home: Path | None) -> Iterator[Path]:
    if home is not None:
        home.mkdir(parents=True, exist_ok=True)
        yield home
        return
    with tempfile.TemporaryDirectory(prefix="pywats-demo-") as tmp:
        yield Path(tmp)


def _write_config(home: Path, emulator: EmulatorServer) -> dict[str, tuple[Path, Path]]:
    """The demo instance's config: server, token (encrypted), station, three converters.

    Returns each converter kind's (watch folder, error folder).
    """
    paths = InstancePaths(INSTANCE_ID, home=HomePaths.resolve(home))
    paths.ensure_dirs()
    folders = {kind: home / "testers" / kind for kind in _CONVERTERS}
    converters: list[dict[str, Any]] = []
    for kind, name in _CONVERTERS.items():
        folders[kind].mkdir(parents=True, exist_ok=True)
        entry: dict[str, Any] = {
            "name": f"{name}-line1",
            "class_path": BUILTIN_CONVERTERS[name],
            "watch_folder": str(folders[kind]),
            "post_action": "move",
        }
        if kind == "csv":
            entry["arguments"] = {"mapping": FCT_TEMPLATE}
            entry["patterns"] = ["*.csv"]
        converters.append(entry)
    config = ClientConfig.from_data(
        {
            "instance_id": INSTANCE_ID,
            "server": {"url": emulator.url},
            "station": {
                "name": "DEMO-FCT-01",
                "name_source": "config",
                "location": "Demo line",
                "purpose": "Production",
            },
            "queue": {"retry_base_s": 2.0, "retry_cap_s": 30.0},
            "converters": converters,
        }
    )
    vault = TokenVault(HomePaths.resolve(home).salt_file)
    config = config.model_copy(update={"server": config.server.with_token(emulator.token, vault)})
    ConfigStore.for_instance(paths).save(config)
    result: dict[str, tuple[Path, Path]] = {}
    for kind, converter in zip(_CONVERTERS, config.converters, strict=True):
        assert converter.effective_error_folder is not None
        result[kind] = (folders[kind], converter.effective_error_folder)
    return result


def _table(samples: list[SampleFile], status: dict[str, str], header: str) -> Table:
    table = Table(title=header, expand=False)
    for column in ("file", "converter", "serial", "state"):
        table.add_column(column)
    for sample in samples:
        table.add_row(sample.name, sample.converter, sample.serial or "-", status[sample.name])
    return table


async def _results_on_server(url: str, token: str, serials: list[str]) -> dict[str, str]:
    """Serial number → result ("Passed", "Failed"...) of the reports the server holds."""
    async with AsyncWATS(url, token) as wats:
        headers = await wats.report.query_uut_headers(
            filter=F.serial_number.one_of(serials), top=10_000
        )
    return {h.serial_number: str(h.result) for h in headers if h.serial_number}


async def _drive(
    service: StationService,
    emulator: EmulatorServer,
    samples: list[SampleFile],
    staging: Path,
    folders: dict[str, tuple[Path, Path]],
    interval_s: float,
    timeout_s: float,
    console: Console,
) -> DemoOutcome:
    outcome = DemoOutcome()
    status = {sample.name: "waiting" for sample in samples}
    good = [s for s in samples if s.serial is not None]
    outcome.reports_expected = len(good)
    started = time.monotonic()
    while service.state is not ServiceState.RUNNING:
        if time.monotonic() - started > 30:
            raise RuntimeError(f"the service did not start (state {service.state.value})")
        await asyncio.sleep(0.05)
    watch = {kind: pair[0] for kind, pair in folders.items()}
    error_folder = {kind: pair[1] for kind, pair in folders.items()}
    with Live(
        _table(samples, status, "Tester files"), console=console, refresh_per_second=8
    ) as live:
        for sample in samples:
            os.replace(staging / sample.name, watch[sample.converter] / sample.name)
            status[sample.name] = "landed"
            outcome.files_dropped += 1
            live.update(_table(samples, status, "Tester files"))
            await asyncio.sleep(interval_s)
        deadline = time.monotonic() + timeout_s
        delivered: dict[str, str] = {}
        while time.monotonic() < deadline:
            serials = [s.serial for s in good if s.serial]
            delivered = await _results_on_server(emulator.url, emulator.token, serials)
            for sample in samples:
                if sample.serial in delivered:
                    result = delivered[sample.serial]
                    colour = "green" if result == "Passed" else "yellow"
                    status[sample.name] = f"[{colour}]on WATS: {result}[/{colour}]"
                elif (error_folder[sample.converter] / sample.name).exists():
                    status[sample.name] = "[red]error folder[/red]"
                elif not (watch[sample.converter] / sample.name).exists():
                    status[sample.name] = "converted, queued"
            stats = await asyncio.to_thread(service.queue_stats)
            header = (
                "Tester files"
                if stats is None
                else (
                    f"Tester files - queue: {stats.count(QueueState.PENDING)} pending, "
                    f"{stats.count(QueueState.COMPLETED)} delivered, "
                    f"{stats.count(QueueState.FAILED)} failed"
                )
            )
            live.update(_table(samples, status, header))
            errors_done = all(
                (error_folder[s.converter] / s.name).exists() for s in samples if s.serial is None
            )
            if len(delivered) == len(good) and errors_done:
                break
            await asyncio.sleep(0.25)
    outcome.reports_on_server = len(delivered)
    for kind, folder in error_folder.items():
        if folder.is_dir():
            outcome.errors_in_error_folder += [
                f"{kind}/{p.name}" for p in sorted(folder.glob("*.error.txt"))
            ]
    outcome.elapsed_s = time.monotonic() - started
    return outcome


async def _run(
    home: Path, files: int, interval_s: float, timeout_s: float, keep: bool, console: Console
) -> DemoOutcome:
    with EmulatorServer(
        db_path=home / "emulator.sqlite3", token=secrets.token_urlsafe(18)
    ) as emulator:
        console.print(f"[bold]WATS emulator[/bold] at {emulator.url}  (data in {home})")
        folders = _write_config(home, emulator)
        samples = write_samples(home / "staging", files)
        service = StationService(
            INSTANCE_ID, home=home, install_signal_handlers=False, shutdown_grace_s=10.0
        )
        task = asyncio.create_task(service.run())
        try:
            outcome = await _drive(
                service,
                emulator,
                samples,
                home / "staging",
                folders,
                interval_s,
                timeout_s,
                console,
            )
            if keep:
                console.print(
                    f"\nKept running: emulator {emulator.url}, watch folders under "
                    f"{home / 'testers'}. Drop more files there; Ctrl+C to stop."
                )
                await asyncio.Event().wait()
        finally:
            service.request_stop()
            await task
    return outcome


def run_demo(
    *,
    files: int = 18,
    interval_s: float = 0.2,
    timeout_s: float = 120.0,
    keep: bool = False,
    home: Path | None = None,
    console: Console | None = None,
) -> DemoOutcome:
    """Run the station demo; returns what it saw (see :class:`DemoOutcome`)."""
    console = console or Console()
    with _demo_home(home) as root:
        previous = os.environ.get("PYWATS_HOME")
        os.environ["PYWATS_HOME"] = str(root)
        try:
            outcome = asyncio.run(_run(root, files, interval_s, timeout_s, keep, console))
        except KeyboardInterrupt:
            console.print("stopped")
            raise
        finally:
            if previous is None:
                os.environ.pop("PYWATS_HOME", None)
            else:
                os.environ["PYWATS_HOME"] = previous
    verdict = "[green]OK[/green]" if outcome.ok else "[red]INCOMPLETE[/red]"
    console.print(
        f"\n{verdict}: {outcome.files_dropped} files landed, {outcome.reports_expected} good "
        f"reports expected, {outcome.reports_on_server} found on the WATS emulator by serial "
        f"number; {len(outcome.errors_in_error_folder)} bad file(s) in the error folder with "
        f"a reason ({', '.join(outcome.errors_in_error_folder) or 'none'}); "
        f"{outcome.elapsed_s:.1f} s."
    )
    return outcome

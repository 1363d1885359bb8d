"""(b) Idle memory and CPU of a running service, (c) its start-up time; each with a baseline.

(b) A service child is started and left idle (empty queue, emulator reachable, default timers:
1 s queue poll, 5 s config poll, 5 min ping and reference sync). After it is ready and has
settled for a second, its CPU time is read, then again after the idle window; RSS (and USS,
memory no other process shares) at the end. The baseline is ``python -c "import time;
time.sleep(...)"`` started alongside and read the same way.

(c) Wall time from spawning ``python -m pywats_client.cli service`` to the first ``/ready``
200 (the service is RUNNING: config loaded, queue open, IPC and health served), against
spawning ``python -c pass`` until it exits. A middle figure is ``python -m pywats_client.cli
--version``: the interpreter plus the CLI's imports, nothing started.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from typing import Any

import psutil

from emulator_process import EmulatorProcess
from service.service_process import ServiceProcess

__all__ = ["IdleFigures", "StartupFigures", "measure_idle", "measure_startup"]

_SETTLE_S = 1.0


@dataclass(frozen=True)
class IdleFigures:
    idle_s: float
    service_rss_mb: float
    service_uss_mb: float
    service_cpu_pct: float  # of one core, over the idle window
    baseline_rss_mb: float
    baseline_uss_mb: float
    baseline_cpu_pct: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class StartupFigures:
    runs: int
    service_s: list[float]
    cli_import_s: list[float]
    bare_python_s: list[float]

    @property
    def service_median_s(self) -> float:
        return statistics.median(self.service_s)

    @property
    def cli_import_median_s(self) -> float:
        return statistics.median(self.cli_import_s)

    @property
    def bare_median_s(self) -> float:
        return statistics.median(self.bare_python_s)

    def as_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "service_median_s": self.service_median_s,
            "cli_import_median_s": self.cli_import_median_s,
            "bare_python_median_s": self.bare_median_s,
        }


def _cpu_s(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


def _memory_mb(process: psutil.Process) -> tuple[float, float]:
    info = process.memory_full_info()
    return info.rss / 1e6, info.uss / 1e6


def measure_idle(emulator: EmulatorProcess, idle_s: float) -> IdleFigures:
    sleeper_cmd = [sys.executable, "-c", f"import time; time.sleep({idle_s + 120:.0f})"]
    sleeper = subprocess.Popen(sleeper_cmd, stdin=subprocess.DEVNULL)
    try:
        with ServiceProcess(emulator.url, emulator.token) as service:
            service.wait_ready()
            time.sleep(_SETTLE_S)
            procs = {
                "service": psutil.Process(service.pid),
                "baseline": psutil.Process(sleeper.pid),
            }
            cpu_before = {name: _cpu_s(p) for name, p in procs.items()}
            start = time.perf_counter()
            time.sleep(idle_s)
            wall_s = time.perf_counter() - start
            cpu_pct = {
                name: (_cpu_s(p) - cpu_before[name]) / wall_s * 100.0 for name, p in procs.items()
            }
            memory = {name: _memory_mb(p) for name, p in procs.items()}
    finally:
        sleeper.kill()
        sleeper.wait()
    return IdleFigures(
        idle_s=wall_s,
        service_rss_mb=memory["service"][0],
        service_uss_mb=memory["service"][1],
        service_cpu_pct=cpu_pct["service"],
        baseline_rss_mb=memory["baseline"][0],
        baseline_uss_mb=memory["baseline"][1],
        baseline_cpu_pct=cpu_pct["baseline"],
    )


def _run_to_exit_s(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def measure_startup(emulator: EmulatorProcess, runs: int) -> StartupFigures:
    """``runs`` of each, interleaved, so drift on the machine hits all three alike."""
    bare: list[float] = []
    cli: list[float] = []
    service_s: list[float] = []
    for _ in range(runs):
        bare.append(_run_to_exit_s([sys.executable, "-c", "pass"]))
        cli.append(_run_to_exit_s([sys.executable, "-m", "pywats_client.cli", "--version"]))
        with ServiceProcess(emulator.url, emulator.token) as service:
            service_s.append(service.wait_ready())
    return StartupFigures(runs=runs, service_s=service_s, cli_import_s=cli, bare_python_s=bare)

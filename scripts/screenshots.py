#!/usr/bin/env python3
"""Screenshots of every GUI page for the docs, taken from the real thing.

It starts the WATS emulator and a station service on a throw-away instance configured like
``pywats-client demo`` (three watch folders), lets tester files land (the demo's sample
writer: CSV, JUnit and WSJF files plus one broken file), queues one report the server refuses
(so the queue shows a failure), publishes two software packages, and waits until everything
is delivered or failed. Then it opens the real main window at 1366x768 and saves one PNG per
page in the light theme, plus the dashboard in the dark theme::

    python scripts/screenshots.py                 # into docs/images/
    python scripts/screenshots.py --out /tmp/shots

Needs the ``[gui]`` extra. Without a display it re-runs itself under ``xvfb-run -a`` when
that exists, else it falls back to Qt's offscreen platform (fonts may then look plainer).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO_ROOT / "docs" / "images"
WINDOW_SIZE = (1366, 768)
_REEXEC_ENV = "PYWATS_SCREENSHOTS_UNDER_XVFB"
_SAMPLE_FILES = 9  # tester files besides the broken one
_SETTLE_S = 0.6  # time for a page's refresh and the next status poll to land


def _display_works() -> bool:
    """Whether Qt can open the display (its xcb plugin needs some system libraries)."""
    probe = subprocess.run(
        [sys.executable, "-c", "from PySide6.QtWidgets import QApplication; QApplication([])"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    return probe.returncode == 0


def _ensure_display() -> None:
    """Re-exec under xvfb-run when there is no display; fall back to offscreen rendering
    when there is no xvfb-run or Qt cannot use the display."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    has_display = bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    xvfb = shutil.which("xvfb-run")
    if not has_display and xvfb and not os.environ.get(_REEXEC_ENV):
        env = {**os.environ, _REEXEC_ENV: "1"}
        argv = [xvfb, "-a", "-s", "-screen 0 1920x1080x24", sys.executable, *sys.argv]
        os.execve(xvfb, argv, env)
    if has_display and _display_works():
        return
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    why = "Qt cannot open the display" if has_display else "no display and no xvfb-run"
    print(f"note: {why}: using Qt's offscreen platform (plainer fonts)", file=sys.stderr)


def _wait(condition: Callable[[], bool], what: str, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.1)


# -- the station side ----------------------------------------------------------------------


def _publish_packages(url: str, token: str) -> None:
    from pywats import pyWATS
    from pywats.domains.software.models import Package, PackageTag

    with pyWATS(url, token) as wats:
        firmware = wats.software.create_package(
            Package(
                name="ICT-Fixture-Firmware",
                description="Firmware for the line 1 ICT fixture",
                priority=10,
                tags=[PackageTag(key="line", value="1")],
            )
        )
        if firmware is not None and firmware.package_id is not None:
            wats.software.submit_for_review(firmware.package_id)
            wats.software.release_package(firmware.package_id)
        wats.software.create_package(
            Package(name="FCT-Test-Sequences", description="Python test sequences, next version")
        )


def _refused_report() -> dict[str, Any]:
    """A report with a process code the server does not know: delivery fails for good."""
    return {
        "id": str(uuid.uuid4()),
        "type": "T",
        "pn": "PSU-200",
        "sn": "DEMO-REFUSED-1",
        "rev": "A",
        "processCode": 9999,
        "result": "P",
        "start": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "uut": {"user": "operator", "execTime": 12.5},
        "root": {"group": "M", "stepType": "SequenceCall", "name": "Main", "status": "P"},
    }


def _land_samples(home: Path, folders: dict[str, tuple[Path, Path]]) -> int:
    """Drop the demo's tester files into the watch folders; returns how many are good."""
    from pywats_client.demo.samples import write_samples

    staging = home / "staging"
    samples = write_samples(staging, _SAMPLE_FILES)
    for sample in samples:
        os.replace(staging / sample.name, folders[sample.converter][0] / sample.name)
    return sum(1 for sample in samples if sample.serial is not None)


# -- the GUI side --------------------------------------------------------------------------


async def _shoot(window: Any, bridge: Any, theme: Any, out: Path, sample_file: Path) -> list[Path]:
    from pywats_client.gui.pages import PAGES
    from pywats_client.gui.theme import ThemeMode

    bridge.start()
    deadline = time.monotonic() + 30
    while bridge.last_status is None:
        if time.monotonic() > deadline:
            raise SystemExit("the GUI did not reach the service")
        await asyncio.sleep(0.1)
    saved: list[Path] = []
    for spec in PAGES:
        window.select_page(spec.key)
        controller = window.controllers[spec.key]
        await controller.refresh()
        await _prepare(spec.key, window, controller)
        await asyncio.sleep(_SETTLE_S)
        saved.append(_save(window, out / f"gui-{spec.key.replace('_', '-')}.png"))
    await _converter_test(window, sample_file)
    await asyncio.sleep(_SETTLE_S)
    saved.append(_save(window, out / "gui-converters-test.png"))
    theme.set_mode(ThemeMode.DARK)
    window.select_page("dashboard")
    await window.controllers["dashboard"].refresh()
    await asyncio.sleep(_SETTLE_S)
    saved.append(_save(window, out / "gui-dashboard-dark.png"))
    return saved


async def _prepare(key: str, window: Any, controller: Any) -> None:
    """Page-specific actions so each screenshot shows the page at work."""
    view = window.views[key]
    if key == "converters":
        view.select_name("csv-line1")
        view.tabs.setCurrentIndex(0)
    elif key == "queue" and controller.shown_ids:
        controller.select_report(controller.shown_ids[0])  # the refused one, with its reason
        await controller.load_details(controller.shown_ids[0])
    elif key == "log":
        problems = [
            r for r in range(view.proxy.rowCount()) if view.proxy.index(r, 1).data() == "ERROR"
        ]
        if problems:
            view.table.selectRow(problems[-1])
    elif key == "serial_numbers":
        await controller.load_types()
        view.type_box.setCurrentText("SerialNumber")
        view.quantity_spin.setValue(5)
        view.ref_sn_edit.setText("PCB-0042")
        view.ref_pn_edit.setText("PCB-100")
        await controller.take()


async def _converter_test(window: Any, sample_file: Path) -> None:
    """The converters page's second tab: a dry run of a tester file."""
    view = window.views["converters"]
    window.select_page("converters")
    view.select_name("wsjf-line1")
    view.tabs.setCurrentIndex(1)
    view.test_file_field.edit.setText(str(sample_file))
    await window.controllers["converters"].run_test()


def _save(window: Any, path: Path) -> Path:
    # No processEvents() here: the loop that runs this coroutine is Qt's; the sleep before
    # this call let it lay out and paint.
    if not window.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"saved {path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path}")
    return path


def _run_gui(home: Path, instance_id: str, out: Path, sample_file: Path) -> list[Path]:
    import qasync

    from pywats_client.gui.app import create_application
    from pywats_client.gui.bridge import ServiceBridge
    from pywats_client.gui.main_window import MainWindow
    from pywats_client.gui.preferences import GuiPreferences
    from pywats_client.gui.theme import ThemeManager, ThemeMode
    from pywats_client.paths import HomePaths

    app = create_application()
    theme = ThemeManager(app, ThemeMode.LIGHT)
    theme.apply()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    paths = HomePaths.resolve(home)
    bridge = ServiceBridge(instance_id, home=paths, poll_interval_s=0.3)
    window = MainWindow(
        bridge,
        preferences=GuiPreferences(paths),
        theme=theme,
        page_refresh_s=1.0,
        tray_enabled=False,
        login_on_start=False,
    )
    window.resize(*WINDOW_SIZE)
    window.show()

    async def run() -> list[Path]:
        try:
            return await _shoot(window, bridge, theme, out, sample_file)
        finally:
            window.shutdown()
            await bridge.stop()

    with loop:
        return loop.run_until_complete(run())


# -- main ----------------------------------------------------------------------------------


def _start_service(home: Path, instance_id: str, log: Path) -> subprocess.Popen[bytes]:
    """``pywats-client service`` in its own process, as on a station (the GUI is a client)."""
    from pywats_client.ipc import IpcError, discover, request_sync
    from pywats_client.paths import HomePaths, InstancePaths

    command = [sys.executable, "-m", "pywats_client.cli", "service", "-i", instance_id]
    env = {**os.environ, "PYWATS_HOME": str(home)}
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    endpoint_file = InstancePaths(instance_id, home=HomePaths.resolve(home)).endpoint_file

    def running() -> bool:
        if process.poll() is not None:
            raise SystemExit(f"the service ended at start:\n{log.read_text()}")
        endpoint = discover(endpoint_file)
        if endpoint is None:
            return False
        try:
            return request_sync(endpoint, "get_status").get("state") == "RUNNING"
        except IpcError:
            return False

    _wait(running, "the service to start")
    return process


def _stop_service(process: subprocess.Popen[bytes]) -> None:
    process.terminate()  # SIGTERM: the graceful stop
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the PNGs go")
    args = parser.parse_args(argv)
    _ensure_display()

    from pywats_client.demo.runner import INSTANCE_ID, _write_config
    from pywats_client.paths import HomePaths, InstancePaths
    from pywats_client.queue import QueueState, QueueStore
    from pywats_client.service import enqueue_report
    from pywats_emulator.server import EmulatorServer

    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="pws") as tmp:  # short: socket paths are limited
        home = Path(tmp)
        os.environ["PYWATS_HOME"] = str(home)
        with EmulatorServer(token=secrets.token_urlsafe(18)) as emulator:
            _publish_packages(emulator.url, emulator.token)
            folders = _write_config(home, emulator)
            paths = InstancePaths(INSTANCE_ID, home=HomePaths.resolve(home))
            service = _start_service(home, INSTANCE_ID, home / "service.log")
            try:
                good = _land_samples(home, folders)
                with QueueStore(paths.queue_db) as queue:
                    enqueue_report(queue, _refused_report(), source="screenshots")

                    def settled() -> bool:
                        stats = queue.stats()
                        return (
                            stats.count(QueueState.COMPLETED) >= good
                            and stats.count(QueueState.FAILED) >= 1
                        )

                    _wait(settled, "the reports to be delivered (and one refused)")
                sample = home / "sample-report.json"
                sample.write_text(_sample_report_text())
                _run_gui(home, INSTANCE_ID, out, sample)
            finally:
                _stop_service(service)
    return 0


def _sample_report_text() -> str:
    """A WSJF file for the converters page's "Test a file" (one unit from the demo)."""
    import json

    from pywats_client.demo.samples import write_samples

    with tempfile.TemporaryDirectory() as staging:
        samples = write_samples(Path(staging), 3, seed=11)
        wsjf = next(sample for sample in samples if sample.converter == "wsjf")
        return json.dumps(json.loads(wsjf.content))


if __name__ == "__main__":
    raise SystemExit(main())

"""Dashboard on a real service: live state, queue counts, pause/resume, recent uploads."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from pywats_client.gui.main_window import MainWindow
from pywats_client.gui.views.dashboard import DashboardView

WSJF_CLASS = "pywats_client.converters.builtin.wsjf:WsjfConverter"


def _dashboard(window: MainWindow) -> DashboardView:
    window.select_page("dashboard")
    view = window.views["dashboard"]
    assert isinstance(view, DashboardView)
    return view


def test_dashboard_shows_service_state_and_queue_counts(
    qtbot: Any,
    main_window: MainWindow,
    station: Any,
    report_factory: Callable[..., dict[str, Any]],
    stored_on_server: Callable[[str], bool],
    wait_ms: int,
) -> None:
    view = _dashboard(main_window)
    qtbot.waitUntil(lambda: view.service_state.text() == "RUNNING", timeout=wait_ms)
    assert view.server_state.text() == "online"
    assert view.queue_cards["pending"].figure.text() == "0"

    # Paused from the dashboard: reports queue up and the counts say so.
    qtbot.mouseClick(view.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.service_state.text() == "PAUSED", timeout=wait_ms)
    assert station.service.state.value == "PAUSED"
    reports = [report_factory(f"SN-DASH-{n}") for n in range(3)]
    with station.open_queue() as queue:
        for report in reports:
            queue.enqueue(report["id"], json.dumps(report).encode(), source="test")
    qtbot.waitUntil(lambda: view.queue_cards["pending"].figure.text() == "3", timeout=wait_ms)
    assert view.resume_button.isEnabled() and not view.pause_button.isEnabled()

    qtbot.mouseClick(view.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.queue_cards["completed"].figure.text() == "3", timeout=wait_ms)
    assert view.service_state.text() == "RUNNING"
    assert view.queue_cards["pending"].figure.text() == "0"
    assert view.uploads.figure.text() == "3"
    assert all(stored_on_server(report["id"]) for report in reports)

    # Recent uploads list the delivered reports (refreshed while the page is shown).
    table = view.recent_table
    qtbot.waitUntil(lambda: table.rowCount() == 3, timeout=wait_ms)
    shown = {table.item(row, 1).text() for row in range(3)}
    assert shown == {report["id"] for report in reports}


def test_dashboard_says_when_the_service_is_gone(
    qtbot: Any, main_window: MainWindow, station: Any, wait_ms: int
) -> None:
    view = _dashboard(main_window)
    qtbot.waitUntil(lambda: view.service_state.text() == "RUNNING", timeout=wait_ms)
    station.stop()
    qtbot.waitUntil(lambda: view.service_state.text() == "not running", timeout=wait_ms)
    assert not view.pause_button.isEnabled()
    assert not view.resume_button.isEnabled()


def test_dashboard_shows_converters_live(
    qtbot: Any,
    station_harness: Any,
    bridge: Any,
    make_window: Any,
    gui_home: Path,
    report_factory: Callable[..., dict[str, Any]],
    wait_ms: int,
) -> None:
    watch = gui_home / "watch"
    watch.mkdir()
    entry = {"name": "wsjf-in", "class_path": WSJF_CLASS, "watch_folder": str(watch)}
    station_harness.config_store().set("converters", [entry])
    station_harness.start()
    window = make_window()
    view = _dashboard(window)
    table = view.converters_table
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=wait_ms)
    assert table.item(0, 0).text() == "wsjf-in"
    assert table.item(0, 2).text() == "0"

    report = report_factory("SN-CONV")
    (watch / "unit.json").write_text(json.dumps(report), "utf-8")
    qtbot.waitUntil(lambda: table.item(0, 2).text() == "1", timeout=wait_ms)
    qtbot.waitUntil(lambda: view.conversions.figure.text() == "1", timeout=wait_ms)
    # The converter gives the report its own id; it is delivered like any other.
    qtbot.waitUntil(lambda: view.queue_cards["completed"].figure.text() == "1", timeout=wait_ms)

"""Queue page on a real service: a report the server refused is shown with the server's
message, retried from the page and delivered; purging asks first."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from pywats_client.gui.bridge import BridgeError
from pywats_client.gui.controllers.queue import QueueController
from pywats_client.gui.main_window import MainWindow
from pywats_client.gui.views.queue import QueueView
from pywats_emulator.testing import EmulatorServer


def _queue_page(window: MainWindow) -> tuple[QueueView, QueueController]:
    window.select_page("queue")
    view, controller = window.views["queue"], window.controllers["queue"]
    assert isinstance(view, QueueView) and isinstance(controller, QueueController)
    return view, controller


def _fail_reports(
    qtbot: Any, station: Any, emulator: EmulatorServer, reports: list[dict[str, Any]], wait_ms: int
) -> None:
    """Queue reports while the server answers 400 to everything: they are parked as failed."""
    emulator.faults.configure(error_rate=1.0, error_status=400)
    with station.open_queue() as queue:
        for report in reports:
            queue.enqueue(report["id"], json.dumps(report).encode(), source="test")

        def all_failed() -> bool:
            return queue.stats().failed == len(reports)

        qtbot.waitUntil(all_failed, timeout=wait_ms)


def test_failed_report_is_retried_from_the_queue_page_and_delivered(
    qtbot: Any,
    main_window: MainWindow,
    station: Any,
    wats_emulator: EmulatorServer,
    report_factory: Callable[..., dict[str, Any]],
    stored_on_server: Callable[[str], bool],
    wait_ms: int,
) -> None:
    report = report_factory("SN-RETRY")
    _fail_reports(qtbot, station, wats_emulator, [report], wait_ms)
    view, controller = _queue_page(main_window)
    assert view.current_state() == "failed"
    qtbot.waitUntil(lambda: controller.shown_ids == [report["id"]], timeout=wait_ms)
    qtbot.waitUntil(lambda: view.tabs.tabText(0) == "Failed (1)", timeout=wait_ms)
    assert not view.retry_button.isEnabled()  # nothing selected yet

    controller.select_report(report["id"])
    qtbot.waitUntil(
        lambda: "emulated server error" in view.error_text.toPlainText(), timeout=wait_ms
    )
    assert "400" in view.error_text.toPlainText()
    assert view.detail_labels["serial"].text() == "SN-RETRY / PN-GUI"
    assert view.detail_labels["state"].text() == "failed"

    wats_emulator.faults.clear()  # the server is fixed; the operator retries
    assert not stored_on_server(report["id"])
    qtbot.mouseClick(view.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: stored_on_server(report["id"]), timeout=wait_ms)
    qtbot.waitUntil(lambda: view.tabs.tabText(0) == "Failed (0)", timeout=wait_ms)
    qtbot.waitUntil(lambda: controller.shown_ids == [], timeout=wait_ms)
    assert "1 report queued for delivery again" in view.message.text()
    with station.open_queue() as queue:
        delivered = queue.get(report["id"])
    assert delivered is not None and delivered.state.value == "completed"


def test_retry_all_failed(
    qtbot: Any,
    main_window: MainWindow,
    station: Any,
    wats_emulator: EmulatorServer,
    report_factory: Callable[..., dict[str, Any]],
    stored_on_server: Callable[[str], bool],
    wait_ms: int,
) -> None:
    reports = [report_factory(f"SN-ALL-{n}") for n in range(2)]
    _fail_reports(qtbot, station, wats_emulator, reports, wait_ms)
    view, _controller = _queue_page(main_window)
    qtbot.waitUntil(view.retry_all_button.isEnabled, timeout=wait_ms)
    wats_emulator.faults.clear()
    qtbot.mouseClick(view.retry_all_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: all(stored_on_server(r["id"]) for r in reports), timeout=wait_ms)


def _answer(qtbot: Any, view: QueueView, button: QMessageBox.StandardButton, wait_ms: int) -> None:
    qtbot.waitUntil(
        lambda: view.confirm_box is not None and view.confirm_box.isVisible(), timeout=wait_ms
    )
    box = view.confirm_box
    assert box is not None
    qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)


def test_purge_asks_first_and_deletes_only_what_was_confirmed(
    qtbot: Any,
    main_window: MainWindow,
    station: Any,
    wats_emulator: EmulatorServer,
    report_factory: Callable[..., dict[str, Any]],
    wait_ms: int,
) -> None:
    first, second = report_factory("SN-P1"), report_factory("SN-P2")
    _fail_reports(qtbot, station, wats_emulator, [first, second], wait_ms)
    view, controller = _queue_page(main_window)
    qtbot.waitUntil(lambda: len(controller.shown_ids) == 2, timeout=wait_ms)

    controller.select_report(first["id"])
    qtbot.mouseClick(view.purge_button, Qt.MouseButton.LeftButton)
    _answer(qtbot, view, QMessageBox.StandardButton.No, wait_ms)
    qtbot.wait(50)
    with station.open_queue() as queue:
        assert queue.stats().failed == 2  # "No" keeps both

    qtbot.mouseClick(view.purge_button, Qt.MouseButton.LeftButton)
    _answer(qtbot, view, QMessageBox.StandardButton.Yes, wait_ms)
    qtbot.waitUntil(lambda: controller.shown_ids == [second["id"]], timeout=wait_ms)
    with station.open_queue() as queue:
        assert queue.get(first["id"]) is None
        assert queue.get(second["id"]) is not None

    qtbot.mouseClick(view.purge_all_button, Qt.MouseButton.LeftButton)
    _answer(qtbot, view, QMessageBox.StandardButton.Yes, wait_ms)
    qtbot.waitUntil(lambda: controller.shown_ids == [], timeout=wait_ms)
    with station.open_queue() as queue:
        assert queue.stats().failed == 0


def test_pending_tab_lists_reports_waiting(
    qtbot: Any,
    main_window: MainWindow,
    station: Any,
    arun: Any,
    report_factory: Callable[..., dict[str, Any]],
    wait_ms: int,
) -> None:
    arun(main_window.bridge.request("stop"))  # paused: reports stay pending
    report = report_factory("SN-WAIT")
    with station.open_queue() as queue:
        queue.enqueue(report["id"], json.dumps(report).encode(), source="test")
    view, controller = _queue_page(main_window)
    view.tabs.setCurrentIndex(1)
    assert view.current_state() == "pending"
    qtbot.waitUntil(lambda: controller.shown_ids == [report["id"]], timeout=wait_ms)
    controller.select_report(report["id"])
    qtbot.waitUntil(lambda: view.detail_labels["state"].text() == "pending", timeout=wait_ms)
    assert not view.retry_button.isEnabled()  # only failed reports are retried
    assert not view.purge_button.isEnabled()


def test_queue_commands_refuse_what_would_lose_reports(
    main_window: MainWindow,
    station: Any,
    arun: Any,
    report_factory: Callable[..., dict[str, Any]],
) -> None:
    bridge = main_window.bridge
    arun(bridge.request("stop"))
    report = report_factory("SN-KEEP")
    with station.open_queue() as queue:
        queue.enqueue(report["id"], json.dumps(report).encode(), source="test")
    with pytest.raises(BridgeError, match="still on their way to the server"):
        arun(bridge.request("purge_queue", state="pending"))
    # Ids of reports that are not failed are skipped, not deleted.
    assert arun(bridge.request("purge_queue", ids=[report["id"]]))["purged"] == 0
    item = arun(bridge.request("get_queue_item", report_id=report["id"]))
    assert item["summary"] == {
        "type": "T",
        "pn": "PN-GUI",
        "sn": "SN-KEEP",
        "rev": "A",
        "processCode": 100,
        "result": "P",
        "start": "2026-01-30T10:00:00+01:00",
    }
    assert "payload" not in item
    with pytest.raises(BridgeError, match="not in the queue"):
        arun(bridge.request("get_queue_item", report_id="no-such-report"))

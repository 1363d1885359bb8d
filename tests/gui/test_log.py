"""The Log page against a real service: it tails the live log, filters, never shows the token."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from pywats_client.gui.bridge import ServiceBridge
from pywats_client.gui.controllers.log import LogController
from pywats_client.gui.views.log import LogModel, LogView
from pywats_emulator.testing import EmulatorServer


def _page(qtbot: Any, bridge: ServiceBridge) -> tuple[LogView, LogController]:
    view = LogView()
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    return view, LogController(view, bridge)


def test_log_page_tails_the_service_log_without_secrets(
    qtbot: Any, bridge: ServiceBridge, station: Any, arun: Any, wats_emulator: EmulatorServer
) -> None:
    view, controller = _page(qtbot, bridge)
    arun(controller.refresh())
    assert "service state: RUNNING" in view.model.messages()
    assert view.status_label.text().startswith(f"{view.model.rowCount()} lines")

    logging.getLogger("pywats_client.gui_test").warning("leaked %s", wats_emulator.token)
    arun(bridge.request("reload_config"))
    arun(controller.refresh())
    messages = view.model.messages()
    assert "leaked ***" in messages
    reloads = [i for i, m in enumerate(messages) if m.startswith("configuration reloaded from")]
    assert reloads and reloads[-1] > messages.index("leaked ***")  # in the order they came
    assert all(wats_emulator.token not in message for message in messages)
    assert messages.count("leaked ***") == 1  # each record once, however often we ask

    view.filter_edit.setText("RELOADED")  # the text filter is case-insensitive
    assert view.proxy.rowCount() >= 1
    assert all(
        "reloaded" in view.proxy.index(r, 3).data().lower() for r in range(view.proxy.rowCount())
    )
    view.table.selectRow(view.proxy.rowCount() - 1)
    assert "configuration reloaded from" in view.detail.toPlainText()
    view.copy_button.click()
    assert "configuration reloaded from" in QGuiApplication.clipboard().text()
    assert "service state" not in QGuiApplication.clipboard().text()


def test_level_filter_asks_the_service_again(
    qtbot: Any, bridge: ServiceBridge, station: Any, arun: Any, wait_ms: int
) -> None:
    view, controller = _page(qtbot, bridge)
    logging.getLogger("pywats_client.gui_test").warning("a warning for the filter")
    arun(controller.refresh())
    assert view.model.rowCount() > 1
    view.level_box.setCurrentIndex(view.level_box.findData("WARNING"))  # restarts the tail
    qtbot.waitUntil(
        lambda: (
            view.model.rowCount() > 0
            and all(
                view.model.entry(r)["levelno"] >= logging.WARNING
                for r in range(view.model.rowCount())
            )
        ),
        timeout=wait_ms,
    )
    assert "a warning for the filter" in view.model.messages()

    view.clear_button.click()
    assert view.model.rowCount() == 0
    logging.getLogger("pywats_client.gui_test").error("after the clear")
    arun(controller.refresh())
    assert view.model.messages() == ["after the clear"]  # only what came since


def test_log_page_says_when_the_service_is_down(
    qtbot: Any, bridge: ServiceBridge, arun: Any, gui_home: Any
) -> None:
    view, controller = _page(qtbot, bridge)
    arun(controller.refresh())
    assert "is not running" in view.status_label.text()
    assert view.status_label.property("state") == "error"


def test_the_model_keeps_at_most_max_rows(qtbot: Any) -> None:
    model = LogModel(max_rows=3)
    rows = [{"seq": n, "time": 0, "level": "INFO", "levelno": 20, "logger": "x", "message": f"m{n}"}
            for n in range(5)]  # fmt: skip
    model.append(rows[:2])
    model.append(rows[2:])
    assert model.messages() == ["m2", "m3", "m4"]
    model.append([{**rows[0], "message": "multi\nline"}])
    last = model.index(2, 3)
    assert model.data(last) == "multi  …"
    assert model.data(last, Qt.ItemDataRole.UserRole)["message"] == "multi\nline"

"""Connection page on a real service: settings changed in the GUI are applied by the service,
refusals show the service's message, and the connection test talks to the server."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox

from pywats_client.gui.controllers.connection import ConnectionController
from pywats_client.gui.main_window import MainWindow
from pywats_client.gui.views.connection import ConnectionView
from pywats_emulator.testing import EmulatorServer


def _connection_page(
    qtbot: Any, window: MainWindow, wait_ms: int
) -> tuple[ConnectionView, ConnectionController]:
    window.select_page("connection")
    view, controller = window.views["connection"], window.controllers["connection"]
    assert isinstance(view, ConnectionView) and isinstance(controller, ConnectionController)
    qtbot.waitUntil(lambda: bool(controller.loaded), timeout=wait_ms)
    return view, controller


def _type(qtbot: Any, editor: QLineEdit, text: str) -> None:
    editor.clear()
    qtbot.keyClicks(editor, text)


def test_settings_changed_in_the_gui_are_applied_by_the_service(
    qtbot: Any, main_window: MainWindow, station: Any, arun: Any, wait_ms: int
) -> None:
    view, controller = _connection_page(qtbot, main_window, wait_ms)
    assert view.value("max_concurrent_uploads") == 5
    location = view.editors["station.location"]
    uploads = view.editors["max_concurrent_uploads"]
    attempts = view.editors["queue.max_attempts"]
    assert isinstance(location, QLineEdit)
    assert isinstance(uploads, QSpinBox) and isinstance(attempts, QSpinBox)
    _type(qtbot, location, "Line 7")
    uploads.setValue(2)
    attempts.setValue(4)
    qtbot.wait(300)  # a page refresh meanwhile must not overwrite what was typed
    assert view.value("station.location") == "Line 7"
    assert controller.changed_keys() == [
        "station.location",
        "max_concurrent_uploads",
        "queue.max_attempts",
    ]

    qtbot.mouseClick(view.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.message.text().startswith("Applied"), timeout=wait_ms)
    service = station.service
    # The running service took the values (hot reload), in its uploader too.
    assert service.config.station.location == "Line 7"
    assert service.config.queue.max_attempts == 4
    assert service.uploader.config.max_concurrent_uploads == 2
    config = arun(main_window.bridge.request("get_config"))
    assert config["station"]["location"] == "Line 7"
    assert station.config_store().load_file().max_concurrent_uploads == 2
    assert controller.changed_keys() == []


def test_a_refused_value_shows_the_services_message(
    qtbot: Any, main_window: MainWindow, station: Any, wait_ms: int
) -> None:
    view, _controller = _connection_page(qtbot, main_window, wait_ms)
    source = view.editors["station.name_source"]
    assert isinstance(source, QComboBox)
    source.setCurrentText("manual")  # needs a station name, which is empty
    qtbot.mouseClick(view.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "station.name" in view.message.text(), timeout=wait_ms)
    assert view.message.property("state") == "error"
    assert station.service.config.station.name_source.value == "hostname"

    name = view.editors["station.name"]
    assert isinstance(name, QLineEdit)
    _type(qtbot, name, "ICT-04")
    qtbot.mouseClick(view.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.message.text().startswith("Applied"), timeout=wait_ms)
    assert station.service.config.station.identity().name == "ICT-04"


def test_test_connection_reports_the_server(
    qtbot: Any,
    main_window: MainWindow,
    station: Any,
    wats_emulator: EmulatorServer,
    wait_ms: int,
) -> None:
    view, _controller = _connection_page(qtbot, main_window, wait_ms)
    assert view.server_url.text() == wats_emulator.url
    qtbot.mouseClick(view.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.server_message.text().startswith("Connected to"), timeout=wait_ms)
    assert wats_emulator.url in view.server_message.text()
    assert view.server_message.property("state") == "ok"


def test_the_stored_token_is_only_sent_to_the_stored_server(
    main_window: MainWindow, station: Any, arun: Any
) -> None:
    result = arun(main_window.bridge.request("test_connection", server_url="http://127.0.0.1:9"))
    assert result["ok"] is False
    assert "give the token" in result["message"]

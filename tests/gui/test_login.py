"""Login window: shown on first run and when the server refuses the stored token; the token is
tested, then stored encrypted (through the running service, or ``pywats-client login`` when
none can run yet)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from PySide6.QtCore import Qt

from pywats_client.gui.bridge import ServiceBridge
from pywats_client.gui.login import LoginDialog
from pywats_client.gui.main_window import MainWindow
from pywats_client.security import TokenVault
from pywats_client.service import ServiceState
from pywats_emulator.testing import EmulatorServer


def _dialog(qtbot: Any, window: MainWindow, wait_ms: int) -> LoginDialog:
    qtbot.waitUntil(
        lambda: window.login_dialog is not None and window.login_dialog.isVisible(),
        timeout=wait_ms,
    )
    dialog = window.login_dialog
    assert dialog is not None
    return dialog


def _fill(qtbot: Any, dialog: LoginDialog, url: str, token: str) -> None:
    dialog.url_edit.clear()
    qtbot.keyClicks(dialog.url_edit, url)
    dialog.token_edit.clear()
    qtbot.keyClicks(dialog.token_edit, token)


def _stored_token(station: Any) -> str | None:
    config = station.config_store().load_file()
    return config.server.token(TokenVault(station.paths.home.salt_file))


def test_a_refused_token_opens_the_login_and_the_service_stores_the_new_one(
    qtbot: Any,
    station_harness: Any,
    wats_emulator: EmulatorServer,
    bridge: ServiceBridge,
    make_window: Any,
    arun: Any,
    wait_ms: int,
) -> None:
    station_harness.store_login(wats_emulator.url, "expired-token")
    service = station_harness.start()  # it runs, but the server answers 401 to everything
    window = make_window(login_on_start=True)
    dialog = _dialog(qtbot, window, wait_ms)
    assert "refused the token (401)" in dialog.reason_label.text()
    assert dialog.url_edit.text() == wats_emulator.url

    _fill(qtbot, dialog, wats_emulator.url, "still-wrong")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "401" in dialog.message_label.text(), timeout=wait_ms)
    assert dialog.message_label.property("state") == "error"
    assert dialog.isVisible()
    assert _stored_token(station_harness) == "expired-token"  # a test stores nothing

    old_client = service.wats
    _fill(qtbot, dialog, wats_emulator.url, wats_emulator.token)
    with qtbot.waitSignal(dialog.logged_in, timeout=wait_ms):
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert _stored_token(station_harness) == wats_emulator.token
    assert wats_emulator.token not in station_harness.paths.config_file.read_text("utf-8")

    # The service restarted to use it, and the server accepts it.
    qtbot.waitUntil(
        lambda: service.state is ServiceState.RUNNING and service.wats is not old_client,
        timeout=wait_ms,
    )
    qtbot.waitUntil(lambda: bridge.connected, timeout=wait_ms)
    result = arun(bridge.request("test_connection"))
    assert result["ok"] is True and result["status"] == 200


def test_the_login_test_works_without_a_service(
    qtbot: Any,
    gui_home: Any,
    wats_emulator: EmulatorServer,
    bridge: ServiceBridge,
    wait_ms: int,
) -> None:
    dialog = LoginDialog(bridge, reason="first run")
    qtbot.addWidget(dialog)
    dialog.show()
    _fill(qtbot, dialog, wats_emulator.url + "/api/", wats_emulator.token)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message_label.text().startswith("Connected"), timeout=wait_ms)
    assert f"connected to {wats_emulator.url} " in dialog.message_label.text().lower()

    _fill(qtbot, dialog, "ftp://example", "x")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "must be an http" in dialog.message_label.text(), timeout=wait_ms)
    assert dialog.message_label.property("state") == "error"

    dialog.url_edit.clear()
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Enter the server URL" in dialog.message_label.text(), timeout=wait_ms)


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="stops the started service with SIGTERM")
def test_first_run_logs_in_with_the_cli_and_starts_the_service(
    qtbot: Any,
    gui_home: Any,
    wats_emulator: EmulatorServer,
    bridge: ServiceBridge,
    make_window: Any,
    wait_ms: int,
) -> None:
    window = make_window(login_on_start=True)
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=wait_ms)
    # The app runs this once the window is shown: the instance was never set up.
    from pywats_client.gui.tasks import spawn

    spawn(window.first_run_check())
    dialog = _dialog(qtbot, window, wait_ms)
    assert "not set up yet" in dialog.reason_label.text()

    _fill(qtbot, dialog, wats_emulator.url, "wrong-token")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "refused the token" in dialog.message_label.text(), timeout=wait_ms)
    assert dialog.isVisible()

    _fill(qtbot, dialog, wats_emulator.url, wats_emulator.token)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    try:
        qtbot.waitUntil(lambda: window.launch is not None, timeout=wait_ms)
        qtbot.waitUntil(lambda: bridge.connected, timeout=30_000)
        qtbot.waitUntil(
            lambda: window.status.service_label.text() == "Service: RUNNING", timeout=wait_ms
        )
        assert not window.banner.isVisible()
        status = bridge.last_status or {}
        assert status.get("server_url") == wats_emulator.url
    finally:
        launch = window.launch
        if launch is not None and launch.exit_code() is None:
            launch.process.terminate()  # the service we started (by its pid)
            launch.process.wait(timeout=30)

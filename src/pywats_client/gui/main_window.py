"""The main window: sidebar of pages, a banner when no service runs, status bar, tray.

Every page of :data:`~pywats_client.gui.pages.PAGES` is built once (view + controller). The
visible page's controller is refreshed when shown and every ``page_refresh_s``; every
controller receives each status snapshot. When the bridge loses the service, a banner offers
"Start service" (a detached ``pywats-client service``); when it finds a service whose server
refuses the stored token, or on the first run of an instance, the login window opens.

Keyboard: the sidebar takes arrow keys, Ctrl+1..8 jump to a page, menus carry mnemonics
(Alt+F, Alt+V, Alt+S), Ctrl+L opens the login window, Ctrl+Q quits.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QSize, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QVBoxLayout, QWidget

from pywats_client.gui.bridge import BridgeError, ServiceBridge
from pywats_client.gui.icons import app_icon
from pywats_client.gui.login import LoginDialog
from pywats_client.gui.menus import WindowMenus
from pywats_client.gui.page_stack import PageStack
from pywats_client.gui.pages import PAGES
from pywats_client.gui.preferences import GuiPreferences, SidebarMode
from pywats_client.gui.service_control import (
    ServiceLaunch,
    known_instance_ids,
    start_service,
    wait_until_started,
)
from pywats_client.gui.sidebar import Sidebar
from pywats_client.gui.status_bar import ServiceBanner, ServiceStatusBar, service_state_role
from pywats_client.gui.tasks import spawn
from pywats_client.gui.theme import ThemeManager, ThemeMode
from pywats_client.gui.tray import StationTray, tray_available

__all__ = ["MainWindow"]

logger = logging.getLogger(__name__)

DEFAULT_SIZE = QSize(1180, 720)  # fits 1366x768 with a taskbar
SERVICE_START_TIMEOUT_S = 30.0
_REFUSED_STATUSES = (401, 403)


class MainWindow(QMainWindow):
    """The pyWATS Client window.

    Args:
        bridge: IPC to the instance's service (polling started by the caller).
        preferences: The desktop user's GUI preferences (default: ``gui.ini`` in the home).
        theme: Applies the stylesheet; the View menu switches it when given.
        page_refresh_s: How often the visible page reloads while shown.
        tray_enabled: Use the system tray when the desktop has one.
        login_on_start: Open the login window on first run / refused token.
    """

    quit_requested = Signal()

    def __init__(
        self,
        bridge: ServiceBridge,
        *,
        preferences: GuiPreferences | None = None,
        theme: ThemeManager | None = None,
        page_refresh_s: float = 2.0,
        tray_enabled: bool = True,
        login_on_start: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.preferences = preferences or GuiPreferences(bridge.home)
        self.theme = theme
        self.login_on_start = login_on_start
        self.minimize_to_tray = True
        self.launch: ServiceLaunch | None = None
        self.login_dialog: LoginDialog | None = None
        self._quitting = False
        self.setObjectName("mainWindow")
        self.setWindowTitle("pyWATS Client")
        self.setWindowIcon(app_icon())
        self.resize(DEFAULT_SIZE)

        self._build_central(page_refresh_s)
        self.status = ServiceStatusBar(self)
        self.setStatusBar(self.status)
        self.status.show_disconnected(bridge.instance_id)
        self._build_menus()
        self.tray = StationTray(self) if tray_enabled and tray_available() else None
        if self.tray is not None:
            self.tray.show_requested.connect(self.bring_to_front)
            self.tray.start_service_requested.connect(lambda: spawn(self.start_service()))
            self.tray.quit_requested.connect(self.request_quit)
            self.tray.show()
        self.set_sidebar_mode(self.preferences.sidebar_mode)
        self.refresh_instances()

        bridge.status_changed.connect(self._on_status)
        bridge.connection_changed.connect(self._on_connection)
        bridge.instance_changed.connect(self._on_instance_changed)
        geometry = self.preferences.geometry
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.select_page(PAGES[0].key)
        self.sidebar.setFocus()

    # -- layout ------------------------------------------------------------------------------

    def _build_central(self, page_refresh_s: float) -> None:
        central = QWidget(self)
        outer = QHBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.sidebar = Sidebar(central)
        self.stack = PageStack(self.bridge, page_refresh_s=page_refresh_s, parent=central)
        self.views = self.stack.views
        self.controllers = self.stack.controllers
        for index, (key, view) in enumerate(self.views.items()):
            self.sidebar.add_page(key, view.plain_title(), view.icon, f"Ctrl+{index + 1}")
        self.banner = ServiceBanner(central)
        self.banner_label = self.banner.label
        self.start_button = self.banner.start_button
        self.start_button.clicked.connect(lambda: spawn(self.start_service()))
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self.banner)
        right.addWidget(self.stack, 1)
        outer.addWidget(self.sidebar)
        outer.addLayout(right, 1)
        self.setCentralWidget(central)
        self.sidebar.currentRowChanged.connect(self._row_changed)
        self._show_banner(f"Connecting to the pyWATS service of '{self.bridge.instance_id}'…")

    def _build_menus(self) -> None:
        menus = WindowMenus(
            self,
            sidebar_mode=self.preferences.sidebar_mode,
            theme_mode=self.preferences.theme,
        )
        self.menus = menus
        menus.login.triggered.connect(lambda: self.show_login())
        menus.quit.triggered.connect(self.request_quit)
        menus.start.triggered.connect(lambda: spawn(self.start_service()))
        menus.pause.triggered.connect(lambda: spawn(self.send_command("stop")))
        menus.resume.triggered.connect(lambda: spawn(self.send_command("start")))
        menus.restart.triggered.connect(lambda: spawn(self.send_command("restart")))
        for key, action in menus.pages.items():
            action.triggered.connect(lambda _=False, key=key: self.select_page(key))
        for mode, action in menus.sidebar_modes.items():
            action.triggered.connect(lambda _=False, mode=mode: self.set_sidebar_mode(mode))
        for theme, action in menus.themes.items():
            action.triggered.connect(lambda _=False, theme=theme: self.set_theme(theme))
        self.page_actions = menus.pages
        self.sidebar_actions = menus.sidebar_modes
        self.theme_actions = menus.themes
        self.instance_combo = menus.instance_combo
        self.instance_combo.activated.connect(self._instance_chosen)

    def _show_banner(self, text: str) -> None:
        self.banner.show_text(text)

    # -- pages -------------------------------------------------------------------------------

    def select_page(self, key: str) -> None:
        """Show the page with ``key`` (also selects its sidebar row)."""
        row = self.sidebar.row_of(key)
        if self.sidebar.currentRow() != row:
            self.sidebar.setCurrentRow(row)  # -> _row_changed
        else:
            self._row_changed(row)

    def current_page_key(self) -> str:
        return self.stack.current_key()

    def _row_changed(self, row: int) -> None:
        key = self.sidebar.key_at(row)
        if key is not None:
            self.stack.show_page(key)

    def refresh_current_page(self) -> None:
        """Reload the visible page now."""
        self.stack.refresh_current()

    def set_sidebar_mode(self, mode: SidebarMode) -> None:
        self.sidebar.set_mode(mode)
        self.sidebar_actions[mode].setChecked(True)
        self.preferences.sidebar_mode = mode

    def set_theme(self, mode: ThemeMode) -> None:
        self.preferences.theme = mode
        self.theme_actions[mode].setChecked(True)
        if self.theme is not None:
            self.theme.set_mode(mode)

    # -- service status ----------------------------------------------------------------------

    def _on_status(self, status: dict[str, Any]) -> None:
        self.status.show_status(status)
        state = str(status.get("state", ""))
        self.menus.pause.setEnabled(state == "RUNNING")
        self.menus.resume.setEnabled(state == "PAUSED")
        if self.tray is not None:
            self.tray.update_state(self.bridge.instance_id, status, service_state_role(state))
        self.stack.on_status(status)

    def _on_connection(self, connected: bool) -> None:
        self.refresh_instances()  # a service coming or going may be a new instance
        self.banner.setVisible(not connected)
        self.menus.start.setEnabled(not connected)
        self.menus.restart.setEnabled(connected)
        self.start_button.setEnabled(not connected)
        if connected:
            self.refresh_current_page()
            spawn(self._after_connect())
            return
        self.menus.pause.setEnabled(False)
        self.menus.resume.setEnabled(False)
        self.status.show_disconnected(self.bridge.instance_id)
        self._show_banner(
            f"The pyWATS service for instance '{self.bridge.instance_id}' is not running: "
            "reports are not delivered until it runs."
        )
        if self.tray is not None:
            self.tray.update_state(self.bridge.instance_id, None, "error")

    async def _after_connect(self) -> None:
        """Apply the service's GUI settings; ask for a login if the server refuses the token."""
        try:
            config = await self.bridge.request("get_config")
            self.apply_gui_config(config.get("gui") if isinstance(config, dict) else None)
            if self.login_on_start:
                result = await self.bridge.request("test_connection")
                if isinstance(result, dict) and result.get("status") in _REFUSED_STATUSES:
                    self.show_login(str(result.get("message", "")), result.get("server_url"))
        except BridgeError as exc:
            logger.debug("after-connect checks failed: %s", exc)

    def apply_gui_config(self, gui: Any) -> None:
        """Hide the pages switched off in ``gui.tabs``; take ``gui.minimize_to_tray``."""
        if not isinstance(gui, dict):
            return
        found = gui.get("tabs")
        tabs: dict[str, Any] = found if isinstance(found, dict) else {}
        for spec in PAGES:
            self.sidebar.set_page_hidden(spec.key, tabs.get(spec.key) is False)
            self.page_actions[spec.key].setVisible(tabs.get(spec.key) is not False)
        self.minimize_to_tray = bool(gui.get("minimize_to_tray", True))
        if self.sidebar.is_page_hidden(self.current_page_key()):
            visible = [s.key for s in PAGES if not self.sidebar.is_page_hidden(s.key)]
            if visible:
                self.select_page(visible[0])

    async def send_command(self, command: str) -> Any:
        """Run a service command from a menu; failures go to the status bar."""
        try:
            result = await self.bridge.request(command)
        except BridgeError as exc:
            self.status.showMessage(exc.message, 10_000)
            return None
        self.bridge.poll_soon()
        return result

    # -- starting the service, logging in ---------------------------------------------------

    async def start_service(self) -> bool:
        """Start the instance's service in the background; True once it answers.

        When it stops at once because the instance has no usable login, the login window opens.
        """
        if self.bridge.connected:
            return True
        instance_id = self.bridge.instance_id
        try:
            launch = start_service(instance_id, self.bridge.home)
        except OSError as exc:
            self._show_banner(f"Cannot start the service: {exc}")
            return False
        self.launch = launch
        self.start_button.setEnabled(False)
        self._show_banner(f"Starting the pyWATS service for instance '{instance_id}'…")
        try:
            started = await wait_until_started(
                launch, self.bridge.poll_now, timeout_s=SERVICE_START_TIMEOUT_S
            )
        finally:
            self.start_button.setEnabled(not self.bridge.connected)
        if started:
            self.status.showMessage(f"Service started (pid {launch.pid})", 10_000)
            return True
        code = launch.exit_code()
        if code is not None and launch.needs_login():
            self._show_banner("The service needs a WATS server and token: log in first.")
            self.show_login("Log in so that the service can deliver reports.")
        else:
            why = launch.output_tail() or "no output"
            self._show_banner(
                f"The service did not start (exit code {code}); see {launch.log_file}:\n{why}"
                if code is not None
                else f"The service does not answer yet; see {launch.log_file}."
            )
        return False

    def show_login(self, reason: str = "", server_url: Any = None) -> LoginDialog:
        """Open the login window (or raise the one already open)."""
        if self.login_dialog is not None and self.login_dialog.isVisible():
            self.login_dialog.raise_()
            return self.login_dialog
        url = server_url or (self.bridge.last_status or {}).get("server_url") or ""
        dialog = LoginDialog(self.bridge, reason=reason, server_url=str(url), parent=self)
        dialog.logged_in.connect(self._logged_in)
        dialog.finished.connect(lambda _result: setattr(self, "login_dialog", None))
        self.login_dialog = dialog
        dialog.open()  # window-modal, without blocking the event loop
        return dialog

    def _logged_in(self, server_url: str) -> None:
        self.status.showMessage(f"Logged in to {server_url}", 10_000)
        if not self.bridge.connected:
            spawn(self.start_service())
        else:
            self.bridge.poll_soon()

    async def first_run_check(self) -> None:
        """On start: open the login window when the instance was never set up."""
        if not self.login_on_start:
            return
        if await self.bridge.poll_now() is not None:
            return
        if self.bridge.instance_id not in known_instance_ids(self.bridge.home):
            self.show_login(
                f"Instance '{self.bridge.instance_id}' is not set up yet: enter the WATS server "
                "and an API token to start delivering reports."
            )

    # -- instances ---------------------------------------------------------------------------

    def refresh_instances(self) -> None:
        """Fill the instance selector with the instances found on this computer."""
        self.menus.show_instances(known_instance_ids(self.bridge.home), self.bridge.instance_id)

    def _instance_chosen(self, index: int) -> None:
        instance_id = self.instance_combo.itemText(index)
        if instance_id and instance_id != self.bridge.instance_id:
            spawn(self.bridge.set_instance(instance_id))

    def _on_instance_changed(self, instance_id: str) -> None:
        self.preferences.last_instance = instance_id
        self.launch = None
        self.refresh_instances()
        self.status.show_disconnected(instance_id)

    # -- window ------------------------------------------------------------------------------

    def bring_to_front(self) -> None:
        """Show the window again (from the tray)."""
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def request_quit(self) -> None:
        """Quit the GUI (the service keeps running)."""
        self._quitting = True
        self.shutdown()
        self.quit_requested.emit()

    def shutdown(self) -> None:
        """Stop timers and the tray icon, save preferences (idempotent).

        The bridge's signals are blocked: nothing may reach pages that are being destroyed.
        """
        self.stack.stop()
        self.bridge.blockSignals(True)
        self.preferences.geometry = self.saveGeometry()
        self.preferences.sync()
        if self.tray is not None:
            self.tray.hide()

    def _hides_to_tray(self) -> bool:
        return not self._quitting and self.tray is not None and self.minimize_to_tray

    def changeEvent(self, event: QEvent) -> None:
        """Minimizing hides the window to the tray (``gui.minimize_to_tray``)."""
        super().changeEvent(event)
        if (
            event.type() == QEvent.Type.WindowStateChange
            and self.isMinimized()
            and self._hides_to_tray()
        ):
            QTimer.singleShot(0, self.hide)  # not from inside the state change itself

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing hides the window to the tray when there is one, else quits the GUI."""
        if self._hides_to_tray() and self.tray is not None:
            event.ignore()
            self.hide()
            self.tray.tell_hidden()
            return
        event.accept()
        if not self._quitting:
            self.request_quit()

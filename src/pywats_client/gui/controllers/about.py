"""Controller of the About page: versions and paths (local), the running service (``ping``).

Versions and paths are known without the service; the "Service" group asks it (``ping`` for
its pid, version and uptime, the latest status for its state and server) on each refresh.
"""

from __future__ import annotations

import importlib.metadata
import platform
import sys
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QGuiApplication

from pywats import __version__ as pywats_version
from pywats_client.gui.bridge import BridgeError, ServiceBridge
from pywats_client.gui.controllers.base import PageController
from pywats_client.gui.views.about import AboutView

__all__ = ["AboutController", "format_uptime", "licence_text", "version_rows"]

_DISTRIBUTION = "pywats"
_WINDOWS = sys.platform == "win32"  # IPC over loopback TCP: the endpoint file says where


def _dist_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def version_rows() -> list[tuple[str, str]]:
    """pyWATS, Python, Qt and the libraries the GUI stands on."""
    return [
        ("pyWATS", pywats_version),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("Qt", f"{qVersion()} (PySide6 {pyside_version})"),
        ("qasync", _dist_version("qasync")),
        ("Platform", platform.platform(terse=True)),
        ("Executable", sys.executable),
    ]


def licence_text() -> str:
    """The distribution's licence, from its metadata."""
    try:
        metadata = importlib.metadata.metadata(_DISTRIBUTION)
        name = metadata["License-Expression"] or metadata["License"] or ""
    except importlib.metadata.PackageNotFoundError:
        name = ""
    return name or "see the project's licence file"


def format_uptime(seconds: float) -> str:
    """``3725`` → ``"1 h 2 min"``; under a minute in seconds."""
    total = int(seconds)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s"
    return f"{secs} s"


class AboutController(PageController[AboutView]):
    """Fills the About page and runs its buttons."""

    def __init__(self, view: AboutView, bridge: ServiceBridge) -> None:
        super().__init__(view, bridge)
        view.fill(view.versions, version_rows())
        view.fill(view.licence, [
            ("pyWATS", f"{licence_text()} licence"),
            ("Qt for Python", "PySide6, under the GNU LGPL v3"),
        ])  # fmt: skip
        self._fill_paths()
        view.fill(view.service, [("State", "not asked yet")])
        view.copy_button.clicked.connect(self._copy)
        view.open_config_button.clicked.connect(
            lambda: self._open(self.bridge.paths.config_file.parent)
        )
        view.open_logs_button.clicked.connect(lambda: self._open(self.bridge.paths.home.log_dir))
        bridge.instance_changed.connect(lambda _instance: self._fill_paths())

    async def refresh(self) -> None:
        try:
            ping: dict[str, Any] = await self.bridge.request("ping")
        except BridgeError as exc:
            self.view.fill(self.view.service, [("State", str(exc))])
            return
        status = self.bridge.last_status or {}
        rows = [
            ("State", str(status.get("state") or "running")),
            ("Version", str(ping.get("version") or "?")),
            ("Process id", str(ping.get("pid") or "?")),
            ("Uptime", format_uptime(float(ping.get("uptime_s") or 0))),
            ("Server", str(status.get("server_url") or "not configured")),
        ]
        if status.get("health_url"):
            rows.append(("Health", str(status["health_url"])))
        self.view.fill(self.view.service, rows)

    def details(self) -> str:
        """Everything the page shows, as text (for a support request)."""
        lines = []
        for title, form in (
            ("Versions", self.view.versions),
            ("Service", self.view.service),
            ("Files and folders", self.view.paths),
        ):
            lines.append(f"[{title}]")
            lines += [f"{label}: {value}" for label, value in self.view.values(form).items()]
        return "\n".join(lines)

    def _fill_paths(self) -> None:
        paths = self.bridge.paths
        self.view.fill(self.view.paths, [
            ("Instance", paths.instance_id),
            ("Config file", str(paths.config_file)),
            ("Queue database", str(paths.queue_db)),
            ("Data folder", str(paths.data_dir)),
            ("Log file", str(paths.log_file)),
            ("IPC endpoint", str(paths.endpoint_file if _WINDOWS else paths.ipc_socket)),
        ])  # fmt: skip

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details())
        self.view.status_label.setText("Copied the details to the clipboard.")

    def _open(self, folder: Any) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.view.status_label.setText(f"Could not open {folder}")

"""Controller of the Software page: the server's packages through the service.

The service asks the server (``list_software_packages``), so the page works wherever the
service has a connection. The list changes rarely: a periodic refresh re-asks only every
``reload_interval_s``; the Refresh button always does. Filters work on the list in hand.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from pywats_client.gui.bridge import BridgeError, ServiceBridge
from pywats_client.gui.controllers.base import PageController
from pywats_client.gui.theme import set_role
from pywats_client.gui.views.software import SoftwareView, format_tags

__all__ = ["DEFAULT_RELOAD_INTERVAL_S", "SoftwareController", "matches"]

DEFAULT_RELOAD_INTERVAL_S = 60.0


def matches(row: Mapping[str, Any], text: str, status: str | None) -> bool:
    """Whether a package passes the page's filters (text: name, tags or description)."""
    if status is not None and str(row.get("status") or "").lower() != status.lower():
        return False
    needle = text.strip().lower()
    if not needle:
        return True
    haystack = " ".join(
        (
            str(row.get("name") or ""),
            format_tags(row.get("tags")),
            str(row.get("description") or ""),
        )
    ).lower()
    return needle in haystack


class SoftwareController(PageController[SoftwareView]):
    """Loads the package list and applies the filters."""

    def __init__(
        self,
        view: SoftwareView,
        bridge: ServiceBridge,
        *,
        reload_interval_s: float = DEFAULT_RELOAD_INTERVAL_S,
    ) -> None:
        super().__init__(view, bridge)
        self.reload_interval_s = reload_interval_s
        self._packages: list[dict[str, Any]] | None = None
        self._loaded_at = 0.0
        self._busy = False
        view.refresh_button.clicked.connect(lambda: self.spawn(self.load()))
        view.filter_edit.textChanged.connect(lambda _text: self._show())
        view.status_box.currentIndexChanged.connect(lambda _index: self._show())

    async def refresh(self) -> None:
        if self._packages is None or time.monotonic() - self._loaded_at >= self.reload_interval_s:
            await self.load()

    async def load(self) -> None:
        """Ask the service for the package list now."""
        if self._busy:
            return
        self._busy = True
        self.view.refresh_button.setEnabled(False)
        self._status("Loading packages from the server…", "")
        try:
            rows = await self.bridge.request("list_software_packages")
        except BridgeError as exc:
            self._loaded_at = time.monotonic()  # do not hammer a failing server
            self._status(f"Could not load the packages: {exc}", "error")
            if self._packages is None:
                self.view.show_packages([])
                self.view.show_empty("No package list: see the message below.")
            return
        finally:
            self._busy = False
            self.view.refresh_button.setEnabled(True)
        self._packages = [row for row in rows if isinstance(row, dict)]
        self._loaded_at = time.monotonic()
        self._show()
        self._status(
            f"{len(self._packages)} package{'s' if len(self._packages) != 1 else ''} on the "
            f"server · updated {time.strftime('%H:%M:%S')}",
            "",
        )

    def _show(self) -> None:
        if self._packages is None:
            return
        text, status = self.view.filter_edit.text(), self.view.selected_status()
        shown = [row for row in self._packages if matches(row, text, status)]
        self.view.show_packages(shown)
        if not self._packages:
            self.view.show_empty("The server has no software packages.")
        elif not shown:
            self.view.show_empty("No package matches the filter.")

    def _status(self, text: str, state: str) -> None:
        self.view.status_label.setText(text)
        set_role(self.view.status_label, "state", state)

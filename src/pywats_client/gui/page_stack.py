"""The pages of the main window: one view and one controller per registered page.

:class:`PageStack` builds every page of :data:`~pywats_client.gui.pages.PAGES` once, shows
one at a time, refreshes the visible one (when shown, then every ``page_refresh_s``, never two
refreshes of a page at once), and hands every status snapshot to every controller.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QStackedWidget, QWidget

from pywats_client.gui.bridge import BridgeError, ServiceBridge
from pywats_client.gui.controllers.base import PageController
from pywats_client.gui.pages import PAGES
from pywats_client.gui.tasks import spawn
from pywats_client.gui.views.base import PageView

__all__ = ["PageStack"]

logger = logging.getLogger(__name__)


class PageStack(QStackedWidget):
    """Every page, the visible one kept current.

    Args:
        bridge: IPC to the service, given to each controller.
        page_refresh_s: Interval of the visible page's refresh.
        parent: Qt parent.
    """

    def __init__(
        self, bridge: ServiceBridge, *, page_refresh_s: float, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pages")
        self.bridge = bridge
        self.views: dict[str, PageView] = {}
        self.controllers: dict[str, PageController[Any]] = {}
        self._refreshing: set[str] = set()
        for spec in PAGES:
            view = spec.view_class(self)
            self.views[spec.key] = view
            self.controllers[spec.key] = spec.controller_class(view, bridge)
            self.addWidget(view)
        self.timer = QTimer(self)
        self.timer.setInterval(int(page_refresh_s * 1000))
        self.timer.timeout.connect(self.refresh_current)
        self.timer.start()

    def current_key(self) -> str:
        return PAGES[self.currentIndex()].key

    def show_page(self, key: str) -> None:
        """Show the page with ``key`` and refresh it."""
        self.setCurrentWidget(self.views[key])
        self.refresh_current()

    def refresh_current(self) -> None:
        """Reload the visible page (skipped while its previous refresh still runs)."""
        if not self.bridge.connected or not self.isVisible():
            return
        key = self.current_key()
        if key not in self._refreshing:
            self._refreshing.add(key)
            spawn(self._refresh(key))

    async def _refresh(self, key: str) -> None:
        try:
            await self.controllers[key].refresh()
        except BridgeError as exc:
            logger.debug("refresh of page %s failed: %s", key, exc)
        finally:
            self._refreshing.discard(key)

    def on_status(self, status: dict[str, Any]) -> None:
        """Give a status snapshot to every controller, visible or not."""
        for controller in self.controllers.values():
            controller.on_status(status)

    def stop(self) -> None:
        self.timer.stop()

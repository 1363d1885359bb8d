"""The contract every GUI page controller follows.

A controller gets its view and the :class:`~pywats_client.gui.bridge.ServiceBridge`, connects
the view's signals in ``__init__``, and keeps the view current: :meth:`PageController.refresh`
is awaited when the page is shown and periodically while it stays visible, and
:meth:`PageController.on_status` receives each status snapshot the bridge polls. Controllers
never touch other pages and never import the service: everything goes through the bridge.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pywats_client.gui.tasks import spawn
from pywats_client.gui.views.base import PageView

if TYPE_CHECKING:
    from pywats_client.gui.bridge import ServiceBridge

__all__ = ["PageController"]

logger = logging.getLogger(__name__)

ViewT = TypeVar("ViewT", bound=PageView)


class PageController(Generic[ViewT]):
    """Base class of page controllers.

    Args:
        view: The page's view (widgets only).
        bridge: The IPC bridge to the running service.
    """

    def __init__(self, view: ViewT, bridge: ServiceBridge) -> None:
        self.view = view
        self.bridge = bridge

    async def refresh(self) -> None:
        """Reload what the page shows from the service (called when shown, then periodically)."""

    def on_status(self, status: dict[str, Any]) -> None:
        """A new ``get_status`` snapshot arrived (called for every page, visible or not)."""

    def spawn(self, coro: Coroutine[Any, Any, object]) -> asyncio.Task[object]:
        """Run ``coro`` on the GUI's event loop from a Qt slot (errors are logged, not lost)."""
        return spawn(coro)

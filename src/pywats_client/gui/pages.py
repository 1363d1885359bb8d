"""The page registry: which pages the main window shows, in sidebar order.

Each page is a view class (layout only) and a controller class (IPC and signals); the main
window builds both for every :class:`PageSpec` in :data:`PAGES`. ``key`` matches the
``gui.tabs.<key>`` switch of the service configuration, so a deployment can hide a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pywats_client.gui.controllers.about import AboutController
from pywats_client.gui.controllers.base import PageController
from pywats_client.gui.controllers.connection import ConnectionController
from pywats_client.gui.controllers.converters import ConvertersController
from pywats_client.gui.controllers.dashboard import DashboardController
from pywats_client.gui.controllers.log import LogController
from pywats_client.gui.controllers.queue import QueueController
from pywats_client.gui.controllers.serial_numbers import SerialNumbersController
from pywats_client.gui.controllers.software import SoftwareController
from pywats_client.gui.views.about import AboutView
from pywats_client.gui.views.base import PageView
from pywats_client.gui.views.connection import ConnectionView
from pywats_client.gui.views.converters import ConvertersView
from pywats_client.gui.views.dashboard import DashboardView
from pywats_client.gui.views.log import LogView
from pywats_client.gui.views.queue import QueueView
from pywats_client.gui.views.serial_numbers import SerialNumbersView
from pywats_client.gui.views.software import SoftwareView

__all__ = ["PAGES", "PageSpec", "page_spec"]


@dataclass(frozen=True)
class PageSpec:
    """One page: its key (``gui.tabs.<key>``), view class and controller class."""

    key: str
    view_class: type[PageView]
    controller_class: type[PageController[Any]]


PAGES: tuple[PageSpec, ...] = (
    PageSpec("dashboard", DashboardView, DashboardController),
    PageSpec("connection", ConnectionView, ConnectionController),
    PageSpec("converters", ConvertersView, ConvertersController),
    PageSpec("queue", QueueView, QueueController),
    PageSpec("log", LogView, LogController),
    PageSpec("serial_numbers", SerialNumbersView, SerialNumbersController),
    PageSpec("software", SoftwareView, SoftwareController),
    PageSpec("about", AboutView, AboutController),
)


def page_spec(key: str) -> PageSpec:
    """The registered page with ``key``.

    Raises:
        KeyError: no such page.
    """
    for spec in PAGES:
        if spec.key == key:
            return spec
    raise KeyError(f"no GUI page {key!r} (pages: {', '.join(s.key for s in PAGES)})")

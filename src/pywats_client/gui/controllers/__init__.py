"""Page controllers of the GUI: wire a view's signals to IPC calls (see :mod:`.base`)."""

from __future__ import annotations

from pywats_client.gui.controllers.base import PageController

__all__ = ["PageController"]

"""Page views of the GUI: widgets and layout only, no IPC (see :mod:`.base`)."""

from __future__ import annotations

from pywats_client.gui.views.base import PageView

__all__ = ["PageView"]

"""Desktop GUI of the station service (PySide6 + qasync; the ``[gui]`` extra).

The GUI is a client of the running service: every read and every change goes over IPC
(:class:`~pywats_client.gui.bridge.ServiceBridge`); the service never imports Qt. Importing this
package does not import Qt either, so the CLI can say how to install the GUI when PySide6 is
missing (:func:`gui_available`).

Layout: :mod:`.app` (QApplication + qasync loop), :mod:`.bridge` (IPC, status polling),
:mod:`.main_window` (sidebar, pages, status bar, tray), :mod:`.login`, :mod:`.theme`
(one stylesheet, light and dark), :mod:`.pages` (the page registry), ``views/`` (layout only)
and ``controllers/`` (signals and IPC).
"""

from __future__ import annotations

import importlib.util

__all__ = ["GUI_INSTALL_HINT", "gui_available", "run_gui"]

GUI_INSTALL_HINT = "install the GUI with pip install 'pywats[gui]'"


def gui_available() -> bool:
    """Whether PySide6 and qasync can be imported (the ``[gui]`` extra is installed)."""
    return all(importlib.util.find_spec(name) is not None for name in ("PySide6", "qasync"))


def run_gui(instance_id: str | None = None, *, start_minimized: bool = False) -> int:
    """Run the GUI until it is quit; returns the exit code (see :func:`.app.run_gui`)."""
    from pywats_client.gui.app import run_gui as _run_gui

    return _run_gui(instance_id, start_minimized=start_minimized)

"""pyWATS station service: watch folders, converters, a persistent upload queue, IPC and CLI.

Sub-packages are imported on demand (``pywats_client.config``, ``pywats_client.queue``...);
importing this package is cheap and never imports Qt — the GUI lives in ``pywats_client.gui``
and only that package may.
"""

from __future__ import annotations

from pywats_client.errors import ClientError

__all__ = ["ClientError", "__version__"]

__version__ = "0.1.0"

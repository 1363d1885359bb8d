"""The desktop user's GUI preferences: theme, sidebar mode, last instance, window geometry.

These belong to the person at the desk, not to the station, so they are not in the service's
configuration (which the GUI only changes over IPC). They live in ``gui.ini`` in the config
root (``PYWATS_HOME`` honoured, so tests and portable installs keep them with everything else).
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from PySide6.QtCore import QByteArray, QSettings

from pywats_client.gui.theme import ThemeMode
from pywats_client.paths import HomePaths, ensure_private_dir

__all__ = ["GuiPreferences", "SidebarMode"]

E = TypeVar("E", bound=Enum)

PREFERENCES_FILE = "gui.ini"


class SidebarMode(str, Enum):
    """How much room the page list takes."""

    ADVANCED = "advanced"  # icons and names
    COMPACT = "compact"  # icons only (names in tooltips)
    MINIMIZED = "minimized"  # hidden: pages by Ctrl+1..8 or the View menu


class GuiPreferences:
    """Typed access to ``gui.ini``.

    Args:
        home: The roots whose config directory holds the file.
    """

    def __init__(self, home: HomePaths) -> None:
        ensure_private_dir(home.config_dir)
        self.path = home.config_dir / PREFERENCES_FILE
        self._settings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def _enum(self, key: str, kind: type[E], default: E) -> E:
        value = self._settings.value(key, default.value)
        try:
            return kind(value)
        except ValueError:
            return default

    @property
    def theme(self) -> ThemeMode:
        return self._enum("theme", ThemeMode, ThemeMode.SYSTEM)

    @theme.setter
    def theme(self, mode: ThemeMode) -> None:
        self._settings.setValue("theme", mode.value)

    @property
    def sidebar_mode(self) -> SidebarMode:
        return self._enum("sidebar_mode", SidebarMode, SidebarMode.ADVANCED)

    @sidebar_mode.setter
    def sidebar_mode(self, mode: SidebarMode) -> None:
        self._settings.setValue("sidebar_mode", mode.value)

    @property
    def last_instance(self) -> str | None:
        value = self._settings.value("last_instance")
        return value if isinstance(value, str) and value else None

    @last_instance.setter
    def last_instance(self, instance_id: str) -> None:
        self._settings.setValue("last_instance", instance_id)

    @property
    def geometry(self) -> QByteArray | None:
        value = self._settings.value("geometry")
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._settings.setValue("geometry", value)

    def sync(self) -> None:
        """Write pending changes to the file now."""
        self._settings.sync()

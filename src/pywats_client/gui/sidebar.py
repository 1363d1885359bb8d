"""The page list on the left of the main window, in three sizes.

:class:`Sidebar` is a QListWidget (arrow keys, Home/End and type-ahead come with it); its
:class:`~pywats_client.gui.preferences.SidebarMode` sets how much room it takes: icons and names,
icons only (names in tooltips), or hidden (pages are then reached with Ctrl+1..8 and the View
menu). Rows are never removed, only hidden, so a row index always equals a page index.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from pywats_client.gui.icons import page_icon
from pywats_client.gui.preferences import SidebarMode

__all__ = ["Sidebar"]

_WIDTH_ADVANCED = 196
_WIDTH_COMPACT = 60
_KEY_ROLE = Qt.ItemDataRole.UserRole


class Sidebar(QListWidget):
    """The sidebar; ``currentRowChanged`` tells which page to show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setAccessibleName("Pages")
        self.setIconSize(QSize(20, 20))
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._titles: list[str] = []
        self._mode = SidebarMode.ADVANCED

    @property
    def mode(self) -> SidebarMode:
        return self._mode

    def add_page(self, key: str, title: str, icon: str, shortcut: str) -> None:
        """Append a page row (``title`` without its mnemonic marker)."""
        item = QListWidgetItem(page_icon(icon), title)
        item.setData(_KEY_ROLE, key)
        item.setToolTip(f"{title} ({shortcut})")
        self.addItem(item)
        self._titles.append(title)

    def key_at(self, row: int) -> str | None:
        item = self.item(row)
        if item is None:
            return None
        key = item.data(_KEY_ROLE)
        return key if isinstance(key, str) else None

    def row_of(self, key: str) -> int:
        for row in range(self.count()):
            if self.key_at(row) == key:
                return row
        raise KeyError(key)

    def set_page_hidden(self, key: str, hidden: bool) -> None:
        item = self.item(self.row_of(key))
        if item is not None:
            item.setHidden(hidden)

    def is_page_hidden(self, key: str) -> bool:
        item = self.item(self.row_of(key))
        return item is None or item.isHidden()

    def set_mode(self, mode: SidebarMode) -> None:
        """Show names and icons, icons only, or nothing."""
        self._mode = mode
        self.setVisible(mode is not SidebarMode.MINIMIZED)
        compact = mode is SidebarMode.COMPACT
        for row, title in enumerate(self._titles):
            item = self.item(row)
            if item is not None:
                item.setText("" if compact else title)
                item.setTextAlignment(
                    Qt.AlignmentFlag.AlignCenter
                    if compact
                    else Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                )
        self.setFixedWidth(_WIDTH_COMPACT if compact else _WIDTH_ADVANCED)

"""The contract every GUI page view follows: a QWidget with a title and an icon, layout only.

A view builds its widgets and exposes them as attributes; it never talks to the service. Its
controller (:mod:`pywats_client.gui.controllers.base`) wires the widgets' signals, runs the IPC
calls through the bridge and writes results back into the view. This split (TagStudio's) keeps
the views easy to test and the controllers free of layout code.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

__all__ = ["PageView"]


class PageView(QWidget):
    """Base class of the pages shown in the main window's sidebar.

    Class attributes:
        title: Name in the sidebar and the page header (with a ``&`` mnemonic if wanted).
        icon: A ``QStyle.StandardPixmap`` name (e.g. ``"SP_ComputerIcon"``) or a short glyph.

    Subclasses call ``super().__init__(parent)`` and add their widgets to :attr:`body`
    (a vertical layout under the page header).
    """

    title: ClassVar[str] = "Page"
    icon: ClassVar[str] = "SP_FileIcon"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"page_{type(self).__name__}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        outer.setSpacing(12)
        self.header = QLabel(self.title.replace("&", ""), self)
        self.header.setObjectName("pageHeader")
        self.header.setProperty("role", "header")
        outer.addWidget(self.header)
        self.body = QVBoxLayout()
        self.body.setSpacing(12)
        outer.addLayout(self.body, 1)

    @classmethod
    def plain_title(cls) -> str:
        """The title without its mnemonic marker."""
        return cls.title.replace("&", "")

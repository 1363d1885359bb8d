"""Icons without image files: Qt's standard pixmaps, or a glyph drawn on a transparent square.

Pages name their icon as a ``QStyle.StandardPixmap`` member (``"SP_ComputerIcon"``) or a short
text glyph; :func:`page_icon` turns either into a QIcon. :func:`app_icon` draws the window and
tray icon, tinted by the service state when asked.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

__all__ = ["app_icon", "page_icon"]

_SIZE = 64
ACCENT = "#1f6feb"


def _glyph_pixmap(text: str, colour: str, background: str | None = None) -> QPixmap:
    pixmap = QPixmap(_SIZE, _SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if background is not None:
        painter.setBrush(QColor(background))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(QRectF(2, 2, _SIZE - 4, _SIZE - 4), 14, 14)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(_SIZE * (0.55 if background else 0.7)))
    painter.setFont(font)
    painter.setPen(QColor(colour))
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return pixmap


def page_icon(name: str) -> QIcon:
    """A QIcon from a ``QStyle.StandardPixmap`` name, else from ``name`` drawn as a glyph."""
    member = getattr(QStyle.StandardPixmap, name, None)
    app = QApplication.instance()
    if isinstance(member, QStyle.StandardPixmap) and isinstance(app, QApplication):
        return app.style().standardIcon(member)
    return QIcon(_glyph_pixmap(name[:2], "#c7d0da"))


def app_icon(state_colour: str | None = None) -> QIcon:
    """The pyWATS icon: a "W" on a rounded square (accent, or ``state_colour``)."""
    return QIcon(_glyph_pixmap("W", "#ffffff", state_colour or ACCENT))

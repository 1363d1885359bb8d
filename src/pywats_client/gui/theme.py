"""One stylesheet, two palettes: the GUI follows the OS's light or dark scheme, or a forced one.

``style.qss`` holds every rule once, with ``${name}`` placeholders filled from a
:class:`Palette`; :class:`ThemeManager` picks the palette (``QStyleHints.colorScheme()`` when
the mode is :attr:`ThemeMode.SYSTEM`), applies it with the Fusion style (the same look on every
platform) and re-applies it when the OS switches scheme. Widgets that show a state (a pill that
turns green or red) set a dynamic property and call :func:`set_role`, so colours stay in the
stylesheet rather than in Python.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum
from importlib import resources
from pathlib import Path
from string import Template

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

__all__ = [
    "DARK",
    "LIGHT",
    "Palette",
    "Scheme",
    "ThemeManager",
    "ThemeMode",
    "render_stylesheet",
    "set_role",
]


class ThemeMode(str, Enum):
    """What the user chose: follow the OS, or force one scheme."""

    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class Scheme(str, Enum):
    """The scheme actually shown."""

    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True)
class Palette:
    """The colours of one scheme (names match the ``${...}`` placeholders of style.qss)."""

    window: str
    surface: str
    surface_alt: str
    border: str
    text: str
    text_muted: str
    accent: str
    accent_hover: str
    accent_text: str
    sidebar: str
    sidebar_text: str
    sidebar_selected: str
    selection: str
    ok: str
    ok_bg: str
    warn: str
    warn_bg: str
    error: str
    error_bg: str


LIGHT = Palette(
    window="#f4f6f9",
    surface="#ffffff",
    surface_alt="#eef1f5",
    border="#d5dae1",
    text="#1d232b",
    text_muted="#5b6674",
    accent="#1f6feb",
    accent_hover="#1a5fcc",
    accent_text="#ffffff",
    sidebar="#1f2933",
    sidebar_text="#d9e1ea",
    sidebar_selected="#2f6fd1",
    selection="#cfe0fb",
    ok="#137333",
    ok_bg="#e3f4e8",
    warn="#8a5a00",
    warn_bg="#fff3d6",
    error="#b3261e",
    error_bg="#fde7e6",
)

DARK = Palette(
    window="#15191e",
    surface="#1e242b",
    surface_alt="#262d35",
    border="#343d48",
    text="#e6ebf0",
    text_muted="#9aa6b4",
    accent="#4c8dff",
    accent_hover="#6a9fff",
    accent_text="#0b1220",
    sidebar="#0f1216",
    sidebar_text="#c7d0da",
    sidebar_selected="#2d5fb8",
    selection="#2c4a7a",
    ok="#7ddc95",
    ok_bg="#1d3a27",
    warn="#f0c060",
    warn_bg="#3d3119",
    error="#ff8a80",
    error_bg="#45201e",
)

_PALETTES = {Scheme.LIGHT: LIGHT, Scheme.DARK: DARK}


def render_stylesheet(palette: Palette) -> str:
    """style.qss with the palette's colours filled in.

    Raises:
        KeyError: the stylesheet names a colour the palette does not have.
    """
    package = resources.files("pywats_client.gui")
    source = package.joinpath("style.qss").read_text("utf-8")
    # Arrow images for spin boxes and combo boxes; the package is installed as files.
    assets = Path(str(package.joinpath("assets"))).as_posix()
    return Template(source).substitute(asdict(palette), assets=assets)


def _qpalette(palette: Palette) -> QPalette:
    """A QPalette matching the stylesheet, for the parts QSS does not reach (native dialogs)."""
    qp = QPalette()
    roles = {
        QPalette.ColorRole.Window: palette.window,
        QPalette.ColorRole.WindowText: palette.text,
        QPalette.ColorRole.Base: palette.surface,
        QPalette.ColorRole.AlternateBase: palette.surface_alt,
        QPalette.ColorRole.Text: palette.text,
        QPalette.ColorRole.Button: palette.surface_alt,
        QPalette.ColorRole.ButtonText: palette.text,
        QPalette.ColorRole.Highlight: palette.accent,
        QPalette.ColorRole.HighlightedText: palette.accent_text,
        QPalette.ColorRole.ToolTipBase: palette.surface,
        QPalette.ColorRole.ToolTipText: palette.text,
        QPalette.ColorRole.PlaceholderText: palette.text_muted,
        QPalette.ColorRole.Link: palette.accent,
    }
    for role, colour in roles.items():
        qp.setColor(role, QColor(colour))
    return qp


def set_role(widget: QWidget, name: str, value: str) -> None:
    """Set a dynamic property the stylesheet selects on (e.g. ``state="ok"``) and re-style."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class ThemeManager(QObject):
    """Applies the light or dark stylesheet to the application and keeps it current.

    Args:
        app: The running QApplication.
        mode: Follow the OS (default) or force a scheme.
    """

    scheme_changed = Signal(str)

    def __init__(self, app: QApplication, mode: ThemeMode = ThemeMode.SYSTEM) -> None:
        super().__init__(app)
        self._app = app
        self._mode = mode
        self._scheme: Scheme | None = None
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_changed)

    @property
    def mode(self) -> ThemeMode:
        return self._mode

    @property
    def scheme(self) -> Scheme:
        """The scheme shown now."""
        return self._scheme or self.resolve()

    def resolve(self) -> Scheme:
        """The scheme for the current mode (the OS's when following it; light if unknown)."""
        if self._mode is ThemeMode.LIGHT:
            return Scheme.LIGHT
        if self._mode is ThemeMode.DARK:
            return Scheme.DARK
        dark = QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
        return Scheme.DARK if dark else Scheme.LIGHT

    def set_mode(self, mode: ThemeMode) -> None:
        self._mode = mode
        self.apply()

    def apply(self) -> None:
        """(Re)apply the stylesheet and palette of the resolved scheme."""
        scheme = self.resolve()
        palette = _PALETTES[scheme]
        self._app.setStyle("Fusion")
        self._app.setPalette(_qpalette(palette))
        self._app.setStyleSheet(render_stylesheet(palette))
        changed = scheme is not self._scheme
        self._scheme = scheme
        if changed:
            self.scheme_changed.emit(scheme.value)

    def _system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self._mode is ThemeMode.SYSTEM:
            self.apply()

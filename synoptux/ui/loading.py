"""What the screen shows while the board is being read (the screen never freezes).

At start the database is opened by a thread of its own (`ui/app.py`, `BoardStartup`): a
server that does not answer costs its connect timeout there, never on the GUI thread. The
screen meanwhile shows `LoadingWindow`, the whole screen as the board will take it; the
board window then shows at once with `loading_label` over its board area until its first
board arrives by signal from the database thread.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from synoptux.ui.plain import plain_label


def show_on_wall(window: QWidget, *, full_screen: bool = False) -> None:
    """Show `window` on the whole primary screen: full screen, or maximised within the
    screen's available area (what a window shown before the board, or instead of it, takes)."""
    screen = QGuiApplication.primaryScreen()
    if screen is not None:
        window.setGeometry(screen.geometry() if full_screen else screen.availableGeometry())
    if full_screen:
        window.showFullScreen()
    else:
        window.showMaximized()


def loading_text() -> str:
    return QCoreApplication.translate("Loading", "Loading the board…")


def loading_label(parent: QWidget) -> QLabel:
    """A large centred "loading" line, for a board area with no board yet."""
    label = plain_label(loading_text(), parent, name="LoadingLabel")
    _large_and_centred(label)
    return label


def _large_and_centred(label: QLabel) -> None:
    """Centred, at twice the usual size (at least 20 points): read from across the room."""
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    font = QFont(label.font())
    font.setPointSize(max(font.pointSize(), 10) * 2)
    label.setFont(font)


class LoadingOverlay(QLabel):
    """`loading_text` over the whole of `target` (the board area) until hidden."""

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self.setObjectName("LoadingLabel")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setText(loading_text())
        _large_and_centred(self)
        self.setGeometry(target.rect())
        target.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # Qt name
        if obj is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(obj.rect())
            self.raise_()
        return False


class LoadingWindow(QWidget):
    """The whole screen while the database is opened: the title and "loading"."""

    def __init__(self, title: str = "Synoptux") -> None:
        super().__init__()
        self.setObjectName("LoadingWindow")
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.label = loading_label(self)
        layout.addWidget(self.label, 1)

    def show_on_wall(self, *, full_screen: bool = False) -> None:
        """The whole screen, as the board will take it."""
        show_on_wall(self, full_screen=full_screen)

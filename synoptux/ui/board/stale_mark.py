"""The board on screen is not current: the database stopped answering.

The last board stays (a nurse still needs to see who is where), but nobody may take it for
the present: the offline banner says since when the data are ("Données du 01/12 14:03:22 —
la base ne répond pas"), and a veil over the board greys it and hatches it (not by colour
alone). The veil lets taps through: an action then gets its own answer ("not done, try
again") instead of a dead screen. When the database answers again the banner and the veil
go; the fresh board follows from the feed.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QPainter
from PySide6.QtWidgets import QLabel, QWidget

VEIL_WASH = QColor(100, 116, 139, 110)  # slate, translucent: the board stays readable
VEIL_HATCH = QColor(51, 65, 85, 70)
TIME_FORMAT = "%d/%m %H:%M:%S"


def stale_text(last_good: datetime) -> str:
    return QCoreApplication.translate(
        "StaleMark", "Data of {t} \u2014 the database is not answering"
    ).format(t=last_good.strftime(TIME_FORMAT))


class _Veil(QWidget):
    """A translucent, hatched layer over the board; transparent to the mouse."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("StaleVeil")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()

    def paintEvent(self, event) -> None:  # Qt name
        p = QPainter(self)
        p.fillRect(event.rect(), VEIL_WASH)
        p.fillRect(event.rect(), QBrush(VEIL_HATCH, Qt.BrushStyle.BDiagPattern))
        p.end()


class StaleMark(QObject):
    """Marks `board` stale and writes the time of the last good read on `banner`."""

    def __init__(self, banner: QLabel, board: QWidget) -> None:
        super().__init__(board)
        self.banner = banner
        self.board = board
        self.last_good: datetime | None = None
        self.veil = _Veil(board)
        board.installEventFilter(self)

    @property
    def stale(self) -> bool:
        return self.last_good is not None

    def show_stale(self, last_good: datetime) -> None:
        """The database stopped answering; the board on screen is the one read at `last_good`."""
        self.last_good = last_good
        self.banner.setText(stale_text(last_good))
        self.banner.show()
        self.board.setProperty("stale", True)
        self.veil.setGeometry(self.board.rect())
        self.veil.show()
        self.veil.raise_()

    def clear(self) -> None:
        """The database answers again."""
        self.last_good = None
        self.banner.hide()
        self.board.setProperty("stale", False)
        self.veil.hide()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # Qt name
        if obj is self.board and event.type() == QEvent.Type.Resize and self.veil.isVisible():
            self.veil.setGeometry(self.board.rect())
        elif obj is self.board and event.type() == QEvent.Type.ChildAdded and self.stale:
            self.veil.raise_()  # a page added under it (a rebuilt board) stays veiled
        return False

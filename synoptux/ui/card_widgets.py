"""Small widgets of the patient card: the name that elides its first name first, and a
one-line label that elides to its width and answers a tap."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QWidget

from synoptux.ui.style import ElideButton


class NameButton(ElideButton):
    """The patient's name: when it does not fit, the first name gives way first
    ("LAMBERT Chloé" -> "LAMBERT C." -> "LAMBERT" -> "LAMB…")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self._parts: tuple[str, str] = ("", "")

    def set_name(self, text: str, last: str = "", first: str = "") -> None:
        self._parts = (last, first)
        self.setText(text)
        self.refresh_elision()

    def elide_to(self, fm: QFontMetrics, room: int) -> str:
        last, first = self._parts
        if last and first:
            for candidate in (f"{last} {first[:1]}.", last):
                if fm.horizontalAdvance(candidate) <= room:
                    return candidate
            return fm.elidedText(last, Qt.TextElideMode.ElideRight, room)
        return super().elide_to(fm, room)


class ClickLabel(QLabel):
    """A label of at most `lines` word-wrapped lines, elided with "…" to its size, that
    answers a tap (the comment: as tall as the 48 px buttons beside it). `text()` is the
    full text."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None, lines: int = 2) -> None:
        super().__init__(parent)
        self._full = ""
        self._lines = lines
        self._elided_for: tuple[int, int, str] | None = None
        self.setWordWrap(lines > 1)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt name
        self._full = text
        self._elide()

    def text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt name
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._elided_for = None
            self._elide()

    def _fits(self, fm: QFontMetrics, text: str, width: int) -> bool:
        if self._lines <= 1:
            return fm.horizontalAdvance(text) <= width
        flags = int(Qt.TextFlag.TextWordWrap)
        rect = fm.boundingRect(0, 0, width, 10_000, flags, text)
        return rect.height() <= fm.lineSpacing() * self._lines + 1 and rect.width() <= width

    def _elide(self) -> None:
        key = (self.width(), self.height(), self._full)
        if key == self._elided_for:
            return
        self._elided_for = key
        fm = self.fontMetrics()
        m = self.contentsMargins()
        width = key[0] - m.left() - m.right() - 2 * self.margin() - 2
        shown = self._full
        if width > 8 and not self._fits(fm, shown, width):
            lo, hi = 0, len(shown)  # the longest prefix that fits with its "…"
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if self._fits(fm, shown[:mid].rstrip() + "\u2026", width):
                    lo = mid
                else:
                    hi = mid - 1
            shown = shown[:lo].rstrip() + "\u2026"
        if QLabel.text(self) != shown:
            QLabel.setText(self, shown)

    def mouseReleaseEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt name
        super().mouseReleaseEvent(event)
        if self.isEnabled() and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()

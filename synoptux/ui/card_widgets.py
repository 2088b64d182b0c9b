"""Small widgets of the patient card: the name that elides its first name first, and a
one-line label that elides to its width and answers a tap."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QWidget

from synoptux.ui.style import ElideButton

MAX_NAME_MIN = 200  # px: a very long last name may still be elided


class NameButton(ElideButton):
    """The patient's name: when it does not fit, the first name gives way first
    ("LAMBERT Chloé" -> "LAMBERT C." -> "LAMBERT" -> "LAMB…")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self._parts: tuple[str, str] = ("", "")

    def set_name(self, text: str, last: str = "", first: str = "") -> None:
        self._parts = (last, first)
        self.setText(text)
        self._keep_last_name()
        self.refresh_elision()

    def _keep_last_name(self) -> None:
        """Narrow boxes: the buttons beside the name give way before its last name does."""
        last = self._parts[0]
        width = self.fontMetrics().horizontalAdvance(last) + 26 if last else 48
        self.setMinimumWidth(max(48, min(width, MAX_NAME_MIN)))

    def changeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt name
        if event.type() == QEvent.Type.FontChange:
            self._keep_last_name()
        super().changeEvent(event)

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
        self.setTextFormat(Qt.TextFormat.PlainText)  # a comment is data, never rich text
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

    def _wrap(self, fm: QFontMetrics, width: int) -> str:
        """The text on at most `lines` lines (explicit line breaks, words kept whole when
        they can be), the last line elided with "…". No Qt word wrap: a wrapping label
        has a height-for-width, and its card would lay out again on every style change."""
        words = self._full.split()
        lines: list[str] = []
        while words and len(lines) < self._lines - 1:
            line = words.pop(0)
            while words and fm.horizontalAdvance(f"{line} {words[0]}") <= width:
                line = f"{line} {words.pop(0)}"
            if fm.horizontalAdvance(line) > width:  # one long word: cut it here
                cut = len(line)
                while cut > 1 and fm.horizontalAdvance(line[:cut]) > width:
                    cut -= 1
                words.insert(0, line[cut:])
                line = line[:cut]
            lines.append(line)
        if words:
            lines.append(fm.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width))
        return "\n".join(lines)

    def _elide(self) -> None:
        key = (self.width(), self.height(), self._full)
        if key == self._elided_for:
            return
        self._elided_for = key
        fm = self.fontMetrics()
        m = self.contentsMargins()
        width = key[0] - m.left() - m.right() - 2 * self.margin() - 2
        shown = self._full
        if width > 8 and fm.horizontalAdvance(shown) > width:
            shown = self._wrap(fm, width)
        if QLabel.text(self) != shown:
            QLabel.setText(self, shown)

    def mouseReleaseEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt name
        super().mouseReleaseEvent(event)
        if self.isEnabled() and self.rect().contains(event.position().toPoint()):
            self.clicked.emit()

"""The alarm strip: every late task in one list, most late first.

One touch-sized line per late task: box, patient (initials in privacy mode or
for an anonymous patient), task, what is late and by how much ("late 12 min"),
and since when. A tap on a line emits `sig_item_tapped(patient_id, task_id)`;
the board brings that card into view and unfolds it.

`set_items` diffs by (patient, task): a line whose text did not change is not
touched, a line that stays is never rebuilt, and the same list twice does
nothing at all. The strip hides itself when nothing is late.
"""

from __future__ import annotations

from datetime import timedelta

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from synoptux.domain.alarms import LateItem, format_late
from synoptux.domain.model import Overdue

LINE_HEIGHT = 48  # touch target
SPACING = 4


class AlarmLine(QPushButton):
    """One late task. Keeps its item; rewrites its text only when it changes."""

    def __init__(self, item: LateItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alarmLine")
        self.setMinimumHeight(LINE_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.item = item

    def show_item(self, item: LateItem, text: str) -> None:
        self.item = item
        if self.property("lateKind") != item.kind.value:
            self.setProperty("lateKind", item.kind.value)
            self.style().unpolish(self)
            self.style().polish(self)
        if self.text() != text:
            self.setText(text)


class AlarmStrip(QWidget):
    """List of the late tasks of the board (see module docstring)."""

    sig_item_tapped = Signal(int, int)
    """(patient_id, task_id) of the line tapped: show that card, unfold it."""

    sig_count_changed = Signal(int)
    """Number of late tasks, when it changes."""

    def __init__(self, parent: QWidget | None = None, *, max_lines: int = 3) -> None:
        super().__init__(parent)
        self.setObjectName("alarmStrip")
        self._privacy = False
        self._max_lines = max(1, max_lines)
        self._lines: dict[tuple[int, int], AlarmLine] = {}
        self._order: list[tuple[int, int]] = []

        self._title = QLabel(self)
        self._title.setObjectName("alarmStripTitle")
        self._body = QWidget()
        self._body.setObjectName("alarmStripBody")
        self._body_layout = QVBoxLayout(self._body)
        self._body_layout.setContentsMargins(0, 0, 0, 0)
        self._body_layout.setSpacing(SPACING)
        self._body_layout.addStretch(1)
        self._scroll = QScrollArea(self)
        self._scroll.setObjectName("alarmStripScroll")
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setWidget(self._body)
        QScroller.grabGesture(self._scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(SPACING)
        layout.addWidget(self._title)
        layout.addWidget(self._scroll)
        self._update_title()
        self.setVisible(False)

    # -- public API ------------------------------------------------------------
    def set_items(self, items: list[LateItem]) -> None:
        """Show these late tasks, in this order (most late first)."""
        keys = [i.key for i in items]
        before = len(self._order)
        for key in list(self._lines):
            if key not in set(keys):
                self._remove(key)
        for item in items:
            line = self._lines.get(item.key)
            if line is None:
                line = AlarmLine(item, self._body)
                line.clicked.connect(lambda _=False, k=item.key: self._on_tapped(k))
                self._lines[item.key] = line
            line.show_item(item, self._text(item))
        if keys != self._order:
            self._relayout(keys)
        if len(keys) != before:
            self._update_title()
            self._update_height()
            self.setVisible(bool(keys))
            self.sig_count_changed.emit(len(keys))

    def set_privacy(self, privacy: bool) -> None:
        """Initials only (screens the public can see)."""
        privacy = bool(privacy)
        if privacy == self._privacy:
            return
        self._privacy = privacy
        for line in self._lines.values():
            line.show_item(line.item, self._text(line.item))

    def privacy(self) -> bool:
        return self._privacy

    def items(self) -> list[LateItem]:
        return [self._lines[k].item for k in self._order]

    def line(self, patient_id: int, task_id: int) -> AlarmLine | None:
        return self._lines.get((patient_id, task_id))

    def lines(self) -> list[AlarmLine]:
        return [self._lines[k] for k in self._order]

    # -- texts -----------------------------------------------------------------
    def _patient_text(self, item: LateItem) -> str:
        if self._privacy or item.anonymous:
            return item.patient_initials or "?"
        return item.patient_name

    def _since_text(self, item: LateItem) -> str:
        now = item.since + timedelta(minutes=item.minutes_late)
        fmt = "%H:%M" if now.date() == item.since.date() else "%d/%m %H:%M"
        return self.tr("since {0}").format(item.since.strftime(fmt))

    def _text(self, item: LateItem) -> str:
        kind = self.tr("not started") if item.kind is Overdue.START else self.tr("not finished")
        late = self.tr("late {0}").format(format_late(item.minutes_late))
        return "  ·  ".join(
            (
                item.box_label,
                self._patient_text(item),
                item.task_label,
                f"{kind}, {late} ({self._since_text(item)})",
            )
        )

    def _update_title(self) -> None:
        self._title.setText(self.tr("Late tasks: {0}").format(len(self._lines)))

    # -- layout ------------------------------------------------------------------
    def _remove(self, key: tuple[int, int]) -> None:
        line = self._lines.pop(key)
        self._body_layout.removeWidget(line)
        line.hide()
        line.deleteLater()

    def _relayout(self, keys: list[tuple[int, int]]) -> None:
        """Put the lines in `keys` order (moves widgets; creates none)."""
        for key in keys:
            self._body_layout.removeWidget(self._lines[key])
        for index, key in enumerate(keys):
            self._body_layout.insertWidget(index, self._lines[key])
            self._lines[key].show()
        self._order = keys

    def _update_height(self) -> None:
        shown = min(len(self._lines), self._max_lines)
        self._scroll.setFixedHeight(max(1, shown) * (LINE_HEIGHT + SPACING))

    def _on_tapped(self, key: tuple[int, int]) -> None:
        line = self._lines.get(key)
        if line is not None and shiboken6.isValid(line):
            self.sig_item_tapped.emit(key[0], key[1])

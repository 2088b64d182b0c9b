"""The alarm strip: the late tasks of the board, most late first, in a few dense lines.

At the left, a header "Late tasks: N" and, when not all fit, a "+N more" button;
at the right, the most late tasks in a grid of touch-sized lines (as many columns
as the width allows, `max_lines` rows). One line per task, left aligned:
box · patient (initials in privacy mode or for an anonymous patient) · task ·
"late 12 min" (not finished in time) or "start +5 min" (not started in time) ·
"since 09:30". A tap on a line emits `sig_item_tapped(patient_id, task_id)`; the
board brings that patient into view and opens the task's states. "+N more" shows
more rows (still a bounded number: the most late), a second tap shows fewer.

The late tasks of patients the board cannot show (scrolled out of a crowded box,
`set_hidden`) come first and say so: the strip always names hidden late patients.

A patient late for his first medical contact (triage level) is a line too
("Triage 2: no doctor yet"); an acknowledged alarm says who and when ("ack. Dr Rossi
10:05") and is styled apart (`alarmLevel` "snoozed"); an alarm unacknowledged too long
(`alarmLevel` "escalated") comes first, in a stronger colour (after the alarms of hidden
patients, which come first whatever their state: the wall cannot show them).

Only the lines shown exist: a board with 400 late tasks builds a dozen lines,
not 400. The lines are slots: `set_items` writes into them (a line whose text did
not change is not touched), so the same list twice does nothing at all, and no
widget is created while the list only changes order or content. The strip keeps
the same height while it is shown (the board does not jump). When the last late
task is done it says "No late tasks" and hides itself only after CALM_HOLD_MS with
nothing late: each time it shows or hides, the wall below changes height and every
box is laid out and painted again (hiding it at once, a burst of tasks falling late and
being done toggled it every second or so, ~100 ms of frozen screen each time, and boxes
moving under the nurses' fingers).
"""

from __future__ import annotations

import math
from datetime import timedelta

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from synoptux.domain.alarms import LateItem, format_late
from synoptux.domain.model import Overdue
from synoptux.ui.plain import plain_label
from synoptux.ui.style import ElideButton, set_prop

LINE_HEIGHT = 40  # touch target (40 px at 1080p)
SPACING = 2
LINE_WIDTH = 480  # px a line needs to read "box · patient · task · late · since"
HEADER_WIDTH = 230
HEADER_WIDTH_ONE_ROW = 360
EXPANDED_ROWS = 8  # "+N more": up to this many rows (the most late), never the whole list
CALM_HOLD_MS = 60_000  # nothing late this long: the strip gives its room back to the wall
GROW_HOLD_MS = 2_000  # patients hidden this long: a second row names more of them


class AlarmLine(ElideButton):
    """One slot of the strip: shows one late task; rewrites its text only when it changes."""

    def __init__(self, item: LateItem, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setObjectName("alarmLine")
        self.setMinimumHeight(LINE_HEIGHT)
        self.setMinimumWidth(48)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.item = item
        set_prop(self, "lateKind", "")  # always set: never read an unset property
        set_prop(self, "offscreen", False)
        set_prop(self, "alarmLevel", "active")

    def show_item(self, item: LateItem, text: str, *, hidden: bool = False) -> None:
        self.item = item
        set_prop(self, "lateKind", item.kind.value)
        set_prop(self, "offscreen", hidden)
        set_prop(self, "alarmLevel", item.alarm or "active")
        if self.text() != text:
            self.setText(text)

    def late_kind(self) -> str:
        """'start' or 'end' (the value of the `lateKind` style property)."""
        return self.item.kind.value


class AlarmStrip(QWidget):
    """The late tasks of the board (see module docstring)."""

    sig_item_tapped = Signal(int, int)
    """(patient_id, task_id) of the line tapped: show that card, unfold it."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        max_lines: int = 3,
        calm_hold_ms: int = CALM_HOLD_MS,
        grow_hold_ms: int = GROW_HOLD_MS,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("alarmStrip")
        self._calm = QTimer(self)
        self._calm.setSingleShot(True)
        self._calm.setInterval(calm_hold_ms)
        self._calm.timeout.connect(self._hide_when_calm)
        self._rows_to = 1  # the rows asked for, given when a hold ends
        self._grow, self._shrink = QTimer(self), QTimer(self)
        for timer, hold in ((self._grow, grow_hold_ms), (self._shrink, calm_hold_ms)):
            timer.setSingleShot(True)
            timer.setInterval(hold)
            timer.timeout.connect(lambda: self._set_rows(self._rows_to))
        self._privacy = False
        self._rows = max(1, max_lines)
        self._expanded = False
        self._items: list[LateItem] = []
        self._given: list[LateItem] = []
        self._hidden: frozenset[int] = frozenset()
        self._slots: list[AlarmLine] = []
        self._shown = 0
        self._cols = 1

        self._title = plain_label("", self)
        self._title.setObjectName("alarmStripTitle")
        self._more = QPushButton(self)
        self._more.setObjectName("alarmStripMore")
        self._more.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._more.clicked.connect(self._toggle_expanded)
        self._more.hide()
        header = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        header.setContentsMargins(0, 0, 0, 0)
        header.setSpacing(SPACING)
        header.addWidget(self._title)
        header.addWidget(self._more)
        header.addStretch(1)
        self._header = QWidget(self)
        self._header.setObjectName("alarmStripHeader")
        self._header.setLayout(header)
        self._header_layout = header
        self._more.setMinimumHeight(LINE_HEIGHT)
        self._apply_header()
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(SPACING)
        self._layout = layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.setSpacing(6)
        layout.addWidget(self._header)
        layout.addLayout(self._grid, 1)
        self._update_title()
        self.setVisible(False)

    # -- public API ------------------------------------------------------------
    def set_items(self, items: list[LateItem]) -> None:
        """Show these late tasks, in this order (most late first; hidden patients first)."""
        before = len(self._items)
        self._given = list(items)
        self._items = self._ordered()
        self._fill()
        if len(self._items) != before:
            self._update_title()
        if self._items:
            self._calm.stop()
            if self.isHidden():
                self.setVisible(True)
        elif not self.isHidden() and not self._calm.isActive():
            self._calm.start()  # "No late tasks" for a while, then the room goes back

    def is_calm(self) -> bool:
        """Shown, nothing late: waiting CALM_HOLD_MS before giving the room back."""
        return not self._items and self._calm.isActive()

    def _hide_when_calm(self) -> None:
        if not self._items:
            self.setVisible(False)

    def set_hidden(self, patient_ids) -> None:  # a set of EC_PK
        """The patients the board cannot show right now: their late tasks come first."""
        hidden = frozenset(patient_ids)
        if hidden == self._hidden:
            return
        self._hidden = hidden
        self._items = self._ordered()
        self._fill()

    def _ordered(self) -> list[LateItem]:
        """The hidden patients' alarms first (the wall cannot show them), then the others;
        escalated ones first within each (the order given otherwise)."""
        given = sorted(self._given, key=lambda i: not i.escalated)  # stable
        if not self._hidden:
            return given
        first = [i for i in given if i.patient_id in self._hidden]
        return first + [i for i in given if i.patient_id not in self._hidden]

    def is_hidden(self, item: LateItem) -> bool:
        return item.patient_id in self._hidden

    def set_max_lines(self, lines: int, *, at_once: bool = False) -> None:
        """Rows of lines when not expanded (fewer on a short screen). Each row taken or given
        back changes the wall's height, and the wall is laid out and painted again: more
        rows come when asked for GROW_HOLD_MS on end (the wall hides patients for good, not
        for the turn it takes to re-arrange), fewer after CALM_HOLD_MS (without these holds,
        during a burst the strip and the wall pushed each other every second). `at_once`: now (the
        screen got short)."""
        lines = max(1, int(lines))
        if at_once or lines == self._rows:
            self._grow.stop()
            self._shrink.stop()
            self._set_rows(lines)
            return
        timer, other = (
            (self._grow, self._shrink) if lines > self._rows else (self._shrink, self._grow)
        )
        other.stop()
        if not timer.isActive() or self._rows_to != lines:
            self._rows_to = lines
            timer.start()

    def _set_rows(self, lines: int) -> None:
        if lines != self._rows:
            self._rows = lines
            self._apply_header()
            self._relayout_columns()
            self._fill()

    def _apply_header(self) -> None:
        """One row of lines: the title and "+N more" side by side; more: one above the other."""
        one = self._rows == 1
        self._header_layout.setDirection(
            QBoxLayout.Direction.LeftToRight if one else QBoxLayout.Direction.TopToBottom
        )
        self._header.setFixedWidth(HEADER_WIDTH_ONE_ROW if one else HEADER_WIDTH)

    def set_privacy(self, privacy: bool) -> None:
        """Initials only (screens the public can see)."""
        privacy = bool(privacy)
        if privacy == self._privacy:
            return
        self._privacy = privacy
        self._fill()

    def privacy(self) -> bool:
        return self._privacy

    def items(self) -> list[LateItem]:
        """Every late task given, shown or not."""
        return list(self._items)

    def line(self, patient_id: int, task_id: int) -> AlarmLine | None:
        """The line showing that task, None when it is not shown."""
        key = (patient_id, task_id)
        return next((ln for ln in self.lines() if ln.item.key == key), None)

    def lines(self) -> list[AlarmLine]:
        """The lines shown, most late first."""
        return self._slots[: self._shown]

    def capacity(self) -> int:
        """How many lines the strip shows at its present width."""
        rows = EXPANDED_ROWS if self._expanded else self._rows
        return self._cols * rows

    # -- texts -----------------------------------------------------------------
    def _patient_text(self, item: LateItem) -> str:
        if self._privacy or item.anonymous:
            return item.patient_initials or "?"
        return item.patient_name

    def _since_text(self, item: LateItem) -> str:
        now = item.since + timedelta(minutes=item.minutes_late)
        fmt = "%H:%M" if now.date() == item.since.date() else "%d/%m %H:%M"
        return QCoreApplication.translate("AlarmStrip", "since {0}").format(
            item.since.strftime(fmt)
        )

    def _text(self, item: LateItem) -> str:
        how = format_late(item.minutes_late)
        late = (
            QCoreApplication.translate("AlarmStrip", "start +{0}")
            if item.kind is Overdue.START
            else QCoreApplication.translate("AlarmStrip", "late {0}")
        )
        patient = self._patient_text(item)
        if item.patient_id in self._hidden:
            patient = QCoreApplication.translate("AlarmStrip", "{0} (not on screen)").format(
                patient
            )
        what = item.task_label
        if item.kind is Overdue.TRIAGE:
            what = QCoreApplication.translate("AlarmStrip", "Triage {0}: no doctor yet").format(
                item.triage_code or "?"
            )
        parts = [item.box_label, patient, what, late.format(how), self._since_text(item)]
        if item.ack_by and item.ack_at is not None:
            parts.append(
                QCoreApplication.translate("AlarmStrip", "ack. {0} {1}").format(
                    item.ack_by, item.ack_at.strftime("%H:%M")
                )
            )
        return " \u00b7 ".join(parts)

    def _update_title(self) -> None:
        if not self._items:
            self._title.setText(QCoreApplication.translate("AlarmStrip", "No late tasks"))
            return
        self._title.setText(
            QCoreApplication.translate("AlarmStrip", "Late tasks: {0}").format(len(self._items))
        )

    # -- layout ------------------------------------------------------------------
    def _fill(self) -> None:
        """Write the most late items into the slots (creates only missing slots)."""
        shown = min(len(self._items), self.capacity())
        while len(self._slots) < shown:
            slot = AlarmLine(self._items[len(self._slots)], self)
            index = len(self._slots)
            slot.clicked.connect(lambda _=False, i=index: self._on_tapped(i))
            self._slots.append(slot)
            self._place(index)
        for slot, item in zip(self._slots, self._items[:shown], strict=False):
            slot.show_item(item, self._text(item), hidden=item.patient_id in self._hidden)
            if slot.isHidden():
                slot.show()
        for slot in self._slots[shown:]:
            if not slot.isHidden():
                slot.hide()
        self._shown = shown
        rest = len(self._items) - shown
        if self._expanded and len(self._items) > self._cols * self._rows:
            self._more.setText(QCoreApplication.translate("AlarmStrip", "Show fewer"))
            self._more.show()
        elif rest > 0:
            self._more.setText(QCoreApplication.translate("AlarmStrip", "+{0} more").format(rest))
            self._more.show()
        else:
            self._more.hide()
            self._expanded = False
        self._update_height()

    def _place(self, index: int) -> None:
        self._grid.addWidget(self._slots[index], index // self._cols, index % self._cols)
        for col in range(self._grid.columnCount()):
            self._grid.setColumnStretch(col, 1 if col < self._cols else 0)

    def _update_height(self) -> None:
        rows = EXPANDED_ROWS if self._expanded else self._rows
        if self._expanded:
            rows = min(rows, max(self._rows, math.ceil(self._shown / self._cols)))
        m = self._layout.contentsMargins()
        height = rows * LINE_HEIGHT + (rows - 1) * SPACING + m.top() + m.bottom()
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:  # Qt name
        super().resizeEvent(event)
        self._relayout_columns()

    def _relayout_columns(self) -> None:
        cols = max(1, (self.width() - self._header.maximumWidth() - 18) // LINE_WIDTH)
        if cols != self._cols:
            self._cols = cols
            for index in range(len(self._slots)):
                self._grid.removeWidget(self._slots[index])
            for index in range(len(self._slots)):
                self._place(index)
            self._fill()

    def _toggle_expanded(self) -> None:
        self._expanded = not self._expanded
        self._fill()

    def _on_tapped(self, index: int) -> None:
        if index >= self._shown:
            return
        line = self._slots[index]
        if shiboken6.isValid(line):
            key = line.item.key
            self.sig_item_tapped.emit(key[0], key[1])

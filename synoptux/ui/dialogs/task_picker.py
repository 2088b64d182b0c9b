"""A task chip tapped: its states, its note and its deletion, right where the finger is.

The manual's two kinds of task (TA_BoutonMenu):

- 'B' (buttons) with at most three states: a popup with the states as one painted
  row of finger-sized buttons (`StateBar`), the current one framed and ticked;
- any other task ('M', or 'B' with more than three states): a menu of the states.

Both also offer the task's note (when it has one), "Acknowledge the alarm" (a late
task) and "Delete the task". Every choice goes through `BoardActions`
(`set_task_state`, `open_task_note`, `acknowledge`, `delete_task`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from synoptux.domain.model import TaskView
from synoptux.ui.board.state_bar import StateBar
from synoptux.ui.style import button_text

MAX_BUTTONS = 3  # 'B' tasks with more states fall back to the menu
SEGMENT_W = 150


def has_note(task: TaskView) -> bool:
    return bool(task.has_more or task.comment)


def as_buttons(task: TaskView) -> bool:
    return task.mode == "B" and 0 < len(task.allowed_states) <= MAX_BUTTONS


class StatePopup(QFrame):
    """The states of a 'B' task as buttons, with the note and delete buttons."""

    def __init__(self, parent: QWidget, task: TaskView, actions) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("StatePopup")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.task_id = task.id
        self._actions = actions
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 10, 12, 12)
        lay.setSpacing(8)
        title = QLabel(task.label + (f" \u00b7 {task.comment}" if task.comment else ""), self)
        title.setObjectName("PickerTitle")
        title.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(title)
        self.state_bar = StateBar(self)
        self.state_bar.set_states(task.allowed_states, task.state)
        self.state_bar.setMinimumWidth(len(task.allowed_states) * SEGMENT_W)
        self.state_bar.sig_state_chosen.connect(self._chosen)
        lay.addWidget(self.state_bar)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.note_button: QPushButton | None = None
        if has_note(task):
            self.note_button = QPushButton(QCoreApplication.translate("TaskPicker", "Note"), self)
            self.note_button.setObjectName("PickerNote")
            self.note_button.clicked.connect(self._note)
            row.addWidget(self.note_button)
        self.ack_button: QPushButton | None = None
        if task.overdue is not None:
            self.ack_button = QPushButton(
                QCoreApplication.translate("TaskPicker", "Acknowledge the alarm"), self
            )
            self.ack_button.setObjectName("PickerAck")
            self.ack_button.clicked.connect(self._ack)
            row.addWidget(self.ack_button)
        self._patient_id = task.patient_id
        self.delete_button = QPushButton(
            QCoreApplication.translate("TaskPicker", "Delete the task"), self
        )
        self.delete_button.setObjectName("PickerDelete")
        self.delete_button.clicked.connect(self._delete)
        row.addWidget(self.delete_button)
        lay.addLayout(row)

    def _chosen(self, code: str) -> None:
        self.close()
        self._actions.set_task_state(self.task_id, code)

    def _note(self) -> None:
        self.close()
        self._actions.open_task_note(self.task_id)

    def _delete(self) -> None:
        self.close()
        self._actions.delete_task(self.task_id)

    def _ack(self) -> None:
        self.close()
        self._actions.acknowledge(self._patient_id, self.task_id)


def _menu(parent: QWidget, task: TaskView, actions) -> QMenu:
    menu = QMenu(parent)
    menu.setObjectName("StateMenu")
    head = menu.addAction(
        button_text(task.label + (f" \u00b7 {task.comment}" if task.comment else ""))
    )
    head.setEnabled(False)
    menu.addSeparator()
    for state in task.allowed_states:
        mark = "\u2713 " if state.code == task.state else "   "
        act = menu.addAction(mark + button_text(state.label))
        act.setData(state.code)
        act.triggered.connect(lambda _=False, c=state.code: actions.set_task_state(task.id, c))
    menu.addSeparator()
    if has_note(task):
        note = menu.addAction(QCoreApplication.translate("TaskPicker", "Note"))
        note.setData("note")
        note.triggered.connect(lambda _=False: actions.open_task_note(task.id))
    if task.overdue is not None:
        ack = menu.addAction(QCoreApplication.translate("TaskPicker", "Acknowledge the alarm"))
        ack.setData("ack")
        ack.triggered.connect(lambda _=False: actions.acknowledge(task.patient_id, task.id))
    delete = menu.addAction(QCoreApplication.translate("TaskPicker", "Delete the task"))
    delete.setData("delete")
    delete.triggered.connect(lambda _=False: actions.delete_task(task.id))
    menu.aboutToHide.connect(menu.deleteLater)
    menu.setMinimumWidth(300)
    return menu


def open_task_picker(
    parent: QWidget,
    at: QPoint,
    task: TaskView,
    actions,
) -> QWidget:
    """Open the states of `task` at the global point `at` (under the chip)."""
    if as_buttons(task):
        popup = StatePopup(parent.window(), task, actions)
        popup.adjustSize()
        popup.move(_on_screen(parent, at, popup.size().width(), popup.size().height()))
        popup.show()
        return popup
    menu = _menu(parent.window(), task, actions)
    menu.popup(at)
    return menu


def _on_screen(widget: QWidget, at: QPoint, w: int, h: int) -> QPoint:
    screen = widget.screen()
    if screen is None:
        return at
    area = screen.availableGeometry()
    x = min(max(at.x(), area.left()), area.right() - w)
    y = at.y() if at.y() + h <= area.bottom() else at.y() - h - 48
    return QPoint(x, max(y, area.top()))

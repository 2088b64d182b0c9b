"""One task of a patient card: delete, task button (label, comment, eye), state, late mark.

The state is shown one of two ways (TA_BoutonMenu): 'B', every allowed state on
a line of its own under the task, as one painted `StateBar`; 'M', one button on
the task's line that opens a menu of the states.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from synoptux.domain.model import TaskView
from synoptux.ui.messages import late_text
from synoptux.ui.plain import plain_tip
from synoptux.ui.state_bar import StateBar
from synoptux.ui.style import ElideButton, set_data_color, set_prop

EYE = "\u25c9"  # the manual's eye: there is more to read
STATES_INDENT = 52  # the state bar starts under the task button, right of the delete button


def _tr(text: str) -> str:
    return QCoreApplication.translate("TaskRow", text)


class TaskActions:
    """What a task row asks for; the controller's action handler implements it."""

    delete_task: Callable[[int], None]
    open_task_note: Callable[[int], None]
    set_task_state: Callable[[int, str], None]


class TaskRow(QWidget):
    """Built once per task; `update_task` changes texts and properties in place."""

    def __init__(self, task: TaskView, actions: TaskActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TaskRow")
        self.actions = actions
        self.task = task
        self.task_id = task.id
        self.state_bar: StateBar | None = None  # 'B': every state, one painted widget
        self.state_menu_button: ElideButton | None = None  # 'M': one button and a menu
        self.state_menu: QMenu | None = None
        self._states_key: tuple = ()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        self._outer = outer
        lay = QHBoxLayout()
        lay.setSpacing(4)
        outer.addLayout(lay)
        self._layout = lay
        self.delete_button = QPushButton("\u2715", self)
        self.delete_button.setObjectName("TaskDelete")
        self.delete_button.setToolTip(_tr("Delete the task"))
        self.delete_button.clicked.connect(lambda: self.actions.delete_task(self.task_id))
        self.task_button = ElideButton("", self)
        self.task_button.setObjectName("TaskButton")
        self.task_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.task_button.clicked.connect(lambda: self.actions.open_task_note(self.task_id))
        self._late_label: QLabel | None = None  # built when the task is first late
        lay.addWidget(self.delete_button)
        lay.addWidget(self.task_button, 3)
        self.update_task(task, None, force=True)

    # -- updates ---------------------------------------------------------------
    def update_task(self, task: TaskView, now: datetime | None, *, force: bool = False) -> None:
        old = self.task
        self.task = task
        if force or (old.label, old.comment, old.has_more) != (
            task.label,
            task.comment,
            task.has_more,
        ):
            text = task.label + (f" \u00b7 {task.comment}" if task.comment else "")
            self.task_button.setText((EYE + " " if task.has_more else "") + text)
            self.task_button.setToolTip(plain_tip(text))  # data: never rich text
            set_prop(self.task_button, "more", task.has_more)
        set_data_color(self.task_button, "dataBg", task.color)
        set_data_color(self.task_button, "dataAlarm", task.alarm_color)
        set_prop(self.task_button, "finished", task.finished)
        set_prop(self.task_button, "overdue", task.overdue.value if task.overdue else "")
        set_prop(self, "finished", task.finished)
        self._update_states(task, force)
        self.update_late(now)

    def _update_states(self, task: TaskView, force: bool) -> None:
        if force or task.mode != self._states_key:
            self._build_states(task)
            self._states_key = task.mode
        if task.mode == "M":
            btn = self.state_menu_button
            btn.setText((task.state_label or _tr("State")) + " \u25be")
            set_data_color(btn, "dataBg", task.state_color)
            set_prop(btn, "current", task.state is not None)
            return
        self.state_bar.set_states(task.allowed_states, task.state)

    def _build_states(self, task: TaskView) -> None:
        if task.mode == "M":
            if self.state_bar is not None:
                self._outer.removeWidget(self.state_bar)
                self.state_bar.deleteLater()
                self.state_bar = None
            if self.state_menu_button is None:
                btn = ElideButton("", self)
                btn.setObjectName("StateMenuButton")
                btn.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
                btn.clicked.connect(self._open_state_menu)
                self._layout.insertWidget(2, btn, 2)  # on the task's line, before the late mark
                self.state_menu_button = btn
            return
        if self.state_menu_button is not None:
            self._layout.removeWidget(self.state_menu_button)
            self.state_menu_button.deleteLater()
            self.state_menu_button = None
        if self.state_bar is None:
            bar = StateBar(self, indent=STATES_INDENT)
            bar.sig_state_chosen.connect(self._state_chosen)
            self._outer.addWidget(bar)  # on a line of its own, under the task
            self.state_bar = bar

    def _state_chosen(self, code: str) -> None:
        self.actions.set_task_state(self.task_id, code)

    def _open_state_menu(self) -> None:
        menu = QMenu(self)
        menu.setObjectName("StateMenu")
        for state in self.task.allowed_states:
            act = menu.addAction(
                ("\u2713 " if state.code == self.task.state else "   ") + state.label
            )
            act.setData(state.code)
            act.triggered.connect(
                lambda _=False, c=state.code: self.actions.set_task_state(self.task_id, c)
            )
        menu.aboutToHide.connect(menu.deleteLater)
        self.state_menu = menu
        btn = self.state_menu_button
        menu.setMinimumWidth(max(btn.width(), 220))
        menu.popup(btn.mapToGlobal(btn.rect().bottomLeft()))

    @property
    def late_label(self) -> QLabel:
        """The steady late mark, at the end of the task's line (hidden when not late).

        Built on first use: most tasks are never late, and a board of 1,600 tasks
        paints faster without 1,600 hidden labels.
        """
        if self._late_label is None:
            label = QLabel(self)
            label.setObjectName("TaskLate")
            label.hide()
            self._layout.addWidget(label)
            self._late_label = label
        return self._late_label

    def update_late(self, now: datetime | None) -> None:
        """The steady text mark of a late task ("late 12 min"), from the clock."""
        task = self.task
        if task.overdue is None or task.overdue_since is None or now is None:
            label = self._late_label
            if label is not None and not label.isHidden():
                label.hide()
            return
        minutes = max(int((now - task.overdue_since).total_seconds() // 60), 0)
        text = late_text(minutes, task.overdue.value)
        label = self.late_label
        if label.text() != text:
            label.setText(text)
        if label.isHidden():
            label.show()

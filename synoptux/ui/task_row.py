"""One task of a patient card: delete, task button (label, comment, eye), state, late mark."""

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
from synoptux.ui.style import ElideButton, get_prop, set_data_color, set_prop

EYE = "\u25c9"  # the manual's eye: there is more to read


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
        self.state_buttons: dict[str, QPushButton] = {}
        self.state_menu: QMenu | None = None
        self._states_key: tuple = ()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
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
        self.late_label = QLabel(self)
        self.late_label.setObjectName("TaskLate")
        self.late_label.hide()
        lay.addWidget(self.delete_button)
        lay.addWidget(self.task_button, 3)
        self._menu_box = QHBoxLayout()  # 'M': one state button on the task's line
        lay.addLayout(self._menu_box, 2)
        lay.addWidget(self.late_label)
        self._states_box = QHBoxLayout()  # 'B': every state, on a line of its own
        self._states_box.setContentsMargins(52, 0, 0, 0)
        self._states_box.setSpacing(3)
        outer.addLayout(self._states_box)
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
            self.task_button.setToolTip(text)
            set_prop(self.task_button, "more", task.has_more)
        set_data_color(self.task_button, "dataBg", task.color)
        set_data_color(self.task_button, "dataAlarm", task.alarm_color)
        set_prop(self.task_button, "finished", task.finished)
        set_prop(self.task_button, "overdue", task.overdue.value if task.overdue else "")
        set_prop(self, "finished", task.finished)
        self._update_states(task, force)
        self.update_late(now)

    def _update_states(self, task: TaskView, force: bool) -> None:
        key = (task.mode, tuple(s.code for s in task.allowed_states))
        if force or key != self._states_key:
            self._build_states(task)
            self._states_key = key
        if task.mode == "M":
            btn = self.state_buttons["__menu__"]
            btn.setText((task.state_label or _tr("State")) + " \u25be")
            set_data_color(btn, "dataBg", task.state_color)
            set_prop(btn, "current", task.state is not None)
            return
        for code, btn in self.state_buttons.items():
            current = code == task.state
            set_prop(btn, "current", current)
            set_data_color(btn, "dataBg", get_prop(btn, "stateColor") if current else None)

    def _build_states(self, task: TaskView) -> None:
        for btn in self.state_buttons.values():
            btn.deleteLater()
        self.state_buttons.clear()
        if task.mode == "M":
            btn = ElideButton("", self)
            btn.setObjectName("StateMenuButton")
            btn.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            btn.clicked.connect(self._open_state_menu)
            self._menu_box.addWidget(btn)
            self.state_buttons["__menu__"] = btn
            return
        for state in task.allowed_states:
            btn = ElideButton(state.label, self)
            btn.setObjectName("StateButton")
            btn.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            btn.setProperty("stateColor", state.color or "")
            btn.setToolTip(state.label)
            btn.clicked.connect(
                lambda _=False, c=state.code: self.actions.set_task_state(self.task_id, c)
            )
            self._states_box.addWidget(btn)
            self.state_buttons[state.code] = btn

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
        btn = self.state_buttons["__menu__"]
        menu.setMinimumWidth(max(btn.width(), 220))
        menu.popup(btn.mapToGlobal(btn.rect().bottomLeft()))

    def update_late(self, now: datetime | None) -> None:
        """The steady text mark of a late task ("late 12 min"), from the clock."""
        task = self.task
        if task.overdue is None or task.overdue_since is None or now is None:
            if not self.late_label.isHidden():
                self.late_label.hide()
            return
        minutes = max(int((now - task.overdue_since).total_seconds() // 60), 0)
        text = late_text(minutes, task.overdue.value)
        if self.late_label.text() != text:
            self.late_label.setText(text)
        if self.late_label.isHidden():
            self.late_label.show()

"""Fichiers > Tasks (manual 2.2.3): code, label, colours, maximum duration,
default priority and comment, button or menu mode, and the allowed states.

The allowed states are ticked in a finger-sized list; none ticked means every
state is allowed (what the board does when `etats_taches` has no row).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QWidget

from synoptux.services.admin import StateRecord, TaskRecord
from synoptux.services.errors import ActionRefused
from synoptux.ui.admin.table_dialog import EditorDialog, ReferenceDialog
from synoptux.ui.admin.widgets import TOUCH, ColorField, TouchList, TouchSpin, touch_line


class TaskEditor(EditorDialog):
    def __init__(
        self, record: TaskRecord | None, states: list[StateRecord], parent: QWidget | None = None
    ) -> None:
        super().__init__(
            QCoreApplication.translate("Admin", "New task")
            if record is None
            else QCoreApplication.translate("Admin", "Edit task"),
            parent,
        )
        self.code = touch_line(self, name="code")
        self.code.setMaxLength(45)
        self.label = touch_line(self, name="label")
        self.label.setMaxLength(100)
        self.color = ColorField(self)
        self.alarm = ColorField(self)
        self.max_minutes = TouchSpin(0, 100_000, 5, parent=self)
        self.max_minutes.spin.setSpecialValueText(QCoreApplication.translate("Admin", "none"))
        self.max_minutes.spin.setSuffix(QCoreApplication.translate("Admin", " min"))
        self.priority = touch_line(self, name="priority")
        self.priority.setPlaceholderText(
            QCoreApplication.translate("Admin", "none (a whole number: 1 comes first)")
        )
        self.comment = touch_line(self, name="comment")
        self.comment.setMaxLength(256)
        self.mode = QComboBox(self)
        self.mode.setMinimumHeight(TOUCH)
        self.mode.addItem(QCoreApplication.translate("Admin", "Buttons: one button per state"), "B")
        self.mode.addItem(
            QCoreApplication.translate("Admin", "Menu: one button, states in a menu"), "M"
        )
        self.states = TouchList(self)
        self.states.setMinimumHeight(TOUCH * 4)
        r = record or TaskRecord("", "", "#e5e7eb", "#d7263d", None, None, None, "M", ())
        for s in states:
            item = self.states.add_row(f"{s.code} — {s.label}", s.code, s.color)
            # Not user-checkable: the view would toggle on the indicator and the row
            # handler below again. The check box is only drawn; the whole row is the target.
            checked = s.code in r.states
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        # A tap anywhere on the row toggles it (the check box alone is too small a target).
        self.states.itemClicked.connect(self._on_state_tapped)
        self.form.addRow(QCoreApplication.translate("Admin", "Code"), self.code)
        self.form.addRow(QCoreApplication.translate("Admin", "Label"), self.label)
        self.form.addRow(QCoreApplication.translate("Admin", "Colour"), self.color)
        self.form.addRow(QCoreApplication.translate("Admin", "Alarm colour (late)"), self.alarm)
        self.form.addRow(QCoreApplication.translate("Admin", "Maximum duration"), self.max_minutes)
        self.form.addRow(QCoreApplication.translate("Admin", "Default priority"), self.priority)
        self.form.addRow(QCoreApplication.translate("Admin", "Default comment"), self.comment)
        self.form.addRow(QCoreApplication.translate("Admin", "Shown as"), self.mode)
        self.form.addRow(
            QCoreApplication.translate("Admin", "Allowed states (none: all)"), self.states
        )
        self.code.setText(r.code)
        self.label.setText(r.label)
        self.color.set_color(r.color)
        self.alarm.set_color(r.alarm_color)
        self.max_minutes.setValue(r.max_minutes or 0)
        self.priority.setText("" if r.priority is None else str(r.priority))
        self.comment.setText(r.comment or "")
        self.mode.setCurrentIndex(max(self.mode.findData(r.mode), 0))

    def _on_state_tapped(self, item) -> None:
        on = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if on else Qt.CheckState.Checked)

    def checked_states(self) -> tuple[str, ...]:
        return tuple(
            self.states.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.states.count())
            if self.states.item(i).checkState() == Qt.CheckState.Checked
        )

    def set_state_checked(self, code: str, on: bool) -> None:
        for i in range(self.states.count()):
            item = self.states.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == code:
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def record(self) -> TaskRecord:
        raw = self.priority.text().strip()
        try:
            priority = int(raw) if raw else None
        except ValueError:
            raise ActionRefused(
                "invalid",
                f"{raw!r} is not a whole number.",
                field="priority",
                reason="number",
                value=raw,
            ) from None
        return TaskRecord(
            self.code.text(),
            self.label.text(),
            self.color.color(),
            self.alarm.color(),
            self.max_minutes.value() or None,
            priority,
            self.comment.text(),
            self.mode.currentData(),
            self.checked_states(),
        )


class TasksDialog(ReferenceDialog):
    def __init__(self, ctx: object, admin: object, parent: QWidget | None = None) -> None:
        super().__init__(ctx, admin, parent)
        self.setWindowTitle(QCoreApplication.translate("Admin", "Tasks"))

    def rows(self) -> list[tuple[str, object, str | None]]:
        # the editor's states, read with the list (the editor opens without a query)
        self.states = list(self.admin.list_states())  # type: ignore[attr-defined]
        out = []
        for t in self.admin.list_tasks():  # type: ignore[attr-defined]
            mode = (
                QCoreApplication.translate("Admin", "menu")
                if t.mode == "M"
                else QCoreApplication.translate("Admin", "buttons")
            )
            limit = (
                QCoreApplication.translate("Admin", " · {n} min").format(n=t.max_minutes)
                if t.max_minutes
                else ""
            )
            out.append((f"{t.code} — {t.label} · {mode}{limit}", t, t.color))
        return out

    def make_editor(self, record: object | None) -> EditorDialog:
        return TaskEditor(record, getattr(self, "states", []), self)  # type: ignore

    def save(self, record: object, original: object | None) -> object:
        return self.admin.save_task(record, original.code if original else None)  # type: ignore

    def delete(self, record: object) -> object:
        return self.admin.delete_task(record.code)  # type: ignore[attr-defined]

"""Fichiers > States: code, label, colour, "this state ends the task" (manual 2.2.2).

States are listed in code order, the order of the board's menus (the manual
asks admins to mind it).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from synoptux.services.admin import StateRecord
from synoptux.ui.admin.table_dialog import EditorDialog, ReferenceDialog
from synoptux.ui.admin.widgets import ColorField, TouchCheckBox, touch_line


class StateEditor(EditorDialog):
    def __init__(self, record: StateRecord | None, parent: QWidget | None = None) -> None:
        super().__init__(
            QCoreApplication.translate("Admin", "New state")
            if record is None
            else QCoreApplication.translate("Admin", "Edit state"),
            parent,
        )
        self.code = touch_line(self, name="code")
        self.code.setMaxLength(45)
        self.label = touch_line(self, name="label")
        self.label.setMaxLength(100)
        self.color = ColorField(self)
        self.ends = TouchCheckBox(
            QCoreApplication.translate("Admin", "This state ends the task"), self
        )
        self.form.addRow(QCoreApplication.translate("Admin", "Code (sets the order)"), self.code)
        self.form.addRow(QCoreApplication.translate("Admin", "Label"), self.label)
        self.form.addRow(QCoreApplication.translate("Admin", "Colour"), self.color)
        self.form.addRow("", self.ends)
        r = record or StateRecord("", "", "#9ca3af", False)
        self.code.setText(r.code)
        self.label.setText(r.label)
        self.color.set_color(r.color)
        self.ends.setChecked(r.ends_task)

    def record(self) -> StateRecord:
        return StateRecord(
            self.code.text(), self.label.text(), self.color.color(), self.ends.isChecked()
        )


class StatesDialog(ReferenceDialog):
    def __init__(self, ctx: object, admin: object, parent: QWidget | None = None) -> None:
        super().__init__(ctx, admin, parent)
        self.setWindowTitle(QCoreApplication.translate("Admin", "States"))

    def rows(self) -> list[tuple[str, object, str | None]]:
        return [
            (
                f"{s.code} — {s.label}"
                + (QCoreApplication.translate("Admin", " · ends the task") if s.ends_task else ""),
                s,
                s.color,
            )
            for s in self.admin.list_states()  # type: ignore[attr-defined]
        ]

    def make_editor(self, record: object | None) -> EditorDialog:
        return StateEditor(record, self)  # type: ignore[arg-type]

    def save(self, record: object, original: object | None) -> object:
        return self.admin.save_state(record, original.code if original else None)  # type: ignore

    def delete(self, record: object) -> object:
        return self.admin.delete_state(record.code)  # type: ignore[attr-defined]

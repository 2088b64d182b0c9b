"""Fichiers > Triage levels: code, label, colour and target delay to the first
medical contact of each level; "Load the FRENCH scale" / "Load the CCMU scale" replace
the list with a shipped scale (refused while a patient holds a level it lacks).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from synoptux.services.admin.triage import TriageRecord
from synoptux.ui.admin.table_dialog import EditorDialog, ReferenceDialog, change
from synoptux.ui.admin.widgets import ColorField, TouchSpin, touch_button, touch_line


class TriageEditor(EditorDialog):
    def __init__(self, record: TriageRecord | None, parent: QWidget | None = None) -> None:
        super().__init__(
            QCoreApplication.translate("Admin", "New triage level")
            if record is None
            else QCoreApplication.translate("Admin", "Edit triage level"),
            parent,
        )
        self.code = touch_line(self, name="code")
        self.code.setMaxLength(10)
        self.label = touch_line(self, name="label")
        self.label.setMaxLength(200)
        self.color = ColorField(self)
        self.target = TouchSpin(-5, 10_000, 5, parent=self)
        self.target.spin.setSpecialValueText(QCoreApplication.translate("Admin", "no target"))
        self.target.spin.setSuffix(QCoreApplication.translate("Admin", " min"))
        self.order = TouchSpin(0, 99, 1, parent=self)
        self.form.addRow(QCoreApplication.translate("Admin", "Code"), self.code)
        self.form.addRow(QCoreApplication.translate("Admin", "Label"), self.label)
        self.form.addRow(QCoreApplication.translate("Admin", "Colour"), self.color)
        self.form.addRow(
            QCoreApplication.translate("Admin", "Target delay to the first medical contact"),
            self.target,
        )
        self.form.addRow(QCoreApplication.translate("Admin", "Order"), self.order)
        r = record or TriageRecord("", "", "#e5e7eb", None, 0)
        self.code.setText(r.code)
        self.label.setText(r.label)
        self.color.set_color(r.color)
        self.target.setValue(-5 if r.target_minutes is None else r.target_minutes)
        self.order.setValue(r.order)

    def record(self) -> TriageRecord:
        target = self.target.value()
        return TriageRecord(
            self.code.text(),
            self.label.text(),
            self.color.color(),
            None if target < 0 else target,
            self.order.value(),
        )


class TriageDialog(ReferenceDialog):
    def __init__(self, ctx: object, admin: object, parent: QWidget | None = None) -> None:
        super().__init__(ctx, admin, parent)
        self.setWindowTitle(QCoreApplication.translate("Admin", "Triage levels"))
        self.french_button = touch_button(
            QCoreApplication.translate("Admin", "Load the FRENCH scale"), self, name="french"
        )
        self.ccmu_button = touch_button(
            QCoreApplication.translate("Admin", "Load the CCMU scale"), self, name="ccmu"
        )
        self.extra.addWidget(self.french_button)
        self.extra.addWidget(self.ccmu_button)
        self.french_button.clicked.connect(lambda: self._load("FRENCH"))
        self.ccmu_button.clicked.connect(lambda: self._load("CCMU"))

    def rows(self) -> list[tuple[str, object, str | None]]:
        out = []
        for lv in self.admin.list_triage_levels():  # type: ignore[attr-defined]
            delay = (
                QCoreApplication.translate("Admin", " · within {n} min").format(n=lv.target_minutes)
                if lv.target_minutes is not None
                else QCoreApplication.translate("Admin", " · no target")
            )
            out.append((f"{lv.code} — {lv.label}{delay}", lv, lv.color))
        return out

    def make_editor(self, record: object | None) -> EditorDialog:
        return TriageEditor(record, self)  # type: ignore[arg-type]

    def save(self, record: object, original: object | None) -> object:
        return self.admin.save_triage_level(record, original.code if original else None)  # type: ignore

    def delete(self, record: object) -> object:
        return self.admin.delete_triage_level(record.code)  # type: ignore[attr-defined]

    def _load(self, scale: str) -> None:
        change(
            self.runner,
            lambda: self.admin.load_triage_scale(scale),  # type: ignore[attr-defined]
            self.error,
            lambda _r: self._changed(),
        )

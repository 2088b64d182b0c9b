"""Fichiers > Boxes: code, label, colours, capacity, type (manual 2.2.1).

Deleting a box that holds patients is refused; the dialog then offers to move
its patients to another box first ("Move patients…").
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QWidget

from synoptux.config import KEYS
from synoptux.domain.model import BoxType
from synoptux.services.admin import BoxRecord
from synoptux.services.errors import ActionRefused
from synoptux.ui.admin.table_dialog import EditorDialog, ReferenceDialog, submit
from synoptux.ui.admin.widgets import (
    TOUCH,
    ColorField,
    TouchList,
    TouchSpin,
    touch_button,
    touch_line,
)


def box_type_names() -> dict[str, str]:
    return {
        BoxType.WAITING.value: QCoreApplication.translate("Admin", "Waiting (Attente)"),
        BoxType.CARE.value: QCoreApplication.translate("Admin", "Care (Soins)"),
        BoxType.ABSENCE.value: QCoreApplication.translate("Admin", "Temporary absence (Absence)"),
        BoxType.EXIT.value: QCoreApplication.translate("Admin", "Exit (Sortie)"),
    }


class BoxEditor(EditorDialog):
    def __init__(self, record: BoxRecord | None, parent: QWidget | None = None) -> None:
        super().__init__(
            QCoreApplication.translate("Admin", "New box")
            if record is None
            else QCoreApplication.translate("Admin", "Edit box"),
            parent,
        )
        self.code = touch_line(self, name="code")
        self.code.setMaxLength(45)
        self.label = touch_line(self, name="label")
        self.label.setMaxLength(100)
        self.bg = ColorField(self)
        self.title_color = ColorField(self)
        self.capacity = TouchSpin(1, 9999, parent=self)
        self.type = QComboBox(self)
        self.type.setMinimumHeight(TOUCH)
        for value, text in box_type_names().items():
            self.type.addItem(text, value)
        self.form.addRow(QCoreApplication.translate("Admin", "Code"), self.code)
        self.form.addRow(QCoreApplication.translate("Admin", "Label"), self.label)
        self.form.addRow(QCoreApplication.translate("Admin", "Background colour"), self.bg)
        self.form.addRow(QCoreApplication.translate("Admin", "Title colour"), self.title_color)
        self.form.addRow(QCoreApplication.translate("Admin", "Places"), self.capacity)
        self.form.addRow(QCoreApplication.translate("Admin", "Type"), self.type)
        r = record or BoxRecord("", "", "#f0f7ff", "#1e429f", 1, BoxType.CARE.value)
        self.code.setText(r.code)
        self.label.setText(r.label)
        self.bg.set_color(r.bg_color)
        self.title_color.set_color(r.title_color)
        self.capacity.setValue(r.capacity)
        self.type.setCurrentIndex(max(self.type.findData(r.type), 0))

    def record(self) -> BoxRecord:
        return BoxRecord(
            self.code.text(),
            self.label.text(),
            self.bg.color(),
            self.title_color.color(),
            self.capacity.value(),
            self.type.currentData(),
        )


class MovePatientsDialog(EditorDialog):
    """Pick the box that takes every patient of `code`."""

    def __init__(self, code: str, boxes: list[BoxRecord], parent: QWidget | None = None) -> None:
        super().__init__(
            QCoreApplication.translate("Admin", "Move the patients of box {code}").format(
                code=code
            ),
            parent,
        )
        self.save_button.setText(QCoreApplication.translate("Admin", "Move"))
        self.targets = TouchList(self)
        for b in boxes:
            if b.code != code:
                self.targets.add_row(f"{b.code} — {b.label}", b.code, b.bg_color)
        self.form.addRow(QCoreApplication.translate("Admin", "To box"), self.targets)

    def record(self) -> str | None:
        return self.targets.current_data()  # type: ignore[return-value]


class BoxesDialog(ReferenceDialog):
    title = "Boxes"

    def __init__(self, ctx: object, admin: object, parent: QWidget | None = None) -> None:
        super().__init__(ctx, admin, parent)
        self.setWindowTitle(QCoreApplication.translate("Admin", "Boxes"))
        self.move_button = touch_button(
            QCoreApplication.translate("Admin", "Move patients…"), self, name="move_patients"
        )
        self.extra.addWidget(self.move_button)
        self.move_button.clicked.connect(self._on_move)
        self.mover: MovePatientsDialog | None = None
        self._on_selection()

    def rows(self) -> list[tuple[str, object, str | None]]:
        names = box_type_names()
        return [
            (
                QCoreApplication.translate(
                    "Admin", "{code} — {label} · {type} · {n} place(s)"
                ).format(code=b.code, label=b.label, type=names.get(b.type, b.type), n=b.capacity),
                b,
                b.bg_color,
            )
            for b in self.admin.list_boxes()  # type: ignore[attr-defined]
        ]

    def make_editor(self, record: object | None) -> EditorDialog:
        return BoxEditor(record, self)  # type: ignore[arg-type]

    def save(self, record: object, original: object | None) -> object:
        return self.admin.save_box(record, original.code if original else None)  # type: ignore

    def delete(self, record: object) -> object:
        default: str = self.ctx.settings[KEYS.DEFAULT_BOX]  # type: ignore[attr-defined]
        return self.admin.delete_box(record.code, default_box=default)  # type: ignore

    def _on_selection(self, *args: object) -> None:
        super()._on_selection(*args)
        if hasattr(self, "move_button"):
            self.move_button.setEnabled(self.selected() is not None)

    def _on_move(self) -> None:
        rec = self.selected()
        if rec is None:
            return
        admin = self.admin

        def open_mover(boxes: object) -> None:
            mover = MovePatientsDialog(rec.code, list(boxes), self)  # type: ignore[attr-defined, call-overload]

            def on_save(target: object) -> None:  # on the database thread
                if not target:
                    raise ActionRefused(
                        "choose_box",
                        QCoreApplication.translate("Admin", "Choose the box that takes them."),
                    )
                admin.move_box_patients(rec.code, target)  # type: ignore[attr-defined]

            mover.on_save = on_save
            mover.runner = self.runner
            mover.accepted.connect(lambda: self._changed(rec.code))  # type: ignore[attr-defined]
            self.mover = mover
            mover.open()

        submit(self.runner, admin.list_boxes, self.error, open_mover)  # type: ignore[attr-defined]

"""Fichiers > Exit destinations / Absence destinations (manual 2.2.5-2.2.6).

One table (`destinations`, `DE_TypeSortie` 'Sortie' or 'Absence') behind two
dialogs. As the manual describes, the text is typed at the top and validated.
Adding or editing a destination writes only that table: no patient is touched
(2.x defect 14 rewrote the destination of the last patient touched).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from synoptux.services.admin import DestinationRecord
from synoptux.ui.admin.table_dialog import EditorDialog, ReferenceDialog
from synoptux.ui.admin.widgets import touch_line


class DestinationEditor(EditorDialog):
    def __init__(
        self, record: DestinationRecord | None, kind: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            QCoreApplication.translate("Admin", "New destination")
            if record is None
            else QCoreApplication.translate("Admin", "Edit destination"),
            parent,
        )
        self.kind, self.id = kind, record.id if record else None
        self.label = touch_line(self, name="label")
        self.label.setMaxLength(100)
        self.form.addRow(QCoreApplication.translate("Admin", "Destination"), self.label)
        self.label.setText(record.label if record else "")

    def record(self) -> DestinationRecord:
        return DestinationRecord(self.id, self.label.text(), self.kind)


class DestinationsDialog(ReferenceDialog):
    def __init__(
        self, ctx: object, admin: object, kind: str, parent: QWidget | None = None
    ) -> None:
        self.kind = kind
        super().__init__(ctx, admin, parent)
        self.setWindowTitle(
            QCoreApplication.translate("Admin", "Exit destinations")
            if kind == "Sortie"
            else QCoreApplication.translate("Admin", "Absence destinations")
        )

    def key(self, record: object) -> object:
        return getattr(record, "label", None)

    def rows(self) -> list[tuple[str, object, str | None]]:
        return [
            (d.label, d, None)
            for d in self.admin.list_destinations(self.kind)  # type: ignore[attr-defined]
        ]

    def make_editor(self, record: object | None) -> EditorDialog:
        return DestinationEditor(record, self.kind, self)  # type: ignore[arg-type]

    def save(self, record: object, original: object | None) -> object:
        return self.admin.save_destination(record)  # type: ignore[attr-defined]

    def delete(self, record: object) -> object:
        return self.admin.delete_destination(record.id)  # type: ignore[attr-defined]

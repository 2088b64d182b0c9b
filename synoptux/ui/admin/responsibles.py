"""Fichiers > Responsibles (manual 2.2.4): code, name, colour, and an import of
the doctors of MedinTux's `Personnes` when the MedinTux connection is set."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from synoptux.services.admin import ImportReport, ResponsibleRecord, read_medintux_people
from synoptux.ui.admin.table_dialog import EditorDialog, ReferenceDialog, submit
from synoptux.ui.admin.widgets import ColorField, touch_button, touch_line
from synoptux.ui.plain import plain_label


class ResponsibleEditor(EditorDialog):
    def __init__(self, record: ResponsibleRecord | None, parent: QWidget | None = None) -> None:
        super().__init__(
            QCoreApplication.translate("Admin", "New responsible")
            if record is None
            else QCoreApplication.translate("Admin", "Edit responsible"),
            parent,
        )
        self.code = touch_line(self, name="code")
        self.code.setMaxLength(64)
        self.name = touch_line(self, name="name")
        self.name.setMaxLength(100)
        self.color = ColorField(self)
        self.guid = touch_line(self, name="guid")
        self.guid.setPlaceholderText(
            QCoreApplication.translate("Admin", "MedinTux user GUID (optional)")
        )
        self.form.addRow(QCoreApplication.translate("Admin", "Code (MedinTux login)"), self.code)
        self.form.addRow(QCoreApplication.translate("Admin", "Name"), self.name)
        self.form.addRow(QCoreApplication.translate("Admin", "Colour"), self.color)
        self.form.addRow(QCoreApplication.translate("Admin", "MedinTux GUID"), self.guid)
        r = record or ResponsibleRecord("", "", "#1e429f", None)
        self.code.setText(r.code)
        self.name.setText(r.name)
        self.color.set_color(r.color)
        self.guid.setText(r.guid or "")

    def record(self) -> ResponsibleRecord:
        return ResponsibleRecord(
            self.code.text(), self.name.text(), self.color.color(), self.guid.text()
        )


class ResponsiblesDialog(ReferenceDialog):
    def __init__(self, ctx: object, admin: object, parent: QWidget | None = None) -> None:
        super().__init__(ctx, admin, parent)
        self.setWindowTitle(QCoreApplication.translate("Admin", "Responsibles"))
        self.import_button = touch_button(
            QCoreApplication.translate("Admin", "Import from MedinTux"), self, name="import"
        )
        self.import_button.setEnabled(bool(getattr(ctx, "medintux_url", None)))
        self.import_button.clicked.connect(self._on_import)
        self.extra.addWidget(self.import_button)
        self.report = plain_label("", self)
        self.report.setObjectName("importReport")
        self.report.setWordWrap(True)
        self.column.insertWidget(1, self.report)
        self.last_import: ImportReport | None = None

    def rows(self) -> list[tuple[str, object, str | None]]:
        return [
            (f"{r.code} — {r.name}", r, r.color)
            for r in self.admin.list_responsibles()  # type: ignore[attr-defined]
        ]

    def make_editor(self, record: object | None) -> EditorDialog:
        return ResponsibleEditor(record, self)  # type: ignore[arg-type]

    def save(self, record: object, original: object | None) -> object:
        return self.admin.save_responsible(record, original.code if original else None)  # type: ignore

    def delete(self, record: object) -> object:
        return self.admin.delete_responsible(record.code)  # type: ignore[attr-defined]

    def _on_import(self) -> None:
        url = getattr(self.ctx, "medintux_url", None)

        admin = self.admin

        def run() -> object:  # on the database thread: MedinTux's people, then ours
            people = read_medintux_people(url)
            return admin.import_responsibles(people, "MedinTux")  # type: ignore[attr-defined]

        def done(rep) -> None:  # the import's report
            self.last_import = rep
            self.report.setText(
                QCoreApplication.translate(
                    "Admin", "{added} added, {updated} updated, {skipped} skipped."
                ).format(added=len(rep.added), updated=len(rep.updated), skipped=len(rep.skipped))
                + ("\n" + "\n".join(rep.skipped) if rep.skipped else "")
            )
            self._changed()

        submit(self.runner, run, self.error, done)

"""Edit a patient's comment (one line, 255 characters, as EC_Commentaire holds)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from synoptux.ui.confirm import TouchDialog


class CommentDialog(TouchDialog):
    def __init__(
        self,
        parent: QWidget | None,
        patient_name: str,
        comment: str,
        on_save: Callable[[str], None],
    ) -> None:
        super().__init__(
            parent,
            QCoreApplication.translate("CommentDialog", "Comment for {name}").format(
                name=patient_name
            ),
        )
        self._on_save = on_save
        self.setMinimumWidth(620)
        self.edit = QLineEdit(comment, self)
        self.edit.setObjectName("CommentEdit")
        self.edit.setMaxLength(255)
        self.edit.setMinimumHeight(56)
        self.edit.setClearButtonEnabled(True)
        self.edit.returnPressed.connect(self._save)
        self.body.addWidget(self.edit)
        self.add_button(
            QCoreApplication.translate("CommentDialog", "Cancel"), self.reject, name="NoButton"
        )
        self.save_button = self.add_button(
            QCoreApplication.translate("CommentDialog", "Save"),
            self._save,
            name="YesButton",
            default=True,
        )

    def _save(self) -> None:
        text = self.edit.text()
        self.accept()
        self._on_save(text)


def open_comment_dialog(
    parent: QWidget | None, patient_name: str, comment: str, on_save: Callable[[str], None]
) -> CommentDialog:
    dlg = CommentDialog(parent, patient_name, comment, on_save)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.open()
    return dlg

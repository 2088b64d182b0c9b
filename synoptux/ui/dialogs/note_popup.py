"""The task's note, shown in a popup that one touch anywhere closes (manual 3, 2.5)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from synoptux.ui.plain import plain_label


class NotePopup(QFrame):
    def __init__(self, parent: QWidget | None, title: str, text: str) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("NotePopup")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 14, 18, 14)
        head = plain_label(title, self)
        head.setObjectName("NoteTitle")
        lay.addWidget(head)
        self.text_label = plain_label("", self)
        self.text_label.setObjectName("NoteText")
        self.text_label.setWordWrap(True)
        self.text_label.setText(text)
        self.text_label.setMaximumWidth(720)
        lay.addWidget(self.text_label)
        hint = plain_label(QCoreApplication.translate("NotePopup", "Touch anywhere to close"), self)
        hint.setObjectName("NoteHint")
        lay.addWidget(hint)

    def mousePressEvent(self, event) -> None:  # Qt name
        self.close()
        event.accept()


def show_note(anchor: QWidget, title: str, text: str) -> NotePopup:
    """Show a note as plain text (a MedinTux note is HTML: give its `text`)."""
    popup = NotePopup(anchor.window(), title, text)
    popup.adjustSize()
    pos = anchor.mapToGlobal(QPoint(0, anchor.height()))
    popup.move(pos)
    popup.show()
    return popup

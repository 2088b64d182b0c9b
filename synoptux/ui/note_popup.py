"""The task's note, shown in a popup that one touch anywhere closes (manual 3, 2.5)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("NotePopup", text)


class NotePopup(QFrame):
    def __init__(
        self, parent: QWidget | None, title: str, text: str, *, rich: bool = False
    ) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("NotePopup")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 14, 18, 14)
        head = QLabel(title, self)
        head.setObjectName("NoteTitle")
        lay.addWidget(head)
        self.text_label = QLabel(self)
        self.text_label.setObjectName("NoteText")
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.text_label.setText(text)
        self.text_label.setMaximumWidth(720)
        lay.addWidget(self.text_label)
        hint = QLabel(_tr("Touch anywhere to close"), self)
        hint.setObjectName("NoteHint")
        lay.addWidget(hint)

    def mousePressEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt name
        self.close()
        event.accept()


def show_note(anchor: QWidget, title: str, text: str, *, rich: bool = False) -> NotePopup:
    popup = NotePopup(anchor.window(), title, text, rich=rich)
    popup.adjustSize()
    pos = anchor.mapToGlobal(QPoint(0, anchor.height()))
    popup.move(pos)
    popup.show()
    return popup

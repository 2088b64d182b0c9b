"""Finger-sized dialogs: a base with big buttons, a yes/no question and a message.

Dialogs open with `open()` (window-modal, not blocking the event loop) and report
through callbacks, so the board keeps refreshing and blinking behind them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from synoptux.ui.plain import plain_label


class TouchDialog(QDialog):
    """Title, a body layout, and a row of big buttons at the bottom."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setObjectName("TouchDialog")
        self.setWindowTitle(title)
        self.setModal(True)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(18, 18, 18, 18)
        self.body.setSpacing(12)
        self.title_label = plain_label(title, self)
        self.title_label.setObjectName("DialogTitle")
        self.title_label.setWordWrap(True)
        self.body.addWidget(self.title_label)
        self.button_row = QHBoxLayout()
        self.button_row.setSpacing(12)
        self._buttons_added = False

    def add_button(
        self,
        text: str,
        slot: Callable[[], None],
        *,
        name: str = "DialogButton",
        default: bool = False,
    ) -> QPushButton:
        if not self._buttons_added:
            self.body.addLayout(self.button_row)
            self._buttons_added = True
        b = QPushButton(text, self)
        b.setObjectName(name)
        b.setMinimumSize(140, 56)
        b.setDefault(default)
        b.setAutoDefault(default)
        b.clicked.connect(slot)
        self.button_row.addWidget(b)
        return b


class Confirm(TouchDialog):
    def __init__(
        self,
        parent: QWidget | None,
        text: str,
        on_yes: Callable[[], None],
        yes_text: str | None = None,
    ) -> None:
        super().__init__(parent, QCoreApplication.translate("Dialogs", "Please confirm"))
        msg = plain_label(text, self)
        msg.setObjectName("DialogText")
        msg.setTextFormat(Qt.TextFormat.PlainText)
        msg.setWordWrap(True)
        self.body.addWidget(msg)
        self._on_yes = on_yes
        self.no_button = self.add_button(
            QCoreApplication.translate("Dialogs", "Cancel"), self.reject, name="NoButton"
        )
        self.yes_button = self.add_button(
            yes_text or QCoreApplication.translate("Dialogs", "Yes"),
            self._yes,
            name="YesButton",
            default=True,
        )

    def _yes(self) -> None:
        self.accept()
        self._on_yes()


class Message(TouchDialog):
    def __init__(self, parent: QWidget | None, text: str, title: str | None = None) -> None:
        super().__init__(parent, title or QCoreApplication.translate("Dialogs", "Information"))
        self.text = text
        msg = plain_label(text, self)
        msg.setObjectName("DialogText")
        msg.setTextFormat(Qt.TextFormat.PlainText)
        msg.setWordWrap(True)
        msg.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.body.addWidget(msg)
        self.ok_button = self.add_button(
            QCoreApplication.translate("Dialogs", "OK"), self.accept, name="YesButton", default=True
        )
        self.setMinimumWidth(480)


def ask(
    parent: QWidget | None, text: str, on_yes: Callable[[], None], yes_text: str | None = None
) -> Confirm:
    dlg = Confirm(parent, text, on_yes, yes_text)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.open()
    return dlg


def inform(parent: QWidget | None, text: str, title: str | None = None) -> Message:
    dlg = Message(parent, text, title)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.open()
    return dlg

"""*Aide → Journal*: the end of the log file, readable on the ward PC without a terminal."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from synoptux.logfile import read_tail


class LogDialog(QDialog):
    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LogDialog")
        self.setWindowTitle(QCoreApplication.translate("LogDialog", "Log"))
        self.path = path
        self.path_label = QLabel(
            QCoreApplication.translate("LogDialog", "Log file: {path}").format(path=path), self
        )
        self.path_label.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.refresh_button = QPushButton(QCoreApplication.translate("LogDialog", "Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.close_button = QPushButton(QCoreApplication.translate("LogDialog", "Close"), self)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.refresh_button, self.close_button):
            button.setMinimumHeight(48)  # a finger on the wall screen
            buttons.addWidget(button)
        col = QVBoxLayout(self)
        col.addWidget(self.path_label)
        col.addWidget(self.text, 1)
        col.addLayout(buttons)
        self.resize(1000, 600)
        self.refresh()

    def refresh(self) -> None:
        try:
            text = read_tail(self.path)
        except FileNotFoundError:
            text = ""
        except OSError as exc:
            text = QCoreApplication.translate(
                "LogDialog", "The log file cannot be read: {why}"
            ).format(why=exc.strerror or exc)
        self.text.setPlainText(
            text
            or QCoreApplication.translate(
                "LogDialog", "The log is empty: nothing has been logged yet."
            )
        )
        self.text.moveCursor(QTextCursor.MoveOperation.End)  # the latest lines in view

"""The list of entry files in error, with their reasons (a tap on the board's counter).

Finger-sized: one row per file (name and the reason's first line), the whole
reason and the file's text below, and Retry (the file goes back to the entry
folder, for instance after the missing box was created) and Close buttons.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScroller,
    QWidget,
)

from synoptux.ingest.folder import EntryFolder, ErrorFile
from synoptux.ui.confirm import TouchDialog
from synoptux.ui.plain import plain_label

ROW_HEIGHT = 64


def _reason_line(reason: str) -> str:
    lines = reason.splitlines()
    # folder.quarantine writes "File: …", "Rejected: …", "Reason: …" in the interface
    # language ("Motif : …"): the reason is the third line, after its label.
    if len(lines) >= 3 and ":" in lines[2]:
        return lines[2].split(":", 1)[1].strip()
    return (
        reason.strip().splitlines()[0]
        if reason.strip()
        else QCoreApplication.translate("IngestErrorsDialog", "(no reason recorded)")
    )


class IngestErrorsDialog(TouchDialog):
    """Lists the files of `<entry folder>/errors` (give the entry folder or errors/ itself)."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(
            parent, QCoreApplication.translate("IngestErrorsDialog", "Entry files in error")
        )
        folder = Path(folder)
        root = folder.parent if folder.name == "errors" else folder
        self.entry_folder = EntryFolder(root)
        self.setMinimumSize(900, 640)
        self.empty_label = plain_label(
            QCoreApplication.translate("IngestErrorsDialog", "No entry file in error."), self
        )
        self.empty_label.setObjectName("DialogText")
        self.body.addWidget(self.empty_label)
        self.list = QListWidget(self)
        self.list.setObjectName("IngestErrorList")
        self.list.setWordWrap(True)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        QScroller.grabGesture(
            self.list.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        self.list.currentRowChanged.connect(self._show)
        self.body.addWidget(self.list, 2)
        self.detail = QPlainTextEdit(self)
        self.detail.setObjectName("IngestErrorDetail")
        self.detail.setReadOnly(True)
        self.body.addWidget(self.detail, 3)
        self.retry_button = self.add_button(
            QCoreApplication.translate("IngestErrorsDialog", "Retry this file"),
            self.retry_current,
            name="NoButton",
        )
        self.add_button(
            QCoreApplication.translate("IngestErrorsDialog", "Close"),
            self.accept,
            name="YesButton",
            default=True,
        )
        self.files: list[ErrorFile] = []
        self.reload()

    def reload(self) -> None:
        self.files = self.entry_folder.error_files()
        self.list.clear()
        for f in self.files:
            item = QListWidgetItem(f"{f.name}\n{_reason_line(f.reason)}")
            item.setSizeHint(QSize(0, ROW_HEIGHT))
            self.list.addItem(item)
        has = bool(self.files)
        self.empty_label.setVisible(not has)
        self.list.setVisible(has)
        self.detail.setVisible(has)
        self.retry_button.setEnabled(has)
        if has:
            self.list.setCurrentRow(0)
        else:
            self.detail.clear()

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.files):
            self.detail.clear()
            return
        f = self.files[row]
        content = self.entry_folder.preview(f.path)  # a link is never followed out
        self.detail.setPlainText(
            f"{f.reason.strip()}\n\n"
            + QCoreApplication.translate("IngestErrorsDialog", "Content of the file:")
            + f"\n{content}"
        )

    def retry_current(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.files):
            self.entry_folder.retry(self.files[row].path)
            self.reload()

    def sizeHint(self) -> QSize:
        return QSize(960, 700)


__all__ = ["IngestErrorsDialog"]

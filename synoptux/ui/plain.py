"""Data is shown as plain text, never as rich text.

Names, comments, labels and notes come from entry files, macros and any row
written into the database: a comment `<h1 style="color:red">ALLERGIE</h1>` must
read as those characters, not as a red banner. Qt guesses rich text in labels
(AutoText) and tooltips (`Qt.mightBeRichText`); these helpers take the guess away.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGui
from PySide6.QtWidgets import QLabel, QWidget


def plain_label(text: str = "", parent: QWidget | None = None, *, name: str = "") -> QLabel:
    """A label that never interprets its text."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    if name:
        label.setObjectName(name)
    return label


def plain_tip(text: str) -> str:
    """A tooltip that shows `text` literally: Qt would render it as rich text whenever it
    looks like HTML, so such a text is escaped (and then shown as written)."""
    return QtGui.convertFromPlainText(text) if text and QtGui.mightBeRichText(text) else text

"""Tapping like a finger: scroll into view, then one click (no double-click, no drag)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea


def tap(qtbot, widget) -> None:  # noqa: ANN001
    """Scroll the widget into view (as a nurse would swipe), then tap it."""
    QApplication.processEvents()  # let pending layouts settle, as the screen would
    assert widget.isVisible(), f"{widget.objectName()} is not visible"
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget, 0, 0)
        QApplication.processEvents()
    hits: list[bool] = []
    widget.clicked.connect(lambda *_: hits.append(True))
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    assert hits, f"the tap on {widget.objectName()} did not reach it"

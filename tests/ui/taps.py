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


def tap_state(qtbot, row, code: str) -> None:  # noqa: ANN001
    """Tap the segment of state `code` on a 'B' task row's state bar, as a finger would."""
    bar = row.state_bar
    assert bar is not None, f"task {row.task.code} shows no state bar (mode {row.task.mode})"
    QApplication.processEvents()
    assert bar.isVisible(), "the state bar is not visible"
    parent = bar.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(bar, 0, 0)
        QApplication.processEvents()
    rect = bar.segment_rect(code)
    assert rect.height() >= 48 and rect.width() >= 48, f"segment {code} too small: {rect}"
    chosen: list[str] = []
    bar.sig_state_chosen.connect(chosen.append)
    try:
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=rect.center())
    finally:
        bar.sig_state_chosen.disconnect(chosen.append)
    assert chosen == [code], f"the tap on state {code} chose {chosen}"

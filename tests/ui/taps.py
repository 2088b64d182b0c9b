"""Tapping like a finger: scroll into view, check that the point is really on screen and
not covered, then one click (no double-click, no drag)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMenu, QScrollArea, QWidget

from tests.support.settle import settle


def _scroll_into_view(widget: QWidget) -> None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget, 0, 0)
        QApplication.processEvents()


def tap(qtbot, widget) -> None:
    """Scroll the button into view (as a nurse would swipe), then tap it."""
    QApplication.processEvents()  # let pending layouts settle, as the screen would
    assert widget.isVisible(), f"{widget.objectName()} is not visible"
    _scroll_into_view(widget)
    hits: list[bool] = []
    widget.clicked.connect(lambda *_: hits.append(True))
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    assert hits, f"the tap on {widget.objectName()} did not reach it"
    settle(qtbot)  # what the tap asked of the database is answered and on screen


def tap_at(qtbot, widget: QWidget, pos: QPoint) -> None:
    """Tap `widget` at `pos`, after checking that this point of the screen shows it."""
    QApplication.processEvents()
    assert widget.isVisible(), f"{widget.objectName()} is not visible"
    _scroll_into_view(widget)
    win = widget.window()
    at = widget.mapTo(win, pos)
    hit = win.childAt(at)
    assert hit is widget or widget.isAncestorOf(hit), (
        f"{widget.objectName()} at {pos} is covered by {hit and hit.objectName()}"
    )
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    settle(qtbot)


def row(window, last_name: str):
    """The row of the patient of that last name."""
    for r in window.controller.rows.values():
        if r.patient.last_name == last_name:
            return r
    raise AssertionError(f"no row for {last_name}")


def open_sheet(qtbot, window, last_name: str):
    """Tap a patient's row on its name: its touch sheet opens."""
    r = row(window, last_name)
    before = window.controller.last_sheet
    tap_at(qtbot, r, r.name_point())
    sheet = window.controller.last_sheet
    assert sheet is not None and sheet is not before, "the tap opened no sheet"
    qtbot.waitUntil(sheet.isVisible)
    assert sheet.patient_id == r.patient_id
    return sheet


def task_of(window, last_name: str, code: str):
    r = row(window, last_name)
    for t in r.patient.tasks:
        if t.code == code:
            return r, t
    raise AssertionError(f"{last_name} has no {code}")


def open_task(qtbot, window, last_name: str, code: str):
    """Tap a task chip: its states open (a row of buttons or a menu)."""
    r, t = task_of(window, last_name, code)
    rect = r.task_rect(t.id)
    assert rect is not None, f"{code} of {last_name} is not drawn"
    before = window.controller.last_picker
    tap_at(qtbot, r, rect.center())
    picker = window.controller.last_picker
    assert picker is not None and picker is not before, "the tap on the chip opened nothing"
    qtbot.waitUntil(picker.isVisible)
    return picker


def choose(qtbot, picker, code: str) -> None:
    """Choose state `code` (or "note", "delete") in a task's states, as a finger would."""
    if isinstance(picker, QMenu):
        act = next((a for a in picker.actions() if a.data() == code), None)
        assert act is not None, f"no {code} in the menu"
        rect = picker.actionGeometry(act)
        assert rect.height() >= 40, f"menu item {code} too small: {rect}"
        qtbot.mouseClick(picker, Qt.MouseButton.LeftButton, pos=rect.center())
        settle(qtbot)
        return
    if code == "note":
        tap(qtbot, picker.note_button)
        return
    if code == "delete":
        tap(qtbot, picker.delete_button)
        return
    bar = picker.state_bar
    rect = bar.segment_rect(code)
    assert rect.height() >= 40 and rect.width() >= 48, f"segment {code} too small: {rect}"
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=rect.center())
    settle(qtbot)

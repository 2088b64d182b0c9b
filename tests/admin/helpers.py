"""Taps for the admin dialog tests (real clicks on real widgets, offscreen)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QListWidget, QWidget

from tests.ui.settle import settle


def tap(qtbot, button: QAbstractButton) -> None:
    assert button.isEnabled(), f"{button.objectName() or button.text()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle()  # what the tap asked of the database thread is answered and shown


def tap_row(qtbot, lst: QListWidget, text_part: str) -> None:
    for i in range(lst.count()):
        item = lst.item(i)
        if text_part in item.text():
            lst.scrollToItem(item)
            rect = lst.visualItemRect(item)
            qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            settle()
            return
    raise AssertionError(
        f"no row with {text_part!r} in {[lst.item(i).text() for i in range(lst.count())]}"
    )


def rows(lst: QListWidget) -> list[str]:
    return [lst.item(i).text() for i in range(lst.count())]


def type_into(qtbot, edit: QWidget, text: str) -> None:
    edit.clear()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:  # QTest aborts on keys outside Latin-1 key codes: insert as an input method would
        edit.insert(text)

"""Taps for the admin dialog tests (real clicks on real widgets, offscreen)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QListWidget, QScroller, QWidget

from tests.support.settle import settle


def tap(qtbot, button: QAbstractButton) -> None:
    assert button.isEnabled(), f"{button.objectName() or button.text()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle()  # what the tap asked of the database thread is answered and shown


def tap_row(qtbot, lst: QListWidget, text_part: str) -> None:
    for i in range(lst.count()):
        item = lst.item(i)
        if text_part in item.text():
            lst.scrollToItem(item)
            # The list scrolls kinetically (QScroller): a tap while it still moves stops it
            # and is eaten, as under a finger. A loaded machine can leave the previous tap's
            # gesture running: wait for the list to rest, as a nurse sees it rest.
            _wait_at_rest(qtbot, lst)
            rect = lst.visualItemRect(item)
            qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            _wait_at_rest(qtbot, lst)
            settle()
            return
    raise AssertionError(
        f"no row with {text_part!r} in {[lst.item(i).text() for i in range(lst.count())]}"
    )


def _wait_at_rest(qtbot, lst: QListWidget) -> None:
    scroller = QScroller.scroller(lst.viewport())
    qtbot.waitUntil(lambda: scroller.state() == QScroller.State.Inactive, timeout=3000)


def rows(lst: QListWidget) -> list[str]:
    return [lst.item(i).text() for i in range(lst.count())]


def type_into(qtbot, edit: QWidget, text: str) -> None:
    edit.clear()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:  # QTest aborts on keys outside Latin-1 key codes: insert as an input method would
        edit.insert(text)

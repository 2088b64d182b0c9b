"""Guards against a stray gesture changing a value.

A wall screen is brushed by sleeves and driven by a mouse on some desks: one
wheel tick over a closed drop-down turned OUI into NON in the settings, and an
exit time can move the same way. The wheel over a closed drop-down, a number or
a date field scrolls what is under it instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)


class NoWheel(QObject):
    """A wheel tick over a closed drop-down or a number field must not change it (one tick
    turned OUI into NON): the tick goes to what is under it (the form scrolls) instead."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # Qt name
        if event.type() == QEvent.Type.Wheel:
            if isinstance(obj, QComboBox) and obj.view().isVisible():
                return False  # an open list scrolls
            area = obj.parentWidget() if isinstance(obj, QWidget) else None
            while area is not None and not isinstance(area, QAbstractScrollArea):
                area = area.parentWidget()
            if area is not None:  # the form under it scrolls, as the finger meant
                QApplication.sendEvent(area.viewport(), event)
            return True
        return False


def guard_wheel(root: QWidget) -> None:
    """Every drop-down and number field under `root` ignores the mouse wheel."""
    guard = root.findChild(NoWheel) or NoWheel(root)
    for w in root.findChildren(QComboBox) + root.findChildren(QAbstractSpinBox):
        w.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # not WheelFocus
        w.installEventFilter(guard)

"""Choose a destination (Absence or Sortie list) and, for an exit, the exit time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScroller,
    QWidget,
)

from synoptux.domain.model import Destination
from synoptux.ui.confirm import TouchDialog
from synoptux.ui.guards import guard_wheel


def _qdatetime(when: datetime) -> QDateTime:
    """`when` (naive, local) as a local QDateTime, to the millisecond."""
    return QDateTime(
        QDate(when.year, when.month, when.day),
        QTime(when.hour, when.minute, when.second, when.microsecond // 1000),
    )


class DestinationDialog(TouchDialog):
    """Tap a destination to finish the move; with an exit, adjust the time first."""

    def __init__(
        self,
        parent: QWidget | None,
        box_label: str,
        destinations: list[Destination],
        on_done: Callable[[str | None, datetime | None], None],
        *,
        exit_time: datetime | None = None,
    ) -> None:
        super().__init__(
            parent,
            QCoreApplication.translate(
                "DestinationDialog", "Move to {box}: choose the destination"
            ).format(box=box_label),
        )
        self._on_done = on_done
        self.setMinimumSize(560, 560)
        self.other = QLineEdit(self)
        self.other.setObjectName("DestinationText")
        self.other.setPlaceholderText(
            QCoreApplication.translate(
                "DestinationDialog", "Other destination (type, then Validate)"
            )
        )
        self.other.setMinimumHeight(52)
        self.body.addWidget(self.other)
        self.list = QListWidget(self)
        self.list.setObjectName("DestinationList")
        QScroller.grabGesture(
            self.list.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        for d in destinations:
            item = QListWidgetItem(d.label)
            item.setData(Qt.ItemDataRole.UserRole, d.label)
            self.list.addItem(item)
        self.list.itemClicked.connect(
            lambda item: self._finish(item.data(Qt.ItemDataRole.UserRole))
        )
        self.body.addWidget(self.list, 1)
        self.time_edit: QDateTimeEdit | None = None
        if exit_time is not None:
            row = QHBoxLayout()
            self.time_edit = QDateTimeEdit(_qdatetime(exit_time), self)
            self.time_edit.setObjectName("ExitTime")
            self.time_edit.setDisplayFormat("dd/MM/yyyy HH:mm")
            self.time_edit.setMinimumHeight(52)
            row.addWidget(self.time_edit, 1)
            for minutes in (-15, -5, 5):
                b = QPushButton(f"{minutes:+d} min", self)
                b.setObjectName("TimeStep")
                b.setMinimumSize(80, 52)
                b.clicked.connect(lambda _=False, m=minutes: self._step(m))
                row.addWidget(b)
            self.body.addLayout(row)
            guard_wheel(self)  # a wheel tick must not move the exit time
        self.add_button(
            QCoreApplication.translate("DestinationDialog", "Cancel"), self.reject, name="NoButton"
        )
        self.add_button(
            QCoreApplication.translate("DestinationDialog", "No destination"),
            lambda: self._finish(None),
            name="SkipButton",
        )
        self.validate_button = self.add_button(
            QCoreApplication.translate("DestinationDialog", "Validate"),
            self._validate,
            name="YesButton",
        )

    def _step(self, minutes: int) -> None:
        assert self.time_edit is not None
        self.time_edit.setDateTime(self.time_edit.dateTime().addSecs(minutes * 60))

    def _validate(self) -> None:
        text = self.other.text().strip()
        item = self.list.currentItem()
        self._finish(text or (item.data(Qt.ItemDataRole.UserRole) if item else None))

    def exit_time(self) -> datetime | None:
        if self.time_edit is None:
            return None
        value = self.time_edit.dateTime().toPython()
        return value.replace(second=0, microsecond=0) if isinstance(value, datetime) else None

    def _finish(self, destination: str | None) -> None:
        when = self.exit_time()
        self.accept()
        self._on_done(destination, when)


def open_destination_dialog(
    parent: QWidget | None,
    box_label: str,
    destinations: list[Destination],
    on_done: Callable[[str | None, datetime | None], None],
    *,
    exit_time: datetime | None = None,
) -> DestinationDialog:
    dlg = DestinationDialog(parent, box_label, destinations, on_done, exit_time=exit_time)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.open()
    return dlg

"""History of a stay (the card's history button) and the search among past stays.

Everything is read through `synoptux.stats.history`; no SQL here. Times, who, what,
and from what to what, one line per event, oldest first.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from synoptux.services.database import Database
from synoptux.services.errors import DatabaseUnavailable
from synoptux.services.history import Action
from synoptux.stats.history import (
    HistoryEvent,
    StaySummary,
    patient_events,
    patient_summary,
    search_stays,
    stay_events,
)
from synoptux.ui.confirm import TouchDialog
from synoptux.ui.db_runner import DbRunner
from synoptux.ui.plain import plain_label

log = logging.getLogger(__name__)


def action_text(code: str) -> str:
    """The action of an event, in the interface language."""
    names = {
        Action.PATIENT_IN: QCoreApplication.translate("History", "Entry"),
        Action.SET_PLACE: QCoreApplication.translate("History", "Move"),
        Action.TASK_STATE: QCoreApplication.translate("History", "Task state"),
        Action.SET_OWNER: QCoreApplication.translate("History", "Responsible"),
        Action.PATIENT_OUT: QCoreApplication.translate("History", "Final exit"),
        Action.PATIENT_LIFEOUT: QCoreApplication.translate("History", "Forced exit (maximum stay)"),
        Action.PATIENT_PURGE: QCoreApplication.translate("History", "Automatic exit"),
        Action.COMMENT: QCoreApplication.translate("History", "Comment"),
        Action.TASK_ADD: QCoreApplication.translate("History", "Task added"),
        Action.TASK_DELETE: QCoreApplication.translate("History", "Task deleted"),
        Action.SET_FOLD: QCoreApplication.translate("History", "Folded / unfolded"),
        Action.SET_ANON: QCoreApplication.translate("History", "Name hidden / shown"),
        Action.SET_DESTINATION: QCoreApplication.translate("History", "Destination"),
        Action.ADMIN: QCoreApplication.translate("History", "Administration"),
        Action.VALUE_CUT: QCoreApplication.translate("History", "Value cut to fit"),
        Action.SET_TRIAGE: QCoreApplication.translate("History", "Triage level"),
        Action.ALARM_ACK: QCoreApplication.translate("History", "Alarm acknowledged"),
        Action.IDENTITY_CHECK: QCoreApplication.translate("History", "Identity to check"),
        Action.IDENTITY_OK: QCoreApplication.translate("History", "Identity checked"),
    }
    try:
        return names.get(Action(code), code)
    except ValueError:
        return code


def _when(value) -> str:
    return value.strftime("%d/%m/%Y %H:%M") if value is not None else "?"


def event_cells(e: HistoryEvent) -> list[str]:
    """Time, action, who, box, details (task, from -> to, comment)."""
    before, after = e.change()
    box = e.box or ""
    details: list[str] = []
    if e.action == Action.SET_PLACE:
        box = f"{e.box_before or '?'} → {e.box or '?'}"
    if e.task_label or e.task_code:
        details.append(e.task_label or e.task_code or "")
    if e.action == Action.TASK_STATE:
        details.append(f"{before} → {after}" if before else (after or ""))
    elif e.action in (Action.SET_OWNER, Action.SET_TRIAGE):
        details.append(f"{before or '–'} → {after or '–'}")
    elif e.comment:
        details.append(e.comment)
    if e.action == Action.SET_PLACE and e.comment:
        details.append(e.comment)
    who = e.actor or ""
    if e.source and e.source not in ("board",):
        who = f"{who} ({e.source})" if who else e.source
    return [_when(e.when), action_text(e.action), who, box, " · ".join(d for d in details if d)]


class HistoryTable(QTableWidget):
    """Events of one stay, read-only, rows tall enough for a finger."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setObjectName("HistoryTable")
        self.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("History", "Time"),
                QCoreApplication.translate("History", "Action"),
                QCoreApplication.translate("History", "By"),
                QCoreApplication.translate("History", "Box"),
                QCoreApplication.translate("History", "Details"),
            ]
        )
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(44)
        self.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.setWordWrap(True)

    def set_events(self, events: list[HistoryEvent]) -> None:
        self.setRowCount(len(events))
        for r, e in enumerate(events):
            for c, text in enumerate(event_cells(e)):
                item = QTableWidgetItem(text)
                if e.legacy:
                    item.setToolTip(
                        QCoreApplication.translate(
                            "History", "Written by Synoptux 2.x: some fields were reconstructed."
                        )
                    )
                self.setItem(r, c, item)
        self.resizeColumnsToContents()
        self.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)


def _name(stay: StaySummary | None) -> str:
    if stay is None:
        return ""
    return " ".join(x for x in (stay.last_name, stay.first_name) if x)


class PatientHistoryDialog(TouchDialog):
    def __init__(self, parent: QWidget | None, title: str, events: list[HistoryEvent]) -> None:
        super().__init__(parent, title)
        self.setModal(False)
        self.table = HistoryTable(self)
        self.table.set_events(events)
        self.body.addWidget(self.table, 1)
        if not events:
            empty = plain_label(
                QCoreApplication.translate("History", "No event has been recorded for this stay."),
                self,
            )
            empty.setObjectName("DialogText")
            self.body.addWidget(empty)
        self.close_button = self.add_button(
            QCoreApplication.translate("History", "Close"),
            self.accept,
            name="YesButton",
            default=True,
        )
        self.resize(980, 620)


def load_patient_history(db: Database, patient_id: int) -> tuple[str, list[HistoryEvent]]:
    """(title, events) of a patient's stay: database work, for the `DbRunner`'s thread.
    Raises DatabaseUnavailable when the server cannot be reached."""
    stay = patient_summary(db, patient_id)
    events = patient_events(db, patient_id)
    name = _name(stay)
    return (
        QCoreApplication.translate("History", "History of {name}").format(name=name)
        if name
        else QCoreApplication.translate("History", "History")
    ), events


def open_patient_history(parent: QWidget | None, title: str, events: list[HistoryEvent]) -> QDialog:
    """Open (non-blocking) the history read by `load_patient_history`; returns the dialog."""
    dlg = PatientHistoryDialog(parent, title, events)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.show()
    return dlg


def show_patient_history(parent: QWidget | None, db: Database, patient_id: int) -> QDialog:
    """Read and open at once (scripts and tests without a board; the board uses the
    runner). Raises DatabaseUnavailable when the server cannot be reached."""
    return open_patient_history(parent, *load_patient_history(db, patient_id))


class ArchiveSearchDialog(TouchDialog):
    """Find a past (or current) stay by name or MedinTux GUID and read its history."""

    def __init__(self, db: Database, runner: DbRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent, QCoreApplication.translate("History", "Search past stays"))
        self.setModal(False)
        self.db = db
        self.runner = runner
        self.stays: list[StaySummary] = []
        row = QHBoxLayout()
        self.query = QLineEdit(self)
        self.query.setPlaceholderText(
            QCoreApplication.translate("History", "Name (first letters) or patient GUID")
        )
        self.query.setMinimumHeight(48)
        self.query.returnPressed.connect(self.search)
        self.search_button = QPushButton(QCoreApplication.translate("History", "Search"), self)
        self.search_button.setMinimumSize(140, 48)
        self.search_button.clicked.connect(self.search)
        row.addWidget(self.query, 1)
        row.addWidget(self.search_button)
        self.body.addLayout(row)
        self.status = plain_label("", self)
        self.status.setObjectName("DialogText")
        self.body.addWidget(self.status)
        self.results = QTableWidget(0, 6, self)
        self.results.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("History", "Entry"),
                QCoreApplication.translate("History", "Patient"),
                QCoreApplication.translate("History", "Left"),
                QCoreApplication.translate("History", "Box"),
                QCoreApplication.translate("History", "Destination"),
                QCoreApplication.translate("History", "GUID"),
            ]
        )
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.verticalHeader().setVisible(False)
        self.results.verticalHeader().setDefaultSectionSize(48)
        self.results.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.results.cellClicked.connect(lambda r, _c: self.show_stay(r))
        self.body.addWidget(self.results, 1)
        self.events = HistoryTable(self)
        self.body.addWidget(self.events, 2)
        self.close_button = self.add_button(
            QCoreApplication.translate("History", "Close"), self.accept, name="YesButton"
        )
        self.resize(1100, 760)

    def search(self) -> None:
        """Look the stays up in the background; the list fills when they are read."""
        text = self.query.text().strip()
        self.events.set_events([])
        self.status.setText(QCoreApplication.translate("History", "Searching…"))
        db = self.db
        self.runner.submit(
            lambda: search_stays(db, text),
            lambda stays: self._found(text, stays),
            self._unreachable,
            name="search stays",
        )

    def _unreachable(self, exc: BaseException) -> None:
        if not isinstance(exc, DatabaseUnavailable):
            log.error("past stays not read", exc_info=exc)
        self.status.setText(
            QCoreApplication.translate(
                "History", "The database cannot be reached. Try again in a moment."
            )
        )

    def _found(self, text: str, stays: list[StaySummary]) -> None:
        self.stays = stays
        if not text:
            self.status.setText(QCoreApplication.translate("History", "Type a name or a GUID."))
        elif not self.stays:
            self.status.setText(
                QCoreApplication.translate("History", "No stay found for “{text}”.").format(
                    text=text
                )
            )
        else:
            self.status.setText(
                QCoreApplication.translate(
                    "History", "{n} stay(s) found. Tap one to read its history."
                ).format(n=len(self.stays))
            )
        self._fill()

    def _fill(self) -> None:
        self.results.setRowCount(len(self.stays))
        for r, s in enumerate(self.stays):
            left = (
                _when(s.left_at)
                if s.archived
                else QCoreApplication.translate("History", "On the board")
            )
            cells = [
                _when(s.entered_at),
                _name(s),
                left,
                s.box or "",
                s.destination or "",
                s.guid or "",
            ]
            for c, text in enumerate(cells):
                self.results.setItem(r, c, QTableWidgetItem(text))
        self.results.resizeColumnsToContents()
        self.results.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def show_stay(self, row: int) -> None:
        if not 0 <= row < len(self.stays):
            return
        stay = self.stays[row]
        self.results.selectRow(row)
        db = self.db

        def load() -> list[HistoryEvent]:
            try:
                if stay.archive_id is not None:
                    return stay_events(db, stay.archive_id)[1]
                return patient_events(db, stay.patient_id)
            except KeyError:
                return []

        self.runner.submit(load, lambda events: self._show_events(stay, events), self._unreachable)

    def _show_events(self, stay: StaySummary, events: list[HistoryEvent]) -> None:
        self.events.set_events(events)
        self.status.setText(
            QCoreApplication.translate("History", "History of {name}: {n} event(s).").format(
                name=_name(stay), n=len(events)
            )
        )

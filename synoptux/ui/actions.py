"""What a nurse's tap does: one service call and the board it changed, off the GUI thread.

Every tap is a job of the window's `DbRunner`: the service call, then (same job, same
thread) the board reloaded for the `Change` it returned; the GUI thread only applies the
result. The nurse gets the outcome within `db_runner.BUDGET` (1 s): the card updated, the
refusal with its reason, "busy" (another program holds the lock), or "the database does
not answer: nothing was changed". A tap still running when the screen said so, and
applied after all, is told on screen; one not started by then is never applied.
No exception reaches Qt's event loop.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from synoptux.config import KEYS, Settings
from synoptux.domain.model import Board, BoxType, PatientView, TaskView
from synoptux.domain.rules import split_program_args
from synoptux.services.board import BoardService
from synoptux.services.changes import Change
from synoptux.services.errors import (
    ActionRefused,
    DatabaseBusy,
    DatabaseUnavailable,
    OutcomeUnknown,
)
from synoptux.services.notes import NoteReader, NoteUnavailable
from synoptux.services.programs import ProgramPolicy
from synoptux.ui.confirm import ask, inform
from synoptux.ui.db_runner import BUDGET, DbRunner, Ticket
from synoptux.ui.dialogs.comment_dialog import open_comment_dialog
from synoptux.ui.dialogs.destination_dialog import open_destination_dialog
from synoptux.ui.dialogs.move_dialog import open_move_dialog
from synoptux.ui.dialogs.note_popup import show_note
from synoptux.ui.dialogs.responsible_picker import open_responsible_picker
from synoptux.ui.launch import DOCUMENTS, refusal, start_detached
from synoptux.ui.messages import applied_late_text, no_answer_text, refusal_text, unavailable_text

if TYPE_CHECKING:
    from synoptux.services.database import Database
    from synoptux.ui.controller import BoardController

log = logging.getLogger(__name__)


def display_name(p: PatientView, privacy: bool) -> str:
    if privacy or p.anonymous:
        return p.initials
    return " ".join(x for x in (p.last_name.upper(), p.first_name or "") if x)


class BoardActions(QObject):
    """What the rows, the patient sheet and the task picker ask for, for one board window."""

    sig_outcome = Signal(str, object)
    """A tap's outcome on screen: ("applied", Change), ("refused", ActionRefused),
    ("busy" | "unavailable" | "unknown" | "failed", exception), ("no_answer", None) when its
    budget ran out, ("applied_late", Change) when it was done after all."""

    def __init__(
        self,
        service: BoardService,
        settings: Settings,
        parent: QWidget,
        note_reader: NoteReader | None = None,
        *,
        runner: DbRunner,
        controller: BoardController,
        launcher: Callable[[str, list[str], str], bool] | None = None,
        history_opener: Callable[[QWidget, Database, int], QWidget | None] | None = None,
    ) -> None:
        """`runner` runs every database call off the GUI thread; `launcher` starts a
        program (default: detached, never through a shell); `history_opener` shows a
        patient's history (default: the history window)."""
        super().__init__(parent)
        self.runner = runner
        self.service = service
        self.settings = settings
        self.host = parent  # the window its dialogs belong to
        self.controller = controller
        self.note_reader = note_reader or NoteReader(None)
        self.last_dialog: QWidget | None = None
        self.last_popup: QWidget | None = None
        self.launcher = launcher or start_detached
        self.history_opener = history_opener

    # -- plumbing --------------------------------------------------------------------
    def _board(self):
        return self.controller.current_board if self.controller else None

    def _patient(self, pid: int) -> PatientView | None:
        board = self._board()
        return board.patient(pid) if board else None

    def _task(self, tid: int) -> TaskView | None:
        board = self._board()
        if board is None:
            return None
        for p in board.patients():
            for t in p.tasks:
                if t.id == tid:
                    return t
        return None

    def message(self, text: str, title: str | None = None) -> None:
        self.last_dialog = inform(self.host, text, title)

    def refresh(self) -> Ticket:
        """Reload the whole board in the background and apply it."""
        return self.runner.submit(
            self.service.snapshot, self._apply, self._reload_failed, name="board reload"
        )

    def _apply(self, board: Board | None) -> None:
        if board is not None and self.controller is not None:
            self.controller.apply_board(board)

    def _reload_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, DatabaseUnavailable):  # unreachable: the feed's banner says so
            log.error("board reload failed", exc_info=exc)

    def _after(self, change: object) -> Board | None:
        """On the runner's thread: the board as the action left it, for what it changed."""
        if isinstance(change, Change) and not (
            change.patient_ids or change.box_codes or change.reference or change.archived
        ):
            return None  # nothing changed: the board on screen is right
        return self.service.snapshot()

    def act(self, call: Callable[[], object]) -> None:
        """`run` for a dialog's callback, which has no use for the ticket."""
        self.run(call)

    def run(self, call: Callable[[], object]) -> Ticket:
        """Do one service call and reload the board it changed, off the GUI thread; the
        outcome is on screen within `BUDGET` (see the module docstring)."""

        def work() -> tuple[object, Board | None]:
            change = call()  # its failure is the tap's outcome
            try:
                return change, self._after(change)
            except Exception as exc:  # saved all the same: never "not done"
                log.warning("board not reloaded after an action (the feed will): %s", exc)
                return change, None

        ticket: Ticket

        def done(result: tuple[object, Board | None]) -> None:
            change, board = result
            self._apply(board)
            if ticket.is_late:  # the screen said "not done": say it was done after all
                self.message(applied_late_text())
                self.sig_outcome.emit("applied_late", change)
            else:
                self.sig_outcome.emit("applied", change)

        def failed(exc: BaseException) -> None:
            self._failed(exc, late=ticket.is_late)

        def late() -> None:
            self.message(no_answer_text())
            self.sig_outcome.emit("no_answer", None)

        ticket = self.runner.submit(work, done, failed, within=BUDGET, late=late, name="tap")
        return ticket  # the callbacks above read it

    def _failed(self, exc: BaseException, *, late: bool) -> None:
        if isinstance(exc, ActionRefused):
            self.refresh()
            if not late:
                self.message(refusal_text(exc))
            self.sig_outcome.emit("refused", exc)
        elif isinstance(exc, OutcomeUnknown):  # lost during COMMIT: it may be saved, look again
            self.refresh()
            self.message(unavailable_text(exc))
            self.sig_outcome.emit("unknown", exc)
        elif isinstance(exc, DatabaseUnavailable):  # busy (a lock) or no answer
            if not late:
                self.message(unavailable_text(exc))
            self.sig_outcome.emit("busy" if isinstance(exc, DatabaseBusy) else "unavailable", exc)
        else:  # a bug must not freeze the wall screen
            log.error("action failed", exc_info=exc)
            if not late:
                self.message(
                    QCoreApplication.translate(
                        "Actions",
                        "The action failed and nothing was changed. The error was logged.",
                    )
                )
            self.refresh()
            self.sig_outcome.emit("failed", exc)

    @property
    def privacy(self) -> bool:
        return bool(self.controller and self.controller.card_view.privacy)

    # -- patient card ---------------------------------------------------------------
    def toggle_anonymous(self, pid: int) -> None:
        p = self._patient(pid)
        if p is not None:
            self.run(lambda: self.service.set_anonymous(pid, not p.anonymous))

    def toggle_folded(self, pid: int) -> None:
        p = self._patient(pid)
        if p is not None:
            self.run(lambda: self.service.set_folded(pid, not p.folded))

    def edit_comment(self, pid: int) -> None:
        p = self._patient(pid)
        if p is None or self.privacy:
            return
        self.last_dialog = open_comment_dialog(
            self.host,
            display_name(p, False),
            p.comment or "",
            lambda text: self.act(lambda: self.service.set_comment(pid, text)),
        )

    def pick_responsible(self, pid: int) -> None:
        p = self._patient(pid)
        board = self._board()
        if p is None or board is None:
            return
        current = p.responsible.code if p.responsible else p.responsible_code
        self.last_dialog = open_responsible_picker(
            self.host,
            list(board.responsibles),
            current,
            lambda code: self.act(lambda: self.service.set_responsible(pid, code)),
        )

    def show_history(self, pid: int) -> None:
        """Read the stay's history in the background, then open its window."""
        if self.history_opener is not None:  # a read-only (2.x) board says why not
            self.last_dialog = self.history_opener(self.host, self.service.db, pid)
            return
        from synoptux.ui.dialogs.history_dialog import load_patient_history, open_patient_history

        db = self.service.db

        def shown(loaded) -> None:  # (title, events)
            self.last_dialog = open_patient_history(self.host, *loaded)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, DatabaseUnavailable):
                log.error("history not read", exc_info=exc)
            self.message(unavailable_text(exc))

        self.runner.submit(
            lambda: load_patient_history(db, pid),
            shown,
            failed,
            within=BUDGET,
            late=lambda: self.message(no_answer_text()),
            name="history",
        )

    def run_annex(self, pid: int) -> None:
        p = self._patient(pid)
        if p is None or not p.program:
            return
        decision = ProgramPolicy.from_settings(self.settings).check(p.program)
        if decision.path is None:
            self.message(refusal(decision, entry=True))
            return
        args = split_program_args(p.program_args)  # argv items: never a shell
        if not self.launcher(decision.path, args, str(Path(decision.path).parent)):
            self.message(
                QCoreApplication.translate(
                    "Actions", "The program {prog} could not be started."
                ).format(prog=decision.path)
            )

    # -- triage, acknowledged alarms, identity -------------------------------------------
    def pick_triage(self, pid: int) -> None:
        from synoptux.ui.dialogs.ward_dialogs import TriagePicker, open_dialog

        p = self._patient(pid)
        board = self._board()
        if p is None or board is None:
            return
        current = p.triage.code if p.triage else p.triage_code
        self.last_dialog = open_dialog(
            TriagePicker(
                self.host,
                list(board.triage_levels),
                current,
                lambda code: self.act(lambda: self.service.set_triage(pid, code)),
            )
        )

    def acknowledge(self, pid: int, tid: int | None) -> None:
        """Acknowledge the alarm of task `tid` (None: the patient's late triage): who?"""
        from synoptux.ui.dialogs.ward_dialogs import AckPicker, open_dialog

        p = self._patient(pid)
        board = self._board()
        if p is None or board is None:
            return
        task = self._task(tid) if tid is not None else None
        what = (
            task.label
            if task is not None
            else QCoreApplication.translate("Actions", "Triage {level}").format(
                level=p.triage.code if p.triage else "?"
            )
        )
        what = f"{display_name(p, self.privacy)} \u00b7 {what}"
        self.last_dialog = open_dialog(
            AckPicker(
                self.host,
                what,
                list(board.responsibles),
                self.service.actor,
                lambda code: self.act(lambda: self.service.acknowledge(pid, tid, code)),
            )
        )

    def confirm_identity(self, pid: int) -> None:
        p = self._patient(pid)
        if p is not None:
            self.run(lambda: self.service.confirm_identity(pid))

    # -- moving ------------------------------------------------------------------------
    def start_move(self, pid: int) -> None:
        ctl = self.controller
        if ctl is None:
            return
        if ctl.moving_patient == pid:  # tap "move" again: cancel
            ctl.set_moving(None)
            return
        p = self._patient(pid)
        if p is None:
            return
        if ctl.box_type_of(pid) is BoxType.EXIT:
            self.last_dialog = open_move_dialog(
                self.host,
                display_name(p, self.privacy),
                lambda: self.final_exit(pid),
                lambda: ctl.set_moving(pid),
            )
            return
        ctl.set_moving(pid)

    def box_title_tapped(self, code: str) -> None:
        ctl = self.controller
        board = self._board()
        if ctl is None or board is None or ctl.moving_patient is None:
            return
        pid = ctl.moving_patient
        box = board.box(code)
        src = board.box_of(pid)
        if box is None or src is None or src.code == code:
            return
        ctl.set_moving(None)
        if box.type in (BoxType.ABSENCE, BoxType.EXIT):
            kind = "Sortie" if box.type is BoxType.EXIT else "Absence"
            dests = [d for d in board.destinations if d.kind.lower() == kind.lower()]
            exit_time = self.service.clock.now() if box.type is BoxType.EXIT else None
            self.last_dialog = open_destination_dialog(
                self.host,
                box.label,
                dests,
                lambda dest, when: self.act(
                    lambda: self.service.move_patient(pid, code, destination=dest, exit_time=when)
                ),
                exit_time=exit_time,
            )
            return
        self.run(lambda: self.service.move_patient(pid, code))

    def final_exit(self, pid: int) -> None:
        p = self._patient(pid)
        if p is None:
            return
        if self.settings[KEYS.CONFIRM_FINAL_EXIT]:
            self.last_dialog = ask(
                self.host,
                QCoreApplication.translate(
                    "Actions", "Final exit of {name}? The patient leaves the board."
                ).format(name=display_name(p, self.privacy)),
                lambda: self.act(lambda: self.service.final_exit(pid)),
                QCoreApplication.translate("Actions", "Final exit"),
            )
            return
        self.run(lambda: self.service.final_exit(pid))

    # -- tasks ---------------------------------------------------------------------------
    def delete_task(self, tid: int) -> None:
        t = self._task(tid)
        if t is None:
            return
        self.last_dialog = ask(
            self.host,
            QCoreApplication.translate("Actions", "Delete the task {task}?").format(task=t.label),
            lambda: self.act(lambda: self.service.delete_task(tid)),
            QCoreApplication.translate("Actions", "Delete"),
        )

    def set_task_state(self, tid: int, code: str) -> None:
        t = self._task(tid)
        if t is not None and t.state == code:
            return
        self.run(lambda: self.service.set_task_state(tid, code))

    def open_task_note(self, tid: int) -> None:
        t = self._task(tid)
        ctl = self.controller
        if t is None or ctl is None:
            return
        row = ctl.row(t.patient_id)
        anchor = row if row is not None and row.isVisible() else self.host
        title = t.label + (f" \u00b7 {t.comment}" if t.comment else "")
        if t.note:
            self.last_popup = show_note(anchor, title, t.note)
        elif t.note_blob:  # MedinTux's database: read on the database thread too
            reader, blob = self.note_reader, t.note_blob

            def shown(note) -> None:  # a MedinTux note
                self.last_popup = show_note(anchor, title, note.text)  # never rich text

            def failed(exc: BaseException) -> None:
                if not isinstance(exc, NoteUnavailable):
                    log.error("MedinTux note not read", exc_info=exc)
                self.message(
                    QCoreApplication.translate(
                        "Actions", "The MedinTux note cannot be shown: {why}"
                    ).format(why=str(exc))
                )

            self.runner.submit(
                lambda: reader.read(blob),
                shown,
                failed,
                within=BUDGET,
                late=lambda: self.message(no_answer_text()),
                name="MedinTux note",
            )
        elif t.note_file:
            self._open_note_file(t)
        elif t.comment:
            self.last_popup = show_note(anchor, title, t.comment)

    def _open_note_file(self, t: TaskView) -> None:
        path = Path(t.note_file or "")
        if not path.is_absolute():
            path = self.settings.base_dir / path
        real = Path(os.path.realpath(path))
        if not real.is_file():
            self.message(
                QCoreApplication.translate(
                    "Actions", "The note file {file} cannot be found."
                ).format(file=str(path))
            )
            return
        if t.note_program:
            decision = ProgramPolicy.from_settings(self.settings).check(t.note_program)
            if decision.path is None:
                self.message(refusal(decision, entry=False))
                return
            # the file as one absolute argv item: never read by a shell, never an option
            if not self.launcher(decision.path, [str(real)], str(real.parent)):
                self.message(
                    QCoreApplication.translate(
                        "Actions", "The program {prog} could not be started."
                    ).format(prog=decision.path)
                )
            return
        if real.suffix.lower() not in DOCUMENTS:
            # the desktop's opener runs what it is given (ShellExecute starts an .exe)
            log.warning("note file refused, not a document: %r", str(path))
            self.message(
                QCoreApplication.translate(
                    "Actions",
                    "The note file {file} is not a document: the board opens only documents "
                    "(PDF, text, web pages, pictures, office files).",
                ).format(file=str(path))
            )
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(real))):
            self.message(
                QCoreApplication.translate("Actions", "No program opens {file}.").format(
                    file=str(path)
                )
            )

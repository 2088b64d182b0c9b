"""The shape every reference-table dialog shares: a list, New / Edit / Delete.

A tap selects a row; "Edit" opens the editor (no double-click). Delete asks in
an inline bar (no modal box to hunt for). Refusals from the services are shown
in words in the dialog; nothing is lost: the editor stays open with what was
typed. After each change the local board reloads at once; the revision
triggers make the other screens follow. Every list, save and delete is a job of
the board's database thread (`ctx.runner`): the dialog never waits on the server.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from synoptux.services.errors import ActionRefused, DatabaseBusy, DatabaseUnavailable
from synoptux.ui.admin.widgets import (
    ADMIN_CSS,
    TOUCH,
    ErrorLabel,
    TouchList,
    guard_wheel,
    refusal_text,
    touch_button,
)
from synoptux.ui.db_runner import BUDGET, DbRunner, Ticket
from synoptux.ui.messages import no_answer_text
from synoptux.ui.plain import plain_label

log = logging.getLogger(__name__)


def failure_text(exc: BaseException) -> str:
    """What a dialog says when a service call did not go through."""
    if isinstance(exc, ActionRefused):
        return refusal_text(exc)
    if isinstance(exc, DatabaseBusy):
        return QCoreApplication.translate(
            "Admin", "Another program is writing there right now: nothing was changed. Try again."
        )
    if isinstance(exc, DatabaseUnavailable):
        return QCoreApplication.translate(
            "Admin", "The database cannot be reached: nothing was changed. Try again."
        )
    log.error("administration call failed", exc_info=exc)
    return QCoreApplication.translate(
        "Admin", "The action failed and nothing was changed. The error was logged."
    )


def attempt(action: Callable[[], object], error: ErrorLabel) -> bool:
    """Run a call that does not touch the database (reading a form); show a refusal."""
    try:
        action()
    except ActionRefused as exc:
        error.show_text(refusal_text(exc))
        return False
    error.clear_text()
    return True


def saved_late_text() -> str:
    return QCoreApplication.translate(
        "Admin",
        "The database answered late: the change was saved after all (the screen had said "
        "it was not done).",
    )


T = TypeVar("T")


def submit(
    runner: DbRunner,
    work: Callable[[], T],
    error: ErrorLabel,
    done: Callable[[T], None] | None = None,
    *,
    within: float | None = None,
    name: str = "admin",
) -> Ticket:
    """Run a service call on the database thread; `done(result)` on the GUI thread, or
    the refusal / lost database shown in `error`.

    A change (`within=BUDGET`, as a tap on the board) gets its answer within a second: a
    lock another program holds is "busy" (the runner's lock wait), a database thread that
    does not answer by then is "does not answer, try again" and the change, if not started,
    is dropped, never applied behind the screen; one the server applied after all is said
    so. A list read has no budget: it shows when it comes."""
    ticket: Ticket

    def ok(result: T) -> None:
        if ticket.is_late:  # the screen said "not done": say it was done after all
            error.show_notice(saved_late_text())
        else:
            error.clear_unless_notice()
        if done is not None:
            done(result)

    def failed(exc: BaseException) -> None:
        if ticket.is_late and isinstance(exc, DatabaseUnavailable):
            return  # "does not answer" is on screen already
        error.show_text(failure_text(exc))

    def late() -> None:
        error.show_text(no_answer_text())

    ticket = runner.submit(work, ok, failed, within=within, late=late, name=name)
    return ticket  # the callbacks above read it


def change(
    runner: DbRunner,
    work: Callable[[], object],
    error: ErrorLabel,
    done: Callable[[object], None] | None = None,
) -> Ticket:
    """`submit` for a change the admin asked for: answered within `BUDGET`."""
    return submit(runner, work, error, done, within=BUDGET, name="admin change")


class EditorDialog(QDialog):
    """A form for one record; Save calls `on_save(record)`, which may refuse."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(720)
        self.form = QFormLayout()
        self.form.setVerticalSpacing(10)
        self.error = ErrorLabel(self)
        self.save_button = touch_button(
            QCoreApplication.translate("Admin", "Save"), self, name="save"
        )
        self.cancel_button = touch_button(
            QCoreApplication.translate("Admin", "Cancel"), self, name="cancel"
        )
        self.save_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.on_save: Callable[[object], object] | None = None
        """Called with the form's record on the database thread (set with `runner`)."""
        self.runner: DbRunner | None = None
        self.notice: ErrorLabel | None = None
        """Where a save applied after the screen gave up is said (the list's dialog)."""
        self.save_button.clicked.connect(self._on_save)
        self.cancel_button.clicked.connect(self.reject)

    def record(self) -> object:
        """The record the form holds (raises ActionRefused for unreadable input)."""
        raise NotImplementedError

    def _on_save(self) -> None:
        try:
            rec = self.record()
        except ActionRefused as exc:  # the form cannot be read: say why, keep what was typed
            self.error.show_text(refusal_text(exc))
            return
        save, runner = self.on_save, self.runner
        if save is None or runner is None:
            self.accept()
            return
        self.save_button.setEnabled(False)
        self.error.clear_text()
        ticket: Ticket

        def done(_result: object) -> None:
            self.save_button.setEnabled(True)
            if ticket.is_late:  # the screen said "not done": say it was saved after all
                (self.notice or self.error).show_notice(saved_late_text())
            self.accept()

        def failed(exc: BaseException) -> None:
            self.save_button.setEnabled(True)
            if ticket.is_late and isinstance(exc, DatabaseUnavailable):
                return  # "does not answer" is on screen already
            self.error.show_text(failure_text(exc))

        def late() -> None:  # within a second, as a tap: not done, try again
            self.save_button.setEnabled(True)
            self.error.show_text(no_answer_text())

        ticket = runner.submit(
            lambda: save(rec), done, failed, within=BUDGET, late=late, name="admin save"
        )


class ReferenceDialog(QDialog):
    """List + New/Edit/Delete over one reference table. Subclasses fill the hooks."""

    sig_changed = Signal()
    """A row was created, edited or deleted (the board was asked to reload)."""

    title = ""

    def __init__(self, ctx: object, admin: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.admin = ctx, admin
        self.setWindowTitle(self.title)
        self.setStyleSheet(ADMIN_CSS)  # a disabled button looks disabled
        self.resize(760, 640)
        self.list = TouchList(self)
        self.error = ErrorLabel(self)
        self.new_button = touch_button(QCoreApplication.translate("Admin", "New"), self, name="new")
        self.edit_button = touch_button(
            QCoreApplication.translate("Admin", "Edit"), self, name="edit"
        )
        self.delete_button = touch_button(
            QCoreApplication.translate("Admin", "Delete"), self, name="delete"
        )
        self.close_button = touch_button(
            QCoreApplication.translate("Admin", "Close"), self, name="close"
        )
        self.editor: EditorDialog | None = None
        self.confirm_bar = QFrame(self)
        self.confirm_label = plain_label("", self.confirm_bar)
        self.confirm_label.setWordWrap(True)
        self.confirm_yes = touch_button(
            QCoreApplication.translate("Admin", "Delete"), self.confirm_bar, name="confirm_delete"
        )
        self.confirm_no = touch_button(
            QCoreApplication.translate("Admin", "Keep"), self.confirm_bar, name="confirm_keep"
        )
        bar = QHBoxLayout(self.confirm_bar)
        bar.addWidget(self.confirm_label, 1)
        bar.addWidget(self.confirm_no)
        bar.addWidget(self.confirm_yes)
        self.confirm_bar.hide()
        self.extra = QHBoxLayout()  # subclasses add their own buttons here
        buttons = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addLayout(self.extra)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        self.column = layout = QVBoxLayout(self)  # subclasses may insert rows
        layout.addWidget(self.list, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.confirm_bar)
        layout.addLayout(buttons)
        self.new_button.clicked.connect(self._on_new)
        self.edit_button.clicked.connect(self._on_edit)
        self.delete_button.clicked.connect(self._on_delete)
        self.confirm_yes.clicked.connect(self._on_confirm_delete)
        self.confirm_no.clicked.connect(self.confirm_bar.hide)
        self.close_button.clicked.connect(self.accept)
        self.list.currentRowChanged.connect(self._on_selection)
        self.list.setMinimumHeight(TOUCH * 5)
        self.refresh()

    # -- hooks --------------------------------------------------------------------
    def rows(self) -> list[tuple[str, object, str | None]]:
        """(text, record, colour) of each row."""
        raise NotImplementedError

    def make_editor(self, record: object | None) -> EditorDialog:
        raise NotImplementedError

    def save(self, record: object, original: object | None) -> object:
        raise NotImplementedError

    def delete(self, record: object) -> object:
        raise NotImplementedError

    def key(self, record: object) -> object:
        return getattr(record, "code", None)

    def describe(self, record: object) -> str:
        return str(self.key(record))

    # -- behaviour ------------------------------------------------------------------
    def refresh(self, select: object | None = None) -> None:
        """Read the rows on the database thread, then show them."""

        def show(rows: object) -> None:
            self.list.clear()
            for text, rec, color in rows:  # type: ignore[attr-defined]
                self.list.add_row(text, rec, color)
            if select is not None:
                self.list.select_where(lambda r: self.key(r) == select)
            self._on_selection()

        self._on_selection()
        submit(self.runner, self.rows, self.error, show)

    @property
    def runner(self) -> DbRunner:
        return self.ctx.runner  # type: ignore[attr-defined]

    def selected(self) -> object | None:
        return self.list.current_data()

    def _on_selection(self, *_args: object) -> None:
        has = self.selected() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.confirm_bar.hide()

    def _changed(self, select: object | None = None) -> None:
        self.refresh(select)
        reload = getattr(self.ctx, "reload_board", None)
        if reload is not None:
            reload()
        self.sig_changed.emit()

    def _open_editor(self, record: object | None) -> None:
        self.error.clear_text()
        editor = self.make_editor(record)
        guard_wheel(editor)  # no wheel tick changes a capacity or a type

        def on_save(new: object) -> None:
            self.save(new, record)
            self._saved_key = self.key(new)

        editor.on_save = on_save
        editor.runner = self.runner
        editor.notice = self.error
        editor.accepted.connect(lambda: self._changed(getattr(self, "_saved_key", None)))
        self.editor = editor
        editor.open()

    def _on_new(self) -> None:
        self._open_editor(None)

    def _on_edit(self) -> None:
        if self.selected() is not None:
            self._open_editor(self.selected())

    def _on_delete(self) -> None:
        rec = self.selected()
        if rec is None:
            return
        self.error.clear_text()
        self.confirm_label.setText(
            QCoreApplication.translate("Admin", "Delete {what}?").format(what=self.describe(rec))
        )
        self.confirm_bar.show()

    def _on_confirm_delete(self) -> None:
        rec = self.selected()
        self.confirm_bar.hide()
        if rec is not None:
            change(self.runner, lambda: self.delete(rec), self.error, lambda _r: self._changed())

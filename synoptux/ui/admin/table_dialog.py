"""The shape every reference-table dialog shares: a list, New / Edit / Delete.

A tap selects a row; "Edit" opens the editor (no double-click). Delete asks in
an inline bar (no modal box to hunt for). Refusals from the services are shown
in words in the dialog; nothing is lost: the editor stays open with what was
typed. After each change the local board reloads at once; the revision
triggers make the other screens follow.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from synoptux.db.engine import DatabaseUnavailable
from synoptux.services.errors import ActionRefused
from synoptux.ui.admin.widgets import (
    ADMIN_CSS,
    TOUCH,
    ErrorLabel,
    TouchList,
    guard_wheel,
    refusal_text,
    touch_button,
    tr,
)
from synoptux.ui.plain import plain_label


def attempt(action: Callable[[], object], error: ErrorLabel) -> bool:
    """Run a service call; show a refusal or a lost database in `error`."""
    try:
        action()
    except ActionRefused as exc:
        error.show_text(refusal_text(exc))
        return False
    except DatabaseUnavailable:
        error.show_text(tr("The database cannot be reached: nothing was changed. Try again."))
        return False
    error.clear_text()
    return True


class EditorDialog(QDialog):
    """A form for one record; Save calls `on_save(record)`, which may refuse."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(720)
        self.form = QFormLayout()
        self.form.setVerticalSpacing(10)
        self.error = ErrorLabel(self)
        self.save_button = touch_button(tr("Save"), self, name="save")
        self.cancel_button = touch_button(tr("Cancel"), self, name="cancel")
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
        self.save_button.clicked.connect(self._on_save)
        self.cancel_button.clicked.connect(self.reject)

    def record(self) -> object:
        """The record the form holds (raises ActionRefused for unreadable input)."""
        raise NotImplementedError

    def _on_save(self) -> None:
        def run() -> None:
            rec = self.record()
            if self.on_save is not None:
                self.on_save(rec)

        if attempt(run, self.error):
            self.accept()


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
        self.new_button = touch_button(tr("New"), self, name="new")
        self.edit_button = touch_button(tr("Edit"), self, name="edit")
        self.delete_button = touch_button(tr("Delete"), self, name="delete")
        self.close_button = touch_button(tr("Close"), self, name="close")
        self.editor: EditorDialog | None = None
        self.confirm_bar = QFrame(self)
        self.confirm_label = plain_label("", self.confirm_bar)
        self.confirm_label.setWordWrap(True)
        self.confirm_yes = touch_button(tr("Delete"), self.confirm_bar, name="confirm_delete")
        self.confirm_no = touch_button(tr("Keep"), self.confirm_bar, name="confirm_keep")
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
        layout = QVBoxLayout(self)
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
        def load() -> None:
            self.list.clear()
            for text, rec, color in self.rows():
                self.list.add_row(text, rec, color)

        attempt(load, self.error)
        if select is not None:
            self.list.select_where(lambda r: self.key(r) == select)
        self._on_selection()

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
        self.confirm_label.setText(tr("Delete {what}?").format(what=self.describe(rec)))
        self.confirm_bar.show()

    def _on_confirm_delete(self) -> None:
        rec = self.selected()
        self.confirm_bar.hide()
        if rec is not None and attempt(lambda: self.delete(rec), self.error):
            self._changed()

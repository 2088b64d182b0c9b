"""The admin PIN gate: nurses' taps never reach administration.

Administration opens only after the site's admin PIN (set on first use; the
PIN, its wrong-attempt count and lock-out live in the database, see
services/admin_pin). A right PIN opens an *admin session*, which ends — and
the gate locks again — when:
- `[Timer] Verrouillage_admin_en_secondes` (default 120 s) pass without a touch,
  a click or a key *in an admin window* (taps on the board do not count: a
  busy ward must not keep an administration open);
- its last admin window closes (the next entry asks the PIN again);
- the board loses the focus (the application is no longer the active one: a
  screen lock, another program in front), for more than a moment.
The PIN is typed on an on-screen keypad: a wall screen has no keyboard.
A lost PIN is set again with the site's recovery key (or on the server).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QGridLayout,
    QLineEdit,
    QMessageBox,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from synoptux.config import KEYS
from synoptux.services.admin_pin import RECOVERY_DIGITS, AdminLock, PinState, PinStore
from synoptux.services.errors import ActionRefused, DatabaseUnavailable
from synoptux.ui.admin.widgets import (
    ADMIN_CSS,
    TOUCH,
    ErrorLabel,
    refusal_text,
    touch_button,
)
from synoptux.ui.db_runner import DbRunner
from synoptux.ui.plain import plain_label

log = logging.getLogger(__name__)

INACTIVE_GRACE_MS = 1500  # the focus may leave for a moment (a window opening): not a leave


def NO_DATABASE() -> str:  # reads as the constant message it is
    return QCoreApplication.translate(
        "Admin", "The database cannot be reached: nothing was changed. Try again."
    )


ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}


def _pin_line(parent: QWidget, name: str, length: int = 12) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMinimumHeight(TOUCH)
    edit.setMaxLength(length)
    return edit


class PinDialog(QDialog):
    """Fields for the PIN(s), a keypad, and Validate; `check` decides (may raise
    ActionRefused). An error shows in a space kept for it: nothing moves."""

    def __init__(
        self,
        title: str,
        fields: list[tuple[str, str]],
        parent: QWidget | None,
        *,
        intro: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setStyleSheet(ADMIN_CSS)
        self.setMinimumWidth(460)
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, label in fields:
            length = RECOVERY_DIGITS if name == "key" else 12
            self.fields[name] = _pin_line(self, name, length)
            self.fields[name].installEventFilter(self)
            form.addRow(label, self.fields[name])
        self._current = next(iter(self.fields.values()))
        self.intro = plain_label(intro, self, name="pinIntro")
        self.intro.setWordWrap(True)
        self.intro.setVisible(bool(intro))
        self.error = ErrorLabel(self)
        # Room for three lines kept whether or not an error shows: the Validate button
        # never moves under a finger about to tap it again.
        lines = self.error.fontMetrics().lineSpacing() * 3 + 6
        self.error.setFixedHeight(lines)
        self.error.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        policy = self.error.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.error.setSizePolicy(policy)
        self.ok_button = touch_button(
            QCoreApplication.translate("Admin", "Validate"), self, name="ok"
        )
        self.cancel_button = touch_button(
            QCoreApplication.translate("Admin", "Cancel"), self, name="cancel"
        )
        self.extra_button = touch_button(
            QCoreApplication.translate("Admin", "Recovery key…"), self, name="recovery"
        )
        self.extra_button.hide()
        pad = QGridLayout()
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "C"]
        for i, key in enumerate(keys):
            b = touch_button(key, self, name=f"key_{key}")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the focus in the field
            b.setMinimumSize(TOUCH + 24, TOUCH + 8)
            b.clicked.connect(lambda _=False, k=key: self._on_key(k))
            pad.addWidget(b, i // 3, i % 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addLayout(pad)
        layout.addWidget(self.error)
        buttons = QGridLayout()
        buttons.addWidget(self.extra_button, 0, 0, 1, 2)
        buttons.addWidget(self.cancel_button, 1, 0)
        buttons.addWidget(self.ok_button, 1, 1)
        layout.addLayout(buttons)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetFixedSize)
        # A word-wrapped label asks for more width as its text grows, and a fixed-size
        # dialog would follow it: the error's width is decided once, from the rest.
        margins = layout.contentsMargins()
        inner = max(layout.sizeHint().width(), self.minimumWidth())
        self.error.setFixedWidth(inner - margins.left() - margins.right())
        self.check: Callable[[dict[str, str]], bool] = lambda _values: True
        """Run on the database thread with the typed values: True lets in, False is a
        wrong PIN (`wrong_text`), a refusal says why."""
        self.runner: DbRunner | None = None
        self.wrong_text = QCoreApplication.translate("Admin", "Wrong PIN.")
        self.clear_on_refusal = False  # a refused new PIN: every field is typed again
        self.ok_button.clicked.connect(self._on_ok)
        self.cancel_button.clicked.connect(self.reject)
        first = next(iter(self.fields.values()))
        first.setFocus()
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # Qt name
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonPress):
            if isinstance(obj, QLineEdit) and obj in self.fields.values():
                self._current = obj  # the keypad types into the field last tapped
        return False

    def _target(self) -> QLineEdit:
        return self._current

    def _on_key(self, key: str) -> None:
        edit = self._target()
        if key == "⌫":
            edit.backspace()
        elif key == "C":
            edit.clear()
        else:
            edit.insert(key)

    def values(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.fields.items()}

    def _on_ok(self) -> None:
        """Check the typed values on the database thread (the PIN lives in the database;
        its hash takes time): the keypad never freezes."""
        values, check, runner = self.values(), self.check, self.runner
        if runner is None:
            return
        self.ok_button.setEnabled(False)

        def done(ok: object) -> None:
            self.ok_button.setEnabled(True)
            if ok:
                self.accept()
                return
            self.error.show_text(self.wrong_text)
            for edit in self.fields.values():
                edit.clear()

        def failed(exc: BaseException) -> None:
            self.ok_button.setEnabled(True)
            if isinstance(exc, ActionRefused):
                self.error.show_text(refusal_text(exc))
                if self.clear_on_refusal and exc.code != "pin_mismatch":
                    for edit in self.fields.values():
                        edit.clear()
            elif isinstance(exc, DatabaseUnavailable):
                self.error.show_text(NO_DATABASE())
            else:
                log.error("admin PIN check failed", exc_info=exc)
                self.error.show_text(NO_DATABASE())

        runner.submit(lambda: check(values), done, failed, name="admin PIN")


class AdminGate(QObject):
    """Opens admin windows behind the PIN and closes them when the session ends."""

    sig_locked = Signal()
    """The admin session ended (idle time, last window closed, focus lost)."""

    sig_unlocked = Signal(str)
    """An admin session opened; its id goes with every change made in it."""

    def __init__(self, ctx: object, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.settings = ctx.settings  # type: ignore[attr-defined]
        idle = self.settings[KEYS.ADMIN_LOCK_S]
        actor = getattr(getattr(ctx, "service", None), "actor", "") or ""
        self.store = PinStore(ctx.db, ctx.clock, actor=actor)  # type: ignore[attr-defined]
        self.runner: DbRunner = ctx.runner  # type: ignore[attr-defined]
        self.lock = AdminLock(self.store, ctx.clock, idle)  # type: ignore[attr-defined]
        self.windows: list[QWidget] = []
        self.pin_dialog: PinDialog | None = None
        self.notice: QMessageBox | None = None
        self._was_unlocked = False
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.check)
        self.leave_timer = QTimer(self)
        self.leave_timer.setSingleShot(True)
        self.leave_timer.setInterval(INACTIVE_GRACE_MS)
        self.leave_timer.timeout.connect(self._on_left)
        self._app_active = True
        self._watching = False

    @property
    def session(self) -> str | None:
        return self.lock.session if self.lock.unlocked else None

    def _watch(self, on: bool) -> None:
        """Watch touches, the idle time and the focus only while unlocked: a Python event
        filter on the whole application costs CPU on every event of the board."""
        if on == self._watching:
            return
        self._watching = on
        app = QApplication.instance()
        if on:
            if app is not None:
                app.installEventFilter(self)
                if isinstance(app, QGuiApplication):
                    app.applicationStateChanged.connect(self._on_app_state)
            self.timer.start()
        else:
            if app is not None:
                app.removeEventFilter(self)
                if isinstance(app, QGuiApplication):
                    app.applicationStateChanged.disconnect(self._on_app_state)
            self.timer.stop()
            self.leave_timer.stop()

    def _in_admin_window(self, obj: QObject) -> bool:
        w = obj if isinstance(obj, QWidget) else None
        while w is not None:
            if w in self.windows:
                return True
            w = w.parentWidget()
        return False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # Qt name
        if event.type() in ACTIVITY and self._in_admin_window(obj):
            self.lock.touch()
        return False

    def _on_app_state(self, state: Qt.ApplicationState) -> None:
        self._app_active = state == Qt.ApplicationState.ApplicationActive
        if self._app_active:
            self.leave_timer.stop()
        else:
            self.leave_timer.start()

    def _on_left(self) -> None:
        if not self._app_active and self._watching:
            self.lock_now()

    def check(self) -> None:
        """Lock when the idle time has passed (timer slot; tests call it after a FakeClock jump)."""
        unlocked = self.lock.unlocked
        if self._was_unlocked and not unlocked:
            self.lock_now()
        self._was_unlocked = unlocked

    def lock_now(self) -> None:
        self.lock.lock()
        self._was_unlocked = False
        self._watch(False)
        windows, self.windows = self.windows, []
        for w in windows:  # closed without a question: the session is over
            for child in w.findChildren(QDialog):
                child.done(QDialog.DialogCode.Rejected)
            if isinstance(w, QDialog):
                w.done(QDialog.DialogCode.Rejected)
            else:
                w.close()
        self.sig_locked.emit()

    def run(self, parent: QWidget | None, open_window: Callable[[], QWidget | None]) -> None:
        """Open an admin window now if a session is open, else after the right PIN."""

        def go() -> None:
            self._was_unlocked = True
            self._watch(True)
            w = open_window()
            if w is not None:
                self.windows.append(w)
                w.destroyed.connect(lambda *_: self._forget(w))
                if isinstance(w, QDialog):
                    w.finished.connect(lambda *_: self._forget(w))
            elif not self.windows:
                self.lock_now()

        if self.lock.unlocked:
            self.lock.touch()
            go()
            return
        self.ask_pin(parent, go)

    def _forget(self, w: QWidget) -> None:
        if not shiboken6.isValid(self):  # the board window (and this gate) is going away
            return
        if w in self.windows:
            self.windows.remove(w)
            if not self.windows and self.lock.unlocked:
                self.lock_now()  # the last admin window closed: the session ends

    def _notice(self, parent: QWidget | None, text: str) -> None:
        self.notice = QMessageBox(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("Admin", "Admin PIN"),
            text,
            QMessageBox.StandardButton.Ok,
            parent,
        )
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.open()

    def _opened(self) -> None:
        if self.lock.session:
            self.sig_unlocked.emit(self.lock.session)

    def ask_pin(self, parent: QWidget | None, then: Callable[[], None]) -> None:
        """Read the PIN's state on the database thread, then ask for it (or set it)."""

        def failed(exc: BaseException) -> None:  # the PIN lives in the database: no check
            if not isinstance(exc, DatabaseUnavailable):
                log.error("admin PIN state not read", exc_info=exc)
            self._notice(parent, NO_DATABASE())

        self.runner.submit(
            self.store.state, lambda state: self._ask(parent, then, state), failed, name="PIN"
        )

    def _ask(self, parent: QWidget | None, then: Callable[[], None], state: PinState) -> None:
        if state is PinState.LOST:
            self.recover(parent, then, lost=True)
            return
        first = state is PinState.UNSET
        if first:
            dialog = PinDialog(
                QCoreApplication.translate("Admin", "Set the admin PIN"),
                [
                    ("new", QCoreApplication.translate("Admin", "New PIN (4 to 12 digits)")),
                    ("again", QCoreApplication.translate("Admin", "Same PIN again")),
                ],
                parent,
            )
        else:
            dialog = PinDialog(
                QCoreApplication.translate("Admin", "Admin PIN"),
                [("pin", QCoreApplication.translate("Admin", "PIN"))],
                parent,
            )
            dialog.extra_button.show()
            forgotten = dialog

            def recover() -> None:
                forgotten.reject()
                self.recover(parent, then)

            dialog.extra_button.clicked.connect(recover)
        lock = self.lock

        def check(values: dict[str, str]) -> bool:  # on the database thread
            if first:
                if values["new"] != values["again"]:
                    raise ActionRefused(
                        "pin_mismatch", QCoreApplication.translate("Admin", "The two PINs differ.")
                    )
                lock.first_pin(values["new"])
                return True
            return lock.unlock(values["pin"])  # PinThrottled, PinLost: shown as refusals

        dialog.check = check
        dialog.runner = self.runner
        dialog.accepted.connect(self._opened)
        dialog.accepted.connect(then)
        self.pin_dialog = dialog
        dialog.open()

    def recover(
        self, parent: QWidget | None, then: Callable[[], None], *, lost: bool = False
    ) -> PinDialog:
        """The recovery key sets a new PIN (the PIN was `lost`, or forgotten)."""
        intro = QCoreApplication.translate(
            "Admin",
            "The admin PIN of this site was removed from the database. Type the site's "
            "recovery key and a new PIN, or set one on the server with "
            "'synoptux admin-pin --reset'.",
        )
        dialog = PinDialog(
            QCoreApplication.translate("Admin", "Recovery key"),
            [
                ("key", QCoreApplication.translate("Admin", "Recovery key (16 digits)")),
                ("new", QCoreApplication.translate("Admin", "New PIN (4 to 12 digits)")),
                ("again", QCoreApplication.translate("Admin", "Same PIN again")),
            ],
            parent,
            intro=intro if lost else "",
        )
        key_hash = self.settings[KEYS.ADMIN_RECOVERY_HASH] or None
        lock = self.lock

        def check(values: dict[str, str]) -> bool:  # on the database thread
            if values["new"] != values["again"]:
                raise ActionRefused(
                    "pin_mismatch", QCoreApplication.translate("Admin", "The two PINs differ.")
                )
            key = "".join(c for c in values["key"] if c.isdigit())
            lock.recover(key, values["new"], key_hash)
            return True

        dialog.check = check
        dialog.runner = self.runner
        dialog.accepted.connect(self._opened)
        dialog.accepted.connect(then)
        self.pin_dialog = dialog
        dialog.open()
        return dialog

    def change_pin(self, parent: QWidget | None) -> PinDialog:
        dialog = PinDialog(
            QCoreApplication.translate("Admin", "Change the admin PIN"),
            [
                ("current", QCoreApplication.translate("Admin", "Current PIN")),
                ("new", QCoreApplication.translate("Admin", "New PIN (4 to 12 digits)")),
                ("again", QCoreApplication.translate("Admin", "Same PIN again")),
            ],
            parent,
        )

        store, lock = self.store, self.lock

        def check(values: dict[str, str]) -> bool:  # on the database thread
            if values["new"] != values["again"]:
                raise ActionRefused(
                    "pin_mismatch", QCoreApplication.translate("Admin", "The two PINs differ.")
                )
            store.set_pin(values["new"], values["current"], lock.session)
            return True

        dialog.check = check
        dialog.runner = self.runner
        dialog.clear_on_refusal = True
        self.pin_dialog = dialog
        dialog.open()
        return dialog

"""The admin PIN gate: nurses' taps never reach the admin menus.

The menus open only after the site's admin PIN (set on first use). An event
filter on the application counts any touch, click or key as activity; after
`[Timer] Verrouillage_admin_en_secondes` without one (measured on the
injectable clock) the gate locks and closes the admin windows it opened. The
PIN is typed on an on-screen keypad: a wall screen has no keyboard.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QGridLayout,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from synoptux.config import TIMER
from synoptux.db.engine import DatabaseUnavailable
from synoptux.services.admin_pin import AdminLock, PinStore
from synoptux.services.errors import ActionRefused
from synoptux.ui.admin.table_dialog import attempt
from synoptux.ui.admin.widgets import TOUCH, ErrorLabel, refusal_text, touch_button, tr


def NO_DATABASE() -> str:  # noqa: N802 - reads as the constant message it is
    return tr("The database cannot be reached: nothing was changed. Try again.")


ACTIVITY = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}


def _pin_line(parent: QWidget, name: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMinimumHeight(TOUCH)
    edit.setMaxLength(12)
    return edit


class PinDialog(QDialog):
    """Fields for the PIN(s), a keypad, and OK; `check` decides (may raise ActionRefused)."""

    def __init__(self, title: str, fields: list[tuple[str, str]], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, label in fields:
            self.fields[name] = _pin_line(self, name)
            self.fields[name].installEventFilter(self)
            form.addRow(label, self.fields[name])
        self._current = next(iter(self.fields.values()))
        self.error = ErrorLabel(self)
        self.ok_button = touch_button(tr("OK"), self, name="ok")
        self.cancel_button = touch_button(tr("Cancel"), self, name="cancel")
        pad = QGridLayout()
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "C"]
        for i, key in enumerate(keys):
            b = touch_button(key, self, name=f"key_{key}")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the focus in the field
            b.setMinimumSize(TOUCH + 24, TOUCH + 8)
            b.clicked.connect(lambda _=False, k=key: self._on_key(k))
            pad.addWidget(b, i // 3, i % 3)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(pad)
        layout.addWidget(self.error)
        buttons = QGridLayout()
        buttons.addWidget(self.cancel_button, 0, 0)
        buttons.addWidget(self.ok_button, 0, 1)
        layout.addLayout(buttons)
        self.check: Callable[[dict[str, str]], bool] = lambda _values: True
        self.ok_button.clicked.connect(self._on_ok)
        self.cancel_button.clicked.connect(self.reject)
        first = next(iter(self.fields.values()))
        first.setFocus()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
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
        try:
            ok = self.check(self.values())
        except ActionRefused as exc:
            self.error.show_text(refusal_text(exc))
            return
        except DatabaseUnavailable:
            self.error.show_text(NO_DATABASE())
            return
        if ok:
            self.accept()
        else:
            for edit in self.fields.values():
                edit.clear()


class AdminGate(QObject):
    """Opens admin windows behind the PIN and closes them when it locks again."""

    sig_locked = Signal()
    """The gate locked after the idle time; admin windows were closed."""

    def __init__(self, ctx: object, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        settings = ctx.settings  # type: ignore[attr-defined]
        idle = int(settings.get_or_default(TIMER, "Verrouillage_admin_en_secondes"))
        actor = getattr(getattr(ctx, "service", None), "actor", "") or ""
        self.store = PinStore(ctx.db, ctx.clock, actor=actor)  # type: ignore[attr-defined]
        self.lock = AdminLock(self.store, ctx.clock, idle)  # type: ignore[attr-defined]
        self.windows: list[QWidget] = []
        self.pin_dialog: PinDialog | None = None
        self.notice: QMessageBox | None = None
        self._was_unlocked = False
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.check)
        self._watching = False

    def _watch(self, on: bool) -> None:
        """Watch touches (application-wide) and the idle time only while unlocked: a Python
        event filter on the whole application costs CPU on every event of the board, which
        a locked gate does not need."""
        if on == self._watching:
            return
        self._watching = on
        app = QApplication.instance()
        if on:
            if app is not None:
                app.installEventFilter(self)
            self.timer.start()
        else:
            if app is not None:
                app.removeEventFilter(self)
            self.timer.stop()

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if event.type() in ACTIVITY:
            self.lock.touch()
        return False

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
        for w in windows:
            for child in w.findChildren(QDialog):
                child.reject()
            if isinstance(w, QDialog):
                w.reject()
            else:
                w.close()
        self.sig_locked.emit()

    def run(self, parent: QWidget | None, open_window: Callable[[], QWidget | None]) -> None:
        """Open an admin window now if unlocked, else after the right PIN."""

        def go() -> None:
            self._was_unlocked = True
            self._watch(True)
            w = open_window()
            if w is not None:
                self.windows.append(w)
                w.destroyed.connect(lambda *_: self._forget(w))
                if isinstance(w, QDialog):
                    w.finished.connect(lambda *_: self._forget(w))

        if self.lock.unlocked:
            self.lock.touch()
            go()
            return
        self.ask_pin(parent, go)

    def _forget(self, w: QWidget) -> None:
        if w in self.windows:
            self.windows.remove(w)

    def ask_pin(self, parent: QWidget | None, then: Callable[[], None]) -> None:
        try:
            first = not self.store.is_set()
        except DatabaseUnavailable:  # the PIN lives in the database: no way to check it
            self.notice = QMessageBox(
                QMessageBox.Icon.Warning,
                tr("Admin PIN"),
                NO_DATABASE(),
                QMessageBox.StandardButton.Ok,
                parent,
            )
            self.notice.setTextFormat(Qt.TextFormat.PlainText)
            self.notice.open()
            return
        if first:
            dialog = PinDialog(
                tr("Set the admin PIN"),
                [("new", tr("New PIN (4 to 12 digits)")), ("again", tr("Same PIN again"))],
                parent,
            )
        else:
            dialog = PinDialog(tr("Admin PIN"), [("pin", tr("PIN"))], parent)

        def check(values: dict[str, str]) -> bool:
            if first:
                if values["new"] != values["again"]:
                    raise ActionRefused("pin_mismatch", tr("The two PINs differ."))
                self.lock.first_pin(values["new"])
                return True
            ok = self.lock.unlock(values["pin"])  # PinThrottled is shown as a refusal
            if not ok:
                dialog.error.show_text(tr("Wrong PIN."))
            return ok

        dialog.check = check
        dialog.accepted.connect(then)
        self.pin_dialog = dialog
        dialog.open()

    def change_pin(self, parent: QWidget | None) -> PinDialog:
        dialog = PinDialog(
            tr("Change the admin PIN"),
            [
                ("current", tr("Current PIN")),
                ("new", tr("New PIN (4 to 12 digits)")),
                ("again", tr("Same PIN again")),
            ],
            parent,
        )

        def check(values: dict[str, str]) -> bool:
            if values["new"] != values["again"]:
                raise ActionRefused("pin_mismatch", tr("The two PINs differ."))
            return attempt(
                lambda: self.store.set_pin(values["new"], values["current"]), dialog.error
            )

        dialog.check = check
        self.pin_dialog = dialog
        dialog.open()
        return dialog

"""The PIN gate in the real menus: first use, wrong PIN, idle lock on the fake clock."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMenu

from synoptux.services.admin_pin import FREE_ATTEMPTS
from synoptux.ui.admin import install_admin_menus
from synoptux.ui.admin.boxes import BoxesDialog
from tests.support.settle import settle
from tests.support.taps import tap


def keypad(qtbot, dialog, digits: str) -> None:
    for d in digits:
        tap(qtbot, dialog.findChild(type(dialog.ok_button), f"key_{d}"))


def setup(qtbot, ctx):
    window = QMainWindow()
    qtbot.addWidget(window)
    settle()
    menu = QMenu("Fichiers", window)
    window.menuBar().addMenu(menu)
    menus = install_admin_menus(window, menu, ctx)
    window.show()
    actions = {a.objectName(): a for a in menu.actions() if a.objectName()}
    return window, menus, actions


def test_menu_entries_and_first_use_sets_the_pin(qtbot, ctx) -> None:
    window, menus, actions = setup(qtbot, ctx)
    assert set(actions) == {
        "admin_boxes", "admin_states", "admin_tasks", "admin_responsibles", "admin_exits",
        "admin_absences", "admin_orphans", "admin_ini", "admin_css", "admin_pin",
        "admin_triage",  # Fichiers > Triage levels
    }  # fmt: skip
    actions["admin_boxes"].trigger()
    settle()
    pin = menus.gate.pin_dialog
    qtbot.waitUntil(pin.isVisible)
    assert menus.last is None  # nothing opens before the PIN
    keypad(qtbot, pin, "2468")
    tap(qtbot, pin.fields["again"])  # a tap on the second field
    keypad(qtbot, pin, "2460")
    tap(qtbot, pin.ok_button)
    assert pin.isVisible() and "differ" in pin.error.text(), pin.values()
    tap(qtbot, pin.findChild(type(pin.ok_button), "key_⌫"))
    keypad(qtbot, pin, "8")
    tap(qtbot, pin.ok_button)
    assert not pin.isVisible(), (pin.values(), pin.error.text())
    qtbot.waitUntil(lambda: isinstance(menus.last, BoxesDialog))
    assert menus.gate.store.check("2468")


def test_wrong_pin_refused_and_lock_after_idle(qtbot, ctx, clock) -> None:
    window, menus, actions = setup(qtbot, ctx)
    menus.gate.store.set_pin("1357")
    assert not menus.gate._watching  # locked: no application-wide event filter, no timer
    actions["admin_states"].trigger()
    settle()
    pin = menus.gate.pin_dialog
    keypad(qtbot, pin, "0000")
    tap(qtbot, pin.ok_button)
    assert pin.isVisible() and menus.last is None and pin.error.text()
    keypad(qtbot, pin, "1357")
    tap(qtbot, pin.ok_button)
    qtbot.waitUntil(lambda: menus.last is not None and menus.last.isVisible())
    dialog = menus.last
    assert menus.gate._watching and menus.gate.timer.isActive()
    # a touch anywhere resets the idle time (the application event filter)
    clock.advance(seconds=100)
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton)
    clock.advance(seconds=100)
    menus.gate.check()
    assert dialog.isVisible()
    # while unlocked, another entry opens without the PIN
    actions["admin_tasks"].trigger()
    settle()
    tasks = menus.last
    assert tasks is not dialog and tasks.isVisible()
    with qtbot.waitSignal(menus.gate.sig_locked):
        clock.advance(seconds=120)  # [Timer] Verrouillage_admin_en_secondes = 120
        menus.gate.check()
    assert not dialog.isVisible() and not tasks.isVisible()
    assert not menus.gate._watching and not menus.gate.timer.isActive()
    actions["admin_states"].trigger()
    settle()
    assert menus.gate.pin_dialog is not pin and menus.gate.pin_dialog.isVisible()


def test_repeated_wrong_pins_wait(qtbot, ctx, clock) -> None:
    window, menus, actions = setup(qtbot, ctx)
    menus.gate.store.set_pin("1357")
    actions["admin_ini"].trigger()
    settle()
    pin = menus.gate.pin_dialog
    for _ in range(FREE_ATTEMPTS):
        keypad(qtbot, pin, "9999")
        tap(qtbot, pin.ok_button)
    keypad(qtbot, pin, "1357")
    tap(qtbot, pin.ok_button)
    assert "wait 5 s" in pin.error.text() and pin.isVisible()
    clock.advance(seconds=5)
    tap(qtbot, pin.ok_button)
    qtbot.waitUntil(lambda: menus.last is not None)


def test_change_pin_needs_the_current_one(qtbot, ctx) -> None:
    window, menus, actions = setup(qtbot, ctx)
    menus.gate.store.set_pin("1357")
    menus.gate.lock.unlock("1357")
    actions["admin_pin"].trigger()
    settle()
    dialog = menus.last
    for name, value in (("current", "0000"), ("new", "8642"), ("again", "8642")):
        dialog.fields[name].setText(value)
    tap(qtbot, dialog.ok_button)
    assert dialog.isVisible() and "wrong" in dialog.error.text()
    assert dialog.values() == {"current": "", "new": "", "again": ""}  # typed again
    for name, value in (("current", "1357"), ("new", "8642"), ("again", "8642")):
        dialog.fields[name].setText(value)
    tap(qtbot, dialog.ok_button)
    assert not dialog.isVisible(), dialog.error.text()
    assert menus.gate.store.check("8642")


def test_default_idle_lock_is_two_minutes(qtbot, ctx) -> None:
    ctx.settings.doc.remove("Timer", "Verrouillage_admin_en_secondes")
    window, menus, _actions = setup(qtbot, ctx)
    assert menus.gate.lock.idle_seconds == 120


def test_taps_on_the_board_do_not_keep_administration_open(qtbot, ctx, clock) -> None:
    """Reopening administration 2 min later did not ask again (every tap on the
    busy board counted as administration activity)."""
    from PySide6.QtWidgets import QPushButton

    window, menus, actions = setup(qtbot, ctx)
    board_button = QPushButton("a card", window)  # stands for the board under the dialog
    board_button.show()
    menus.gate.store.set_pin("1357")
    actions["admin_boxes"].trigger()
    settle()
    keypad(qtbot, menus.gate.pin_dialog, "1357")
    tap(qtbot, menus.gate.pin_dialog.ok_button)
    dialog = menus.last
    qtbot.waitUntil(dialog.isVisible)
    for _ in range(4):  # nurses keep tapping the board for 2 minutes
        clock.advance(seconds=30)
        qtbot.mouseClick(board_button, Qt.MouseButton.LeftButton)
    menus.gate.check()
    assert not dialog.isVisible() and not menus.gate.lock.unlocked


def test_closing_the_last_admin_window_ends_the_session(qtbot, ctx) -> None:
    window, menus, actions = setup(qtbot, ctx)
    menus.gate.store.set_pin("1357")
    actions["admin_states"].trigger()
    settle()
    keypad(qtbot, menus.gate.pin_dialog, "1357")
    tap(qtbot, menus.gate.pin_dialog.ok_button)
    qtbot.waitUntil(lambda: menus.last is not None and menus.last.isVisible())
    session = menus.gate.session
    assert session and menus.admin.source == f"admin:{session}"
    with qtbot.waitSignal(menus.gate.sig_locked):
        tap(qtbot, menus.last.close_button)
    assert not menus.gate.lock.unlocked and menus.admin.source == "admin"
    first = menus.gate.pin_dialog
    actions["admin_states"].trigger()  # right away: the PIN again
    settle()
    assert menus.gate.pin_dialog is not first and menus.gate.pin_dialog.isVisible()


def test_the_board_losing_the_focus_ends_the_session(qtbot, ctx) -> None:
    from PySide6.QtWidgets import QApplication

    window, menus, actions = setup(qtbot, ctx)
    menus.gate.store.set_pin("1357")
    actions["admin_tasks"].trigger()
    settle()
    keypad(qtbot, menus.gate.pin_dialog, "1357")
    tap(qtbot, menus.gate.pin_dialog.ok_button)
    qtbot.waitUntil(lambda: menus.last is not None and menus.last.isVisible())
    app = QApplication.instance()
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)  # a blink: kept
    qtbot.wait(50)
    assert menus.gate.lock.unlocked
    with qtbot.waitSignal(menus.gate.sig_locked, timeout=5000):
        app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationInactive)
    assert not menus.last.isVisible() and not menus.gate.lock.unlocked
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)


def test_lost_pin_asks_for_the_recovery_key_not_a_new_pin(qtbot, ctx, clock) -> None:
    from sqlalchemy import delete

    from synoptux.services.admin_pin import META_KEY, new_recovery_key

    window, menus, actions = setup(qtbot, ctx)
    menus.gate.store.set_pin("1357")
    m = ctx.db.tables.meta
    ctx.db.transaction(lambda c: c.execute(delete(m).where(m.c.SM_Cle == META_KEY)))
    key, key_hash = new_recovery_key()
    ctx.settings.set_raw("Interface", "Cle_Secours_Admin", key_hash)
    actions["admin_boxes"].trigger()
    settle()
    dialog = menus.gate.pin_dialog
    assert set(dialog.fields) == {"key", "new", "again"}  # not "set the first PIN"
    assert "removed from the database" in dialog.intro.text()
    for name, value in (("key", "1" * 16), ("new", "2468"), ("again", "2468")):
        dialog.fields[name].setText(value)
    tap(qtbot, dialog.ok_button)
    assert dialog.isVisible() and "recovery key is wrong" in dialog.error.text()
    assert menus.last is None and not menus.gate.store.is_set()
    for name, value in (("key", key), ("new", "2468"), ("again", "2468")):
        dialog.fields[name].setText(value)
    tap(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: menus.last is not None and menus.last.isVisible())
    assert menus.gate.store.check("2468")


def test_quit_is_behind_the_pin_and_asks(qtbot, ctx) -> None:
    from tests.support.admin import history

    window, menus, _actions = setup(qtbot, ctx)
    menus.gate.store.set_pin("1357")
    menus.quit()
    settle()
    assert window.isVisible() and menus.gate.pin_dialog.isVisible()
    keypad(qtbot, menus.gate.pin_dialog, "1357")
    tap(qtbot, menus.gate.pin_dialog.ok_button)
    confirm = menus.gate.windows[-1]
    assert (
        window.isVisible()
        and confirm.isVisible()
        and "Close Synoptux"
        in confirm.windowTitle()
        + " ".join(w.text() for w in confirm.findChildren(type(confirm.title_label)))
    )
    tap(qtbot, confirm.no_button)
    assert window.isVisible() and not menus.gate.lock.unlocked
    menus.quit()
    settle()
    keypad(qtbot, menus.gate.pin_dialog, "1357")
    tap(qtbot, menus.gate.pin_dialog.ok_button)
    tap(qtbot, menus.gate.windows[-1].yes_button)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert "board closed (Files > Quit)" in history(ctx.db)

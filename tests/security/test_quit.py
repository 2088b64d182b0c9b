"""*Fichiers → Quitter* on the real board window: behind the admin PIN, then confirmed
(it used to close the wall at once, next to "Statistiques")."""

from __future__ import annotations

from tests.support.settle import settle


def test_quit_from_the_files_menu_asks_the_pin_first(qtbot, sqlite_window) -> None:
    window = sqlite_window
    gate = window.admin_menus.gate
    gate.store.set_pin("1357")
    window.act_quit.trigger()
    settle()  # the PIN's state is read by the database thread
    qtbot.wait(50)
    assert window.isVisible() and gate.pin_dialog is not None and gate.pin_dialog.isVisible()
    gate.pin_dialog.fields["pin"].setText("1357")
    gate.pin_dialog.ok_button.click()
    settle()
    confirm = gate.windows[-1]
    assert confirm.isVisible() and window.isVisible()
    confirm.no_button.click()
    assert window.isVisible()

"""Aide → Journal: the end of the log file; a failed action really is in it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from synoptux.logfile import close_logging, log_path, setup_logging
from synoptux.ui.app import install_translator
from synoptux.ui.dialogs.log_dialog import LogDialog
from tests.support.settle import settle


def test_a_failed_action_is_in_the_log_the_help_menu_shows(qtbot, window) -> None:
    handler = setup_logging(window.settings)
    try:

        def bug() -> None:
            raise RuntimeError("service bug 4711")

        outcomes: list[str] = []
        window.board_actions.sig_outcome.connect(lambda kind, _what: outcomes.append(kind))
        window.board_actions.run(bug)
        settle()
        assert outcomes == ["failed"]
        assert "The error was logged" in window.board_actions.last_dialog.text
        assert window.act_log in window.menu_help.actions()
        window.act_log.trigger()
        dialog = window.log_dialog
        qtbot.waitExposed(dialog)
        shown = dialog.text.toPlainText()
        assert "ERROR synoptux.ui.actions" in shown and "action failed" in shown
        assert "RuntimeError: service bug 4711" in shown
        assert str(log_path(window.settings)) in dialog.path_label.text()
        window.board_actions.run(lambda: 1 / 0)
        settle()
        dialog.refresh_button.click()
        assert "ZeroDivisionError" in dialog.text.toPlainText()
        dialog.close_button.click()
        assert not dialog.isVisible()
    finally:
        close_logging(handler)


def test_no_log_yet_and_french(qtbot, tmp_path) -> None:
    app = QApplication.instance()
    installed = install_translator(app, "fr")
    try:
        dialog = LogDialog(tmp_path / "log" / "synoptux.log")
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "Journal"
        assert dialog.text.toPlainText().startswith("Le journal est vide")
        assert (dialog.refresh_button.text(), dialog.close_button.text()) == (
            "Actualiser",
            "Fermer",
        )
    finally:
        for tr in installed:
            app.removeTranslator(tr)

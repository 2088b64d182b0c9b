"""Wall-board traps: nothing saved or lost by a stray gesture.

- a mouse-wheel tick over a closed drop-down or a number field changes nothing;
- closing the ini form with edits asks first (the admin lock closes without asking);
- a disabled button ("Importer de MedinTux") looks disabled under the board's style;
- the PIN dialog's Validate button does not move when an error shows.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLineEdit, QScrollArea

from synoptux.ui.admin.boxes import BoxesDialog
from synoptux.ui.admin.ini_editor import IniEditor
from synoptux.ui.admin.pin import PinDialog
from synoptux.ui.admin.responsibles import ResponsiblesDialog
from synoptux.ui.style import base_stylesheet
from tests.support.admin import INI
from tests.support.settle import settle
from tests.support.taps import tap, type_into


def wheel(widget, steps: int = 1) -> None:
    """One real wheel tick over the middle of `widget` (down), through the event system."""
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    glob = QPointF(widget.mapToGlobal(pos.toPoint()))
    for _ in range(steps):
        ev = QWheelEvent(
            pos,
            glob,
            QPoint(0, 0),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(widget, ev)


def editor(qtbot, ctx) -> IniEditor:
    dlg = IniEditor(ctx)
    qtbot.addWidget(dlg)
    settle()
    dlg.show()
    settle()
    qtbot.waitExposed(dlg)
    return dlg


def test_wheel_over_closed_dropdowns_changes_nothing_and_scrolls(qtbot, ctx) -> None:
    dlg = editor(qtbot, ctx)
    combo = dlg.findChild(QComboBox, "Interface.Bouton_Acces_DrTux")
    assert combo.currentText() == "OUI"
    scroll = dlg.findChild(QScrollArea)
    before = scroll.verticalScrollBar().value()
    wheel(combo, 3)
    assert combo.currentText() == "OUI"
    assert scroll.verticalScrollBar().value() > before  # the tick scrolled the form instead
    assert not dlg.dirty


def test_wheel_in_the_box_editor_changes_nothing(qtbot, ctx, ui_admin) -> None:
    dlg = BoxesDialog(ctx, ui_admin)
    qtbot.addWidget(dlg)
    settle()
    dlg.show()
    settle()
    dlg.list.setCurrentRow(0)
    tap(qtbot, dlg.edit_button)
    ed = dlg.editor
    qtbot.waitExposed(ed)
    capacity, kind = ed.capacity.spin.value(), ed.type.currentIndex()
    wheel(ed.capacity.spin, 2)
    wheel(ed.type, 2)
    assert (ed.capacity.spin.value(), ed.type.currentIndex()) == (capacity, kind)


def test_closing_the_ini_form_with_edits_asks(qtbot, ctx, ini_path) -> None:
    dlg = editor(qtbot, ctx)
    tap(qtbot, dlg.close_button)
    assert not dlg.isVisible()  # nothing edited: closes at once
    dlg = editor(qtbot, ctx)
    type_into(qtbot, dlg.findChild(QLineEdit, "Timer.Periodicite_clignotement_en_secondes"), "2")
    assert dlg.dirty
    tap(qtbot, dlg.close_button)
    assert dlg.isVisible() and dlg.discard_bar.isVisible()
    tap(qtbot, dlg.discard_bar.no)  # keep editing
    assert dlg.isVisible() and not dlg.discard_bar.isVisible()
    qtbot.keyClick(dlg, Qt.Key.Key_Escape)  # Escape asks too
    assert dlg.isVisible() and dlg.discard_bar.isVisible()
    dlg.close()  # so does the window's close button
    assert dlg.isVisible()
    tap(qtbot, dlg.discard_bar.yes)
    assert not dlg.isVisible() and ini_path.read_text(encoding="utf-8") == INI
    # the admin lock closes it without a question (done(), as the gate does)
    dlg = editor(qtbot, ctx)
    type_into(qtbot, dlg.findChild(QLineEdit, "Timer.Periodicite_clignotement_en_secondes"), "3")
    dlg.done(QDialog.DialogCode.Rejected)
    assert not dlg.isVisible()


def test_disabled_import_button_looks_disabled(qtbot, ctx, ui_admin) -> None:
    app = QApplication.instance()
    previous = app.styleSheet()
    app.setStyleSheet(base_stylesheet(ctx.settings))  # the board's own style
    try:
        ctx.medintux_url = None
        dlg = ResponsiblesDialog(ctx, ui_admin)
        qtbot.addWidget(dlg)
        settle()
        dlg.show()
        settle()
        qtbot.waitExposed(dlg)
        button = dlg.import_button
        assert not button.isEnabled()
        disabled = button.grab().toImage()
        button.setEnabled(True)
        enabled = button.grab().toImage()
        assert disabled != enabled, "a disabled button looks exactly like an enabled one"
    finally:
        app.setStyleSheet(previous)


def test_validate_button_does_not_move_when_an_error_shows(qtbot) -> None:
    dlg = PinDialog("Admin PIN", [("pin", "PIN")], None)
    qtbot.addWidget(dlg)
    settle()
    dlg.show()
    settle()
    qtbot.waitExposed(dlg)
    where = dlg.ok_button.mapToGlobal(QPoint(0, 0)), dlg.ok_button.size()
    for text in (
        "Wrong PIN.",
        "Too many wrong PINs: wait 300 s.",
        "The database cannot be reached: nothing was changed. Try again.",
    ):
        dlg.error.show_text(text)
        QApplication.processEvents()
        assert (dlg.ok_button.mapToGlobal(QPoint(0, 0)), dlg.ok_button.size()) == where, text
    dlg.error.clear_text()
    QApplication.processEvents()
    assert (dlg.ok_button.mapToGlobal(QPoint(0, 0)), dlg.ok_button.size()) == where


def test_ini_save_is_audited_without_passwords(qtbot, ctx, ini_path: Path) -> None:
    recorded: list[tuple] = []
    dlg = IniEditor(ctx, record=lambda *a: recorded.append(a))
    qtbot.addWidget(dlg)
    settle()
    dlg.show()
    settle()
    dlg.tabs.setCurrentIndex(1)
    dlg.raw.setPlainText(
        dlg.raw.toPlainText()
        + "\n[Connexion_MedinTux]\nURL=mysql+pymysql://medintux:s3cret@db:3306/DrTuxTest\n"
    )
    tap(qtbot, dlg.save_button)
    assert dlg.error.text() == ""
    ((subject, what, before, after),) = recorded
    assert subject == "ini" and "[Connexion_MedinTux] URL" in what
    assert before is None and "s3cret" not in after and "medintux:***@db" in after


def test_allow_list_is_edited_and_checked_in_the_form(qtbot, ctx, ini_path: Path) -> None:
    dlg = editor(qtbot, ctx)
    field = dlg.findChild(QLineEdit, "Interface.Programmes_Autorises")
    type_into(qtbot, field, "/opt/drtux/bin/ ; sh")
    tap(qtbot, dlg.save_button)
    assert "[Interface] Programmes_Autorises: 'sh' is a bare name" in dlg.error.text()
    assert ini_path.read_text(encoding="utf-8") == INI
    type_into(qtbot, field, "/opt/drtux/bin/ ; C:/MedinTux/Programmes/drtux/bin/")
    tap(qtbot, dlg.save_button)
    assert dlg.error.text() == ""
    assert ctx.settings.get("Interface", "Programmes_Autorises") == (
        "/opt/drtux/bin/",
        "C:/MedinTux/Programmes/drtux/bin/",
    )
    assert dlg.findChild(QLineEdit, "Interface.Cle_Secours_Admin") is None  # CLI only

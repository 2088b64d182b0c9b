"""The css editor: live preview on a real widget, Qt's warnings shown, reverts."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel

from synoptux.ui.admin.css_editor import CssEditor, shipped_css_path, site_css_path
from tests.support.settle import settle
from tests.support.taps import tap

RED = "QLabel#board { color: #ff0000; }"
BLUE = "QLabel#board { color: #0000ff; }"
BROKEN = "QLabel#board { color: #00ff00; "


def setup(qtbot, ctx):
    board = QLabel("board")  # stands for the board the style sheet is applied to
    board.setObjectName("board")
    qtbot.addWidget(board)
    settle()
    ctx.apply_stylesheet = board.setStyleSheet
    dlg = CssEditor(ctx)
    qtbot.addWidget(dlg)
    settle()
    dlg.show()
    settle()
    return board, dlg


def fg(label: QLabel) -> str:
    label.ensurePolished()
    return label.palette().color(QPalette.ColorRole.WindowText).name()


def test_site_file_beside_the_ini_falls_back_to_shipped(qtbot, ctx, ini_path) -> None:
    assert site_css_path(ctx.settings) == ini_path.parent / "synoptux.css"
    board, dlg = setup(qtbot, ctx)
    shipped = shipped_css_path().read_text(encoding="utf-8")
    assert dlg.edit.toPlainText() == shipped and not dlg.dirty


def test_live_preview_warnings_save_and_reverts(qtbot, ctx, ini_path) -> None:
    site = ini_path.parent / "synoptux.css"
    site.write_text(BLUE, encoding="utf-8")
    board, dlg = setup(qtbot, ctx)
    assert dlg.edit.toPlainText() == BLUE
    dlg.edit.setPlainText(RED)
    qtbot.waitUntil(lambda: board.styleSheet() == RED)  # live, after a short pause
    assert fg(board) == "#ff0000" and dlg.warnings.item(0).text() == "No warning."
    dlg.edit.setPlainText(BROKEN)
    messages = dlg.preview()
    assert any("Could not parse" in m for m in messages)
    assert any(
        "Could not parse" in dlg.warnings.item(i).text() for i in range(dlg.warnings.count())
    )
    tap(qtbot, dlg.revert_button)  # back to the last saved
    assert dlg.edit.toPlainText() == BLUE and board.styleSheet() == BLUE and fg(board) == "#0000ff"
    tap(qtbot, dlg.default_button)  # the shipped default, previewed, not saved
    assert dlg.edit.toPlainText() == shipped_css_path().read_text(encoding="utf-8")
    assert site.read_text(encoding="utf-8") == BLUE and dlg.dirty
    dlg.edit.setPlainText(RED)
    tap(qtbot, dlg.save_button)
    assert dlg.save_bar.isVisible() and site.read_text(encoding="utf-8") == BLUE  # asked first
    tap(qtbot, dlg.save_bar.yes)
    assert site.read_text(encoding="utf-8") == RED and not dlg.dirty and fg(board) == "#ff0000"
    # close with unsaved changes: asked, then the board goes back to the saved style
    dlg.edit.setPlainText(BLUE)
    dlg.preview()
    assert fg(board) == "#0000ff"
    tap(qtbot, dlg.close_button)
    assert dlg.discard_bar.isVisible() and dlg.isVisible()
    tap(qtbot, dlg.discard_yes)
    assert not dlg.isVisible() and board.styleSheet() == RED and fg(board) == "#ff0000"


def test_unparseable_or_colourless_sheet_is_refused_with_the_line(qtbot, ctx, ini_path) -> None:
    """A sheet Qt could not parse was saved without asking and the board lost every
    colour. Now it is refused, the rule at fault named by its line; so is a sheet without any
    colour; a good one is saved only once confirmed, keeping the file's mode."""
    site = ini_path.parent / "synoptux.css"
    site.write_text(BLUE, encoding="utf-8")
    site.chmod(0o640)
    board, dlg = setup(qtbot, ctx)
    shipped = shipped_css_path().read_text(encoding="utf-8")
    selector = '#BoxTitle[target="on"]'  # a rule of the shipped sheet, its bracket left open
    broken = shipped.replace(selector, selector[:-1])
    assert broken != shipped
    dlg.edit.setPlainText(broken)
    tap(qtbot, dlg.save_button)
    line = shipped[: shipped.index(selector)].count("\n") + 1
    assert f"line {line}: Qt cannot read the rule" in dlg.error.text(), dlg.error.text()
    assert not dlg.save_bar.isVisible() and site.read_text(encoding="utf-8") == BLUE
    dlg.edit.setPlainText(shipped + "\nQLabel { color: red; ")
    tap(qtbot, dlg.save_button)
    assert "is not closed" in dlg.error.text() and site.read_text(encoding="utf-8") == BLUE
    dlg.edit.setPlainText("QWidget { font-size: 14pt; }")
    tap(qtbot, dlg.save_button)
    assert "sets no colour" in dlg.error.text() and site.read_text(encoding="utf-8") == BLUE
    # a good sheet: asked (naming the state rules it lacks), then saved with the file's mode
    dlg.edit.setPlainText(RED)
    tap(qtbot, dlg.save_button)
    assert dlg.error.text() == "" and dlg.save_bar.isVisible()
    assert "overdue" in dlg.save_bar.label.text()
    tap(qtbot, dlg.save_bar.no)  # keep editing: nothing written
    assert site.read_text(encoding="utf-8") == BLUE and not dlg.save_bar.isVisible()
    tap(qtbot, dlg.save_button)
    tap(qtbot, dlg.save_bar.yes)
    assert site.read_text(encoding="utf-8") == RED and (site.stat().st_mode & 0o777) == 0o640


def test_board_ignores_a_saved_sheet_qt_cannot_parse(ctx, ini_path) -> None:
    """A sheet broken by hand in the file: the board keeps the shipped style (and its colours)."""
    from synoptux.ui.site_css import site_css_text

    site = ini_path.parent / "synoptux.css"
    site.write_text(RED, encoding="utf-8")
    assert site_css_text(ctx.settings) == RED
    site.write_text(BROKEN, encoding="utf-8")
    assert site_css_text(ctx.settings) is None

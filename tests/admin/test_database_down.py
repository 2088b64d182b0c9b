"""With the database unreachable the admin windows say so and change nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMainWindow, QMenu

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.services.admin import AdminService
from synoptux.services.board import BoardService
from synoptux.ui.admin import install_admin_menus
from synoptux.ui.admin.boxes import BoxesDialog
from synoptux.ui.context import AppContext
from synoptux.ui.db_runner import DbRunner
from tests.support.settle import settle
from tests.support.taps import tap, type_into

GONE = "mysql+pymysql://root@127.0.0.1:1/nowhere"  # nothing listens on port 1


@pytest.fixture
def runner(qtbot) -> Iterator[DbRunner]:
    r = DbRunner()
    yield r
    r.stop()


def down_ctx(clock, runner: DbRunner) -> AppContext:
    db = Database.from_url(GONE)
    return AppContext(
        db=db,
        settings=Settings.from_text(""),
        clock=clock,
        service=BoardService(db, clock, actor="poste-1"),
        runner=runner,
    )


def test_reference_dialog_says_the_database_is_gone(qtbot, clock, runner) -> None:
    ctx = down_ctx(clock, runner)
    dlg = BoxesDialog(ctx, AdminService(ctx.db, clock))
    qtbot.addWidget(dlg)
    settle()
    dlg.show()
    settle()
    assert dlg.list.count() == 0 and "cannot be reached" in dlg.error.text()
    tap(qtbot, dlg.new_button)
    type_into(qtbot, dlg.editor.code, "S9")
    type_into(qtbot, dlg.editor.label, "Box 9")
    tap(qtbot, dlg.editor.save_button)
    assert dlg.editor.isVisible() and "cannot be reached" in dlg.editor.error.text()
    assert dlg.editor.code.text() == "S9"  # what was typed is kept for a retry


def test_pin_gate_without_database_opens_nothing(qtbot, clock, runner) -> None:
    ctx = down_ctx(clock, runner)
    window = QMainWindow()
    qtbot.addWidget(window)
    settle()
    menu = QMenu("Fichiers", window)
    menus = install_admin_menus(window, menu, ctx)
    menus.open("boxes")
    settle()
    assert menus.last is None and menus.gate.notice is not None
    assert "cannot be reached" in menus.gate.notice.text()

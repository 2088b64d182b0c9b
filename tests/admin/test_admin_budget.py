"""An administration save answers within a second, like a tap on the board.

A lock held by a second real connection (as MedinTux would hold it) is "another program is
writing: not done, try again" within 1 s and nothing is applied; a database thread that
does not answer gives "does not answer: not done, try again" within 1 s, the queued save is
never applied behind the screen; a save that the server applied after the screen gave up
is said so. Real SQLite file and real MariaDB, a real offscreen dialog.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.services.admin import AdminService
from synoptux.services.board import BoardService
from synoptux.services.seed import seed_reference
from synoptux.ui.admin.states import StatesDialog
from synoptux.ui.context import AppContext
from synoptux.ui.db_runner import DbRunner
from tests.support.settle import settle
from tests.support.taps import rows, tap, type_into

BUSY = "Another program is writing there right now"
NO_ANSWER = "The database does not answer"
LATE = "saved after all"


@pytest.fixture
def any_ctx(db: Database, clock: FakeClock, ini_path: Path) -> Iterator[AppContext]:
    """The admin context on each backend (SQLite file, MariaDB)."""
    seed_reference(db)
    runner = DbRunner()
    context = AppContext(
        db=db,
        settings=Settings.load(ini_path),
        clock=clock,
        service=BoardService(db, clock, actor="poste-1"),
        runner=runner,
    )
    yield context
    runner.stop()


def _editing_a_new_state(qtbot, ctx: AppContext) -> StatesDialog:
    dlg = StatesDialog(ctx, AdminService(ctx.db, ctx.clock, actor="poste-1"))
    qtbot.addWidget(dlg)
    settle()
    dlg.show()
    settle()
    tap(qtbot, dlg.new_button)
    type_into(qtbot, dlg.editor.code, "77")
    type_into(qtbot, dlg.editor.label, "Vu")
    return dlg


def _state_codes(ctx: AppContext) -> list[str]:
    return [s.code for s in AdminService(ctx.db, ctx.clock).list_states()]


def _answered(qtbot, dlg: StatesDialog) -> float:
    """Tap Save; the seconds until the editor says something."""
    ed = dlg.editor
    ed.error.clear_text()
    tapped = time.monotonic()
    ed.save_button.click()
    qtbot.waitUntil(lambda: bool(ed.error.text()), timeout=5000)
    return time.monotonic() - tapped


def test_a_lock_held_by_another_connection_says_busy_within_a_second(qtbot, any_ctx) -> None:
    db = any_ctx.db
    dlg = _editing_a_new_state(qtbot, any_ctx)
    holder = db.engine.connect()  # a second real connection
    try:
        if db.dialect == "sqlite":  # BEGIN IMMEDIATE: the write lock of the whole file
            holder = holder.execution_options(synoptux_write=True)
            trans = holder.begin()
        else:  # every state row (and the gaps between them), FOR UPDATE
            trans = holder.begin()
            holder.execute(db.tables.etats.select().with_for_update()).all()
        took = _answered(qtbot, dlg)
        print(f"busy said after {took:.2f} s ({db.dialect})")  # -rP: the figure
        assert BUSY in dlg.editor.error.text(), dlg.editor.error.text()
        assert took < 1.0, f"busy said after {took:.2f} s"
        assert dlg.editor.isVisible() and dlg.editor.save_button.isEnabled()
        assert dlg.editor.code.text() == "77"  # kept for the retry
    finally:
        trans.rollback()
        holder.close()
    qtbot.wait(300)
    settle()
    assert "77" not in _state_codes(any_ctx)  # nothing applied behind the screen
    tap(qtbot, dlg.editor.save_button)  # the retry goes through
    assert not dlg.editor.isVisible() and "77" in _state_codes(any_ctx)


def _stall(runner: DbRunner) -> threading.Event:
    """The database thread stops answering (a statement that never returns)."""
    release = threading.Event()
    runner.submit(lambda: release.wait(20), name="stalled statement")
    return release


def test_no_answer_within_a_second_and_the_queued_save_is_never_applied(qtbot, ctx) -> None:
    dlg = _editing_a_new_state(qtbot, ctx)
    release = _stall(ctx.runner)
    try:
        took = _answered(qtbot, dlg)
        print(f"does not answer said after {took:.2f} s")  # -rP: the figure
        assert NO_ANSWER in dlg.editor.error.text(), dlg.editor.error.text()
        assert took < 1.2, f"said after {took:.2f} s"
        assert dlg.editor.isVisible() and dlg.editor.save_button.isEnabled()
    finally:
        release.set()
    settle()
    qtbot.wait(300)
    assert "77" not in _state_codes(ctx)  # dropped: never applied late
    assert dlg.editor.isVisible() and NO_ANSWER in dlg.editor.error.text()


def test_a_save_applied_after_the_screen_said_no_answer_is_told(qtbot, ctx) -> None:
    dlg = _editing_a_new_state(qtbot, ctx)
    save, release = dlg.editor.on_save, threading.Event()

    def slow_then_saved(record: object) -> object:  # the server answers after 1 s
        release.wait(20)
        return save(record)

    dlg.editor.on_save = slow_then_saved
    took = _answered(qtbot, dlg)
    assert NO_ANSWER in dlg.editor.error.text() and took < 1.2, took
    release.set()
    qtbot.waitUntil(lambda: LATE in dlg.error.text(), timeout=5000)
    settle()
    assert not dlg.editor.isVisible()
    assert any(r.startswith("77 — Vu") for r in rows(dlg.list))
    assert LATE in dlg.error.text()  # still said once the list is read again


def test_a_delete_says_no_answer_within_a_second(qtbot, ctx) -> None:
    dlg = _editing_a_new_state(qtbot, ctx)
    tap(qtbot, dlg.editor.save_button)
    dlg.list.select_where(lambda r: r.code == "77")
    settle()
    release = _stall(ctx.runner)
    try:
        dlg.delete_button.click()
        tapped = time.monotonic()
        dlg.confirm_yes.click()
        qtbot.waitUntil(lambda: NO_ANSWER in dlg.error.text(), timeout=5000)
        assert time.monotonic() - tapped < 1.2
    finally:
        release.set()
    settle()
    assert "77" in _state_codes(ctx)  # the delete was dropped, never applied late

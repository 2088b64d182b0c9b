"""The stale board says when it was read, whichever part saw the outage first: a reload
asked from the menu (or after an admin edit) that finds the database gone shows the time of
the board on screen, never the time of the failure."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from synoptux.db.engine import Database
from synoptux.db.schema import ensure_schema
from synoptux.domain.clock import FakeClock
from synoptux.services.seed import seed_demo, seed_reference
from synoptux.ui.main_window import MainWindow
from tests.support.clock import T0
from tests.support.outage import board_settings
from tests.support.settle import settle
from tests.support.ui import destroy


def test_a_failed_reload_shows_the_time_of_the_board_on_screen(qtbot, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    db = Database.from_url(f"sqlite:///{share / 'board.db'}")
    ensure_schema(db)
    seed_reference(db)
    seed_demo(db, T0)
    clock = FakeClock(T0)
    win = MainWindow(db, board_settings(tmp_path / "entrees"), clock, live=False)
    try:
        settle()
        assert win.controller.current_board is not None
        assert not win.offline_banner.isVisible()
        clock.advance(minutes=7, seconds=13)
        share.rename(tmp_path / "unmounted")  # the share goes away
        db.engine.dispose()  # (open connections would go on reading the ghost file)
        win.show()
        win.reload_board()
        settle()
        assert win.stale_mark.stale
        text = win.offline_banner.text()
        assert T0.strftime("%H:%M:%S") in text, text
        assert (T0 + timedelta(minutes=7, seconds=13)).strftime("%H:%M:%S") not in text
    finally:
        destroy(win)

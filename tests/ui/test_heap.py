"""The collector's full passes walked everything alive in the board's process
(~150,000 objects, 30-100 ms each, the interpreter lock held): frozen screens during a
burst. The objects alive once the first board is on screen are frozen, once."""

from __future__ import annotations

import gc

from synoptux.ui.app import freeze_heap_after_first_board
from synoptux.ui.main_window import MainWindow
from tests.support.settle import reload_now, settle
from tests.support.ui import destroy


def test_the_heap_is_frozen_once_after_the_first_board(qtbot, demo_sqlite, ini, clock) -> None:
    gc.unfreeze()
    win = MainWindow(demo_sqlite, ini, clock, live=False)
    try:
        freeze_heap_after_first_board(win)
        assert gc.get_freeze_count() == 0  # nothing frozen before the board is there
        win.resize(1920, 1080)
        win.show()
        qtbot.waitExposed(win)
        settle(qtbot)
        frozen = gc.get_freeze_count()
        assert win.controller.rows and frozen > 10_000
        reload_now(win)  # later boards freeze nothing more (the old board's objects go)
        assert gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()  # the test process's objects go back to the collector
        destroy(win)

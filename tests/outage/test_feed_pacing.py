"""Boards that arrive while the window is busy are not applied one after the other (GUI
responsiveness): the feed hands over the newest only. Without it, queued boards
all run before the next timer, and a burst of writers froze the screen for seconds."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.ui.feed import LiveFeed
from tests.feed.test_live import _macro


def test_boards_queued_while_busy_collapse_into_the_newest(
    qtbot,
    seeded: Database,
    other: Database,
    tmp_path: Path,
    clock: FakeClock,
) -> None:
    settings = Settings.from_text(
        f"[Interface]\nDossier_Entrees={tmp_path / 'in'}\n"
        "[Timer]\nPeriodicite_controle_base_en_ms=50\n"
    )
    feed = LiveFeed(seeded, settings, clock)
    received: list = []
    feed.sig_board.connect(received.append)
    feed.start()
    try:
        qtbot.waitUntil(lambda: bool(received), timeout=5000)
        qtbot.wait(300)
        received.clear()

        def writer() -> None:
            for i in range(8):
                _macro(other, f"G-PACE-{i}", f"PACE{i}")
                time.sleep(0.1)

        thread = threading.Thread(target=writer)
        thread.start()
        time.sleep(1.5)  # the GUI thread busy (a long apply): the worker goes on checking
        thread.join()
        qtbot.wait(400)
        names = {p.last_name for p in received[-1].patients()} if received else set()
        assert {f"PACE{i}" for i in range(8)} <= names
        # One board for everything that came while busy (perhaps one more, checked just
        # after), not one per check.
        assert len(received) <= 2, len(received)
    finally:
        feed.stop()


def test_a_change_seen_without_building_is_built_at_the_next_check(
    seeded: Database, other: Database, clock: FakeClock
) -> None:
    """While the window is busy the worker only asks "is the database there?"
    (`check(build=False)`); the change it saw is not lost: the next check builds it."""
    from synoptux.services.live import BoardFeed

    feed = BoardFeed(seeded, clock)
    assert feed.check() is not None
    assert feed.check() is None
    _macro(other, "G-LATER", "LATER")
    reloads = feed.reloads
    assert feed.check(build=False) is None and feed.online
    assert feed.reloads == reloads  # nothing built
    board = feed.check()
    assert board is not None and "LATER" in {p.last_name for p in board.patients()}
    assert feed.check() is None

"""A board looking at a 2.x database before its upgrade (read-only feed) marks the board
stale with the time of its last good read, never the time the outage was seen: the same
promise as the live feed ("the last board stays on screen, marked stale with the
time of the last good read")."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from synoptux.db.engine import make_engine
from synoptux.db.readonly import READ_ONLY_BANNER, ReadOnlyDatabase
from synoptux.domain.clock import FakeClock
from synoptux.services.seed import seed_demo, seed_reference
from synoptux.ui.main_window import MainWindow
from synoptux.ui.readonly_feed import ReadOnlyLiveFeed
from tests.support.clock import T0
from tests.support.db import open_db
from tests.support.outage import board_settings
from tests.support.settle import settle
from tests.support.ui import destroy


def _read_only_board(share: Path) -> ReadOnlyDatabase:
    """A seeded board database on a share, opened read-only (as a 2.x one is)."""
    url = f"sqlite:///{share / 'board.db'}"
    db = open_db(url)
    seed_reference(db)
    seed_demo(db, T0)
    db.dispose()
    return ReadOnlyDatabase(make_engine(url, create=False), "", READ_ONLY_BANNER)


def _checks_after(feed: ReadOnlyLiveFeed, qtbot, count: int) -> None:
    qtbot.waitUntil(lambda: feed._worker._feed is not None, timeout=5000)
    worker_feed = feed._worker._feed  # the checks done by the feed's thread
    start = worker_feed.checks
    qtbot.waitUntil(lambda: worker_feed.checks >= start + count, timeout=10_000)


def test_the_read_only_board_shows_the_time_of_its_last_good_read(qtbot, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    db = _read_only_board(share)
    clock = FakeClock(T0)
    win = MainWindow(db, board_settings(tmp_path / "entrees"), clock)
    try:
        settle()
        win.show()
        feed = win.parts.feed
        assert isinstance(feed, ReadOnlyLiveFeed)
        qtbot.waitUntil(lambda: feed._running, timeout=5000)  # live parts started
        clock.advance(minutes=5)
        _checks_after(feed, qtbot, 2)  # good reads at T0 + 5 min
        last_good = T0 + timedelta(minutes=5)
        later = last_good + timedelta(minutes=7, seconds=13)
        with qtbot.waitSignal(feed.sig_offline, timeout=10_000) as seen:
            share.rename(tmp_path / "unmounted")  # the share goes away...
            clock.set(later)  # ...and the outage is seen later
        # The time of the feed thread's last check that answered: T0 + 5 min, unless a check
        # under way at the rename still answered on a connection open on the file (then at
        # the later time, as it did answer then).
        good = feed._worker.last_good
        assert good in (last_good, later)
        assert seen.args == [good]
        settle()
        assert win.stale_mark.stale
        text = win.offline_banner.text()
        assert good.strftime("%H:%M:%S") in text, text
        if good == last_good:
            assert later.strftime("%H:%M:%S") not in text
    finally:
        destroy(win)
        db.dispose()


def test_an_outage_at_the_first_read_gives_the_time_it_was_seen(qtbot, tmp_path: Path) -> None:
    """No good read yet: the feed says when the outage was seen (nothing older to show)."""
    share = tmp_path / "share"
    share.mkdir()
    db = _read_only_board(share)
    clock = FakeClock(T0)
    feed = ReadOnlyLiveFeed(db, board_settings(tmp_path / "entrees"), clock)
    share.rename(tmp_path / "unmounted")
    try:
        with qtbot.waitSignal(feed.sig_offline, timeout=10_000) as seen:
            feed.start()
        assert seen.args == [T0]
    finally:
        feed.stop()
        db.dispose()

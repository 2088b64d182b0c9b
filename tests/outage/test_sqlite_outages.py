"""The banner within 2 s on SQLite too: the board's file on a share that goes away (its
folder renamed: the open connections would go on reading the ghost of the file) or locked
by another program. The last board stays, greyed; back, a fresh board follows."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from synoptux.db.engine import Database
from synoptux.db.schema import ensure_schema
from synoptux.domain.clock import SystemClock
from synoptux.services.live import BoardFeed, feed_database
from synoptux.services.seed import seed_demo, seed_reference
from synoptux.ui.main_window import MainWindow
from tests.support.outage import board_settings
from tests.support.ui import destroy


def _seeded(folder: Path) -> Database:
    folder.mkdir()
    db = Database.from_url(f"sqlite:///{folder / 'board.db'}")
    ensure_schema(db)
    seed_reference(db)
    seed_demo(db, datetime.now())
    return db


def _board(qtbot, db: Database, tmp_path: Path) -> MainWindow:
    win = MainWindow(db, board_settings(tmp_path / "entrees"), SystemClock(), live=True)
    win.resize(1366, 768)
    win.show()
    qtbot.waitUntil(
        lambda: win.parts.feed is not None and win.controller.current_board is not None,
        timeout=10_000,
    )
    qtbot.wait(400)
    return win


def _cut_and_back(
    qtbot, win: MainWindow, cut: Callable[[], None], back: Callable[[], None]
) -> None:
    names = {p.last_name for p in win.controller.current_board.patients()}
    start = time.monotonic()
    cut()
    qtbot.waitUntil(win.offline_banner.isVisible, timeout=20_000)
    delay = time.monotonic() - start
    print(f"banner after {delay:.2f} s")  # shown with -rP
    assert delay < 2.0, f"banner after {delay:.2f} s"
    assert win.stale_mark.stale and win.stale_mark.veil.isVisible()
    assert {p.last_name for p in win.controller.current_board.patients()} == names
    with qtbot.waitSignal(win.controller.sig_board_applied, timeout=20_000):
        back()
    qtbot.waitUntil(lambda: not win.offline_banner.isVisible(), timeout=5000)
    assert not win.stale_mark.veil.isVisible()


def test_share_gone_shows_the_banner_and_creates_nothing(qtbot, tmp_path: Path) -> None:
    share = tmp_path / "share"
    db = _seeded(share)
    win = _board(qtbot, db, tmp_path)
    away = tmp_path / "unmounted"
    try:

        def cut() -> None:
            share.rename(away)
            share.mkdir()  # the empty mount point

        def back() -> None:
            share.rmdir()
            away.rename(share)

        _cut_and_back(qtbot, win, cut, back)
    finally:
        destroy(win)
        db.dispose()


def test_feed_never_creates_a_missing_file(tmp_path: Path) -> None:
    share = tmp_path / "share"
    db = _seeded(share)
    feed = BoardFeed(feed_database(db))
    assert feed.check() is not None and feed.online
    (share / "board.db").rename(tmp_path / "elsewhere.db")
    assert feed.check() is None and not feed.online
    assert "unable to open" in (feed.last_error or "")
    assert not (share / "board.db").exists()  # the reader made no empty database
    feed.db.dispose()
    db.dispose()


LOCKER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1] + "-shm", os.O_RDWR)
# The five read marks of the WAL index, write-locked (a program or a share's lock manager
# gone wrong): no reader can start; SQLite retries for some 10 s whatever its busy timeout,
# then says "locking protocol". Taken between two reads of the board.
while True:
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 5, 123, os.SEEK_SET)
        break
    except OSError:
        time.sleep(0.001)
print("locked", flush=True)
sys.stdin.read()
"""


def test_file_locked_by_another_program(qtbot, tmp_path: Path) -> None:
    db = _seeded(tmp_path / "share")
    win = _board(qtbot, db, tmp_path)
    locker: list[subprocess.Popen] = []
    try:

        def cut() -> None:
            child = subprocess.Popen(
                [sys.executable, "-c", LOCKER, str(tmp_path / "share" / "board.db")],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            locker.append(child)
            assert child.stdout.readline().strip() == "locked"

        def back() -> None:
            locker[0].stdin.close()  # the other program lets go
            locker[0].wait(timeout=10)

        _cut_and_back(qtbot, win, cut, back)
    finally:
        for child in locker:
            if child.poll() is None:
                child.kill()
                child.wait(timeout=10)
        destroy(win)
        db.dispose()

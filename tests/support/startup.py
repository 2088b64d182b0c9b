"""Helpers of the board's start tests (ui/app.py BoardStartup): the start under a GUI-thread
watch, and everything it opened closed afterwards."""

from __future__ import annotations

import gc
import time
from argparse import Namespace
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QTimer

from synoptux.config import Settings
from synoptux.ui.app import BoardStartup
from synoptux.ui.main_window import MainWindow
from tests.support.ui import destroy


class GuiTicks:
    """A 50 ms timer on the GUI thread: the longest gap between its ticks is the longest
    time the screen could not repaint nor take a tap."""

    def __init__(self) -> None:
        self.times = [time.monotonic()]
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(lambda: self.times.append(time.monotonic()))
        self.timer.start()

    def longest_gap(self) -> float:
        self.times.append(time.monotonic())
        return max(b - a for a, b in zip(self.times, self.times[1:], strict=False))

    def stop(self) -> None:
        self.timer.stop()


def close_startup(startup: BoardStartup) -> None:
    """Close the board window (or the window shown instead), the loading screen, and the
    start's database."""
    win = startup.window
    if isinstance(win, MainWindow):
        destroy(win)
    elif win is not None:
        win.close()
    startup.loading.close()
    startup.dispose()
    gc.unfreeze()  # the start froze the heap: the test process's goes back


@contextmanager
def watched_startup(
    args: Namespace, settings: Settings
) -> Iterator[tuple[BoardStartup, GuiTicks, float]]:
    """The board started on `settings` with the GUI thread watched: (the start, its ticks,
    the monotonic time it was started at). Stopped and closed on leaving, whatever happened;
    a test that froze a server thaws it inside, before the start's database is disposed."""
    ticks = GuiTicks()
    started = time.monotonic()
    startup = BoardStartup(args, settings)
    startup.start()
    try:
        yield startup, ticks, started
    finally:
        ticks.stop()
        close_startup(startup)

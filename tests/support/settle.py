"""Wait for the board's database jobs: the GUI hands them to a `DbRunner` thread and
applies their outcome when it comes back (tests look at the screen after that)."""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QApplication

from synoptux.ui.board.board_view import BoardView
from synoptux.ui.db_runner import all_idle, pending_jobs


def settle(_qtbot=None, timeout: float = 10.0) -> None:
    """Until every runner's jobs are answered and their outcome is on screen."""
    end = time.monotonic() + timeout
    while not all_idle():
        if time.monotonic() > end:
            raise AssertionError(f"database jobs still unanswered: {pending_jobs()}")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.002)
    QCoreApplication.processEvents()
    # A wall re-arranged over two turns of the event loop (a box hiding a patient): done.
    for top in QApplication.topLevelWidgets():
        for view in top.findChildren(BoardView):
            view.finish_layout()
    QCoreApplication.processEvents()


def reload_now(window) -> None:
    """`window.reload_board()`, then wait for the board it reads to be on screen."""
    window.reload_board()
    settle()

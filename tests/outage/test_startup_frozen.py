"""A board started while its MariaDB server is frozen (SIGSTOP: the kernel still accepts the
connection, the server says nothing): the screen shows at once that the board is loading,
never freezes, then shows the board window with its outage banner; once the server is
thawed the first board arrives by signal."""

from __future__ import annotations

import time
from argparse import Namespace
from pathlib import Path

from synoptux.ui.main_window import MainWindow
from tests.support.outage import board_settings
from tests.support.startup import watched_startup

ARGS = Namespace(lang="fr", now=None, full_screen=False)


def test_a_frozen_server_at_startup(qtbot, private_server, private_db, tmp_path: Path) -> None:
    url = private_db.engine.url.render_as_string(hide_password=False)
    private_db.dispose()
    settings = board_settings(tmp_path / "entrees")
    settings.set_raw("Connexion_SynopTux", "URL", url)
    private_server.freeze()
    with watched_startup(ARGS, settings) as (startup, ticks, started):
        try:
            assert startup.loading.isVisible() and time.monotonic() - started < 0.5
            qtbot.waitUntil(lambda: isinstance(startup.window, MainWindow), timeout=30_000)
            win = startup.window
            qtbot.waitUntil(win.offline_banner.isVisible, timeout=30_000)
            assert win.loading_label.isVisible() and win.controller.current_board is None
            gap = ticks.longest_gap()
            assert gap < 0.5, f"the GUI thread was blocked {gap:.2f} s"
            private_server.thaw()
            qtbot.waitUntil(lambda: win.controller.current_board is not None, timeout=30_000)
            assert not win.loading_label.isVisible() and win.controller.rows
            qtbot.waitUntil(lambda: not win.offline_banner.isVisible(), timeout=30_000)
        finally:
            private_server.thaw()  # before the start's database is disposed

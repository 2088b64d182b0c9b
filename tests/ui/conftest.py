"""Board UI fixtures: a seeded real database (SQLite file and MariaDB), a real window."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.services.seed import seed_demo, seed_reference
from synoptux.ui.main_window import MainWindow
from tests.support.clock import T0
from tests.support.ui import destroy, make_window

# The offscreen platform's screen is 800x800 and drops taps beyond it: give it the size
# of the wall screen the board is made for (before the QApplication exists).
if os.environ.get("QT_QPA_PLATFORM") == "offscreen" and QApplication.instance() is None:
    _screen = Path(__file__).with_name("screen_1920x1080.json")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen}"


@pytest.fixture
def seeded(db: Database) -> Database:
    """The reference set and the 25 demo patients, on each backend."""
    seed_reference(db)
    seed_demo(db, T0)
    return db


@pytest.fixture
def seeded_sqlite(sqlite_db: Database) -> Database:
    seed_reference(sqlite_db)
    seed_demo(sqlite_db, T0)
    return sqlite_db


@pytest.fixture
def ini(tmp_path: Path) -> Settings:
    path = tmp_path / "synoptux.ini"
    path.write_text(
        "; test site\n[Interface]\nConfirmation_Sortie_Definitive=OUI\nLangue=en\n",
        encoding="utf-8",
    )
    return Settings.load(path)


@pytest.fixture
def window(qtbot, seeded: Database, ini: Settings, clock: FakeClock) -> Iterator[MainWindow]:
    win = make_window(qtbot, seeded, ini, clock)
    yield win
    destroy(win)


@pytest.fixture
def sqlite_window(
    qtbot,
    seeded_sqlite: Database,
    ini: Settings,
    clock: FakeClock,
) -> Iterator[MainWindow]:
    win = make_window(qtbot, seeded_sqlite, ini, clock)
    yield win
    destroy(win)

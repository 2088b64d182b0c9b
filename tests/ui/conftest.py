"""Board UI fixtures: a seeded real database (SQLite file and MariaDB), a real window."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.services.seed import seed_demo, seed_reference
from synoptux.ui.main_window import MainWindow
from tests.conftest import T0
from tests.ui.settle import settle

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


def destroy(win: MainWindow) -> None:
    """Delete the window now: a live window would be re-polished by every later test."""
    win.close()
    for w in QApplication.topLevelWidgets():
        if w is not win and shiboken6.isValid(w) and w.isWindow() and w.parent() is None:
            w.close()
    if shiboken6.isValid(win):
        shiboken6.delete(win)
    QApplication.processEvents()


def make_window(qtbot, db: Database, settings: Settings, clock: FakeClock) -> MainWindow:  # noqa: ANN001
    win = MainWindow(db, settings, clock, live=False)  # callers `destroy` it
    win.resize(1920, 1080)
    win.show()
    qtbot.waitExposed(win)
    settle(qtbot)  # the first board comes from the database thread
    return win


@pytest.fixture
def window(qtbot, seeded: Database, ini: Settings, clock: FakeClock) -> Iterator[MainWindow]:  # noqa: ANN001
    win = make_window(qtbot, seeded, ini, clock)
    yield win
    destroy(win)


@pytest.fixture
def sqlite_window(
    qtbot,
    seeded_sqlite: Database,
    ini: Settings,
    clock: FakeClock,  # noqa: ANN001
) -> Iterator[MainWindow]:
    win = make_window(qtbot, seeded_sqlite, ini, clock)
    yield win
    destroy(win)


def patient_id(db: Database, last_name: str) -> int:
    t = db.tables
    with db.connect() as conn:
        return conn.execute(
            select(t.encours.c.EC_PK).where(t.encours.c.EC_NomPatient == last_name)
        ).scalar_one()


def patient_row(db: Database, pk: int):  # noqa: ANN201
    t = db.tables
    with db.connect() as conn:
        return conn.execute(select(t.encours).where(t.encours.c.EC_PK == pk)).mappings().first()


def history(db: Database, pk: int) -> list[dict]:
    t = db.tables
    with db.connect() as conn:
        rows = (
            conn.execute(
                select(t.historique)
                .where(t.historique.c.HI_NumEncours == str(pk))
                .order_by(t.historique.c.HI_PK)
            )
            .mappings()
            .all()
        )
    return [dict(r) for r in rows]


def task_rows(db: Database, pk: int) -> list[dict]:
    t = db.tables
    with db.connect() as conn:
        rows = (
            conn.execute(
                select(t.encours_taches)
                .where(t.encours_taches.c.EN_PK_encours == pk)
                .order_by(t.encours_taches.c.EN_Num_tache)
            )
            .mappings()
            .all()
        )
    return [dict(r) for r in rows]

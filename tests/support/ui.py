"""Helpers of the board UI tests: a real window opened and destroyed, rows read back."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.ui.main_window import MainWindow
from tests.support.settle import settle


def destroy(win: MainWindow) -> None:
    """Delete the window now: a live window would be re-polished by every later test."""
    win.close()
    for w in QApplication.topLevelWidgets():
        if w is not win and shiboken6.isValid(w) and w.isWindow() and w.parent() is None:
            w.close()
    if shiboken6.isValid(win):
        shiboken6.delete(win)
    QApplication.processEvents()


def make_window(qtbot, db: Database, settings: Settings, clock: FakeClock) -> MainWindow:
    win = MainWindow(db, settings, clock, live=False)  # callers `destroy` it
    win.resize(1920, 1080)
    win.show()
    qtbot.waitExposed(win)
    settle(qtbot)  # the first board comes from the database thread
    return win


def patient_id(db: Database, last_name: str) -> int:
    t = db.tables
    with db.connect() as conn:
        return conn.execute(
            select(t.encours.c.EC_PK).where(t.encours.c.EC_NomPatient == last_name)
        ).scalar_one()


def patient_row(db: Database, pk: int):
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

"""SQLite: a write transaction holds the write lock from its first read (two screens, one file)."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from synoptux.db.engine import Database
from synoptux.services.board import BoardService
from synoptux.services.errors import ActionRefused
from synoptux.services.seed import seed_reference
from tests.support.clock import T0
from tests.support.db import open_db


def test_capacity_check_is_atomic_between_two_screens(sqlite_url, clock):
    db_a = open_db(sqlite_url)
    seed_reference(db_a)
    db_b = Database.from_url(sqlite_url)
    t = db_a.tables
    with db_a.engine.begin() as conn:
        ids = [
            conn.execute(
                t.encours.insert().values(EC_CodeBox="A1", EC_NomPatient=f"P{i}", EC_HeureEntree=T0)
            ).inserted_primary_key[0]
            for i in range(2)
        ]
    screens = [BoardService(db_a, clock), BoardService(db_b, clock)]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def move(svc, pk):
        barrier.wait()
        try:
            svc.move_patient(pk, "S1")  # capacity 1
            outcomes.append("moved")
        except ActionRefused as exc:
            outcomes.append(exc.code)

    threads = [
        threading.Thread(target=move, args=(s, pk)) for s, pk in zip(screens, ids, strict=True)
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    with db_a.engine.connect() as conn:
        in_s1 = conn.execute(
            select(func.count()).select_from(t.encours).where(t.encours.c.EC_CodeBox == "S1")
        ).scalar()
    assert sorted(outcomes) == ["box_full", "moved"] and in_s1 == 1
    db_a.dispose()
    db_b.dispose()


def test_reads_do_not_block_a_writer(sqlite_url):
    db = open_db(sqlite_url)
    reader = db.engine.connect()
    reader.execute(select(func.count()).select_from(db.tables.encours)).scalar()  # open read tx
    db.transaction(
        lambda conn: conn.execute(db.tables.box.insert().values(BO_Code="Z", BO_Libelle="Z"))
    )
    reader.close()
    db.dispose()


def test_replace_builds_a_fresh_patient_index(sqlite_db, clock):
    import dataclasses

    seed_reference(sqlite_db)
    from synoptux.services.seed import seed_demo

    seed_demo(sqlite_db, T0)
    board = BoardService(sqlite_db, clock).snapshot()
    first = board.patients()[0]
    smaller = dataclasses.replace(board, boxes=board.boxes[1:])
    assert board.patient(first.id) is first
    assert smaller.patient(first.id) is None

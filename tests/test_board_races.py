"""Concurrent screens and macros on one board, with real connections.

Each test forces the interleaving that loses data: both transactions are held at the
same point (after their reads, before their writes) by a hook on the engine, then let
go. A hook never waits more than a moment: when a lock makes the other side wait, the
first one carries on alone, which is exactly the behaviour we want.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import datetime

import pytest
from sqlalchemy import create_engine, event, select, text

from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.services.board import BoardService
from synoptux.services.errors import ActionRefused
from synoptux.services.seed import seed_reference
from tests.support.clock import T0
from tests.support.db import open_db


@pytest.fixture
def two(backend_url: str) -> Iterator[tuple[Database, Database, str]]:
    """One seeded database, opened twice (two screens: two independent pools)."""
    a = open_db(backend_url)
    seed_reference(a)
    b = Database.from_url(backend_url)
    yield a, b, backend_url
    a.dispose()
    b.dispose()


def _after_statement(
    db: Database, matches: Callable[[str], bool], action: Callable[[], None]
) -> None:
    """Run `action` in this thread right after the first statement that `matches` runs
    on this engine (per thread: each screen's own transaction)."""
    done: set[int] = set()

    @event.listens_for(db.engine, "after_cursor_execute")
    def _hook(_conn, _cursor, statement, *_args) -> None:
        me = threading.get_ident()
        if me not in done and matches(" ".join(statement.split())):
            done.add(me)
            action()


def _patients(db: Database, *names: str, box: str = "A1") -> list[int]:
    t = db.tables
    with db.engine.begin() as conn:
        return [
            conn.execute(
                t.encours.insert().values(EC_CodeBox=box, EC_NomPatient=n, EC_HeureEntree=T0)
            ).inserted_primary_key[0]
            for n in names
        ]


def test_two_moves_into_a_full_box_exactly_one_wins(two, clock: FakeClock) -> None:
    db_a, db_b, _url = two
    p1, p2 = _patients(db_a, "UN", "DEUX")
    barrier = threading.Barrier(2, timeout=2)

    def meet() -> None:
        try:
            barrier.wait()  # both screens have counted the patients of S1 (capacity 1)
        except threading.BrokenBarrierError:
            pass  # the other screen waits for a lock we hold: go on alone

    for db in (db_a, db_b):
        _after_statement(db, lambda s: "count(" in s.lower() or "EC_CodeBox FROM" in s, meet)
    outcomes: list[str] = []

    def move(db: Database, pk: int) -> None:
        try:
            BoardService(db, clock).move_patient(pk, "S1")
            outcomes.append("moved")
        except ActionRefused as exc:
            outcomes.append(exc.code)

    threads = [
        threading.Thread(target=move, args=(db_a, p1)),
        threading.Thread(target=move, args=(db_b, p2)),
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    t = db_a.tables
    with db_a.connect() as conn:
        in_s1 = conn.execute(
            select(t.encours.c.EC_NomPatient).where(t.encours.c.EC_CodeBox == "S1")
        ).all()
    assert sorted(outcomes) == ["box_full", "moved"], outcomes
    assert len(in_s1) == 1


def _task(db: Database, pk: int, **values: object) -> int:
    t = db.tables
    with db.engine.begin() as conn:
        return conn.execute(
            t.encours_taches.insert().values(EN_PK_encours=pk, EN_Code_tache="ECG", **values)
        ).inserted_primary_key[0]


class MacroMeanwhile:
    """When the screen's transaction has run a statement that `matches`, a MedinTux macro
    (its own connection, autocommit) runs `sql`; the screen goes on once the macro is done,
    or after 1.5 s when the macro waits for a lock the screen holds."""

    def __init__(self, db: Database, url: str, sql: str, matches: Callable[[str], bool]) -> None:
        self.engine = create_engine(url)
        self.sql = sql
        self.finished = threading.Event()
        self.threads: list[threading.Thread] = []
        _after_statement(db, matches, self._start)

    def _run(self) -> None:
        with self.engine.begin() as conn:
            conn.execute(text(self.sql))
        self.finished.set()

    def _start(self) -> None:
        th = threading.Thread(target=self._run)
        th.start()
        self.threads.append(th)
        self.finished.wait(1.5)

    def join(self) -> None:
        for th in self.threads:
            th.join(30)
        self.engine.dispose()
        assert self.finished.is_set() and self.threads, "the macro did not run"


def _reads_task(statement: str) -> bool:
    return statement.startswith("SELECT") and "FROM encours_taches" in statement


def _row(db: Database, task_id: int) -> dict:
    t = db.tables
    with db.connect() as conn:
        return dict(
            conn.execute(select(t.encours_taches).where(t.encours_taches.c.EN_Num_tache == task_id))
            .mappings()
            .one()
        )


def test_state_tap_keeps_a_macro_replanning_made_meanwhile(two, clock: FakeClock) -> None:
    """The tap starts the task (no planned end yet: it would compute start + 10 min); the
    macro re-plans the end at the same moment. The macro's end must survive."""
    db, _other, url = two
    (pk,) = _patients(db, "TAP")
    task = _task(db, pk)
    macro = MacroMeanwhile(
        db,
        url,
        f"UPDATE encours_taches SET EN_HeureFinPrevue='2026-11-23 12:00:00' "
        f"WHERE EN_Num_tache={task}",
        _reads_task,
    )
    BoardService(db, clock).set_task_state(task, "30")
    macro.join()
    row = _row(db, task)
    assert row["EN_Etat_en_cours"] is not None and row["EN_HeureDebut"] == clock.now()
    assert row["EN_HeureFinPrevue"] == datetime(2026, 11, 23, 12, 0), "macro's update lost"


def test_state_tap_writes_only_what_it_changes(two, clock: FakeClock) -> None:
    """A task already started and planned: a state tap changes the state (and the real end);
    the planned end, start and priority the macro writes meanwhile are not written back."""
    db, _other, url = two
    (pk,) = _patients(db, "ONLY")
    task = _task(
        db,
        pk,
        EN_HeureDebut=datetime(2026, 11, 23, 9, 0),
        EN_HeureFinPrevue=datetime(2026, 11, 23, 9, 30),
        EN_Etat_en_cours="30",
        EN_Priorite="3",
    )
    macro = MacroMeanwhile(
        db,
        url,
        "UPDATE encours_taches SET EN_HeureFinPrevue='2026-11-23 13:00:00', "
        f"EN_HeureDebut='2026-11-23 09:05:00', EN_Priorite='1' WHERE EN_Num_tache={task}",
        _reads_task,
    )
    BoardService(db, clock).set_task_state(task, "80")
    macro.join()
    row = _row(db, task)
    assert row["EN_HeureFin"] == clock.now()  # the tap's own change
    assert row["EN_HeureFinPrevue"] == datetime(2026, 11, 23, 13, 0)
    assert row["EN_HeureDebut"] == datetime(2026, 11, 23, 9, 5)
    assert str(row["EN_Priorite"]) == "1"


def test_move_and_a_macro_comment_both_kept(two, clock: FakeClock) -> None:
    db, _other, url = two
    (pk,) = _patients(db, "MOVE")
    macro = MacroMeanwhile(
        db,
        url,
        f"UPDATE encours SET EC_Commentaire='par macro' WHERE EC_PK={pk}",
        lambda s: s.startswith("SELECT") and "FROM encours WHERE" in s,
    )
    BoardService(db, clock).move_patient(pk, "S2")
    macro.join()
    t = db.tables
    with db.connect() as conn:
        box, comment = conn.execute(
            select(t.encours.c.EC_CodeBox, t.encours.c.EC_Commentaire).where(
                t.encours.c.EC_PK == pk
            )
        ).one()
    assert (box, comment) == ("S2", "par macro")

"""The change log: no row that every writer updates.

Real connections on real servers: one transaction holds a patient row (or a change of
its own, uncommitted) while others write and the board checks.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import event, func, select, text

from synoptux.db.engine import Database
from synoptux.db.schema import OPS, ensure_schema, existing_triggers, triggers_complete
from synoptux.db.tables import WATCHED
from synoptux.domain.clock import FakeClock
from synoptux.services.board import BoardService
from synoptux.services.live import TRIGGERS, BoardFeed
from synoptux.services.seed import seed_reference
from tests.feed.test_live import StatementLog, _macro
from tests.support.clock import T0
from tests.support.db import open_db


def _patient(db: Database, name: str, box: str = "A1") -> int:
    t = db.tables
    with db.engine.begin() as conn:
        return conn.execute(
            t.encours.insert().values(EC_CodeBox=box, EC_NomPatient=name, EC_HeureEntree=T0)
        ).inserted_primary_key[0]


def _change_rows(db: Database) -> list[tuple]:
    c = db.tables.changes.c
    with db.connect() as conn:
        return [tuple(r) for r in conn.execute(select(c.CH_Table, c.CH_Cle).order_by(c.CH_Id))]


def test_every_write_appends_to_the_log_with_the_patient_key(seeded: Database) -> None:
    before = len(_change_rows(seeded))
    pk = _patient(seeded, "LOG")
    t = seeded.tables
    with seeded.engine.begin() as conn:
        conn.execute(t.encours_taches.insert().values(EN_PK_encours=pk, EN_Code_tache="ECG"))
        conn.execute(t.encours.update().where(t.encours.c.EC_PK == pk).values(EC_Replier=1))
        conn.execute(t.encours_taches.delete().where(t.encours_taches.c.EN_PK_encours == pk))
        conn.execute(t.box.update().where(t.box.c.BO_Code == "S9").values(BO_Libelle="x"))
    rows = _change_rows(seeded)[before:]
    assert rows == [
        ("encours", pk),
        ("encours_taches", pk),
        ("encours", pk),
        ("encours_taches", pk),
    ]  # the UPDATE of an unknown box changed no row: nothing logged
    with seeded.engine.begin() as conn:
        conn.execute(t.box.update().where(t.box.c.BO_Code == "S1").values(BO_Libelle="Box un"))
    assert _change_rows(seeded)[-1] == ("box", None)


def test_idle_check_is_one_indexed_query(seeded: Database, clock: FakeClock) -> None:
    feed = BoardFeed(seeded, clock)
    assert feed.check() is not None and feed.mode == TRIGGERS
    log = StatementLog(seeded)
    for _ in range(20):
        assert feed.check() is None
    assert len(log.statements) == 20
    (stmt,) = set(log.statements)
    assert "synoptux_changes" in stmt and "WHERE synoptux_changes" in stmt
    assert "synoptux_revision" not in stmt and "UPDATE" not in stmt.upper()
    params = {"f1": feed.floor, "f2": feed.floor}
    with seeded.connect() as conn:  # a range of the primary key, not a scan of the log
        compiled = feed._log_stmt().compile(conn, compile_kwargs={"render_postcompile": True})
        if seeded.dialect == "sqlite":
            plan = conn.exec_driver_sql(
                f"EXPLAIN QUERY PLAN {compiled}",
                tuple(
                    params[k] if k in params else compiled.params[k] for k in compiled.positiontup
                ),
            ).all()
            assert any("PRIMARY KEY" in str(r[-1]) for r in plan), plan
        else:
            plan = (
                conn.exec_driver_sql(f"EXPLAIN {compiled}", {**compiled.params, **params})
                .mappings()
                .all()
            )
            assert plan[0]["key"] == "PRIMARY" and plan[0]["type"] == "range", plan


@pytest.fixture
def maria(mysql_factory) -> Iterator[tuple[Database, str]]:
    """A seeded MariaDB database and its URL (for more real connections)."""
    url = mysql_factory.create()
    db = open_db(url)
    seed_reference(db)
    yield db, url
    db.dispose()


@pytest.mark.mysql
def test_a_held_patient_row_does_not_block_other_writers(maria, clock: FakeClock) -> None:
    """A macro holds one patient row, uncommitted: other screens, other macros and entry
    files write at once (with the revision row they all waited for the macro)."""
    seeded, backend_url = maria
    held, other = _patient(seeded, "HELD"), _patient(seeded, "OTHER")
    holder_db = Database.from_url(backend_url)
    writer_db = Database.from_url(backend_url)

    @event.listens_for(writer_db.engine, "connect")
    def _short_waits(dbapi_conn, _record) -> None:
        with dbapi_conn.cursor() as cur:  # fail in 5 s instead of 50 when blocked
            cur.execute("SET SESSION innodb_lock_wait_timeout = 5")

    t = seeded.tables
    release = threading.Event()
    holding = threading.Event()

    def hold() -> None:
        with holder_db.engine.begin() as conn:
            conn.execute(
                t.encours.update().where(t.encours.c.EC_PK == held).values(EC_Commentaire="held")
            )
            holding.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(10)
    durations = {}
    try:
        t0 = time.monotonic()
        _macro(writer_db, "G-NEW", "NEW")  # another macro: a new patient and a task
        durations["macro"] = time.monotonic() - t0
        t0 = time.monotonic()
        BoardService(writer_db, clock).set_comment(other, "tap")  # a tap on another patient
        durations["tap"] = time.monotonic() - t0
        t0 = time.monotonic()
        feed = BoardFeed(writer_db, clock)
        board = feed.check()  # the board's check and reload
        durations["check"] = time.monotonic() - t0
        assert board is not None and board.patient(other).comment == "tap"
    finally:
        release.set()
        holder.join(30)
        holder_db.dispose()
        writer_db.dispose()
    # Each would have waited for the holder (innodb_lock_wait_timeout, 50 s) before.
    assert max(durations.values()) < 5, durations


@pytest.mark.mysql
def test_change_committed_out_of_id_order_is_seen(maria, clock: FakeClock) -> None:
    """Transaction A takes change id n, B takes n+1 and commits first; the board sees B.
    When A commits, the board must still see A's change (its id is below the largest)."""
    seeded, backend_url = maria
    pk = _patient(seeded, "ORDER")
    db_a, db_b = Database.from_url(backend_url), Database.from_url(backend_url)
    t = seeded.tables
    feed = BoardFeed(seeded, clock)
    feed.check()
    conn_a = db_a.engine.connect()
    tx_a = conn_a.begin()
    conn_a.execute(t.encours_taches.insert().values(EN_PK_encours=pk, EN_Code_tache="ECG"))
    try:
        with db_b.engine.begin() as conn_b:
            conn_b.execute(
                t.encours_taches.insert().values(EN_PK_encours=pk, EN_Code_tache="BIO C")
            )
        board = feed.check()
        assert board is not None and [x.code for x in board.patient(pk).tasks] == ["BIO C"]
        assert feed.check() is None
        tx_a.commit()
    finally:
        conn_a.close()
        db_a.dispose()
        db_b.dispose()
    board = feed.check()
    assert board is not None, "a change committed after a later one was never seen"
    assert sorted(x.code for x in board.patient(pk).tasks) == ["BIO C", "ECG"]


def test_feed_window_moves_without_missing_a_change(seeded: Database, clock: FakeClock) -> None:
    """The window of recent ids moves on (look-back elapsed): changes are still all seen,
    and the idle check still returns nothing."""
    ticks = [0.0]
    feed = BoardFeed(seeded, clock, monotonic=lambda: ticks[0])
    feed.check()
    for i in range(6):
        _patient(seeded, f"W{i}")
        ticks[0] += 40  # past the look-back: the floor moves
        board = feed.check()
        assert board is not None and f"W{i}" in [p.last_name for p in board.patients()]
        ticks[0] += 40
        assert feed.check() is None
    assert feed.floor > 0


def test_prune_keeps_recent_rows_and_the_newest(seeded: Database, clock: FakeClock) -> None:
    from synoptux.services.live import prune_changes

    for i in range(30):
        _patient(seeded, f"P{i}")
    c = seeded.tables.changes.c
    with seeded.connect() as conn:
        rows, top = conn.execute(select(func.count(), func.max(c.CH_Id))).one()
    assert rows >= 30
    ticks = [0.0]
    feed = BoardFeed(seeded, clock, monotonic=lambda: ticks[0])
    feed.check()
    assert prune_changes(seeded, top + 100, batch=7) == rows - 1  # never the newest row
    with seeded.connect() as conn:
        assert conn.execute(select(func.count(), func.max(c.CH_Id))).one() == (1, top)
    _patient(seeded, "AFTER")
    assert "AFTER" in [p.last_name for p in feed.check().patients()]


def test_feed_prunes_in_the_background(seeded: Database, clock: FakeClock) -> None:
    ticks = [0.0]
    feed = BoardFeed(seeded, clock, monotonic=lambda: ticks[0])
    feed.check()
    for i in range(5):
        _patient(seeded, f"OLD{i}")
    feed.check()
    c = seeded.tables.changes.c

    def count() -> int:
        with seeded.connect() as conn:
            return conn.execute(select(func.count()).select_from(seeded.tables.changes)).scalar()

    old = count()
    for _ in range(20):  # twenty minutes of idle checks (a safety reload every 5 min)
        ticks[0] += 60
        feed.check()
    assert count() == 1 < old  # retention elapsed: only the newest row is kept
    with seeded.connect() as conn:
        assert conn.execute(select(func.max(c.CH_Id))).scalar() is not None


def _install_revision_triggers(db: Database) -> None:
    """The schema of the previous version: every trigger bumps one revision row."""
    t = db.tables
    rev = t.revision.name
    with db.engine.begin() as conn:
        for name in existing_triggers(conn, t):
            conn.execute(text(f"DROP TRIGGER {name}"))
        for base in WATCHED:
            for op in OPS:
                name = f"{t.prefix}stx_rev_{base}_{op[:3].lower()}"
                bump = f"UPDATE {rev} SET RV_Valeur = RV_Valeur + 1 WHERE RV_Id = 1"
                if db.dialect == "sqlite":
                    conn.execute(
                        text(
                            f"CREATE TRIGGER {name} AFTER {op} ON {t.name(base)} BEGIN {bump}; END"
                        )
                    )
                else:
                    conn.execute(
                        text(
                            f"CREATE TRIGGER {name} AFTER {op} ON {t.name(base)} FOR EACH ROW {bump}"
                        )
                    )
        conn.execute(
            t.meta.update().where(t.meta.c.SM_Cle == "schema_version").values(SM_Valeur="1")
        )


def _all_trigger_names(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        if db.dialect == "sqlite":
            rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'"))
        else:
            rows = conn.execute(
                text(
                    "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS "
                    "WHERE TRIGGER_SCHEMA = DATABASE()"
                )
            )
        return {r[0] for r in rows}


def test_revision_row_schema_is_migrated(seeded: Database, clock: FakeClock) -> None:
    pk = _patient(seeded, "KEPT")
    _install_revision_triggers(seeded)
    with seeded.connect() as conn:
        assert not triggers_complete(conn, seeded.tables)
    feed = BoardFeed(seeded, clock)
    assert feed.check() is not None and feed.mode != TRIGGERS  # old schema: keys and counts
    report = ensure_schema(seeded)
    assert report.triggers == "installed"
    names = _all_trigger_names(seeded)
    assert not any("stx_rev_" in n for n in names)  # the hot row is bumped no more
    with seeded.connect() as conn:
        assert triggers_complete(conn, seeded.tables)
        rv = conn.execute(select(seeded.tables.revision.c.RV_Valeur)).scalar()
    _patient(seeded, "NEW")
    with seeded.connect() as conn:
        assert conn.execute(select(seeded.tables.revision.c.RV_Valeur)).scalar() == rv
    board = BoardFeed(seeded, clock).check()
    assert {p.last_name for p in board.patients()} == {"KEPT", "NEW"}
    assert board.patient(pk).last_name == "KEPT"
    assert ensure_schema(seeded).triggers == "present"  # twice changes nothing


@pytest.mark.parametrize("prefix", ["ST_", "synopt_"])
def test_change_log_under_a_prefix(backend_url: str, prefix: str, clock: FakeClock) -> None:
    db = open_db(backend_url, prefix)
    try:
        feed = BoardFeed(db, clock)
        assert feed.check() is not None and feed.mode == TRIGGERS
        _patient(db, "PREFIXED")
        assert [p.last_name for p in feed.check().patients()] == ["PREFIXED"]
        assert db.tables.changes.name == f"{prefix}synoptux_changes"
    finally:
        db.dispose()

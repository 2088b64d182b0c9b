"""The change feed (services.live.BoardFeed) on real databases: SQLite and MariaDB."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import event, text

from synoptux.db.engine import Database, DatabaseUnavailable
from synoptux.db.schema import OPS, existing_triggers, trigger_name
from synoptux.db.tables import WATCHED
from synoptux.domain.clock import FakeClock
from synoptux.services.board import BoardService
from synoptux.services.live import FALLBACK, BoardFeed
from tests.support.db import open_db


class StatementLog:
    def __init__(self, db: Database) -> None:
        self.statements: list[str] = []
        event.listen(db.engine, "before_cursor_execute", self._on)

    def _on(self, _conn, _cursor, statement, *_args) -> None:
        text_ = " ".join(statement.split())
        if text_.upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):  # transaction control only
            self.statements.append(text_)


def _macro(db: Database, guid: str, name: str) -> None:
    """The MedinTux macro of manual 4.2, as MedinTux runs it once expanded (SQL text)."""
    with db.engine.begin() as conn:
        pk = conn.execute(text(f"SELECT EC_PK FROM encours WHERE EC_GUIDPatient='{guid}'")).scalar()
        if pk is None:
            conn.execute(
                text(
                    "INSERT INTO encours (EC_CodeBox,EC_NomPatient,EC_PrenomPatient,EC_Medecin,"
                    "EC_GUIDPatient,EC_Replier,EC_Commentaire,EC_HeureEntree,EC_ProgAnnexe,"
                    f"EC_ArgsAnnexe) VALUES ('A1','{name}','Paul','0C1D-USER-GUID','{guid}','1',"
                    "'URGENCES MARIGNANE','2026-11-23 10:00:00','../../drtux/bin/drtux','ro|ro|x|1')"
                )
            )
            pk = conn.execute(
                text(f"SELECT EC_PK FROM encours WHERE EC_GUIDPatient='{guid}'")
            ).scalar()
        conn.execute(
            text(
                "INSERT INTO encours_taches(EN_PK_encours,EN_Code_tache,EN_Comment,EN_HeureDebPrevue,"
                f"EN_HeureFinPrevue,EN_Priorite)VALUES('{pk}','ECG','Circonstances','2026-11-23 "
                "10:00:00','2026-11-23 10:10:00','3')"
            )
        )


def test_macro_statements_reach_the_board(
    seeded: Database, other: Database, clock: FakeClock
) -> None:
    feed = BoardFeed(seeded, clock)
    feed.check()
    _macro(other, "GUID-MACRO-1", "MACRO")
    board = feed.check()
    assert board is not None
    (p,) = [p for p in board.patients() if p.guid == "GUID-MACRO-1"]
    assert p.last_name == "MACRO" and [t.code for t in p.tasks] == ["ECG"]
    _macro(other, "GUID-MACRO-1", "MACRO")  # the same macro again: a second task
    board = feed.check()
    assert len(board.patients()[0].tasks) == 2
    assert feed.check() is None


def test_plug_script_delete_reaches_the_board(
    seeded: Database, other: Database, clock: FakeClock
) -> None:
    _macro(other, "G-DEL", "GONE")
    feed = BoardFeed(seeded, clock)
    assert len(feed.check().patients()) == 1
    with other.engine.begin() as conn:
        pk = conn.execute(text("SELECT EC_PK FROM encours")).scalar()
        conn.execute(text(f"DELETE FROM encours WHERE EC_PK={pk}"))
    board = feed.check()
    assert board is not None and "GONE" not in [p.last_name for p in board.patients()]


def test_two_boards_stay_in_step(seeded: Database, other: Database, clock: FakeClock) -> None:
    _macro(other, "G-2", "TWO")
    feed_a, feed_b = BoardFeed(seeded, clock), BoardFeed(other, clock)
    feed_a.check(), feed_b.check()
    screen_a = BoardService(seeded, clock, actor="screen-a")
    pid = BoardFeed(seeded, clock).check().patients()[0].id
    screen_a.set_comment(pid, "vu par A")
    screen_a.move_patient(pid, "S3")
    board_b = feed_b.check()
    board_a = feed_a.check()
    assert board_a is not None and board_b is not None
    assert board_a.patients() == board_b.patients()
    assert board_b.patient(pid).comment == "vu par A" and board_b.patient(pid).box_code == "S3"
    BoardService(other, clock, actor="screen-b").set_folded(pid, True)
    assert feed_a.check().patient(pid).folded
    assert feed_b.check().patient(pid).folded


def _drop_triggers(db: Database) -> None:
    with db.engine.begin() as conn:
        names = existing_triggers(conn, db.tables)
        for base in WATCHED:
            for op in OPS:
                name = trigger_name(db.tables, base, op)
                if name in names:
                    conn.execute(text(f"DROP TRIGGER {name}"))


def test_fallback_on_keys_and_counts_without_triggers(
    seeded: Database, other: Database, clock: FakeClock
) -> None:
    _drop_triggers(seeded)
    ticks = [0.0]
    feed = BoardFeed(seeded, clock, fallback_reload=60.0, monotonic=lambda: ticks[0])
    assert feed.check() is not None and feed.mode == FALLBACK
    log = StatementLog(seeded)
    assert feed.check() is None
    assert len(log.statements) == 1  # one row of keys and counts
    _macro(other, "G-F", "FALLBACK")  # inserts: seen by max keys/counts
    board = feed.check()
    assert board is not None and board.patients()[0].last_name == "FALLBACK"
    pid = board.patients()[0].id
    BoardService(other, clock).set_comment(pid, "from another screen")  # update + history row
    assert feed.check().patient(pid).comment == "from another screen"
    with other.engine.begin() as conn:  # a foreign UPDATE that logs nothing
        conn.execute(text(f"UPDATE encours SET EC_Commentaire='silent' WHERE EC_PK={pid}"))
    assert feed.check() is None  # not visible in the keys and counts...
    ticks[0] += 61
    assert feed.check().patient(pid).comment == "silent"  # ...but at the periodic reload


@pytest.mark.mysql
def test_outage_through_proxy_then_recovery(proxied, clock: FakeClock) -> None:
    db, proxy, direct_url = proxied
    feed = BoardFeed(db, clock)
    assert feed.check() is not None and feed.online
    proxy.cut()
    cut_at = time.monotonic()
    while feed.check() is None and feed.online and time.monotonic() - cut_at < 5:
        pass
    assert not feed.online and feed.offline_since == clock.now()
    assert time.monotonic() - cut_at < 2.0
    with pytest.raises(DatabaseUnavailable):  # an action meanwhile: refused, nothing half done
        BoardService(db, clock).move_patient(1, "S1")
    direct = open_db(direct_url)
    _macro(direct, "G-OUT", "DURING OUTAGE")
    proxy.restore()
    board = feed.check()
    assert feed.online and board is not None  # reloaded after the outage
    assert [p.last_name for p in board.patients()] == ["DURING OUTAGE"]
    direct.dispose()


@pytest.mark.mysql
def test_deadlock_is_retried_whole(mysql_factory, clock: FakeClock) -> None:
    """Two real connections lock two rows in opposite orders: MariaDB kills one with
    1213; `Database.transaction` runs that one again from the start and both commit."""
    url = mysql_factory.create()
    db_a, db_b = open_db(url), open_db(url)
    with db_a.engine.begin() as conn:
        # synoptux_meta: a table the change triggers do not watch
        conn.execute(
            text("INSERT INTO synoptux_meta (SM_Cle, SM_Valeur) VALUES ('X', '-'), ('Y', '-')")
        )
    barrier = threading.Barrier(2, timeout=10)
    attempts = {"a": 0, "b": 0}

    def work(name: str, first: str, second: str):
        def tx(conn) -> None:
            attempts[name] += 1
            conn.execute(
                text(
                    f"UPDATE synoptux_meta SET SM_Valeur=CONCAT(SM_Valeur,'{name}') "
                    f"WHERE SM_Cle='{first}'"
                )
            )
            if attempts[name] == 1:
                barrier.wait()  # both hold their first row: the second UPDATEs cross
            conn.execute(
                text(
                    f"UPDATE synoptux_meta SET SM_Valeur=CONCAT(SM_Valeur,'{name}') "
                    f"WHERE SM_Cle='{second}'"
                )
            )

        return tx

    errors: list[BaseException] = []

    def run(db: Database, fn) -> None:
        try:
            db.transaction(fn)
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=run, args=(db_a, work("a", "X", "Y"))),
        threading.Thread(target=run, args=(db_b, work("b", "Y", "X"))),
    ]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert errors == []
    assert sorted(attempts.values()) == [1, 2]  # exactly one victim, retried once
    with db_a.engine.connect() as conn:
        labels = dict(
            conn.execute(
                text("SELECT SM_Cle, SM_Valeur FROM synoptux_meta WHERE SM_Cle IN ('X', 'Y')")
            ).all()
        )
    assert sorted(labels["X"][1:]) == ["a", "b"] and sorted(labels["Y"][1:]) == ["a", "b"]
    db_a.dispose()
    db_b.dispose()


@pytest.mark.mysql
def test_connection_dropped_by_the_server_never_shows(mysql_factory, clock: FakeClock) -> None:
    """wait_timeout, a server restart, a proxy: the feed's connection is killed under it.
    The check is retried on a fresh connection: no outage is reported."""
    from sqlalchemy.engine import make_url

    from synoptux.services.live import feed_database

    url = mysql_factory.create()
    db = open_db(url)
    feed = BoardFeed(feed_database(db), clock)
    assert feed.check() is not None
    name = make_url(url).database
    with db.engine.connect() as conn:
        me = conn.execute(text("SELECT CONNECTION_ID()")).scalar()
        ids = (
            conn.execute(
                text("SELECT ID FROM information_schema.PROCESSLIST WHERE DB = :d AND ID <> :me"),
                {"d": name, "me": me},
            )
            .scalars()
            .all()
        )
        assert ids
        for i in ids:
            conn.execute(text(f"KILL CONNECTION {int(i)}"))
    assert feed.check() is None
    assert feed.online and feed.offline_since is None
    feed.db.dispose()
    db.dispose()

"""The change feed on a cluster: ids from three nodes interleave and commit out of order,
boards prune the log on two nodes while macros write on the third, and our own
transactions are retried when certification fails at COMMIT."""

from __future__ import annotations

import threading
import time

import pymysql
import pytest
from sqlalchemy import select, text

from synoptux.db.engine import Database
from synoptux.db.schema import ensure_schema
from synoptux.services.live import BoardFeed, prune_changes
from synoptux.services.seed import seed_reference

pytestmark = pytest.mark.galera


def _raw(galera_db, node: int, autocommit: bool = True) -> pymysql.connections.Connection:
    n = galera_db.cluster.node(node)
    return pymysql.connect(
        host="127.0.0.1",
        port=n.port,
        user="root",
        database=galera_db.name,
        autocommit=autocommit,
        charset="utf8mb4",
    )


def _insert_patient(cur, name: str) -> int:
    cur.execute(
        "INSERT INTO encours (EC_CodeBox, EC_NomPatient, EC_PrenomPatient, EC_HeureEntree) "
        "VALUES ('A1', %s, 'Macro', NOW())",
        (name,),
    )
    return cur.lastrowid


def _names(board) -> set[str]:
    return {p.last_name for p in board.patients()}


def _wait_board(feed: BoardFeed, want: str, timeout: float = 5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        board = feed.check()
        if board is not None and want in _names(board):
            return board
        time.sleep(0.05)
    return None


@pytest.fixture
def site(galera_db):
    db = Database.from_url(galera_db.url())
    ensure_schema(db)
    seed_reference(db)
    yield db
    db.dispose()


def test_late_commit_of_a_smaller_id_from_another_node_is_seen(galera_db, site):
    feed = BoardFeed(Database.from_url(galera_db.url(first=1)))
    assert feed.check() is not None  # the first board
    slow = _raw(galera_db, 2, autocommit=False)  # a macro's transaction on node 2, open
    cur = slow.cursor()
    _insert_patient(cur, "LATE")
    cur.execute("SELECT MAX(CH_Id) FROM synoptux_changes")
    late_id = cur.fetchone()[0]
    fast = _raw(galera_db, 3)
    seen_above = None
    for i in range(20):  # node 3 commits until one of its ids is above node 2's open one
        _insert_patient(fast.cursor(), f"FAST{i}")
        board = _wait_board(feed, f"FAST{i}")
        assert board is not None, "a commit on node 3 not seen by the board on node 1"
        with site.connect() as conn:
            top = conn.execute(text("SELECT MAX(CH_Id) FROM synoptux_changes")).scalar()
        if top > late_id:
            seen_above = top
            break
    assert seen_above is not None
    assert late_id % 3 != seen_above % 3  # two nodes' interleaved sequences
    slow.commit()  # id late_id < ids already seen: it never raises the maximum
    assert _wait_board(feed, "LATE") is not None, "a late commit of a smaller id was missed"
    slow.close()
    fast.close()
    feed.db.dispose()


def test_two_boards_prune_on_two_nodes_while_macros_write_on_the_third(galera_db, site):
    stop = threading.Event()
    failures: list[str] = []
    written = [0]

    def macro() -> None:
        conn = _raw(galera_db, 3)
        cur = conn.cursor()
        while not stop.is_set():
            try:
                pk = _insert_patient(cur, f"P{written[0]}")
                cur.execute("UPDATE encours SET EC_Commentaire = 'x' WHERE EC_PK = %s", (pk,))
                written[0] += 2
            except pymysql.MySQLError as exc:  # no retry: a macro cannot
                failures.append(str(exc))
        conn.close()

    for i in range(300):  # something to prune
        _insert_patient(_raw(galera_db, 3).cursor(), f"OLD{i}")
    writer = threading.Thread(target=macro)
    writer.start()
    prune_errors: list[str] = []
    boards = [Database.from_url(galera_db.url(first=n)) for n in (1, 2)]

    def pruner(db: Database) -> None:
        for _ in range(15):
            with db.connect() as conn:
                top = conn.execute(text("SELECT MAX(CH_Id) FROM synoptux_changes")).scalar()
            try:
                prune_changes(db, top - 5, batch=50)
            except Exception as exc:  # counted below
                prune_errors.append(str(getattr(exc, "orig", exc)))
            time.sleep(0.05)

    threads = [threading.Thread(target=pruner, args=(db,)) for db in boards]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    writer.join()
    assert written[0] > 50
    assert failures == [], f"macro writes failed because of the pruning: {failures[:3]}"
    # Two boards pruning the same rows on two nodes: the later one is refused at COMMIT
    # (1213); BoardFeed takes that as "already pruned" and says nothing.
    assert all("1213" in e or "Deadlock" in e for e in prune_errors), prune_errors[:3]
    with boards[0].connect() as conn:
        left = conn.execute(text("SELECT COUNT(*) FROM synoptux_changes")).scalar()
    assert left < 300
    for db in boards:
        db.dispose()


def test_certification_failure_at_commit_is_retried_transparently(galera_db, site):
    """Two screens on two nodes change the same row at the same moment: Galera lets both
    run and refuses the second at COMMIT (1213); `Database.transaction` runs it again."""
    dbs = [Database.from_url(galera_db.url(first=n)) for n in (1, 2)]
    with dbs[0].connect() as conn:
        pk = conn.execute(select(site.tables.encours.c.EC_PK).limit(1)).scalar()
    if pk is None:
        with _raw(galera_db, 1) as c:
            pk = _insert_patient(c.cursor(), "SHARED")
        time.sleep(0.2)
    barrier = threading.Barrier(2, timeout=10)
    attempts = [0, 0]
    errors: list[BaseException] = []
    enc = site.tables.encours

    def screen(i: int) -> None:
        def tx(conn) -> None:
            attempts[i] += 1
            conn.execute(
                enc.update().where(enc.c.EC_PK == pk).values(EC_Commentaire=func_concat(conn, i))
            )
            if attempts[i] == 1:
                barrier.wait()  # both have written, neither has committed

        try:
            dbs[i].transaction(tx)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=screen, args=(i,)) for i in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(attempts) == [1, 2], attempts  # one was refused once, then ran again
    time.sleep(0.3)
    with dbs[0].connect() as conn:
        comment = conn.execute(select(enc.c.EC_Commentaire).where(enc.c.EC_PK == pk)).scalar()
    assert sorted(comment.split("+")[1:]) == ["0", "1"], comment  # both updates kept
    for db in dbs:
        db.dispose()


def func_concat(conn, i: int):
    """EC_Commentaire + '+i' (each screen appends its mark: both must survive)."""
    from sqlalchemy import func, literal

    enc_comment = text("COALESCE(EC_Commentaire, '')")
    return func.concat(enc_comment, literal(f"+{i}"))

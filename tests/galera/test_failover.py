"""A node dies, the boards go on (short versions; bench/galera.py times it with the real
LiveFeed and widgets)."""

from __future__ import annotations

import signal
import threading
import time

import pymysql
import pytest
from sqlalchemy import select, text

from synoptux.db.engine import Database, DatabaseUnavailable, OutcomeUnknown, failover_of
from synoptux.db.schema import ensure_schema
from synoptux.services.board import BoardService
from synoptux.services.history import Action
from synoptux.services.live import BoardFeed, feed_database
from synoptux.services.seed import seed_demo, seed_reference
from tests.support.clock import T0

pytestmark = pytest.mark.galera


@pytest.fixture
def site(galera_db):
    db = Database.from_url(galera_db.url())
    ensure_schema(db)
    seed_reference(db)
    seed_demo(db, T0)
    yield db
    db.dispose()


class Poller(threading.Thread):
    """A board's live feed: one check every 150 ms, each result timed."""

    def __init__(self, feed: BoardFeed) -> None:
        super().__init__(daemon=True)
        self.feed = feed
        self.stop = threading.Event()
        self.events: list[tuple[float, bool, str, set[str] | None]] = []

    def run(self) -> None:
        while not self.stop.is_set():
            board = self.feed.check()
            hosts = failover_of(self.feed.db.engine)
            names = {p.last_name for p in board.patients()} if board is not None else None
            self.events.append((time.monotonic(), self.feed.online, str(hosts.current), names))
            time.sleep(0.15)


def _macro(galera_db, node: int, stop: threading.Event, done: list) -> None:
    n = galera_db.cluster.node(node)
    conn = pymysql.connect(
        host="127.0.0.1", port=n.port, user="root", database=galera_db.name, autocommit=True
    )
    i = 0
    while not stop.is_set():
        i += 1
        conn.cursor().execute(
            "INSERT INTO encours (EC_CodeBox, EC_NomPatient, EC_HeureEntree) VALUES ('A1', %s, NOW())",
            (f"MACRO{i}",),
        )
        done.append((f"MACRO{i}", time.monotonic()))
        time.sleep(0.2)
    conn.close()


@pytest.mark.parametrize("how", ["kill", "freeze"])
def test_the_board_goes_on_when_its_node_dies(galera_db, site, how):
    cluster = galera_db.cluster
    feed = BoardFeed(feed_database(Database.from_url(galera_db.url(first=1))))
    poller = Poller(feed)
    poller.start()
    stop, written = threading.Event(), []
    macro = threading.Thread(target=_macro, args=(galera_db, 2, stop, written))
    macro.start()
    time.sleep(1.0)
    assert poller.events and poller.events[-1][2] == cluster.node(1).address
    t_kill = time.monotonic()
    cluster.kill_node(1, signal.SIGKILL if how == "kill" else signal.SIGSTOP)
    time.sleep(10)  # past the cluster's pause (evs.suspect_timeout) and more
    stop.set()
    macro.join()
    time.sleep(1.0)  # the board's next checks see the macro's last rows
    poller.stop.set()
    poller.join()
    after = [e for e in poller.events if e[0] > t_kill]
    offline = [e[0] - t_kill for e in after if not e[1]]
    elsewhere = [e[0] - t_kill for e in after if e[1] and e[2] != cluster.node(1).address]
    # Banner: only if no node answered; then within 2 s (a frozen node: the 2 s feed timeout).
    assert not offline or offline[0] <= 2.5, offline[:3]
    assert elsewhere and elsewhere[0] <= 5.0, elsewhere[:3]
    assert after[-1][1], "the board ended offline"
    # Every row a macro wrote after the death reached the board.
    late = [name for name, t in written if t > t_kill]
    assert late
    seen = set().union(*(e[3] for e in after if e[3] is not None))
    assert set(late) <= seen, sorted(set(late) - seen)
    feed.db.dispose()
    cluster.ensure_whole()
    assert cluster.transfer(1) == "IST"  # killed and restarted, or thawed: it caught up by IST


def test_taps_while_the_node_dies_are_applied_once_or_reported(galera_db, site):
    cluster = galera_db.cluster
    service = BoardService(Database.from_url(galera_db.url(first=1)), actor="tapper")
    with site.connect() as conn:
        pid = conn.execute(select(site.tables.encours.c.EC_PK).limit(1)).scalar()
    outcomes: dict[str, str] = {}
    stop = threading.Event()

    def nurse() -> None:
        i = 0
        while not stop.is_set():
            i += 1
            token = f"tap{i:04d}"
            try:
                service.set_comment(pid, token)
                outcomes[token] = "done"
            except OutcomeUnknown:
                outcomes[token] = "unknown"  # the screen says: may or may not be saved
            except DatabaseUnavailable:
                outcomes[token] = "not done"  # the screen says: nothing was changed
            time.sleep(0.03)

    t = threading.Thread(target=nurse)
    t.start()
    time.sleep(1.0)
    cluster.kill_node(1)
    time.sleep(9)
    stop.set()
    t.join()
    h = site.tables.historique
    reader = Database.from_url(galera_db.node_url(2))
    with reader.connect() as conn:
        rows = (
            conn.execute(select(h.c.HI_Commentaire).where(h.c.HI_Action == Action.COMMENT.value))
            .scalars()
            .all()
        )
    reader.dispose()
    saved = {}
    for token in rows:
        saved[token] = saved.get(token, 0) + 1
    assert max(saved.values()) == 1, "an action applied twice"
    for token, outcome in outcomes.items():
        if outcome == "done":
            assert saved.get(token) == 1, f"{token}: said done, not saved"
        elif outcome == "not done":
            assert token not in saved, f"{token}: said nothing was changed, but saved"
    assert sum(1 for o in outcomes.values() if o == "done") > 50
    service.db.dispose()


def test_a_node_cut_off_from_the_cluster_is_passed_over(galera_db, site):
    """Node 3 alone in a non-primary component answers, but every query fails with 1047
    ('WSREP has not yet prepared node for application use'): new connections go to
    another node, and a transaction already on node 3 runs again elsewhere."""
    cluster = galera_db.cluster
    db = Database.from_url(galera_db.url(first=3))
    with db.connect() as conn:  # a pooled connection on node 3
        assert conn.execute(text("SELECT @@port")).scalar() == cluster.node(3).port
    admin = pymysql.connect(host="127.0.0.1", port=cluster.node(3).port, user="root")
    admin.cursor().execute("SET GLOBAL wsrep_provider_options = 'gmcast.isolate=1'")
    try:
        deadline = time.monotonic() + 30
        while (cluster.status(3) or {}).get("wsrep_cluster_status") == "Primary":
            assert time.monotonic() < deadline
            time.sleep(0.2)
        ports = []

        def tx(conn) -> None:
            ports.append(conn.execute(text("SELECT @@port")).scalar())
            conn.execute(site.tables.destinations.insert().values(DE_Destination="ISOLATED"))

        db.transaction(tx)
        assert ports[-1] in (cluster.node(1).port, cluster.node(2).port)
        assert str(failover_of(db.engine).current) != cluster.node(3).address
        fresh = Database.from_url(galera_db.url(first=3))
        with fresh.connect() as conn:
            assert conn.execute(text("SELECT @@port")).scalar() != cluster.node(3).port
        fresh.dispose()
    finally:
        admin.cursor().execute("SET GLOBAL wsrep_provider_options = 'gmcast.isolate=0'")
        admin.close()
        db.dispose()
    cluster.wait_synced(size=3, timeout=60)

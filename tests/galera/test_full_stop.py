"""The whole cluster stops, then starts again as docs/galera.md says (the harness follows the
same procedure): the board's data is all there, and a board waiting meanwhile shows its
banner, then the board again."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import func, select

from synoptux.db.engine import Database
from synoptux.db.schema import ensure_schema
from synoptux.services.live import BoardFeed, feed_database
from synoptux.services.seed import seed_demo, seed_reference
from tests.support.clock import T0

pytestmark = pytest.mark.galera


def _patients(db: Database) -> int:
    with db.connect() as conn:
        return conn.execute(select(func.count()).select_from(db.tables.encours)).scalar()


@pytest.mark.parametrize("how", ["clean", "crash"])
def test_whole_cluster_down_then_up_again(galera_db, how):
    cluster = galera_db.cluster
    db = Database.from_url(galera_db.url())
    ensure_schema(db)
    seed_reference(db)
    seed_demo(db, T0)
    before = _patients(db)
    feed = BoardFeed(feed_database(db))
    assert feed.check() is not None
    if how == "clean":
        cluster.stop()  # node 3, 2, then 1: node 1 left last, safe to bootstrap
    else:
        for n in cluster.nodes:  # a power cut: every grastate.dat says seqno -1
            cluster.kill_node(n.index)
    t0 = time.monotonic()
    feed.check()
    assert not feed.online and time.monotonic() - t0 < 2.0  # the banner, at once
    candidate = cluster.bootstrap_candidate()
    grastate = (cluster.node(candidate).datadir / "grastate.dat").read_text()
    assert "safe_to_bootstrap: 1" in grastate
    cluster.ensure_whole()  # bootstrap the candidate, then the others join
    deadline = time.monotonic() + 10
    while not feed.online and time.monotonic() < deadline:
        feed.check()
        time.sleep(0.2)
    assert feed.online
    assert _patients(db) == before
    feed.db.dispose()
    db.dispose()

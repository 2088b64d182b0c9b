"""`synoptux upgrade` on a cluster: the adopted 2.x database ends in Galera's shape, the same
on every node, and two upgrades on two nodes cannot run at once.

A 2.x site on a cluster has MyISAM tables, whose rows Galera does not replicate: they
exist on the node 2.x wrote to. `ALTER TABLE ... ENGINE=InnoDB` runs on every node
over that node's own rows, so the other nodes ended with empty tables."""

from __future__ import annotations

import json
import threading
import uuid

import pytest
from sqlalchemy import create_engine, text

from synoptux.db.backup import fingerprint
from synoptux.db.galera import shape_problems
from synoptux.db.upgrade import UpgradeError, exclusive, open_for_upgrade, upgrade
from tests.support.galera import strict_replication
from tests.upgrade.legacy_db import LEGACY_BASES, build_legacy

pytestmark = pytest.mark.galera
PREFIX = "synopt_"


@pytest.fixture
def legacy(cluster, tmp_path):
    """A 2.x database (MyISAM, latin1) built through node 1, as 2.x screens would have."""
    name = f"stx_g2x_{uuid.uuid4().hex[:8]}"
    admin = create_engine(cluster.node_url(1), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET latin1"))
    facts = build_legacy(cluster.node_url(1, name), PREFIX, "latin1", patients=60, history=200)
    yield name, facts
    cluster.ensure_whole()
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
    admin.dispose()


def _quiet(_line: str) -> None:
    pass


def _tables(cluster, name: str, node: int) -> dict[str, tuple[int, str]]:
    engine = create_engine(cluster.node_url(node, name) + "?charset=utf8mb4")
    out = {}
    try:
        for base in LEGACY_BASES:
            table = f"{PREFIX}{base}"
            with engine.connect() as conn:
                cols = [r[0] for r in conn.execute(text(f"SHOW COLUMNS FROM `{table}`"))]
            fp = fingerprint(engine, table, cols)
            out[table] = (fp.count, fp.digest)
    finally:
        engine.dispose()
    return out


def test_upgrade_on_a_cluster_gives_every_node_the_same_innodb_tables(cluster, legacy, tmp_path):
    name, facts = legacy
    db = open_for_upgrade(cluster.url(name, first=1) + "?charset=utf8mb4", PREFIX)
    try:
        upgrade(db, tmp_path / "backups", out=_quiet)
    finally:
        db.dispose()
    per_node = {node: _tables(cluster, name, node) for node in (1, 2, 3)}
    for table, count in facts.counts.items():
        assert per_node[1][f"{PREFIX}{table}"][0] == count, table
    assert per_node[2] == per_node[1], "node 2 differs from the node the upgrade ran on"
    assert per_node[3] == per_node[1], "node 3 differs from the node the upgrade ran on"
    for node in (1, 2, 3):
        engine = create_engine(cluster.node_url(node, name))
        with engine.connect() as conn:
            names = [r[0] for r in conn.execute(text("SHOW TABLES"))]
            assert shape_problems(conn, names) == [], node
            assert not [n for n in names if "__stx_" in n]  # no leftover copy
        engine.dispose()


def test_rows_written_on_two_nodes_stop_the_upgrade(cluster, legacy, tmp_path):
    """2.x wrote to two nodes (MyISAM: each kept its own rows): copying one node's rows
    would silently drop the other's; the upgrade refuses and says where they are."""
    name, _ = legacy
    engine = create_engine(cluster.node_url(3, name) + "?charset=latin1")
    with engine.begin() as conn:
        conn.execute(
            text(
                f"INSERT INTO `{PREFIX}historique` (HI_Date, HI_Action) "
                "VALUES (NOW(), 'written on node 3')"
            )
        )
    engine.dispose()
    db = open_for_upgrade(cluster.url(name, first=1) + "?charset=utf8mb4", PREFIX)
    try:
        with pytest.raises(UpgradeError) as err:
            upgrade(db, tmp_path / "backups", out=_quiet)
    finally:
        db.dispose()
    assert f"{PREFIX}historique" in str(err.value)
    assert cluster.node(3).address in str(err.value)


def test_two_upgrades_on_two_nodes_cannot_run_at_once(cluster, legacy, tmp_path):
    name, _ = legacy
    first = open_for_upgrade(cluster.url(name, first=1) + "?charset=utf8mb4", PREFIX)
    second = open_for_upgrade(cluster.url(name, first=2) + "?charset=utf8mb4", PREFIX)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with exclusive(first):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(30)
        with pytest.raises(UpgradeError) as err:
            upgrade(second, tmp_path / "backups", out=_quiet)
        assert "another 'synoptux upgrade'" in str(err.value)
        assert cluster.node(1).address in str(err.value)
    finally:
        release.set()
        holder.join()
    # Released: the second one may go (and a lock left by a dead upgrade is taken over).
    with exclusive(second):
        pass
    first.dispose()
    second.dispose()


def test_a_lock_left_by_a_dead_upgrade_is_taken_over(cluster, legacy, tmp_path):
    name, _ = legacy
    db = open_for_upgrade(cluster.url(name, first=2) + "?charset=utf8mb4", PREFIX)
    engine = create_engine(cluster.node_url(1, name))
    with engine.begin() as conn:
        conn.execute(
            text(
                f"CREATE TABLE IF NOT EXISTS `{PREFIX}synoptux_meta` "
                "(SM_Cle VARCHAR(64) PRIMARY KEY, SM_Valeur TEXT) ENGINE=InnoDB"
            )
        )
        dead = {"server": cluster.node(1).address, "connection": 999999, "since": "yesterday"}
        conn.execute(
            text(f"INSERT INTO `{PREFIX}synoptux_meta` VALUES ('upgrade_lock', :v)"),
            {"v": json.dumps(dead)},
        )
    engine.dispose()
    with exclusive(db):
        pass
    db.dispose()


def test_strict_replication_is_named_before_anything_changes(cluster, legacy, tmp_path):
    """wsrep_mode=STRICT_REPLICATION refuses any DDL on MyISAM (error 4165 half-way through
    the upgrade); the upgrade says so first, with what to do."""
    name, _ = legacy
    db = open_for_upgrade(cluster.url(name, first=1) + "?charset=utf8mb4", PREFIX)
    try:
        with strict_replication(cluster), pytest.raises(UpgradeError) as err:
            upgrade(db, tmp_path / "backups", out=_quiet)
    finally:
        db.dispose()
    assert "STRICT_REPLICATION" in str(err.value) and "SET GLOBAL wsrep_mode" in str(err.value)
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").iterdir())

"""The harness's cluster, the schema on it, and what `doctor` says about it."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.db.galera import cluster_status, shape_problems
from synoptux.db.schema import ensure_schema, triggers_complete
from synoptux.services.doctor import run_checks

pytestmark = pytest.mark.galera


def _listening(port: int) -> list[str]:
    """Local addresses listening on `port` (from /proc/net/tcp)."""
    out = []
    for line in open("/proc/net/tcp").read().splitlines()[1:]:
        fields = line.split()
        addr, state = fields[1], fields[3]
        ip_hex, port_hex = addr.split(":")
        if state == "0A" and int(port_hex, 16) == port:
            ip = ".".join(str(int(ip_hex[i : i + 2], 16)) for i in (6, 4, 2, 0))
            out.append(ip)
    return out


def test_three_nodes_synced_and_on_loopback_only(cluster):
    for n in cluster.nodes:
        st = cluster.status(n.index)
        assert st["wsrep_local_state_comment"] == "Synced"
        assert st["wsrep_cluster_size"] == "3"
        # group communication, SQL: 127.0.0.1 only (gcomm listens on 0.0.0.0 unless told)
        assert _listening(n.gport) == ["127.0.0.1"]
        assert _listening(n.port) == ["127.0.0.1"]


def test_fresh_schema_is_fit_for_galera_on_every_node(galera_db):
    db = Database.from_url(galera_db.url())
    ensure_schema(db)
    names = [t.name for t in db.tables.all]
    for i in (1, 2, 3):
        engine = create_engine(galera_db.node_url(i))
        with engine.connect() as conn:
            assert cluster_status(conn).size == 3
            assert shape_problems(conn, names) == []
            assert triggers_complete(conn, db.tables)  # trigger DDL reached every node
        engine.dispose()
    db.dispose()


def test_shape_problems_names_myisam_and_keyless_tables(galera_db):
    engine = create_engine(galera_db.node_url(1))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE old_m (a INT PRIMARY KEY) ENGINE=MyISAM"))
        conn.execute(text("CREATE TABLE nokey (a INT) ENGINE=InnoDB"))
    with engine.connect() as conn:
        problems = shape_problems(conn, ["old_m", "nokey"])
    engine.dispose()
    assert any("old_m is MyISAM" in p for p in problems)
    assert "nokey has no primary key" in problems


def test_doctor_reports_the_cluster_and_each_server(galera_db, tmp_path):
    ini = tmp_path / "synoptux.ini"
    ini.write_text(
        f"[Connexion_SynopTux]\nURL={galera_db.url()}\n[Interface]\nDossier_Entrees={tmp_path}\n"
    )
    db = Database.from_url(galera_db.url())
    ensure_schema(db)
    db.dispose()
    checks = {c.name: c for c in run_checks(Settings.load(ini))}
    assert checks["database cluster"].ok, checks["database cluster"].detail
    assert "3 node(s)" in checks["database cluster"].detail
    assert "Synced" in checks["database cluster"].detail
    assert checks["cluster schema"].ok
    servers = checks["database servers"]
    assert servers.ok and servers.detail.count("up, Synced") == 3, servers.detail
    assert "servers 127.0.0.1:" in checks["database connection"].detail

    galera_db.cluster.kill_node(3)
    checks = {c.name: c for c in run_checks(Settings.load(ini))}
    assert not checks["database servers"].ok
    assert f"{galera_db.cluster.node(3).address} unreachable" in checks["database servers"].detail
    # the two others carry on as a cluster of two
    galera_db.cluster.wait_synced([1, 2], size=2, timeout=30)
    checks = {c.name: c for c in run_checks(Settings.load(ini))}
    assert "2 node(s)" in checks["database cluster"].detail

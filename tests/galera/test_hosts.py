"""Several servers in the ini: the host list is read, and connections go to a host that answers.

These need no cluster: dead hosts are closed ports, a frozen one is a socket that never
greets, a live one is the MariaDB test server (SYNOPTUX_TEST_MYSQL_URL)."""

from __future__ import annotations

import socket
import time

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from synoptux.config import ConfigError, Settings
from synoptux.db.engine import Database, DatabaseUnavailable, failover_of, make_engine
from synoptux.db.failover import Host, split_hosts


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now: connections are refused at once
    return port


def test_url_with_a_host_list_is_read_in_order():
    s = Settings.from_text(
        "[Connexion_SynopTux]\nURL=mysql+pymysql://stx:p%40ss@node1,node2:3307,[fe80::1]:3308/urg\n"
    )
    conn = s.connection()
    single, hosts = split_hosts(conn.url)
    assert hosts == (Host("node1", 3306), Host("node2", 3307), Host("fe80::1", 3308))
    u = make_url(conn.url)  # the rest of the code reads a normal one-host URL
    assert (u.host, u.port, u.database, u.username, u.password) == (
        "node1",
        3306,
        "urg",
        "stx",
        "p@ss",
    )
    assert conn.password == "clear"
    assert make_url(single).query == {}


def test_parametres_host_field_takes_a_list():
    s = Settings.from_text(
        "[Connexion_SynopTux]\nParametres=QMYSQL3 , urg , stx , pw , a;b ; c , 3307\n"
    )
    _, hosts = split_hosts(s.connection().url)
    assert hosts == (Host("a", 3307), Host("b", 3307), Host("c", 3307))


def test_one_host_stays_one_host():
    s = Settings.from_text("[Connexion_SynopTux]\nURL=mysql+pymysql://stx@db:3306/urg\n")
    assert s.connection().url == "mysql+pymysql://stx@db:3306/urg"
    assert failover_of(make_engine(s.connection().url)) is None


def test_a_bad_host_list_is_a_clear_configuration_error():
    s = Settings.from_text("[Connexion_SynopTux]\nURL=mysql+pymysql://stx@a,b:33x/urg\n")
    with pytest.raises(ConfigError) as err:
        s.connection()
    assert "URL" in str(err.value) and "port" in str(err.value)


def test_no_host_answers_is_database_unavailable_quickly():
    url = f"mysql+pymysql://root@127.0.0.1:{_closed_port()},127.0.0.1:{_closed_port()}/x"
    db = Database.from_url(url)
    t0 = time.monotonic()
    with pytest.raises(DatabaseUnavailable) as err:
        with db.connect() as conn:
            conn.execute(text("SELECT 1"))
    assert time.monotonic() - t0 < 2
    assert "no database server answers" in str(err.value)
    db.dispose()


@pytest.fixture
def live_server(mysql_factory):
    u = make_url(mysql_factory.create())
    return u


def test_a_dead_first_host_is_skipped_and_the_live_one_kept(live_server):
    dead = _closed_port()
    live = f"{live_server.host}:{live_server.port or 3306}"
    url = f"mysql+pymysql://root@127.0.0.1:{dead},{live}/{live_server.database}"
    db = Database.from_url(url)
    with db.connect() as conn:
        assert conn.execute(text("SELECT DATABASE()")).scalar() == live_server.database
    hl = failover_of(db.engine)
    assert str(hl.current) == live
    # Another engine on the same list (the feed's, a restarted action engine) starts with
    # the host that worked, not with the dead one.
    assert str(failover_of(make_engine(url)).order()[0]) == live
    db.dispose()


def test_a_frozen_host_costs_one_connect_timeout_not_the_read_timeout(live_server):
    frozen = socket.socket()
    frozen.bind(("127.0.0.1", 0))
    frozen.listen(8)  # the kernel completes connections; nobody ever greets
    try:
        live = f"{live_server.host}:{live_server.port or 3306}"
        url = (
            f"mysql+pymysql://root@127.0.0.1:{frozen.getsockname()[1]},{live}/"
            f"{live_server.database}?charset=utf8mb4"
        )
        db = Database.from_url(url)
        t0 = time.monotonic()
        with db.connect() as conn:
            conn.execute(text("SELECT 1"))
        took = time.monotonic() - t0
        assert took < 2.5, f"{took:.1f} s: the action engine's 10 s read timeout applied"
        assert str(failover_of(db.engine).current) == live
        db.dispose()
    finally:
        frozen.close()


def test_a_plain_server_is_fit(live_server):
    """No wsrep status at all: not a Galera node, used as it is."""
    live = f"{live_server.host}:{live_server.port or 3306}"
    db = Database.from_url(f"mysql+pymysql://root@{live},127.0.0.1:{_closed_port()}/")
    with db.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar() == 1
    db.dispose()


def test_connection_parameters_set_by_other_listeners_apply_to_every_host(live_server):
    """Timeouts and session settings that another part of the code adds with a do_connect
    listener, after the engine was made, reach the host the failover picks."""
    from sqlalchemy import event

    live = f"{live_server.host}:{live_server.port or 3306}"
    db = Database.from_url(f"mysql+pymysql://root@127.0.0.1:{_closed_port()},{live}/")

    @event.listens_for(db.engine, "do_connect")
    def _later(_dialect, _rec, _cargs, cparams) -> None:
        cparams["init_command"] = "SET @stx_probe = 42"
        cparams["read_timeout"] = 3

    with db.connect() as conn:
        assert conn.execute(text("SELECT @stx_probe")).scalar() == 42
        raw = conn.connection.dbapi_connection
        assert raw.port == (live_server.port or 3306)
    db.dispose()


def test_medintux_personnes_on_a_host_list(live_server):
    """[Connexion_MedinTux] with several servers: Personnes is read from the one that
    answers (the key carrying the list never reaches the driver)."""
    from synoptux.config import Settings
    from synoptux.services.people import PeopleFallback
    from tests.upgrade.legacy_db import add_personnes

    live = f"{live_server.host}:{live_server.port or 3306}"
    add_personnes(live_server.render_as_string(hide_password=False))
    s = Settings.from_text(
        "[Connexion_MedinTux]\n"
        f"URL=mysql+pymysql://root@127.0.0.1:{_closed_port()},{live}/{live_server.database}\n"
    )
    fallback = PeopleFallback(s.medintux_url())
    db = Database.from_url(live_server.render_as_string(hide_password=False))
    with db.connect() as conn:
        people = fallback.people(conn)
    assert fallback.source == "MedinTux connection"
    assert {p.code for p in people} >= {"A1B2C3D4-USER-GUID", "B2C3D4E5-USER-GUID"}
    fallback.dispose()
    db.dispose()


def test_an_engine_rebuilt_from_the_engine_url_keeps_the_list(live_server):
    """Code that makes a second engine from `db.engine.url` (the feed, a bounded engine)
    gets the same servers and the same preferred one."""
    live = f"{live_server.host}:{live_server.port or 3306}"
    db = Database.from_url(f"mysql+pymysql://root@127.0.0.1:{_closed_port()},{live}/")
    again = make_engine(db.engine.url.render_as_string(hide_password=False))
    assert failover_of(again) is failover_of(db.engine)
    with again.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar() == 1
    again.dispose()
    db.dispose()

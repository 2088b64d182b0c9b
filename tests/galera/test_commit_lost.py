"""A connection lost around COMMIT: never applied twice, never lost without saying so.

A TCP proxy in front of the MariaDB test server cuts the connection at a chosen moment:
- right after it forwarded COMMIT (the server commits; its answer never comes back): the
  outcome is unknown to the board, which must not run the action again (it would be
  applied twice) nor say "nothing was changed" — `OutcomeUnknown`;
- in the middle of the transaction, on a host list: the transaction died with its
  connection, so it runs again on the next host, once.
"""

from __future__ import annotations

import socket
import threading

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url

from synoptux.db.engine import Database, DatabaseUnavailable, OutcomeUnknown, failover_of
from synoptux.db.schema import ensure_schema


class CuttingProxy:
    """127.0.0.1:<port> -> upstream; `arm()`: after the next packet from the client is
    forwarded, every connection is closed before the server's answer gets back."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self._srv = socket.create_server(("127.0.0.1", 0))
        self.port = self._srv.getsockname()[1]
        self._armed = threading.Event()
        self._mute = threading.Event()
        self.cuts = 0
        self._socks: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def arm(self) -> None:
        self._armed.set()

    def cut(self) -> None:
        self.cuts += 1  # before the client can see it
        for s in list(self._socks):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
        self._socks.clear()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._srv.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            self._socks += [client, server]
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, from_client: bool) -> None:
        try:
            while data := src.recv(65536):
                if not from_client:
                    if self._mute.is_set():  # the answer to the packet that cut: dropped
                        return
                    dst.sendall(data)
                    continue
                armed = self._armed.is_set()
                if armed:
                    self._mute.set()  # no answer may get back, however fast the server
                dst.sendall(data)
                if armed:
                    self._armed.clear()
                    self.cut()
                    self._mute.clear()
                    return
        except OSError:
            pass

    def close(self) -> None:
        self._srv.close()
        for s in self._socks:
            s.close()


@pytest.fixture
def server(mysql_factory):
    url = mysql_factory.create()
    db = Database.from_url(url)
    ensure_schema(db)
    db.dispose()
    return make_url(url)


def _through(proxy: CuttingProxy, u, more: str = "") -> str:
    query = "&".join(f"{k}={v}" for k, v in u.query.items())
    return f"mysql+pymysql://root@127.0.0.1:{proxy.port}{more}/{u.database}?{query}"


def _count(u, marker: str) -> int:
    db = Database.from_url(u.render_as_string(hide_password=False))
    with db.connect() as conn:
        n = conn.execute(
            select(func.count())
            .select_from(db.tables.destinations)
            .where(db.tables.destinations.c.DE_Destination == marker)
        ).scalar()
    db.dispose()
    return n


def test_lost_during_commit_is_an_unknown_outcome_never_redone(server):
    proxy = CuttingProxy((server.host, server.port or 3306))
    db = Database.from_url(_through(proxy, server))
    event.listen(db.engine, "commit", lambda _conn: proxy.arm())
    calls = []

    def tx(conn) -> None:
        calls.append(1)
        conn.execute(db.tables.destinations.insert().values(DE_Destination="ONCE"))

    with pytest.raises(OutcomeUnknown):
        db.transaction(tx)
    assert proxy.cuts == 1
    assert calls == [1]  # not run again
    assert _count(server, "ONCE") == 1  # the server had committed it
    assert isinstance(OutcomeUnknown("x"), DatabaseUnavailable)  # the UI's outage path
    db.dispose()
    proxy.close()


def test_lost_before_commit_on_a_host_list_runs_once_on_the_next_host(server):
    proxy = CuttingProxy((server.host, server.port or 3306))
    live = f"{server.host}:{server.port or 3306}"
    db = Database.from_url(_through(proxy, server, more=f",{live}"))
    calls = []

    def tx(conn) -> None:
        calls.append(1)
        conn.execute(db.tables.destinations.insert().values(DE_Destination="MOVED"))
        if len(calls) == 1:
            proxy.arm()  # the next statement is forwarded, then the connection dies
            conn.execute(select(1))

    db.transaction(tx)
    assert len(calls) == 2
    assert str(failover_of(db.engine).current) == live
    assert _count(server, "MOVED") == 1  # the first attempt died with its connection
    db.dispose()
    proxy.close()


def test_lost_before_commit_on_one_server_says_nothing_was_done(server):
    proxy = CuttingProxy((server.host, server.port or 3306))
    db = Database.from_url(_through(proxy, server))
    calls = []

    def tx(conn) -> None:
        calls.append(1)
        conn.execute(db.tables.destinations.insert().values(DE_Destination="NEVER"))
        proxy.arm()
        conn.execute(select(1))

    with pytest.raises(DatabaseUnavailable) as err:
        db.transaction(tx)
    assert not isinstance(err.value, OutcomeUnknown)
    assert calls == [1]
    assert _count(server, "NEVER") == 0
    db.dispose()
    proxy.close()

"""Engine and transaction scope.

One short transaction per user action (the scope is the button press), retried
whole on MySQL deadlock/lock-timeout (1213, 1205) and on SQLite's "locked".
MySQL connections are pinged and recycled: an always-on board outlives
`wait_timeout`. A URL may name several servers (the nodes of a Galera cluster): see
`with_failover` and `db/failover.py`.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Connection, CursorResult, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError

from synoptux.db.failover import (
    HOSTS_KEY,
    NODE_GONE,
    HostList,
    bound_greeting,
    hosts_of,
    install_failover,
    split_hosts,
)
from synoptux.db.tables import Tables, build_tables
from synoptux.fileperm import create_file

log = logging.getLogger(__name__)
T = TypeVar("T")

RETRYABLE_MYSQL = {1213, 1205}
# A lock not granted in time (1205) or a statement stopped by `max_statement_time` (1969):
# with a short lock wait (`Database.transaction(lock_wait=...)`) these say "busy".
LOCK_TIMEOUT_MYSQL = {1205, 1969}
WRITE_OPTION = "synoptux_write"
LOST_MYSQL = {2002, 2003, 2006, 2013, 2055}
# Errors at COMMIT that say the transaction was not applied (certification failure, node
# not prepared): safe to run again; any other lost connection at COMMIT is an unknown outcome.
NOT_COMMITTED = {1213, 1205, 1047}


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached; the action was not done."""


class DatabaseBusy(DatabaseUnavailable):
    """Another connection holds a lock on what the action writes (a transaction left open,
    a long write): the server answers, but not within the action's short lock wait.
    Nothing was changed; trying again in a moment is safe."""


class OutcomeUnknown(DatabaseUnavailable):
    """The connection was lost while the server was committing: the action may or may not
    have been saved (the board, reloaded, shows which). Never retried: it could be applied
    twice."""


def _mysql_code(exc: BaseException) -> int | None:
    orig = getattr(exc, "orig", None)
    args = getattr(orig, "args", ())
    if args and isinstance(args[0], int):
        return args[0]
    return None


def is_retryable(exc: BaseException) -> bool:
    code = _mysql_code(exc)
    if code in RETRYABLE_MYSQL:
        return True
    msg = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in msg or "database table is locked" in msg


def is_lock_timeout(exc: BaseException) -> bool:
    """A lock wait that ran out (MySQL 1205, MariaDB's statement timeout 1969, SQLite's
    "database is locked" after its busy timeout); a deadlock (1213) is not one."""
    if _mysql_code(exc) in LOCK_TIMEOUT_MYSQL:
        return True
    msg = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in msg or "database table is locked" in msg


_LOCK_WAIT: ContextVar[float | None] = ContextVar("synoptux_lock_wait", default=None)


def set_lock_wait(seconds: float | None) -> None:
    """Give every `Database.transaction` of the calling thread (context) this lock wait:
    what the GUI's database thread does, so that a tap is answered within a second.
    Ingest and headless services never call it: their lock waits are retried."""
    _LOCK_WAIT.set(seconds)


def _sqlite_busy_wait(conn: Connection, seconds: float) -> Callable[[], None]:
    """SQLite: wait at most `seconds` for another writer's lock; run on the DBAPI
    connection before BEGIN IMMEDIATE (which already waits for the lock). Returns what
    puts the pool's connection back as it was."""
    raw = conn.connection.driver_connection
    assert raw is not None  # a checked-out connection has its driver's
    before = int(raw.execute("PRAGMA busy_timeout").fetchone()[0])  # the engine's own wait
    raw.execute(f"PRAGMA busy_timeout={max(1, int(seconds * 1000))}")
    return lambda: raw.execute(f"PRAGMA busy_timeout={before}")


def _mysql_lock_wait(conn: Connection, seconds: float) -> Callable[[], None]:
    """MySQL/MariaDB: inside the open transaction (SET SESSION does not commit), make its
    statements give up a lock wait after about `seconds`. MariaDB's max_statement_time
    takes fractions of a second and stops any statement, a lock wait included;
    innodb_lock_wait_timeout (whole seconds) is MySQL's fallback."""
    sets = ["innodb_lock_wait_timeout=1"]
    resets = ["innodb_lock_wait_timeout=DEFAULT"]
    if getattr(conn.dialect, "is_mariadb", False):
        sets.append(f"max_statement_time={seconds:.3f}")
        resets.append("max_statement_time=DEFAULT")
    conn.exec_driver_sql("SET SESSION " + ", ".join(sets))
    raw = conn.connection.driver_connection
    assert raw is not None  # a checked-out connection has its driver's

    def reset() -> None:
        with raw.cursor() as cur:
            cur.execute("SET SESSION " + ", ".join(resets))

    return reset


def inserted_key(result: CursorResult[Any]) -> Any:
    """The primary key of the row one INSERT wrote (SQLAlchemy's type allows None: the
    case of an executemany, which has no single key)."""
    key = result.inserted_primary_key
    if key is None:
        raise RuntimeError("the INSERT gave no primary key")
    return key[0]


def is_connection_lost(exc: BaseException) -> bool:
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    code = _mysql_code(exc)
    if code in LOST_MYSQL or code in NODE_GONE:
        return True
    msg = str(getattr(exc, "orig", exc)).lower()
    return "unable to open database file" in msg or "can't connect" in msg


def sqlite_file(url: str) -> str | None:
    """The file of a SQLite URL (None for memory or another backend)."""
    u = make_url(split_hosts(url)[0])
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
        return u.database
    return None


@dataclass(frozen=True)
class Timeouts:
    """How long the driver waits, in seconds, before the database counts as not answering.

    `connect` bounds a new connection up to the server's greeting (a frozen server's
    kernel still accepts the TCP connection: without the greeting bound it would wait the
    read timeout); `read`/`write` bound each answer and each send on an open connection
    (a server that stops answering mid-query); `lock` is SQLite's wait for another
    program's lock (`busy_timeout`)."""

    connect: float = 3.0
    read: float = 10.0
    write: float = 10.0
    lock: float = 15.0


WRITERS = Timeouts()
"""Actions and headless writers: a slow answer under load is still an answer."""
FEED = Timeouts(connect=0.8, read=0.8, write=0.8, lock=0.8)
"""The live feed's check: the board's banner must show within 2 s of an outage (the check
period, one timed-out read, and the trip to the GUI thread)."""
MEDINTUX = Timeouts(connect=2.0, read=3.0, write=3.0)
"""MedinTux's own server (its people, its notes): a frozen MedinTux must not hold the
board's refresh for long."""
UPGRADE = Timeouts(connect=10.0, read=6 * 3600.0, write=3600.0)
"""`synoptux upgrade`: converting a large 2.x history takes minutes."""
CLUSTER_PEER = Timeouts(connect=2.0, read=600.0, write=600.0)
"""The upgrade's look at the other nodes of a Galera cluster (copies, counts)."""


def _file_identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def make_engine(
    url: str,
    *,
    echo: bool = False,
    timeouts: Timeouts = WRITERS,
    pre_ping: bool = True,
    pool_size: int = 4,
    create: bool = True,
    init_command: str | None = None,
) -> Engine:
    """Create an engine for a SQLite path/URL or a MySQL/MariaDB URL (one host or several).

    `pre_ping` checks a pooled connection before use (an always-on board outlives
    `wait_timeout`); `create=False`: a missing SQLite file is an error, never a new empty
    database (a reader on a share that went away); `init_command`: a statement MariaDB runs
    on each new connection. The one place engines are made (the board's, the feed's, the
    upgrade's, MedinTux's): only the timeouts differ."""
    url, hosts = split_hosts(url)
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        engine = create_engine(u, echo=echo, connect_args={"timeout": timeouts.lock})
        path = sqlite_file(url) if not u.query.get("uri") else None
        busy_ms = max(int(timeouts.lock * 1000), 1)

        @event.listens_for(engine, "do_connect")
        def _sqlite_private_file(_dialect, _record, _cargs, _cparams):
            if path and not create and not os.path.exists(path):
                import sqlite3

                raise sqlite3.OperationalError(f"unable to open database file (no {path})")
            # SQLite would create a missing file 0644 (umask): patient names are private.
            if path and create and os.path.isdir(os.path.dirname(os.path.abspath(path))):
                create_file(path)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            # pysqlite defers BEGIN until the first write, so a transaction's reads would run
            # outside it: take transaction control ourselves (SQLAlchemy's documented recipe).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute(f"PRAGMA busy_timeout={busy_ms}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        if path and not create:

            @event.listens_for(engine, "connect")
            def _sqlite_file_seen(_dbapi_conn, record):
                record.info["synoptux_file"] = _file_identity(path)

            @event.listens_for(engine, "checkout")
            def _sqlite_same_file(_dbapi_conn, record, _proxy):
                # An open connection keeps reading a file that was deleted, renamed away or
                # replaced (a share unmounted, a restored copy): drop it, open the path again
                # (a missing file is then an error, not a ghost database).
                if _file_identity(path) != record.info.get("synoptux_file"):
                    raise DisconnectionError(f"{path} is gone or was replaced")

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            # A write transaction takes the write lock at once, so "read, check, write" (capacity,
            # purge) is atomic between screens; plain reads stay deferred and never block others.
            write = conn.get_execution_options().get(WRITE_OPTION)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    if u.get_backend_name() in ("mysql", "mariadb"):
        if u.drivername in ("mysql", "mariadb"):
            u = u.set(drivername=f"{u.get_backend_name()}+pymysql")
        query = dict(u.query)
        query.setdefault("charset", "utf8mb4")
        if hosts:  # kept in the engine's URL: an engine rebuilt from it fails over too
            query[HOSTS_KEY] = ",".join(str(h) for h in hosts)
        u = u.set(query=query)
        engine = create_engine(
            u,
            echo=echo,
            pool_pre_ping=pre_ping,
            pool_recycle=1800,
            pool_size=pool_size,
            max_overflow=pool_size,
            connect_args={
                "connect_timeout": timeouts.connect,
                "read_timeout": timeouts.read,
                "write_timeout": timeouts.write,
                **({"init_command": init_command} if init_command else {}),
            },
        )
        if not hosts:
            bound_greeting(engine)
        return with_failover(engine, hosts)
    return create_engine(u, echo=echo, pool_pre_ping=pre_ping)


# -- several servers (Galera) -----------------------------------------------------------------
def with_failover(engine: Engine, hosts: tuple | HostList | None) -> Engine:
    """`engine`, whose new connections go through `hosts` (a tuple of `failover.Host`, or
    the `HostList` of another engine, to share its preferred node): the last node that
    worked first, then the others in order, each with a short connect timeout; a node that
    went away is demoted and the pool invalidated (db/failover.py). Every engine made for
    the same site (actions, live feed, MedinTux notes) fails over together."""
    if isinstance(hosts, HostList):
        install_failover(engine, hosts.hosts, hosts)
    elif hosts:
        install_failover(engine, tuple(hosts))
    return engine


def failover_of(engine: Engine) -> HostList | None:
    """The host list `engine` fails over on, or None (one server)."""
    return hosts_of(engine)


def _put_back(conn: Connection, reset: Callable[[], None]) -> None:
    """Give a pooled connection its usual lock wait back; one that cannot be reset (its
    server went away) is dropped from the pool rather than lent with a short wait."""
    try:
        reset()
    except Exception:  # the connection is discarded, the outcome stands
        conn.invalidate()


class Database:
    """An engine plus the table registry of the site's prefix."""

    def __init__(self, engine: Engine, prefix: str = "") -> None:
        self.engine = engine
        self.tables: Tables = build_tables(prefix)

    @classmethod
    def from_url(cls, url: str, prefix: str = "") -> Database:
        return cls(make_engine(url), prefix)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        """A read-only scope (autocommit-free; rolled back at the end)."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except OperationalError as exc:
            if is_connection_lost(exc):
                raise DatabaseUnavailable(str(exc.orig)) from exc
            raise

    def transaction(
        self,
        fn: Callable[[Connection], T],
        *,
        attempts: int = 5,
        lock_wait: float | None = None,
    ) -> T:
        """Run `fn(conn)` in one transaction, retried whole on deadlock.

        Retried: deadlocks and lock timeouts (1213, 1205, SQLite "locked"), which on a
        Galera cluster include certification failures (1213, at any statement or at
        COMMIT), and a node not ready for clients (1047: nothing was applied). On a
        cluster (several hosts), a connection lost before COMMIT is retried once on the
        next node: the transaction died with its connection. A connection lost during
        COMMIT raises `OutcomeUnknown`: the change may be saved, so it is never redone.

        `lock_wait` (seconds; a tap on the board): no statement waits longer than that
        for a lock held by another connection, and such a wait raises `DatabaseBusy` at
        once (not retried: the nurse gets her answer within a second); deadlocks are
        still retried. Without it (ingest, headless services) lock waits are retried.
        Its default is the thread's `set_lock_wait`."""
        delay = 0.05
        moved = False
        lock_wait = lock_wait if lock_wait is not None else _LOCK_WAIT.get()
        for attempt in range(1, attempts + 1):
            committing = False
            try:
                with self.engine.connect() as conn:
                    sqlite = conn.dialect.name == "sqlite"
                    reset = _sqlite_busy_wait(conn, lock_wait) if lock_wait and sqlite else None
                    try:
                        conn.execution_options(**{WRITE_OPTION: True})
                        with conn.begin() as trans:
                            if lock_wait and conn.dialect.name == "mysql":
                                reset = _mysql_lock_wait(conn, lock_wait)
                            result = fn(conn)
                            committing = True
                            trans.commit()
                    finally:
                        if reset is not None:
                            _put_back(conn, reset)
                    return result
            except (OperationalError, DBAPIError) as exc:
                reason = str(getattr(exc, "orig", exc))
                lost = is_connection_lost(exc)
                if committing and lost and _mysql_code(exc) not in NOT_COMMITTED:
                    raise OutcomeUnknown(reason) from exc
                if lock_wait and not lost and is_lock_timeout(exc):
                    raise DatabaseBusy(reason) from exc
                if attempt < attempts and (is_retryable(exc) or _mysql_code(exc) == 1047):
                    log.warning("transaction retried (%s), attempt %d", reason, attempt)
                    time.sleep(delay)
                    delay *= 2
                    continue
                if lost and not moved and attempt < attempts and failover_of(self.engine):
                    moved = True  # the next connection goes to another node
                    log.warning("transaction retried on another server (%s)", reason)
                    continue
                if lost:
                    raise DatabaseUnavailable(reason) from exc
                raise
        raise AssertionError("unreachable")

    def dispose(self) -> None:
        self.engine.dispose()

"""Engine and transaction scope.

One short transaction per user action (the scope is the button press), retried
whole on MySQL deadlock/lock-timeout (1213, 1205) and on SQLite's "locked".
MySQL connections are pinged and recycled: an always-on board outlives
`wait_timeout`.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from synoptux.db.tables import Tables, build_tables
from synoptux.fileperm import create_file

log = logging.getLogger(__name__)
T = TypeVar("T")

RETRYABLE_MYSQL = {1213, 1205}
WRITE_OPTION = "synoptux_write"
LOST_MYSQL = {2002, 2003, 2006, 2013, 2055}


class DatabaseUnavailable(RuntimeError):
    """The database cannot be reached; the action was not done."""


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


def is_connection_lost(exc: BaseException) -> bool:
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    code = _mysql_code(exc)
    if code in LOST_MYSQL:
        return True
    msg = str(getattr(exc, "orig", exc)).lower()
    return "unable to open database file" in msg or "can't connect" in msg


def sqlite_file(url: str) -> str | None:
    """The file of a SQLite URL (None for memory or another backend)."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
        return u.database
    return None


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine for a SQLite path/URL or a MySQL/MariaDB URL."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        engine = create_engine(u, echo=echo, connect_args={"timeout": 15})
        path = sqlite_file(url) if not u.query.get("uri") else None

        @event.listens_for(engine, "do_connect")
        def _sqlite_private_file(_dialect, _record, _cargs, _cparams):  # noqa: ANN001
            # SQLite would create a missing file 0644 (umask): patient names are private.
            if path and os.path.isdir(os.path.dirname(os.path.abspath(path))):
                create_file(path)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # noqa: ANN001
            # pysqlite defers BEGIN until the first write, so a transaction's reads would run
            # outside it: take transaction control ourselves (SQLAlchemy's documented recipe).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA busy_timeout=15000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):  # noqa: ANN001
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
        u = u.set(query=query)
        return create_engine(
            u,
            echo=echo,
            pool_pre_ping=True,
            pool_recycle=1800,
            pool_size=4,
            max_overflow=4,
            connect_args={"connect_timeout": 3, "read_timeout": 10, "write_timeout": 10},
        )
    return create_engine(u, echo=echo, pool_pre_ping=True)


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

    def transaction(self, fn: Callable[[Connection], T], *, attempts: int = 5) -> T:
        """Run `fn(conn)` in one transaction, retried whole on deadlock."""
        delay = 0.05
        for attempt in range(1, attempts + 1):
            try:
                with self.engine.connect() as conn:
                    conn.execution_options(**{WRITE_OPTION: True})
                    with conn.begin():
                        return fn(conn)
            except (OperationalError, DBAPIError) as exc:
                if is_retryable(exc) and attempt < attempts:
                    log.warning("transaction retried (%s), attempt %d", exc.orig, attempt)
                    time.sleep(delay)
                    delay *= 2
                    continue
                if is_connection_lost(exc):
                    raise DatabaseUnavailable(str(getattr(exc, "orig", exc))) from exc
                raise
        raise AssertionError("unreachable")

    def dispose(self) -> None:
        self.engine.dispose()

"""Shared fixtures: a real SQLite file, a real MariaDB database, Qt offscreen.

MariaDB tests run when SYNOPTUX_TEST_MYSQL_URL names a server
(mysql+pymysql://root@127.0.0.1:3306); each test gets its own database,
created and dropped by the fixture.

SYNOPTUX_TEST_SQL_MODE, when set (even to an empty string), is the session `sql_mode` of
every connection the tests and the code under test open to those databases: the URL the
factory hands out carries it as PyMySQL's `init_command`, so engines built from it by our
code get it too. `.ci/run` runs the MariaDB tests once with `STRICT_ALL_TABLES` and once
with `sql_mode=''` (the server's global setting is never changed).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import quote

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from synoptux.db.engine import Database  # noqa: E402
from synoptux.db.schema import ensure_schema  # noqa: E402
from synoptux.domain.clock import FakeClock  # noqa: E402

MYSQL_SERVER = os.environ.get("SYNOPTUX_TEST_MYSQL_URL", "").rstrip("/")
NO_MYSQL = "SYNOPTUX_TEST_MYSQL_URL is not set (bash .ci/run sets it): MariaDB tests skipped"
# None: the server's own sql_mode; any string (even ''): that session sql_mode everywhere.
MYSQL_SQL_MODE = os.environ.get("SYNOPTUX_TEST_SQL_MODE")
BACKENDS = ["sqlite", pytest.param("mysql", marks=pytest.mark.mysql)]
PREFIXES = ["", "ST_", "synopt_"]
T0 = datetime(2026, 11, 23, 10, 0, 0)


def mysql_available() -> bool:
    return bool(MYSQL_SERVER)


def mysql_query() -> str:
    """The URL query of every test database: utf8mb4, and the sql_mode under test."""
    query = "charset=utf8mb4"
    if MYSQL_SQL_MODE is not None:
        mode = MYSQL_SQL_MODE.replace("'", "")
        query += "&init_command=" + quote(f"SET SESSION sql_mode='{mode}'", safe="")
    return query


def pytest_report_header(config) -> str | None:  # noqa: ANN001
    if not MYSQL_SERVER:
        return None
    mode = "server default" if MYSQL_SQL_MODE is None else repr(MYSQL_SQL_MODE)
    return f"MariaDB tests: {MYSQL_SERVER}, session sql_mode {mode}"


def pytest_collection_modifyitems(config, items) -> None:  # noqa: ANN001
    """A test that asks for a MariaDB database is a `mysql` test, marked or not (so that
    `-m mysql` runs all of them under the second sql_mode)."""
    for item in items:
        if "mysql_factory" in getattr(item, "fixturenames", ()) and not item.get_closest_marker(
            "mysql"
        ):
            item.add_marker(pytest.mark.mysql)


class MySQLDatabaseFactory:
    """Creates throw-away databases on the test server and drops them at the end."""

    def __init__(self) -> None:
        self.engine = create_engine(
            MYSQL_SERVER + "/?" + mysql_query(), isolation_level="AUTOCOMMIT"
        )
        self.names: list[str] = []

    def create(self, charset: str = "utf8mb4") -> str:
        name = f"stx_t_{uuid.uuid4().hex[:10]}"
        with self.engine.connect() as conn:
            conn.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET {charset}"))
        self.names.append(name)
        return f"{MYSQL_SERVER}/{name}?{mysql_query()}"

    def drop_all(self) -> None:
        with self.engine.connect() as conn:
            for name in self.names:
                conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
        self.engine.dispose()


@pytest.fixture
def mysql_factory() -> Iterator[MySQLDatabaseFactory]:
    if not mysql_available():
        pytest.skip(NO_MYSQL)
    factory = MySQLDatabaseFactory()
    yield factory
    factory.drop_all()


@pytest.fixture(params=BACKENDS)
def backend_url(request: pytest.FixtureRequest, tmp_path) -> str:  # noqa: ANN001
    """A URL to an empty database, on SQLite and (when available) on MariaDB."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'board.db'}"
    factory = request.getfixturevalue("mysql_factory")
    return factory.create()


@pytest.fixture
def sqlite_url(tmp_path) -> str:  # noqa: ANN001
    return f"sqlite:///{tmp_path / 'board.db'}"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


def open_db(url: str, prefix: str = "") -> Database:
    db = Database.from_url(url, prefix)
    ensure_schema(db)
    return db


@pytest.fixture
def db(backend_url: str) -> Iterator[Database]:
    """An empty, current schema (prefix "") on each backend."""
    database = open_db(backend_url)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[Database]:
    database = open_db(sqlite_url)
    yield database
    database.dispose()

"""Shared fixtures: a real SQLite file, a real MariaDB database, Qt offscreen.

MariaDB tests run when SYNOPTUX_TEST_MYSQL_URL names a server
(mysql+pymysql://root@127.0.0.1:3306); each test gets its own database, created and dropped
by the fixture. The helpers (factory, `open_db`, the sql_mode under test, T0) live in
tests/support/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The offscreen platform's screen is 800x800 and drops taps beyond it: give it the size of the
# wall screen the board is made for (before the QApplication exists).
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    _screen = Path(__file__).parent / "support" / "screen_1920x1080.json"
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen}"

import pytest

from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from tests.support.clock import T0
from tests.support.db import (
    BACKENDS,
    MYSQL_SERVER,
    MYSQL_SQL_MODE,
    NO_MYSQL,
    TEMPLATES,
    MySQLDatabaseFactory,
    mysql_available,
    open_db,
)

# The fixtures more than one folder uses, declared once (tests/support/fixtures.py).
pytest_plugins = ["tests.support.fixtures"]


def pytest_report_header(config) -> str | None:
    if not MYSQL_SERVER:
        return None
    mode = "server default" if MYSQL_SQL_MODE is None else repr(MYSQL_SQL_MODE)
    return f"MariaDB tests: {MYSQL_SERVER}, session sql_mode {mode}"


def pytest_collection_modifyitems(config, items) -> None:
    """A test that asks for a MariaDB database is a `mysql` test, marked or not (so that
    `-m mysql` runs all of them under the second sql_mode)."""
    for item in items:
        if "mysql_factory" in getattr(item, "fixturenames", ()) and not item.get_closest_marker(
            "mysql"
        ):
            item.add_marker(pytest.mark.mysql)


def pytest_sessionfinish(session, exitstatus) -> None:
    """The run's schema templates go with it (tests/support/db.py)."""
    TEMPLATES.drop_all()


@pytest.fixture
def mysql_factory() -> Iterator[MySQLDatabaseFactory]:
    if not mysql_available():
        pytest.skip(NO_MYSQL)
    factory = MySQLDatabaseFactory()
    yield factory
    factory.drop_all()


@pytest.fixture(params=BACKENDS)
def backend_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """A URL to an empty database, on SQLite and (when available) on MariaDB.

    When the test asks for `db` (which opens this URL with the current schema at once), the
    MariaDB database comes from the run's pool with that schema already in it
    (tests/support/db.py: building it per test costs seconds)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'board.db'}"
    factory = request.getfixturevalue("mysql_factory")
    if "db" in request.fixturenames:
        return factory.current()
    return factory.create()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'board.db'}"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


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

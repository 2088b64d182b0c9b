"""Fixtures of the outage tests: a MariaDB server of the tests' own (tests/support), that
they stop, kill and freeze while a real board window reads it.

The private server is started once per session on a free port with its datadir under /tmp;
each test gets a fresh seeded database on it, and finds the server running (thawed and
restarted if a test left it down). Skipped, with the reason, when mariadbd or
mariadb-install-db is not installed. The shared server on 3306 is never signalled."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from synoptux.db.engine import Database
from synoptux.db.schema import ensure_schema
from synoptux.services.seed import seed_demo, seed_reference
from tests.support.private_server import PrivateServer, unavailable_reason


@pytest.fixture(scope="session")
def private_server() -> Iterator[PrivateServer]:
    why = unavailable_reason()
    if why is not None:
        pytest.skip(why)
    server = PrivateServer()
    try:
        server.start()
        yield server
    finally:
        server.close()  # SIGCONT, then SIGKILL: whatever state the last test left


@pytest.fixture
def private_db(private_server: PrivateServer) -> Iterator[Database]:
    """A seeded database (the demo department and its patients) on the private server."""
    private_server.thaw()
    private_server.start()
    db = Database.from_url(private_server.create_database())
    ensure_schema(db)
    seed_reference(db)
    seed_demo(db, datetime.now())
    yield db
    private_server.thaw()
    db.dispose()

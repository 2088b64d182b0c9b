"""Fixtures of the live-feed tests: seeded databases, a second connection, a TCP proxy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url

from synoptux.db.engine import Database
from synoptux.services.seed import seed_reference
from tests.support.db import open_db
from tests.support.proxy import TcpProxy


@pytest.fixture
def proxied(mysql_factory) -> Iterator[tuple[Database, TcpProxy, str]]:
    """A seeded MariaDB database, reached through a TCP proxy the test can cut."""
    url = mysql_factory.create()
    direct = open_db(url)
    seed_reference(direct)
    u = make_url(url)
    proxy = TcpProxy((u.host or "127.0.0.1", u.port or 3306))
    db = Database.from_url(proxy.url(u.database))
    yield db, proxy, url
    db.dispose()
    direct.dispose()
    proxy.close()

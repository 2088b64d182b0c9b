"""The MariaDB tests run under the sql_mode `SYNOPTUX_TEST_SQL_MODE` names (see conftest)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from synoptux.db.engine import Database
from tests.support.db import MYSQL_SQL_MODE

pytestmark = pytest.mark.mysql


def test_every_connection_of_our_code_gets_the_mode_under_test(mysql_factory) -> None:
    if MYSQL_SQL_MODE is None:
        pytest.skip("SYNOPTUX_TEST_SQL_MODE is not set: the server's own sql_mode applies")
    db = Database.from_url(mysql_factory.create())  # built as the product builds its engine
    try:
        with db.connect() as conn:
            mode = conn.execute(text("SELECT @@SESSION.sql_mode")).scalar_one()
    finally:
        db.dispose()
    wanted = {m for m in MYSQL_SQL_MODE.upper().split(",") if m}
    assert set(filter(None, mode.upper().split(","))) == wanted

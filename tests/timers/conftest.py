"""Fixtures of the timer-engine tests: a seeded database and row writers.

Rows are written as the legacy writers do (plain INSERTs into encours /
encours_taches), then read back through the real snapshot.
"""

from __future__ import annotations

import pytest

from synoptux.db.engine import Database
from synoptux.services.seed import seed_reference
from tests.support.timers import Rows


@pytest.fixture
def rows(seeded: Database) -> Rows:
    return Rows(seeded)


@pytest.fixture
def sqlite_rows(sqlite_db: Database) -> Rows:
    seed_reference(sqlite_db)
    return Rows(sqlite_db)

"""Fixtures of the statistics tests: a seeded board on each backend, and helpers that
write patients, tasks and history rows the way the services and 2.x writers do."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.services.seed import seed_reference
from tests.support.stats import Ward


@pytest.fixture
def board_db(db: Database) -> Iterator[Database]:
    """The current schema with the reference set (boxes, tasks, states...)."""
    seed_reference(db)
    yield db


@pytest.fixture
def ward(board_db: Database, clock: FakeClock) -> Ward:
    return Ward(board_db, clock)

"""Fixtures of the ward tests (the board window, the admin context: tests/support/fixtures.py);
`ref_admin` is an admin service on a board with the reference set only."""

import pytest

from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.services.admin import AdminService


@pytest.fixture
def ref_admin(seeded: Database, clock: FakeClock) -> AdminService:
    return AdminService(seeded, clock, actor="poste-admin")

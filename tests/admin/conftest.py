"""Admin fixtures: an admin service on a board with the reference set (the ini, the UI
context and `ui_admin` are shared: tests/support/fixtures.py)."""

from __future__ import annotations

import pytest

from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.services.admin import AdminService


@pytest.fixture
def admin(seeded: Database, clock: FakeClock) -> AdminService:
    return AdminService(seeded, clock, actor="poste-admin")

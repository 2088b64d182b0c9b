"""Fixtures for issue 19's tests: the board UI's (a window on the demo department, on
each backend) and the admin dialogs' context; `ref_admin` is an admin service on a board
with the reference data only."""

import pytest

from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.services.admin import AdminService
from synoptux.services.seed import seed_reference
from tests.admin.conftest import calls, ctx, ini_path, ui_admin  # noqa: F401
from tests.ui.conftest import ini, seeded, seeded_sqlite, sqlite_window, window  # noqa: F401


@pytest.fixture
def ref_admin(db: Database, clock: FakeClock) -> AdminService:
    seed_reference(db)
    return AdminService(db, clock, actor="poste-admin")

"""Admin fixtures: a seeded board, a real ini file, and the UI context."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.services.admin import AdminService
from synoptux.services.board import BoardService
from synoptux.services.seed import seed_reference
from synoptux.ui.context import AppContext
from synoptux.ui.db_runner import DbRunner
from tests.support.admin import INI, Calls


@pytest.fixture
def seeded(db: Database) -> Database:
    seed_reference(db)
    return db


@pytest.fixture
def admin(seeded: Database, clock: FakeClock) -> AdminService:
    return AdminService(seeded, clock, actor="poste-admin")


@pytest.fixture
def ini_path(tmp_path: Path) -> Path:
    path = tmp_path / "site" / "synoptux.ini"
    path.parent.mkdir()
    path.write_text(INI, encoding="utf-8")
    return path


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
def ctx(
    sqlite_db: Database, clock: FakeClock, ini_path: Path, calls: Calls
) -> Iterator[AppContext]:
    seed_reference(sqlite_db)
    settings = Settings.load(ini_path)

    def reload() -> None:
        calls.reloads += 1

    def apply_settings() -> None:
        calls.settings += 1

    runner = DbRunner()
    context = AppContext(
        db=sqlite_db,
        settings=settings,
        clock=clock,
        service=BoardService(sqlite_db, clock, actor="poste-1"),
        runner=runner,
        reload_board=reload,
        apply_settings=apply_settings,
        apply_stylesheet=calls.css.append,
    )
    yield context
    runner.stop()


@pytest.fixture
def ui_admin(ctx: AppContext) -> AdminService:
    return AdminService(ctx.db, ctx.clock, actor="poste-1")

"""Fixtures shared by several test folders, declared once (the root conftest registers this
module as a pytest plugin): a database with the reference set (`seeded`) or with the demo
department too (`demo_db`, `demo_sqlite`), a second connection to it (`other`), the board
window on it (`window`, `sqlite_window`), and the admin dialogs' context (`ctx`, `ui_admin`).

A folder's conftest.py holds only what that folder alone uses; no conftest imports another.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.services.admin import AdminService
from synoptux.services.board import BoardService
from synoptux.services.seed import seed_demo, seed_reference
from synoptux.ui.context import AppContext
from synoptux.ui.db_runner import DbRunner
from synoptux.ui.main_window import MainWindow
from tests.support.admin import INI, Calls
from tests.support.clock import T0
from tests.support.ui import destroy, make_window

# -- databases ---------------------------------------------------------------------------


@pytest.fixture
def seeded(db: Database) -> Database:
    """The reference set (boxes, states, tasks, responsibles...), no patient, on each
    backend."""
    seed_reference(db)
    return db


@pytest.fixture
def demo_db(db: Database) -> Database:
    """The reference set and the 25 demo patients (seeded at T0), on each backend."""
    seed_reference(db)
    seed_demo(db, T0)
    return db


@pytest.fixture
def demo_sqlite(sqlite_db: Database) -> Database:
    """The demo department on SQLite only."""
    seed_reference(sqlite_db)
    seed_demo(sqlite_db, T0)
    return sqlite_db


@pytest.fixture
def other(seeded: Database, backend_url: str) -> Iterator[Database]:
    """A second, independent connection pool on the same database (another program)."""
    database = Database.from_url(backend_url)
    yield database
    database.dispose()


# -- the board window --------------------------------------------------------------------


@pytest.fixture
def ini(tmp_path: Path) -> Settings:
    """A site's ini: English interface, a confirmation before a definitive exit."""
    path = tmp_path / "synoptux.ini"
    path.write_text(
        "; test site\n[Interface]\nConfirmation_Sortie_Definitive=OUI\nLangue=en\n",
        encoding="utf-8",
    )
    return Settings.load(path)


@pytest.fixture
def window(qtbot, demo_db: Database, ini: Settings, clock: FakeClock) -> Iterator[MainWindow]:
    """The board window on the demo department, on each backend."""
    win = make_window(qtbot, demo_db, ini, clock)
    yield win
    destroy(win)


@pytest.fixture
def sqlite_window(
    qtbot, demo_sqlite: Database, ini: Settings, clock: FakeClock
) -> Iterator[MainWindow]:
    win = make_window(qtbot, demo_sqlite, ini, clock)
    yield win
    destroy(win)


# -- the admin dialogs' context ----------------------------------------------------------


@pytest.fixture
def ini_path(tmp_path: Path) -> Path:
    """The admin tests' site ini (tests/support/admin.py INI), in a folder of its own."""
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
    """What an admin dialog gets from the window: a SQLite board with the reference set, its
    settings, a database thread, and the window's callbacks counted in `calls`."""
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

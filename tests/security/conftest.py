"""Security tests reuse the board fixtures (a real window on a seeded database)."""

from tests.ui.conftest import (  # noqa: F401 - fixtures
    ini,
    seeded,
    seeded_sqlite,
    sqlite_window,
    window,
)

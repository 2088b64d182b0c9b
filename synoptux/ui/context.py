"""What the board window hands to the panels other helpers plug in (admin, stats).

A small, explicit bundle instead of a god object: the database, settings, clock,
the board service, the window's database thread (`DbRunner`), the optional MedinTux
URL, and three callbacks into the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from synoptux.config import Settings
from synoptux.domain.clock import Clock
from synoptux.services.board import BoardService
from synoptux.services.database import Database
from synoptux.ui.db_runner import DbRunner


def _noop() -> None:
    return None


def _noop_css(_css: str) -> None:
    return None


@dataclass
class AppContext:
    db: Database
    settings: Settings
    clock: Clock
    service: BoardService
    runner: DbRunner
    """The window's database thread: every query of a panel goes through it."""
    medintux_url: str | None = None
    reload_board: Callable[[], None] = field(default=_noop)
    """Reload the snapshot from the database and apply it (after an admin edit)."""
    apply_settings: Callable[[], None] = field(default=_noop)
    """Re-read display/timer settings (after the ini editor saved)."""
    apply_stylesheet: Callable[[str], None] = field(default=_noop_css)
    """Apply a Qt style sheet text at once (after the css editor saved)."""

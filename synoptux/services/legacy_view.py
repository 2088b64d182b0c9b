"""The change check of a 2.x database opened read-only (before `synoptux upgrade`).

Such a database has no revision row and no change triggers (they are created by the
upgrade, which is not done yet), and the board must not create them. So the check
compares one row of keys and counts of the board's tables. 2.x, its macros and its plug
scripts write a history row with every action (and the counts of patients and tasks
move with every entry, exit and deletion), so what a 2.x screen or MedinTux changes shows
at the next check; an UPDATE that logs nothing is caught by a full reload every
`full_reload` seconds. No Qt here; `ui.readonly_feed` runs it off the GUI thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from synoptux.db.engine import DatabaseUnavailable
from synoptux.db.readonly import ReadOnlyDatabase
from synoptux.domain import model as m
from synoptux.domain.clock import Clock, SystemClock
from synoptux.domain.model import AlarmPolicy
from synoptux.services.snapshot import build_board

log = logging.getLogger(__name__)


class LegacyViewFeed:
    """Polled by the read-only board: `check()` returns a new Board when something changed."""

    def __init__(
        self,
        db: ReadOnlyDatabase,
        clock: Clock | None = None,
        *,
        full_reload: float = 60.0,
        monotonic: Callable[[], float] = time.monotonic,
        policy: AlarmPolicy | None = None,
    ) -> None:
        self.db = db
        self.policy = policy  # the site's snooze and escalation (set again on an ini edit)
        self.clock = clock or SystemClock()
        self.full_reload = full_reload
        self._monotonic = monotonic
        self._token: object = None
        self._last_reload = float("-inf")
        self.offline_since: datetime | None = None
        self.checks = 0
        self.reloads = 0

    def _token_stmt(self):
        t, shape = self.db.tables, self.db.shape
        parts = []
        for table, key in (
            (t.encours, t.encours.c.EC_PK),
            (t.encours_taches, t.encours_taches.c.EN_Num_tache),
            (t.historique, t.historique.c.HI_PK),
        ):
            if shape.has_table(table.name):
                parts += [select(func.max(key)), select(func.count()).select_from(table)]
        for table in (t.box, t.taches, t.etats, t.etats_taches, t.destinations):
            if shape.has_table(table.name):
                parts.append(select(func.count()).select_from(table))
        return select(*[p.scalar_subquery() for p in parts])

    def check(self) -> m.Board | None:
        self.checks += 1
        mono = self._monotonic()
        try:
            with self.db.connect() as conn:
                token = tuple(conn.execute(self._token_stmt()).one())
                if token == self._token and mono - self._last_reload < self.full_reload:
                    self.offline_since = None
                    return None
                board = build_board(
                    conn, self.db.tables, self.clock.now(), self.db.shape, self.policy
                )
        except (DatabaseUnavailable, SQLAlchemyError) as exc:
            if self.offline_since is None:
                self.offline_since = self.clock.now()
                log.warning("2.x database unreachable: %s", getattr(exc, "orig", exc))
            self._token = None
            return None
        self.offline_since = None
        self._token = token
        self._last_reload = mono
        self.reloads += 1
        return board

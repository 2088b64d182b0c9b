"""The database change feed: is there anything new for the board? (no Qt here)

While nothing changes, one check is one indexed single-row query: the revision
row that the triggers installed by `ensure_schema` bump on every INSERT, UPDATE
or DELETE of the board's tables (another screen, a MedinTux macro, a plug
script's DELETE). Where triggers could not be created (no TRIGGER privilege,
binary logging without SUPER), the fallback compares one row of keys and counts
(max/count of patients and tasks, max history key, counts of the reference
tables): inserts, deletes and every Synoptux action (each writes a history row)
are seen at once; an UPDATE by a foreign program that logs nothing is seen by a
full reload every `fallback_reload` seconds.

Outage: a failed check records since when the database is unreachable
(`offline_since`); the next successful check reloads the board.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from synoptux.db.engine import Database, DatabaseUnavailable, make_engine
from synoptux.db.schema import triggers_complete
from synoptux.domain import model as m
from synoptux.domain.clock import Clock, SystemClock
from synoptux.services.snapshot import build_board

log = logging.getLogger(__name__)

TRIGGERS, FALLBACK = "triggers", "keys+counts"


def feed_engine(db: Database, *, timeout: float = 1.5) -> Engine:
    """An engine on the same database whose reads give up quickly, so that an outage
    shows within 2 s instead of the 10 s read timeout of the action engine."""
    url = db.engine.url
    if make_url(url).get_backend_name() not in ("mysql", "mariadb"):
        return make_engine(url.render_as_string(hide_password=False))
    from sqlalchemy import create_engine

    t = max(int(round(timeout)), 1)
    # No pre-ping: it would double the round trips of every check. A connection dropped
    # while idle fails the check, which is retried at once on a fresh connection.
    return create_engine(
        url,
        pool_pre_ping=False,
        pool_recycle=1800,
        pool_size=2,
        max_overflow=2,
        connect_args={"connect_timeout": t, "read_timeout": t, "write_timeout": t},
    )


def feed_database(db: Database, *, timeout: float = 1.5) -> Database:
    return Database(feed_engine(db, timeout=timeout), db.tables.prefix)


class _Failed(Exception):
    def __init__(self, exc: BaseException) -> None:
        super().__init__(str(exc))
        self.exc = exc


class BoardFeed:
    """Polled by the board: `check()` returns a new Board when something changed."""

    def __init__(
        self,
        db: Database,
        clock: Clock | None = None,
        *,
        fallback_reload: float = 60.0,
        mode_recheck: float = 60.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.db = db
        self.t = db.tables
        self.clock = clock or SystemClock()
        self.fallback_reload = fallback_reload
        self.mode_recheck = mode_recheck
        self._monotonic = monotonic
        self.mode: str | None = None
        self.offline_since: datetime | None = None
        self.last_error: str | None = None
        self.checks = 0
        self.reloads = 0
        self._token: object = None
        self._force = True
        self._mode_checked = float("-inf")
        self._last_reload = float("-inf")

    @property
    def online(self) -> bool:
        return self.offline_since is None

    def request_reload(self) -> None:
        self._force = True

    def _token_stmt(self):  # noqa: ANN202
        t = self.t
        if self.mode == TRIGGERS:
            return select(t.revision.c.RV_Valeur).where(t.revision.c.RV_Id == 1)
        sub = [
            select(func.max(t.encours.c.EC_PK)),
            select(func.count()).select_from(t.encours),
            select(func.max(t.encours_taches.c.EN_Num_tache)),
            select(func.count()).select_from(t.encours_taches),
            select(func.max(t.historique.c.HI_PK)),
        ]
        for table in (t.box, t.taches, t.etats, t.etats_taches, t.destinations, t.responsables):
            sub.append(select(func.count()).select_from(table))
        return select(*[s.scalar_subquery() for s in sub])

    def check(self) -> m.Board | None:
        """One cheap query; a Board when the data changed (or after an outage), else None.

        A failure while online is retried once at once on a fresh connection, so that a
        connection the server dropped while idle never shows as an outage."""
        try:
            return self._check()
        except _Failed as first:
            error = first.exc
        if self.online:
            self.db.engine.dispose()
            try:
                return self._check()
            except _Failed as second:
                error = second.exc
        self._went_offline(error)
        return None

    def _check(self) -> m.Board | None:
        self.checks += 1
        mono = self._monotonic()
        try:
            with self.db.connect() as conn:
                if self.mode is None or mono - self._mode_checked >= self.mode_recheck:
                    self.mode = TRIGGERS if triggers_complete(conn, self.t) else FALLBACK
                    self._mode_checked = mono
                token = tuple(conn.execute(self._token_stmt()).one())
                stale = self.mode == FALLBACK and mono - self._last_reload >= self.fallback_reload
                if not (self._force or stale or token != self._token):
                    self._went_online()
                    return None
                board = build_board(conn, self.t, self.clock.now())
        except (DatabaseUnavailable, SQLAlchemyError) as exc:
            raise _Failed(exc) from exc
        was_offline = not self.online
        self._went_online()
        self._token = token
        self._force = False
        self._last_reload = mono
        self.reloads += 1
        if was_offline:
            log.info("database reachable again")
        return board

    def _went_online(self) -> None:
        self.offline_since = None
        self.last_error = None

    def _went_offline(self, exc: BaseException) -> None:
        self.last_error = str(getattr(exc, "orig", exc))
        if self.offline_since is None:
            self.offline_since = self.clock.now()
            log.warning("database unreachable: %s", self.last_error)
            self.db.engine.dispose()  # drop the dead connections at once
        self._force = True  # reload everything when it comes back
        self.mode = None

"""The database change feed: is there anything new for the board? (no Qt here)

**Change log** (normal mode). The triggers installed by `ensure_schema` append one row to
`synoptux_changes` for every INSERT, UPDATE or DELETE of the board's tables, whoever writes
(another screen, a MedinTux macro, a plug script's DELETE). Rows are only inserted, each
writer its own: no writer ever waits for another one because of the feed (the revision row
of schema version 1, bumped by every trigger, serialised them all).

While nothing changes, one check is one indexed query over the ids of the last minute or
so: `SELECT COUNT(id), MAX(id), SUM(id > :f2) FROM changes WHERE id > :f1`. Why not just
"is MAX(id) larger?": auto-increment ids are handed out when a row is inserted but become
visible when its transaction commits, so a transaction holding id 9 may commit after id 10
is already seen; its row then never raises the maximum. Counting the rows above a floor
catches it: a late commit adds a row under the maximum. The floor lags `LOOKBACK_S` behind
(the largest id seen that long ago), so a transaction open up to that long is still seen;
one open longer is caught by the reload every `SAFETY_RELOAD_S`. When the floor moves, the
same query counts above the old floor (the comparison) and the new one (the next baseline),
so no commit falls between two floors.

Old rows are pruned in the background by the boards (`prune_changes`, short transactions,
rows older than `RETENTION_S`, never the newest row so that an id counter restarting at
MAX+1 never goes back). A reader's floor is always above what is pruned.

**Keys and counts** (fallback, where triggers could not be created: no TRIGGER privilege,
binary logging without SUPER): one row of keys and counts (max/count of patients and tasks,
max history key, counts of the reference tables). Inserts, deletes and every Synoptux action
(each writes a history row) are seen at once; an UPDATE by a foreign program that logs
nothing is seen by a full reload every `fallback_reload` seconds.

Outage: a failed check records since when the database is unreachable (`offline_since`);
`last_good` is the time of the last check that answered (what the stale board shows). The
feed's engine gives up quickly (`engine.FEED`: a frozen server is an outage within a
second); the next successful check reloads the board.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from synoptux.db.engine import (
    FEED,
    Database,
    DatabaseUnavailable,
    Timeouts,
    failover_of,
    is_retryable,
    make_engine,
)
from synoptux.db.schema import triggers_complete
from synoptux.domain import model as m
from synoptux.domain.clock import Clock, SystemClock
from synoptux.services.snapshot import Catalogue, build_board

log = logging.getLogger(__name__)

TRIGGERS, FALLBACK = "triggers", "keys+counts"

LOOKBACK_S = 60.0  # a transaction open up to this long is seen when it commits
SAFETY_RELOAD_S = 300.0  # ... and one open longer at the next full reload
RETENTION_S = 600.0  # change-log rows older than this are pruned
PRUNE_PERIOD_S = 60.0
SAMPLE_PERIOD_S = 1.0
START_MARGIN = 10_000  # ids below the largest one counted by a board that just started
QUICK_FAILURE_S = 0.3  # a check that failed faster than this is retried at once
# A board is built with the last one's catalogue (reference tables) while the change log
# shows no reference row changed (`BoardFeed._check`), and never with one older than this.
CATALOGUE_MAX_AGE_S = 60.0


def feed_engine(db: Database, *, timeouts: Timeouts = FEED) -> Engine:
    """An engine on the same database whose reads give up quickly (`engine.FEED`), so that
    an outage shows within 2 s instead of after the action engine's 10 s read timeout; on
    SQLite it waits less than a second for a lock and never creates a missing file. On a
    cluster it fails over on the same host list, and the same preferred node, as `db`."""
    url = db.engine.url.render_as_string(hide_password=False)
    # No pre-ping: it would double the round trips of every check. A connection dropped
    # while idle fails the check, which is retried at once on a fresh connection.
    return make_engine(url, timeouts=timeouts, pre_ping=False, pool_size=2, create=False)


def feed_database(db: Database, *, timeouts: Timeouts = FEED) -> Database:
    return Database(feed_engine(db, timeouts=timeouts), db.tables.prefix)


def prune_changes(db: Database, cut: int, *, batch: int = 1000, max_batches: int = 50) -> int:
    """Delete change-log rows with an id below `cut` (never the newest row), `batch` rows
    per short transaction. Returns the number of rows deleted."""
    c = db.tables.changes.c
    deleted = 0
    for _ in range(max_batches):
        with db.engine.connect() as conn:
            busy = None
            if conn.dialect.name == "sqlite":
                # Never wait long for the write lock here: the board's check is waiting.
                raw = conn.connection.driver_connection
                assert raw is not None  # a checked-out connection has its driver's
                busy = raw.execute("PRAGMA busy_timeout").fetchone()[0]
                raw.execute("PRAGMA busy_timeout=250")
                conn = conn.execution_options(synoptux_write=True)
            else:  # no gap locks: writers appending new ids are never in the way
                conn = conn.execution_options(isolation_level="READ COMMITTED")
            try:
                with conn.begin():
                    top = conn.execute(select(func.max(c.CH_Id))).scalar()
                    if top is None:
                        return deleted
                    limit = min(cut, top)
                    upper = conn.execute(
                        select(c.CH_Id)
                        .where(c.CH_Id < limit)
                        .order_by(c.CH_Id)
                        .limit(1)
                        .offset(batch - 1)
                    ).scalar()
                    where = c.CH_Id <= upper if upper is not None else c.CH_Id < limit
                    deleted += conn.execute(db.tables.changes.delete().where(where)).rowcount or 0
            finally:
                if busy is not None:
                    driver = conn.connection.driver_connection
                    assert driver is not None  # the SQLite connection of the try above
                    driver.execute(f"PRAGMA busy_timeout={int(busy)}")
        if upper is None:
            break
    return deleted


class _IdHistory:
    """The largest change id seen over time (monotonic seconds), sampled once a second."""

    def __init__(self) -> None:
        self._samples: deque[tuple[float, int]] = deque()

    def add(self, mono: float, top: int) -> None:
        if not self._samples or mono - self._samples[-1][0] >= SAMPLE_PERIOD_S:
            self._samples.append((mono, top))
        # Keep what the oldest question (retention) needs, and one sample older than that.
        while len(self._samples) > 1 and mono - self._samples[1][0] >= RETENTION_S:
            self._samples.popleft()

    def seen_before(self, mono: float, age: float) -> int | None:
        """The largest id seen at least `age` seconds ago (None: not known that long)."""
        found = None
        for when, top in self._samples:
            if mono - when < age:
                break
            found = top
        return found

    def clear(self) -> None:
        self._samples.clear()


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
        prune: bool = True,
        policy: m.AlarmPolicy | None = None,
    ) -> None:
        self.db = db
        # The site's snooze and escalation: the boards come out as the screens show them
        # (set again when the ini changes; read by the thread that checks).
        self.policy = policy
        self.t = db.tables
        self.clock = clock or SystemClock()
        self.fallback_reload = fallback_reload
        self.mode_recheck = mode_recheck
        self._monotonic = monotonic
        self.prune = prune  # False: a reader that never writes (`synoptux serve`)
        self.mode: str | None = None
        self.offline_since: datetime | None = None
        self.last_good: datetime | None = None  # the clock's time of the last check that answered
        self.last_error: str | None = None
        self.checks = 0
        self.reloads = 0
        self.floor: int | None = None  # change-log ids above this are counted
        self._ids = _IdHistory()
        self._token: object = None
        self._force = True
        self._mode_checked = float("-inf")
        self._last_reload = float("-inf")
        self._next_prune = float("-inf")
        self._prune_failed: str | None = None
        # The last board's catalogue, its monotonic time, and whether the last token read
        # saw a reference row changed since the floor (see `_check`).
        self._catalogue: Catalogue | None = None
        self._catalogue_at = float("-inf")
        self._reference_changed = True

    @property
    def online(self) -> bool:
        return self.offline_since is None

    def request_reload(self) -> None:
        self._force = True

    def _log_stmt(self):
        c = self.t.changes.c
        return select(
            func.count(c.CH_Id),
            func.max(c.CH_Id),
            func.coalesce(func.sum(case((c.CH_Id > bindparam("f2"), 1), else_=0)), 0),
            # Reference rows (boxes, tasks, states...) are logged without a patient key.
            func.coalesce(func.sum(case((c.CH_Cle.is_(None), 1), else_=0)), 0),
        ).where(c.CH_Id > bindparam("f1"))

    def _counts_stmt(self):
        t = self.t
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

    def _read_token(self, conn, mono: float) -> tuple[object, Callable[[], None]]:
        """The token to compare with the last one, and what to remember once the board that
        goes with it is delivered (the next baseline)."""
        if self.mode != TRIGGERS:
            token = tuple(conn.execute(self._counts_stmt()).one())
            self._reference_changed = True  # counts cannot tell a row updated in place
            return token, lambda: None
        if self.floor is None:  # just started: count a margin below the largest id
            top = conn.execute(select(func.max(self.t.changes.c.CH_Id))).scalar() or 0
            self.floor = max(top - START_MARGIN, 0)
        old = self.floor
        new = max(old, self._ids.seen_before(mono, LOOKBACK_S) or 0)
        count_old, top, count_new, references = conn.execute(
            self._log_stmt(), {"f1": old, "f2": new}
        ).one()
        # Counted above the old floor, as the comparison: a reference change committed since
        # the last board was built is in that range (the floor lags LOOKBACK_S behind).
        self._reference_changed = bool(references)
        last_top = self._token[2] if isinstance(self._token, tuple) else None
        went_back = top is not None and last_top is not None and top < last_top

        def remember() -> None:
            if went_back:
                # The largest id went back (the log was emptied and the server restarted
                # its counter at MAX+1): count from the bottom again; the next check
                # reloads once more and sets a consistent baseline.
                self._ids.clear()
                self.floor, self._token = 0, None
                return
            self.floor = new
            self._token = (new, int(count_new or 0), top)
            if top is not None:
                self._ids.add(mono, int(top))

        return (old, int(count_old or 0), top), remember

    def check(self, *, build: bool = True) -> m.Board | None:
        """One cheap query; a Board when the data changed (or after an outage), else None.

        `build=False`: the query only (is the database there?); a change seen is kept for
        the next check that builds (the board's window is still busy with the last one).

        A failure while online is retried once at once on a fresh connection, so that a
        connection the server dropped while idle never shows as an outage. Only a failure
        that came at once (a dropped connection fails at the first read), or on a cluster
        (the retry goes to the next node): a read that timed out is the outage itself, and
        waiting a second time would show the banner after 2 s."""
        started = time.monotonic()
        try:
            board = self._check(build)
        except _Failed as first:
            error = first.exc
        else:
            self._prune_if_due()
            return board
        quick = time.monotonic() - started < QUICK_FAILURE_S
        if self.online and (quick or failover_of(self.db.engine) is not None):
            self.db.engine.dispose()
            try:
                return self._check(build)
            except _Failed as second:
                error = second.exc
        self._went_offline(error)
        return None

    def _check(self, build: bool = True) -> m.Board | None:
        self.checks += 1
        mono = self._monotonic()
        try:
            with self.db.connect() as conn:
                if self.mode is None or mono - self._mode_checked >= self.mode_recheck:
                    mode = TRIGGERS if triggers_complete(conn, self.t) else FALLBACK
                    if mode != self.mode:
                        self._token, self.floor = None, None
                        self._ids.clear()
                        self._catalogue = None
                    self.mode = mode
                    self._mode_checked = mono
                token, remember = self._read_token(conn, mono)
                period = self.fallback_reload if self.mode == FALLBACK else SAFETY_RELOAD_S
                stale = mono - self._last_reload >= period
                if not (self._force or stale or token != self._token):
                    remember()
                    self._went_online()
                    return None
                if not build:  # seen, not taken: the next check that builds sees it again
                    self._went_online()
                    return None
                board = build_board(
                    conn,
                    self.t,
                    self.clock.now(),
                    policy=self.policy,
                    catalogue=self._current_catalogue(conn, mono),
                )
        except (DatabaseUnavailable, SQLAlchemyError) as exc:
            raise _Failed(exc) from exc
        was_offline = not self.online
        self._went_online()
        remember()
        if self.mode == FALLBACK:
            self._token = token
        self._force = False
        self._last_reload = mono
        self.reloads += 1
        if was_offline:
            log.info("database reachable again")
        return board

    def _current_catalogue(self, conn, mono: float) -> Catalogue:
        """The catalogue for the board being built: the last one's while the change log
        says no reference row changed since (never one older than CATALOGUE_MAX_AGE_S, nor
        one whose responsibles came from MedinTux's `Personnes`, which logs nothing), else
        read now."""
        cat = self._catalogue
        if (
            cat is None
            or self.mode != TRIGGERS
            or self._reference_changed
            or cat.people_source != "responsables"
            or mono - self._catalogue_at >= CATALOGUE_MAX_AGE_S
        ):
            cat = self._catalogue = Catalogue(conn, self.t)
            self._catalogue_at = mono
        return cat

    def _prune_if_due(self) -> None:
        """Prune the change log now and then (every board does it; deleting rows another
        board already deleted costs nothing)."""
        mono = self._monotonic()
        if not self.prune or self.mode != TRIGGERS or mono < self._next_prune:
            return
        self._next_prune = mono + PRUNE_PERIOD_S
        cut = self._ids.seen_before(mono, RETENTION_S)
        if not cut:
            return
        try:
            prune_changes(self.db, cut)
        except (DatabaseUnavailable, SQLAlchemyError) as exc:
            if is_retryable(exc):
                # Another board pruned the same rows at the same moment (on a Galera
                # cluster, on another node: a certification conflict): nothing to do.
                return
            reason = str(getattr(exc, "orig", exc))
            if reason != self._prune_failed:  # said once, not every minute
                log.warning("change log not pruned: %s", reason)
            self._prune_failed = reason
        else:
            self._prune_failed = None

    def _went_online(self) -> None:
        self.offline_since = None
        self.last_good = self.clock.now()
        self.last_error = None

    def _went_offline(self, exc: BaseException) -> None:
        self.last_error = str(getattr(exc, "orig", exc))
        if self.offline_since is None:
            self.offline_since = self.clock.now()
            log.warning("database unreachable: %s", self.last_error)
            self.db.engine.dispose()  # drop the dead connections at once
        self._force = True  # reload everything when it comes back
        self._catalogue = None
        self.mode = None

"""The live part of a board looking at a 2.x database before its upgrade (read-only).

What `LiveFeed` does for an upgraded database, minus everything that writes: no entry
files are taken (they wait in the folder for the upgraded board or `synoptux ingest`), no
revision row is read (there is none yet). A worker in its own thread runs
`services.legacy_view.LegacyViewFeed.check()` every second (or the configured database
check period, if longer) and hands new boards to the GUI thread by signal. Its offline
signal carries the time of the last good read (the board on screen), as `LiveFeed`'s does;
the time the outage was seen only when there was no good read yet.
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot
from PySide6.QtCore import Qt as _Qt

from synoptux.config import KEYS, Settings
from synoptux.domain.clock import Clock, SystemClock
from synoptux.domain.model import AlarmPolicy
from synoptux.services.database import ReadOnlyDatabase, open_read_only
from synoptux.services.errors import DatabaseUnavailable
from synoptux.services.legacy_view import LegacyViewFeed
from synoptux.services.live import feed_database
from synoptux.services.policy import alarm_policy

MIN_PERIOD_MS = 1000

log = logging.getLogger(__name__)


class _Worker(QObject):
    board = Signal(object)
    offline = Signal(object)
    online = Signal()

    def __init__(
        self, db: ReadOnlyDatabase, clock: Clock, period_ms: int, policy: AlarmPolicy
    ) -> None:
        super().__init__()
        self.policy = policy  # the site's, for every board built
        self._main_db = db
        self._clock = clock
        self._period = period_ms
        self._db: ReadOnlyDatabase | None = None
        self._feed: LegacyViewFeed | None = None
        self._timer: QTimer | None = None
        self._offline = False
        self.last_good: datetime | None = None  # the clock's time of the last check that answered

    @Slot()
    def start(self) -> None:
        self._timer = QTimer(self)
        self._timer.setInterval(self._period)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self._tick()

    def _open(self) -> LegacyViewFeed | None:
        """The feed on an engine whose reads give up quickly (outage banner); opening reads
        the tables' shape, so a database down at start is an outage, retried next tick."""
        if self._feed is None:
            quick = feed_database(self._main_db)
            try:
                db = open_read_only(quick.engine, self._main_db.tables.prefix, self._main_db.reason)
            except DatabaseUnavailable as exc:
                quick.dispose()
                log.warning("2.x database unreachable: %s", getattr(exc, "orig", exc))
                return None
            self._db, self._feed = db, LegacyViewFeed(db, self._clock, policy=self.policy)
        return self._feed

    @Slot()
    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer.deleteLater()
            self._timer = None
        if self._db is not None:
            self._db.dispose()
        app = QCoreApplication.instance()
        if app is not None:
            self.moveToThread(app.thread())

    @Slot()
    def _tick(self) -> None:
        if self._timer is None:  # stopped
            return
        feed = self._open()
        board = feed.check() if feed is not None else None
        if feed is None or feed.offline_since is not None:
            if not self._offline:
                self._offline = True
                seen = feed.offline_since if feed is not None else self._clock.now()
                self.offline.emit(self.last_good or seen)
            return
        self.last_good = self._clock.now()
        if self._offline:
            self._offline = False
            self.online.emit()
        if board is not None:
            self.board.emit(board)


class ReadOnlyLiveFeed(QObject):
    """The signals of `LiveFeed` that a read-only board uses: `start()`, then `stop()`."""

    sig_board = Signal(object)
    sig_offline = Signal(object)
    sig_online = Signal()

    _sig_start = Signal()
    _sig_stop = Signal()

    def __init__(
        self,
        db: ReadOnlyDatabase,
        settings: Settings,
        clock: Clock | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        period = max(settings[KEYS.DB_POLL_MS], 0)
        self.offline_since: datetime | None = None
        self._thread = QThread(self)
        self._thread.setObjectName("synoptux-readonly-feed")
        self._worker = _Worker(
            db, clock or SystemClock(), max(period, MIN_PERIOD_MS), alarm_policy(settings)
        )
        self._worker.moveToThread(self._thread)
        self._sig_start.connect(self._worker.start, _Qt.ConnectionType.QueuedConnection)
        self._sig_stop.connect(self._worker.stop, _Qt.ConnectionType.BlockingQueuedConnection)
        self._worker.board.connect(self.sig_board, _Qt.ConnectionType.QueuedConnection)
        self._worker.offline.connect(self._on_offline, _Qt.ConnectionType.QueuedConnection)
        self._worker.online.connect(self._on_online, _Qt.ConnectionType.QueuedConnection)
        self._running = False

    def apply_settings(self, settings: Settings) -> None:
        """The ini was edited: the next boards are built with its alarm policy."""
        self._worker.policy = policy = alarm_policy(settings)
        feed = self._worker._feed
        if feed is not None:
            feed.policy = policy

    def start(self) -> None:
        if self._running:
            return
        self._running = True
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        self._thread.start()
        self._sig_start.emit()

    def stop(self) -> None:
        if not self._running:
            return
        self._running = False
        self._sig_stop.emit()
        self._thread.quit()
        self._thread.wait(10_000)

    @Slot(object)
    def _on_offline(self, since: datetime) -> None:
        self.offline_since = since
        self.sig_offline.emit(since)

    @Slot()
    def _on_online(self) -> None:
        self.offline_since = None
        self.sig_online.emit()

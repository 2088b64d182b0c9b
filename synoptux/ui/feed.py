"""LiveFeed: database changes and entry files reach the board, off the GUI thread.

A worker QObject lives in its own QThread. Its timer checks the database change
log every `Periodicite_controle_base_en_ms` (one indexed query while nothing
changes, `services.live.BoardFeed`) and runs the entry-file pipeline
(`ingest.Ingestor`) when watchdog says something arrived, when a settling file is
due (`Delai_stabilite_des_entrees_en_ms`), and every
`Periodicite_controle_des_entrees` seconds anyway (events are lost on network
shares). The database check runs on every tick whatever ingestion does: a failure
of one never stops the other. Results come back to the GUI thread by signals;
watchdog's thread only pokes the worker.

Outage: the feed's engine gives up within a second (`db.engine.FEED`), and the worker
says so. Whatever the worker is stuck in (a file system call on a share that hangs, a
driver that ignores its timeout), a timer on the GUI thread sees a check running for
longer than `STALL_S` and declares the outage itself: the banner never waits for the
worker. The offline signal carries the time of the last good read (the board on screen
is from then).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QThread, QTimer, Signal, Slot
from PySide6.QtCore import Qt as _Qt

from synoptux.config import KEYS, Settings
from synoptux.domain.clock import Clock, SystemClock
from synoptux.ingest.factory import settle_seconds
from synoptux.ingest.folder import EntryFolder
from synoptux.ingest.processor import Ingestor
from synoptux.ingest.watcher import FolderWatcher, OpenFiles
from synoptux.services.database import Database
from synoptux.services.live import BoardFeed, feed_database
from synoptux.services.policy import alarm_policy

log = logging.getLogger(__name__)

FAST_MS = 40  # a file was announced by the watcher: look now
INGEST_ERROR_LOG_S = 60.0  # the same ingestion failure is logged once a minute at most
OFFLINE_RETRY_S = 0.5
STALL_S = 1.3  # a check running longer than this is an outage, whatever the worker does
SLOW_CHECK_S = 0.9  # a check that answered after this long says "online" again
WATCH_MS = 100
PURGE_PERIOD_S = 3600.0  # done/ is purged of files older than the setting hourly
# Posted after a board is applied, at low priority: delivered once the window has painted
# what the apply changed (the repaint request is a low-priority event posted before it).
_PAINTED = QEvent.Type(QEvent.registerEventType())


class _Worker(QObject):
    woken = Signal()
    board = Signal(object)
    offline = Signal(object)
    online = Signal()
    errors = Signal(int)

    def __init__(
        self, db: Database, settings: Settings, clock: Clock, settle: float | None
    ) -> None:
        super().__init__()
        self._main_db = db
        self._settings = settings
        self._clock = clock
        self._settle = settle_seconds(settings) if settle is None else settle
        self._db: Database | None = None
        self._feed: BoardFeed | None = None
        self.policy = alarm_policy(settings)  # the site's, for every board built
        self._ingestor: Ingestor | None = None
        self._watcher: FolderWatcher | None = None
        self._timer: QTimer | None = None
        self._wake = threading.Event()
        self._renamed: queue.SimpleQueue[Path] = queue.SimpleQueue()
        self._writers = OpenFiles()
        self._ingest_error: tuple[str, float] | None = None
        self._ingest_backoff = 0.0
        self._refresh = False
        self._next_scan = 0.0
        self._next_purge = 0.0
        self._next_offline_try = 0.0
        self._error_count: int | None = None
        self._offline = False
        self._folder_error: str | None = None
        # Set while the window has a board of ours not yet applied: no other is built
        # meanwhile (building one holds the interpreter lock the window needs).
        self.window_busy = threading.Event()
        # Read by the GUI thread's watchdog (plain floats and a datetime: no lock needed).
        self.busy_since = 0.0  # monotonic start of the database check running, 0: none
        self.last_good: datetime | None = None

    # -- life cycle (worker thread) ------------------------------------------------
    @Slot()
    def start(self) -> None:
        from synoptux.ingest.factory import make_ingestor

        s = self._settings
        self._db = feed_database(self._main_db)
        self._feed = BoardFeed(self._db, self._clock, policy=self.policy)
        self._interval = s[KEYS.DB_POLL_MS]
        self._scan_period = s[KEYS.ENTRY_SCAN_S]
        self._ingestor = ing = make_ingestor(
            self._db, s, clock=self._clock, settle=self._settle, is_open=self._writers.is_open
        )
        try:
            ing.folder.ensure()
        except OSError as exc:
            log.error("entry folder %s unusable: %s", ing.folder.root, exc)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._tick)
        self.woken.connect(self._on_woken, _Qt.ConnectionType.QueuedConnection)
        self._watcher = FolderWatcher(
            ing.folder.root,
            self.poke,
            polling=s[KEYS.POLL_ENTRY_FOLDER],
            complete=self._renamed.put,
            writers=self._writers,
        )
        self._watcher.start()
        self._tick()

    @Slot()
    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer.deleteLater()
            self._timer = None
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        if self._db is not None:
            self._db.dispose()
        # Back to the GUI thread, so that the worker is destroyed there once its thread ended.
        app = QCoreApplication.instance()
        if app is not None:
            self.moveToThread(app.thread())

    def poke(self) -> None:
        """From any thread (watchdog): something arrived in the entry folder."""
        if not self._wake.is_set():
            self._wake.set()
            self.woken.emit()  # queued to the worker thread: handled at once, not at the tick

    @Slot()
    def _on_woken(self) -> None:
        if self._timer is not None and self._wake.is_set():
            self._timer.stop()
            self._tick()

    @Slot()
    def check_now(self) -> None:
        """Look at the database now, without forcing a reload: a board only if something
        changed (it may have been seen and applied already)."""
        if self._feed is None:
            return
        try:
            self._check_db(force=True)
        except Exception:
            log.exception("check failed")

    @Slot()
    def refresh(self) -> None:
        if self._feed is None:
            self._refresh = True
            return
        self._feed.request_reload()
        try:
            self._check_db(force=True)
        except Exception:
            log.exception("refresh failed")

    # -- one tick --------------------------------------------------------------------
    def _tick(self) -> None:
        # Two independent halves: whatever happens to ingestion (a bug, a share gone), the
        # database check still runs, so macros' rows and other screens' taps keep coming.
        try:
            self._ingest_if_due()
        except Exception as exc:  # the feed must never die silently
            self._ingestion_failed(exc)
        try:
            self._check_db()
        except Exception:
            log.exception("live feed: database check failed")
        finally:
            if self._timer is not None:
                self._timer.start(self._next_tick_ms())

    def _next_tick_ms(self) -> int:
        if self._wake.is_set():
            return FAST_MS
        due = self._ingestor.tracker.next_due() if self._ingestor is not None else None
        if due is not None:
            due = max(due, self._ingest_backoff - time.monotonic())
        if due is None:
            return self._interval
        return max(min(self._interval, int(due * 1000) + 5), 10)  # when a settling file is due

    def _ingestion_failed(self, exc: Exception) -> None:
        """Logged once a minute for the same failure, not thirty times a second."""
        text = f"{type(exc).__name__}: {exc}"
        now = time.monotonic()
        self._ingest_backoff = now + 1.0  # not again before a second has passed
        last = self._ingest_error
        if last is None or last[0] != text or now - last[1] >= INGEST_ERROR_LOG_S:
            self._ingest_error = (text, now)
            log.error("live feed: entry-file ingestion failed", exc_info=exc)

    def _check_db(self, force: bool = False) -> None:
        feed = self._feed
        assert feed is not None  # made by start(), before the first check
        now = time.monotonic()
        if self._offline and not force and now < self._next_offline_try:
            return
        if self._refresh:
            self._refresh = False
            feed.request_reload()
        self.busy_since = time.monotonic()
        try:
            board = feed.check(build=not self.window_busy.is_set())
        finally:
            took = time.monotonic() - self.busy_since
            self.busy_since = 0.0
        if feed.offline_since is not None:
            self._next_offline_try = now + OFFLINE_RETRY_S
            if not self._offline:
                self._offline = True
                self.offline.emit(feed.last_good or feed.offline_since)
            return
        self.last_good = feed.last_good
        if self._offline or took >= SLOW_CHECK_S:  # slow: the GUI may have called it an outage
            self._offline = False
            self.online.emit()
            if board is None and took >= SLOW_CHECK_S:
                feed.request_reload()  # ... and a fresh board follows, at the next tick
        if board is not None:
            self.window_busy.set()
            self.board.emit(board)

    def _ingest_if_due(self) -> None:
        ing = self._ingestor
        assert ing is not None  # made by start(), before the first cycle
        now = time.monotonic()
        while not self._renamed.empty():  # renamed into the folder: complete at once
            ing.tracker.mark_complete(ing.folder.root / self._renamed.get_nowait().name, now)
        if now < self._ingest_backoff:
            return
        woke = self._wake.is_set()
        due = ing.tracker.next_due(now)
        if not (woke or (due is not None and due <= 0) or now >= self._next_scan):
            return
        self._wake.clear()
        if self._offline and now < self._next_offline_try:
            return
        if now >= self._next_scan:
            self._next_scan = now + self._scan_period
            if self._watcher is not None and not self._watcher.running:
                self._watcher.start()  # the folder (a share) may be back
            if not ing.delete_done and now >= self._next_purge:
                self._next_purge = now + PURGE_PERIOD_S
                ing.purge_done()
        try:
            summary = ing.run_cycle()
        except OSError as exc:  # the entry folder is unreachable (share down...)
            if self._folder_error != str(exc):
                self._folder_error = str(exc)
                log.error("entry folder %s unusable: %s", ing.folder.root, exc)
            self._next_scan = now + self._scan_period
            ing.tracker.forget_all()
            self._wake.clear()
            return
        self._folder_error = None
        self._ingest_error = None
        if summary.changed_board:
            self._check_db(force=True)
        count = ing.folder.error_count()
        if count != self._error_count:
            self._error_count = count
            self.errors.emit(count)


class LiveFeed(QObject):
    """The board's live sources. Connect the signals, then `start()`; `stop()` on close."""

    sig_board = Signal(object)
    """A new Board (data changed here, on another screen, in MedinTux, or a file arrived)."""
    sig_offline = Signal(object)
    """The database stopped answering (arg: the time of the last good read, a datetime:
    the board on screen shows the data of then). Within 2 s of the outage."""
    sig_online = Signal()
    """The database answers again (a fresh Board follows)."""
    sig_ingest_errors = Signal(int)
    """Number of entry files in errors/ (emitted at start and when it changes)."""

    _sig_start = Signal()
    _sig_stop = Signal()
    _sig_refresh = Signal()
    _sig_check = Signal()

    def __init__(
        self,
        db: Database,
        settings: Settings,
        clock: Clock | None = None,
        parent: QObject | None = None,
        *,
        settle: float | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.entry_folder = EntryFolder(settings.path_of(KEYS.ENTRY_FOLDER))
        self.offline_since: datetime | None = None  # when the outage was seen (clock time)
        self.last_good: datetime | None = None  # while offline: the time of the last good read
        self._clock = clock or SystemClock()
        self._thread = QThread(self)
        self._thread.setObjectName("synoptux-live-feed")
        self._worker = _Worker(db, settings, self._clock, settle)
        self._worker.moveToThread(self._thread)
        self._sig_start.connect(self._worker.start, _Qt.ConnectionType.QueuedConnection)
        self._sig_stop.connect(self._worker.stop, _Qt.ConnectionType.BlockingQueuedConnection)
        self._sig_refresh.connect(self._worker.refresh, _Qt.ConnectionType.QueuedConnection)
        self._sig_check.connect(self._worker.check_now, _Qt.ConnectionType.QueuedConnection)
        self._worker.board.connect(self._on_board, _Qt.ConnectionType.QueuedConnection)
        self._worker.offline.connect(self._on_offline, _Qt.ConnectionType.QueuedConnection)
        self._worker.online.connect(self._on_online, _Qt.ConnectionType.QueuedConnection)
        self._worker.errors.connect(self.sig_ingest_errors, _Qt.ConnectionType.QueuedConnection)
        self._running = False
        self._pending: object | None = None  # the newest board not yet handed to the window
        self._deliver = QTimer(self)
        self._deliver.setSingleShot(True)
        self._deliver.setInterval(0)
        self._deliver.timeout.connect(self._hand_over)
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_MS)
        self._watch.timeout.connect(self._watch_stall)

    @property
    def error_folder(self) -> Path:
        return self.entry_folder.errors

    def apply_settings(self, settings: Settings) -> None:
        """The ini was edited: the next boards are built with its alarm policy (the
        worker reads the attribute when it builds)."""
        self._worker.policy = policy = alarm_policy(settings)
        feed = self._worker._feed
        if feed is not None:
            feed.policy = policy

    def start(self) -> None:
        if self._running:
            return
        self._running = True
        app = QCoreApplication.instance()
        if app is not None:  # never leave the thread running when the application quits
            app.aboutToQuit.connect(self.stop)
        self._thread.start()
        self._sig_start.emit()
        self._watch.start()

    def stop(self) -> None:
        if not self._running:
            return
        self._running = False
        self._watch.stop()
        self._sig_stop.emit()
        self._thread.quit()
        self._thread.wait(10_000)

    def request_refresh(self) -> None:
        """Reload the board now (after a local action, or when the user asks)."""
        self._sig_refresh.emit()

    def check_now(self) -> None:
        """See now what this screen just wrote in the background (the monitor's purge): the
        change log shows it, so nothing is reloaded unless it changed something. (A forced
        reload applied the same board a second time whenever the feed's own check had seen
        the write first.)"""
        self._sig_check.emit()

    @Slot(object)
    def _on_board(self, board: object) -> None:
        """Boards come every check while writers are busy. Queued signals are all run
        before the next timer, so boards queued while the window was applying one would
        be applied back to back, each already out of date, the screen frozen all along:
        keep only the newest, and hand it over from a zero timer (after the queue). The
        worker builds no other board until this one is applied and painted (`window_busy`):
        building one takes the interpreter lock from the window's thread for a good part
        of it, and the paint calls back into Python once per row repainted, each call
        waiting for the lock (up to the switch interval) while the worker builds."""
        self._pending = board
        if not self._deliver.isActive():
            self._deliver.start()

    @Slot()
    def _hand_over(self) -> None:
        board, self._pending = self._pending, None
        try:
            if board is not None:
                self.sig_board.emit(board)  # applied by the window before this returns
        finally:
            if board is None:
                self._worker.window_busy.clear()
            else:  # the worker may build the next one once the window has painted this one
                QCoreApplication.postEvent(
                    self, QEvent(_PAINTED), int(_Qt.EventPriority.LowEventPriority.value)
                )

    def event(self, e: QEvent) -> bool:
        if e.type() == _PAINTED:
            self._worker.window_busy.clear()
            return True
        return super().event(e)

    @Slot()
    def _watch_stall(self) -> None:
        """GUI thread: a check running for longer than `STALL_S` is an outage."""
        busy = self._worker.busy_since
        if busy and self.offline_since is None and time.monotonic() - busy > STALL_S:
            log.warning("database check stuck for %.1f s: shown as an outage", STALL_S)
            self._on_offline(self._worker.last_good or self._clock.now())

    @Slot(object)
    def _on_offline(self, last_good: datetime) -> None:
        if self.offline_since is not None:
            return  # already said (by the watchdog, then by the worker)
        self.offline_since = self._clock.now()
        self.last_good = last_good
        self.sig_offline.emit(last_good)

    @Slot()
    def _on_online(self) -> None:
        if self.offline_since is None:
            return
        self.offline_since = self.last_good = None
        self.sig_online.emit()

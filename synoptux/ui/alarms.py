"""The alarm monitor: lateness on one clock, the Sortie purge, forced exits.

Every `[Timer] Periodicite_controle_alarme_en_secondes`, and at once after any
board the controller applies (a tap, another screen, MedinTux), the monitor:

1. recomputes lateness of the board in memory (`refresh_lateness`, no query);
   if a task became late (or stopped being late) it hands the new board to
   `controller.apply_board`, which touches only the cards whose lateness changed;
2. emits `sig_late_items` (for the alarm strip) and `sig_checked(now)` (for the
   steady "late 12 min" marks of the late widgets);
3. archives the patients of `Sortie` boxes gone for longer than
   `Delai_avant_suppression_des_sorties_en_mn`; the candidates come from the
   board in memory, so an idle check costs no database work;
4. at start-up (`start()`) and then once every 24 h of the clock, closes and
   archives the stays older than `Duree_vie_max_avant_sortie_forcee_en_secondes`;
5. computes the alarm states with the site's snooze and escalation keys
   (`alarm_policy`), and puts in the history the triage levels another program (a
   MedinTux macro) wrote, once (`BoardService.record_outside_triage`).

Every database call (purge, forced exits, triage record, reload) is a job of the
board's `DbRunner`: the GUI thread only decides and applies. After an archive it emits
`sig_archived(list_of_EC_PK)` and calls `on_archived()` (by default: reload the
snapshot in the background and apply it).

The controller it works with (the board's `BoardController`) offers
`current_board`, `lateness_at` and `apply_board(board)`; its `sig_board_applied(Board)` is connected
to `on_board_applied` by whoever builds the board (ui/compose.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from synoptux.config import KEYS, Settings
from synoptux.domain.alarms import LateItem, due_exits, late_items, refresh_lateness
from synoptux.domain.clock import Clock
from synoptux.domain.model import Board
from synoptux.services.database import Database
from synoptux.services.errors import DatabaseUnavailable
from synoptux.services.policy import alarm_policy
from synoptux.services.purge import force_exits, purge_exits
from synoptux.services.snapshot import load_board
from synoptux.ui.db_runner import DbRunner

log = logging.getLogger(__name__)

TIMER = "Timer"
FORCED_EXIT_EVERY = timedelta(days=1)
BATCH = 25
"""Stays archived per check at most: a site with years of stale rows is cleaned in
short steps (one every check) rather than in one long freeze of the screen."""


class BoardHolder(Protocol):
    """What the monitor needs of the board on screen (the window's `BoardController`)."""

    @property
    def current_board(self) -> Board | None: ...

    @property
    def lateness_at(self) -> datetime | None:
        """The time `current_board`'s lateness was computed for (`apply_board` brings every
        board up to its own time)."""

    def apply_board(self, board: Board) -> None: ...


class AlarmMonitor(QObject):
    """Runs the time rules of the board (see module docstring)."""

    sig_late_items = Signal(list)
    """list[LateItem], most late first, after every check and every applied board."""

    sig_checked = Signal(object)
    """The `datetime` of a check: refresh the "late N min" marks from it."""

    sig_archived = Signal(list)
    """EC_PK of the patients just archived by the purge or a forced exit."""

    def __init__(
        self,
        controller: BoardHolder,
        clock: Clock,
        settings: Settings,
        db: Database,
        parent: QObject | None = None,
        *,
        runner: DbRunner,
        on_archived: Callable[[], None] | None = None,
        actor: str | None = None,
        writes: bool = True,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._clock = clock
        self._settings = settings
        self._db = db
        self._runner = runner
        self._busy: set[str] = set()  # jobs on their way: never asked twice at once
        self._on_archived = on_archived or self._reload
        self._actor = actor
        self._writes = writes  # False: a read-only board (2.x database), no purge, no exit
        self._last_forced: datetime | None = None
        self._in_check = False
        self._last_items: list[LateItem] | None = None
        self._stamped: set[int] = set()
        self._recorded: set[tuple[int, str | None]] = set()
        self._timer = QTimer(self)
        self._timer.setObjectName("alarmTimer")
        self._timer.timeout.connect(self.check_now)
        self.apply_settings()

    # -- settings ----------------------------------------------------------------
    def apply_settings(self) -> None:
        """Re-read the [Timer] keys (after the ini editor saved)."""
        s = self._settings
        self.check_seconds = s[KEYS.ALARM_CHECK_S]
        self.exit_delay_minutes = s[KEYS.EXIT_ARCHIVE_MIN]
        self.max_stay_seconds = s[KEYS.MAX_STAY_S]
        self._timer.setInterval(max(1, self.check_seconds) * 1000)
        self.policy = alarm_policy(s)

    # -- control -------------------------------------------------------------------
    def start(self) -> None:
        """Forced exits of the start-up, a first check, then the periodic timer."""
        self.run_forced_exits()
        self.check_now()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def is_running(self) -> bool:
        return self._timer.isActive()

    def interval_ms(self) -> int:
        return self._timer.interval()

    # -- the check -------------------------------------------------------------------
    def check_now(self) -> None:
        """One check at the clock's time (what the timer does; tests call it)."""
        if self._in_check:
            return
        self._in_check = True
        try:
            now = self._clock.now()
            board = self._controller.current_board
            if board is not None:
                board = self._refresh(board, now)
                self._publish(board, now)
                self._purge(board, now)
                self._record_triage(board)
            if self._last_forced is not None and (
                now - self._last_forced >= FORCED_EXIT_EVERY or now < self._last_forced
            ):
                self.run_forced_exits()
        finally:
            self._in_check = False

    def run_forced_exits(self) -> None:
        """Close and archive the over-long stays now (start-up, then daily), in the
        background."""
        now = self._clock.now()
        self._last_forced = now
        if self.max_stay_seconds <= 0 or not self._writes or "forced" in self._busy:
            return
        db, max_stay, actor = self._db, self.max_stay_seconds, self._actor

        def failed(exc: BaseException) -> None:
            self._busy.discard("forced")
            if isinstance(exc, DatabaseUnavailable):
                log.warning("forced exits postponed, database unreachable or busy: %s", exc)
            else:  # a wall board keeps running: log it, try again later
                log.error("forced exits failed", exc_info=exc)
            self._last_forced = now - FORCED_EXIT_EVERY + timedelta(minutes=5)  # retry soon

        def done(archived: list[int]) -> None:
            self._busy.discard("forced")
            if len(archived) >= BATCH:  # more may be waiting: go on at the next check
                self._last_forced = now - FORCED_EXIT_EVERY
            if archived:
                log.info("forced exit of %d stay(s) older than %d s", len(archived), max_stay)
                self._archived(archived)

        self._busy.add("forced")
        self._runner.submit(
            lambda: force_exits(db, now, max_stay, actor=actor, limit=BATCH),
            done,
            failed,
            name="forced exits",
        )

    # -- internals -------------------------------------------------------------------
    def _record_triage(self, board: Board) -> None:
        """Levels written by another program go into the history (once per level seen)."""
        if not self._writes or "triage" in self._busy:
            return
        due = {(p.id, p.triage_code) for p in board.patients() if p.triage_unrecorded}
        todo = due - self._recorded
        self._recorded &= due
        if not todo:
            return
        from synoptux.services.board import BoardService

        service = BoardService(self._db, self._clock, actor=self._actor)
        ids = [pid for pid, _code in todo]

        def done(_result: object) -> None:
            self._busy.discard("triage")
            self._recorded |= todo

        def failed(exc: BaseException) -> None:  # a wall board keeps running: next change
            self._busy.discard("triage")
            log.error("triage levels written by another program not recorded", exc_info=exc)

        self._busy.add("triage")
        self._runner.submit(
            lambda: service.record_outside_triage(ids), done, failed, name="triage record"
        )

    def _refresh(self, board: Board, now: datetime) -> Board:
        ctl = self._controller
        if board is ctl.current_board and ctl.lateness_at == now and board.policy == self.policy:
            return board  # the window has just brought it up to this second
        fresh = refresh_lateness(board, now, self.policy)
        if fresh is not board:
            self._controller.apply_board(fresh)
            current = self._controller.current_board
            return current if current is not None else fresh
        return board

    def _publish(self, board: Board, now: datetime) -> None:
        items = late_items(board, now)
        if items != self._last_items:
            self._last_items = items
            self.sig_late_items.emit(items)
        self.sig_checked.emit(now)

    def _purge(self, board: Board, now: datetime) -> None:
        if not self._writes or "purge" in self._busy:
            return
        due = due_exits(board, now, self.exit_delay_minutes)
        # Patients with no exit time get it stamped by the first purge; until the
        # reloaded board shows it, asking again would only repeat that no-op.
        unstamped = {pid for pid in due if (p := board.patient(pid)) and p.moved_at is None}
        asked = unstamped & self._stamped
        due = [pid for pid in due if pid not in asked][:BATCH]
        self._stamped = asked | (unstamped & set(due))
        if not due:
            return
        db, delay, actor = self._db, self.exit_delay_minutes, self._actor

        def done(archived: list[int]) -> None:
            self._busy.discard("purge")
            if archived:
                log.info("purged %d patient(s) from Sortie boxes", len(archived))
                self._archived(archived)

        def failed(exc: BaseException) -> None:  # a wall board keeps running: next check
            self._busy.discard("purge")
            if isinstance(exc, DatabaseUnavailable):
                log.warning("exit purge postponed, database unreachable or busy: %s", exc)
            else:
                log.error("exit purge failed", exc_info=exc)

        self._busy.add("purge")
        self._runner.submit(
            lambda: purge_exits(db, now, delay, actor=actor, only=due),
            done,
            failed,
            name="exit purge",
        )

    def _archived(self, pks: list[int]) -> None:
        self.sig_archived.emit(list(pks))
        self._on_archived()
        board = self._controller.current_board
        if board is not None:  # the strip drops the lines of the patients gone, at once
            self._publish(board, self._clock.now())

    def _reload(self) -> None:
        db, now, policy = self._db, self._clock.now(), self.policy

        def failed(exc: BaseException) -> None:
            log.warning("reload after archive failed: %s", exc)

        self._runner.submit(
            lambda: load_board(db, now, policy),
            self._controller.apply_board,
            failed,
            name="reload after archive",
        )

    def on_board_applied(self, board: object) -> None:
        """Any new board (tap, other screen, MedinTux): lateness and strip at once
        (connect the controller's `sig_board_applied` here)."""
        if self._in_check or not isinstance(board, Board):
            return
        self._in_check = True
        try:
            now = self._clock.now()
            board = self._refresh(board, now)
            self._publish(board, now)
        finally:
            self._in_check = False

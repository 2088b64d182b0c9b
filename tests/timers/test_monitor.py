"""The alarm monitor: one clock, lateness pushed to the board, purge, forced exits.

`StandIn` is a small real controller (the board's `BoardController` contract:
`current_board`, `apply_board`, `sig_board_applied` connected to the monitor's
`on_board_applied`), so that the monitor is tested on its own; `test_with_real_window.py` runs it inside the real window.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QObject, Signal
from sqlalchemy import event

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.domain.model import Board, Overdue
from synoptux.services.board import BoardService
from synoptux.ui.alarms import AlarmMonitor
from synoptux.ui.board.alarm_strip import AlarmStrip
from synoptux.ui.db_runner import DbRunner
from tests.support.clock import T0
from tests.support.settle import settle
from tests.support.timers import Rows

M = timedelta(minutes=1)
DAY = 24 * 60 * M


class StandIn(QObject):
    sig_board_applied = Signal(object)

    def __init__(self, board: Board | None) -> None:
        super().__init__()
        self.current_board = board
        self.lateness_at = None  # applies boards as given: the monitor brings them up to time
        self.applied: list[Board] = []

    def apply_board(self, board: Board) -> None:
        self.current_board = board
        self.applied.append(board)
        self.sig_board_applied.emit(board)


class QueryCounter:
    """Counts the SQL statements sent on an engine (a real listener, no mock)."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._on)

    def _on(self, *_args: object) -> None:
        self.count += 1

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._on)


def settings(check: int = 10, delay: int = 1440, max_stay: int = 0) -> Settings:
    return Settings.from_text(
        "[Timer]\n"
        f"Periodicite_controle_alarme_en_secondes={check}\n"
        f"Delai_avant_suppression_des_sorties_en_mn={delay}\n"
        f"Duree_vie_max_avant_sortie_forcee_en_secondes={max_stay}\n"
    )


@pytest.fixture(autouse=True)
def runner(qtbot) -> Iterator[DbRunner]:
    """The board's database thread: the monitor hands it every purge and forced exit."""
    global RUNNER  # the monitors of a test share it, as on the board
    RUNNER = DbRunner()
    yield RUNNER
    RUNNER.stop()


RUNNER: DbRunner


def new_monitor(
    ctrl: StandIn, clock: FakeClock, s: Settings, db: Database, **kw: object
) -> AlarmMonitor:
    return AlarmMonitor(ctrl, clock, s, db, runner=RUNNER, **kw)  # type: ignore[arg-type]


def check(m: AlarmMonitor) -> None:
    """One check, and the database work it asked for done."""
    m.check_now()
    settle()


def start(m: AlarmMonitor) -> None:
    m.start()
    settle()


def monitor_for(rows: Rows, clock: FakeClock, **kw: int) -> tuple[AlarmMonitor, StandIn]:
    """A monitor wired as the board window wires it (ui/compose.py)."""
    ctrl = StandIn(BoardService(rows.db, clock).snapshot())
    monitor = new_monitor(ctrl, clock, settings(**kw), rows.db)
    ctrl.sig_board_applied.connect(monitor.on_board_applied)
    return monitor, ctrl


def test_check_applies_a_board_only_when_lateness_changed(qtbot, sqlite_rows) -> None:
    rows, clock = sqlite_rows, FakeClock(T0)
    a = rows.patient("S1", "AAA", entered=T0 - 30 * M)
    ta = rows.task(a, "RX OS", planned_start=T0 + 5 * M)
    b = rows.patient("S2", "BBB", entered=T0 - 30 * M)
    rows.task(b, "RX OS", planned_start=T0 + 60 * M)
    monitor, ctrl = monitor_for(rows, clock)
    first = ctrl.current_board
    checked = []
    monitor.sig_checked.connect(checked.append)
    queries = QueryCounter(rows.db.engine)
    try:
        check(monitor)
        assert ctrl.applied == []  # nothing late yet: nothing applied
        clock.advance(minutes=6)
        check(monitor)
        [applied] = ctrl.applied
        assert applied.patient(a).tasks[0].overdue is Overdue.START
        assert applied.patient(b) is first.patient(b)  # the other card is left alone
        clock.advance(minutes=1)
        check(monitor)  # still late, nothing new
        assert len(ctrl.applied) == 1
        assert queries.count == 0  # lateness is computed in memory: no database work
    finally:
        queries.close()
    assert checked == [T0, T0 + 6 * M, T0 + 7 * M]
    assert ta in {t.id for t in applied.patient(a).overdue_tasks}


def test_late_items_feed_the_strip_on_checks_and_on_applied_boards(qtbot, sqlite_rows) -> None:
    rows, clock = sqlite_rows, FakeClock(T0)
    a = rows.patient("S1", "AAA", entered=T0 - 30 * M)
    ta = rows.task(a, "RX OS", planned_start=T0 - 5 * M)
    monitor, ctrl = monitor_for(rows, clock)
    strip = AlarmStrip()
    qtbot.addWidget(strip)
    monitor.sig_late_items.connect(strip.set_items)
    check(monitor)
    assert [(i.task_id, i.minutes_late) for i in strip.items()] == [(ta, 5)]
    clock.advance(minutes=3)
    check(monitor)
    assert "start +8 min" in strip.lines()[0].text()  # not started 8 min after its time
    # A nurse ends the task: the board applied after her tap clears the strip at once.
    service = BoardService(rows.db, clock)
    service.set_task_state(ta, "80")
    ctrl.apply_board(service.snapshot())
    assert strip.items() == [] and strip.lines() == []
    # Back to a non-final state: watched again (it has started now: RX OS may last 60 min).
    service.set_task_state(ta, "30")
    ctrl.apply_board(service.snapshot())
    assert strip.items() == []
    clock.advance(minutes=61)
    check(monitor)
    assert [(i.task_id, i.kind, i.minutes_late) for i in strip.items()] == [(ta, Overdue.END, 1)]


def test_applied_board_loaded_earlier_is_refreshed_immediately(qtbot, sqlite_rows) -> None:
    rows, clock = sqlite_rows, FakeClock(T0)
    a = rows.patient("S1", "AAA", entered=T0 - 30 * M)
    rows.task(a, "RX OS", planned_start=T0 + 1 * M)
    old_snapshot = BoardService(rows.db, clock).snapshot()
    monitor, ctrl = monitor_for(rows, clock)
    clock.advance(minutes=2)
    ctrl.apply_board(old_snapshot)  # e.g. a snapshot that took a while to come back
    assert ctrl.current_board.patient(a).tasks[0].overdue is Overdue.START
    assert len(ctrl.applied) == 2  # the monitor applied the refreshed one, once


def test_purge_from_the_monitor_archives_and_reloads(qtbot, sqlite_rows) -> None:
    rows, clock = sqlite_rows, FakeClock(T0)
    gone = rows.patient("SORT", "PARTI", entered=T0 - 2 * DAY, moved=T0 - 50 * M)
    care = rows.patient("S1", "SOIN", entered=T0 - 3 * DAY, moved=T0 - 3 * DAY)
    monitor, ctrl = monitor_for(rows, clock, delay=60)
    archived = []
    monitor.sig_archived.connect(archived.append)
    queries = QueryCounter(rows.db.engine)
    try:
        check(monitor)
        assert queries.count == 0 and archived == []  # not due: no database work
    finally:
        queries.close()
    clock.advance(minutes=10)
    check(monitor)
    assert archived == [[gone]]
    board = ctrl.current_board
    assert board.patient(gone) is None and board.patient(care) is not None
    assert len(rows.history("PATIENT_PURGE")) == 1


def test_forced_exits_at_start_then_once_a_day(qtbot, sqlite_rows) -> None:
    rows, clock = sqlite_rows, FakeClock(T0)
    old = rows.patient("S1", "ANCIEN", entered=T0 - 3 * DAY)
    later = rows.patient("S2", "BIENTOT", entered=T0 - 2 * DAY + 10 * M)
    monitor, ctrl = monitor_for(rows, clock, max_stay=2 * 24 * 3600)
    archived = []
    monitor.sig_archived.connect(archived.append)
    start(monitor)
    try:
        assert monitor.is_running() and monitor.interval_ms() == 10_000
        assert archived == [[old]]
        assert ctrl.current_board.patient(old) is None
        clock.advance(minutes=30)  # BIENTOT is over the limit now, but the daily run is not due
        check(monitor)
        assert archived == [[old]]
        clock.set(T0 + DAY)
        check(monitor)
        assert archived == [[old], [later]]
        assert ctrl.current_board.patients() == []
        assert len(rows.history("PATIENT_LIFEOUT")) == 2
    finally:
        monitor.stop()


def test_forced_exits_disabled_by_default(qtbot, sqlite_rows) -> None:
    rows, clock = sqlite_rows, FakeClock(T0)
    rows.patient("S1", "ANCIEN", entered=T0 - 300 * DAY)
    monitor, ctrl = monitor_for(rows, clock)
    monitor.run_forced_exits()
    settle()
    assert len(ctrl.current_board.patients()) == 1


def test_on_archived_callback_replaces_the_reload(qtbot, sqlite_rows) -> None:
    rows, clock = sqlite_rows, FakeClock(T0)
    rows.patient("SORT", "PARTI", entered=T0 - 2 * DAY, moved=T0 - 2 * DAY)
    ctrl = StandIn(BoardService(rows.db, clock).snapshot())
    calls = []
    monitor = new_monitor(ctrl, clock, settings(), rows.db, on_archived=lambda: calls.append(1))
    check(monitor)
    assert calls == [1] and ctrl.applied == []


def test_unstamped_exit_asks_the_database_once(qtbot, sqlite_rows) -> None:
    rows, clock = sqlite_rows, FakeClock(T0)
    pid = rows.patient("SORT", "SANSHEURE", entered=T0 - 3 * DAY, moved="1000-01-01 01:01:01")
    monitor, ctrl = monitor_for(rows, clock)
    check(monitor)  # stamps the exit time
    queries = QueryCounter(rows.db.engine)
    try:
        check(monitor)
        check(monitor)
        assert queries.count == 0
    finally:
        queries.close()
    assert rows.board(T0).patient(pid).moved_at == T0


def test_the_timer_really_fires(qtbot, sqlite_rows) -> None:
    rows, clock = sqlite_rows, FakeClock(T0)
    monitor, _ctrl = monitor_for(rows, clock, check=1)
    monitor.start()
    try:
        clock.advance(minutes=1)
        with qtbot.waitSignal(monitor.sig_checked, timeout=3000) as sig:
            pass
        assert sig.args == [T0 + M]
    finally:
        monitor.stop()


def test_settings_are_reread(qtbot, sqlite_rows) -> None:
    rows, clock = sqlite_rows, FakeClock(T0)
    ctrl = StandIn(None)
    s = settings(check=10)
    monitor = new_monitor(ctrl, clock, s, rows.db)
    check(monitor)  # no board yet: nothing to do, no crash
    s.set("Timer", "Periodicite_controle_alarme_en_secondes", 3)
    s.set("Timer", "Delai_avant_suppression_des_sorties_en_mn", 90)
    monitor.apply_settings()
    assert monitor.interval_ms() == 3000 and monitor.exit_delay_minutes == 90


def test_strip_drops_the_lines_of_a_forced_exit_at_once(qtbot, sqlite_rows) -> None:
    rows, clock = sqlite_rows, FakeClock(T0)
    old = rows.patient("S1", "ANCIEN", entered=T0 - DAY + 10 * M)
    rows.task(old, "RX OS", planned_start=T0 - 30 * M)
    monitor, ctrl = monitor_for(rows, clock, max_stay=24 * 3600)
    strip = AlarmStrip()
    qtbot.addWidget(strip)
    monitor.sig_late_items.connect(strip.set_items)
    start(monitor)
    try:
        assert [i.patient_id for i in strip.items()] == [old]
        clock.advance(hours=24)  # the daily run, inside a check
        check(monitor)
        assert ctrl.current_board.patients() == [] and strip.items() == []
    finally:
        monitor.stop()


def test_unreachable_database_keeps_the_alarms_running(qtbot, sqlite_rows) -> None:
    rows, clock = sqlite_rows, FakeClock(T0)
    a = rows.patient("S1", "AAA", entered=T0 - 30 * M)
    rows.task(a, "RX OS", planned_start=T0 + 1 * M)
    rows.patient("SORT", "PARTI", entered=T0 - 3 * DAY, moved=T0 - 2 * DAY)
    ctrl = StandIn(BoardService(rows.db, clock).snapshot())
    # Nothing listens on port 9: every connection attempt fails at once.
    gone = Database.from_url("mysql+pymysql://root@127.0.0.1:9/nowhere")
    try:
        monitor = new_monitor(ctrl, clock, settings(max_stay=3600), gone)
        start(monitor)  # forced exits fail: logged, postponed
        clock.advance(minutes=2)
        check(monitor)  # purge fails: logged; lateness still computed
        assert ctrl.current_board.patient(a).tasks[0].overdue is Overdue.START
        assert len(ctrl.current_board.patients()) == 2  # nobody lost
        monitor.stop()
    finally:
        gone.dispose()


def test_a_backlog_is_archived_in_short_steps(qtbot, sqlite_rows) -> None:
    """A legacy site with stale rows: at most BATCH stays per check, none forgotten."""
    from synoptux.ui.alarms import BATCH

    rows, clock = sqlite_rows, FakeClock(T0)
    exits = [
        rows.patient("SORT", f"SORTI{i}", entered=T0 - 9 * DAY, moved=T0 - 8 * DAY)
        for i in range(BATCH + 5)
    ]
    stale = [rows.patient("A1", f"VIEUX{i}", entered=T0 - 9 * DAY) for i in range(BATCH + 3)]
    monitor, ctrl = monitor_for(rows, clock, max_stay=7 * 24 * 3600)
    archived: list[list[int]] = []
    monitor.sig_archived.connect(archived.append)
    start(monitor)
    try:
        assert len(archived[0]) == BATCH  # start-up: one batch, not the whole backlog
        for _ in range(4):
            check(monitor)
        assert sorted(sum(archived, [])) == sorted(exits + stale)
        assert all(len(a) <= BATCH for a in archived)
        assert ctrl.current_board.patients() == []
    finally:
        monitor.stop()

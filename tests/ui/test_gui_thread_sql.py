"""No SQL on the GUI thread, and every tap answered within a second.

A SQLAlchemy `before_cursor_execute` listener records the thread of every statement the
board's engine runs while a real window (SQLite file and MariaDB) goes through every
action of `BoardActions`, the alarm monitor's check (exit purge, forced exits, triage
levels written by another program), the history, the statistics and the past stays
search. Then the outcomes: a lock held by a second real connection is "busy" within 1 s
and nothing is applied; a database thread that does not answer gives "does not answer"
within 1 s, the tap queued meanwhile is never applied, and one that was applied after all
is said so.
"""

from __future__ import annotations

import gc
import socket
import threading
import time
from argparse import Namespace
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import event, update
from sqlalchemy.engine import Engine

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.domain.model import BoxType
from synoptux.services.history import Action
from synoptux.ui.alarms import AlarmMonitor
from synoptux.ui.app import BoardStartup
from synoptux.ui.loading import loading_text
from synoptux.ui.main_window import MainWindow
from synoptux.ui.stats.stats_window import StatsWindow
from tests.support.settle import settle
from tests.support.startup import close_startup, watched_startup
from tests.support.ui import history, patient_id, patient_row


class SqlThreads:
    """The statements an engine ran, with the thread that ran each."""

    def __init__(self, db: Database) -> None:
        self.engine = db.engine
        self.gui = threading.get_ident()
        self.seen: list[tuple[int, str]] = []
        event.listen(self.engine, "before_cursor_execute", self._on)

    def _on(self, _conn, _cursor, statement, _params, _context, _many) -> None:
        self.seen.append((threading.get_ident(), " ".join(statement.split())[:90]))

    @contextmanager
    def paused(self) -> Iterator[None]:
        """The test's own checks (run on the test's thread, which is the GUI thread)."""
        event.remove(self.engine, "before_cursor_execute", self._on)
        try:
            yield
        finally:
            event.listen(self.engine, "before_cursor_execute", self._on)

    def on_gui(self) -> list[str]:
        return [sql for ident, sql in self.seen if ident == self.gui]

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._on)


@pytest.fixture
def sql_threads(window: MainWindow) -> Iterator[SqlThreads]:
    recorder = SqlThreads(window.db)
    yield recorder
    recorder.close()


def _outcomes(window: MainWindow) -> list[tuple[str, object, float]]:
    got: list[tuple[str, object, float]] = []
    window.board_actions.sig_outcome.connect(
        lambda kind, what: got.append((kind, what, time.monotonic()))
    )
    return got


def _records(lst) -> list[object]:  # a TouchList
    return [lst.item(i).data(Qt.ItemDataRole.UserRole) for i in range(lst.count())]


def _message(window: MainWindow) -> str:
    dlg = window.board_actions.last_dialog
    return getattr(dlg, "text", "") if dlg is not None else ""


def test_the_gui_thread_runs_no_sql(qtbot, window, clock, sql_threads) -> None:
    db, actions, service = window.db, window.board_actions, window.service
    board = window.controller.current_board
    moreau = next(p.id for p in board.patients() if p.last_name == "MOREAU")
    other = next(p for p in board.patients() if p.id != moreau and p.tasks)
    task = other.tasks[0]
    state = next(s.code for s in board.states if s.code != task.state)
    dest_box = next(b for b in board.boxes if b.type is BoxType.CARE and b.code != "A1")
    exit_box = next(b for b in board.boxes if b.type is BoxType.EXIT)
    resp = board.responsibles[0].code
    level = board.triage_levels[0].code

    outcomes = _outcomes(window)
    actions.toggle_anonymous(moreau)
    actions.toggle_folded(moreau)
    actions.confirm_identity(moreau)
    actions.set_task_state(task.id, state)
    settle(qtbot)
    # the dialogs' callbacks: what their OK buttons do
    actions.run(lambda: service.set_comment(moreau, "vu par l'IAO"))
    actions.run(lambda: service.set_responsible(moreau, resp))
    actions.run(lambda: service.set_triage(moreau, level))
    actions.run(lambda: service.delete_task(task.id))
    settle(qtbot)
    actions.start_move(moreau)  # a move: tap "move", then the target box's title
    actions.box_title_tapped(dest_box.code)
    settle(qtbot)
    actions.run(lambda: service.move_patient(other.id, exit_box.code, destination="Domicile"))
    actions.final_exit(moreau)  # the ini asks to confirm: the dialog's "yes"
    actions.last_dialog._yes()  # type: ignore[union-attr]
    settle(qtbot)
    assert [k for k, _w, _t in outcomes].count("applied") == 11, outcomes
    assert window.controller.current_board.patient(moreau) is None
    with sql_threads.paused():
        assert patient_row(db, other.id)["EC_CodeBox"] == exit_box.code

    # the alarm monitor: forced exits at start, then a check (purge, a macro's triage)
    macro = max(  # the latest arrival: not a stay the forced exits close
        (p for p in window.controller.current_board.patients() if p.id != other.id),
        key=lambda p: p.entered_at,
    )

    def triage_rows() -> int:
        rows = history(db, macro.id)
        return len([h for h in rows if h["HI_Action"] == Action.SET_TRIAGE])

    with sql_threads.paused():  # another program writes a triage level
        before = triage_rows()
        db.transaction(
            lambda c: c.execute(
                update(db.tables.encours)
                .where(db.tables.encours.c.EC_PK == macro.id)
                .values(EC_Niveau_Tri=level)
            )
        )
    window.reload_board()
    settle(qtbot)
    assert window.controller.current_board.patient(macro.id).triage_unrecorded
    ini = Settings.from_text(
        "[Timer]\nDelai_avant_suppression_des_sorties_en_mn=1\n"
        "Duree_vie_max_avant_sortie_forcee_en_secondes=7200\n"
    )
    monitor = AlarmMonitor(
        window.controller, clock, ini, db, window, runner=window.runner, actor="poste-1"
    )
    monitor.run_forced_exits()
    settle(qtbot)
    clock.advance(minutes=5)
    monitor.check_now()
    settle(qtbot)
    assert window.controller.current_board.patient(other.id) is None  # purged
    with sql_threads.paused():
        assert triage_rows() == before + 1  # the macro's level went into the history

    # history, statistics, past stays
    left = window.controller.current_board.patients()[0]
    actions.last_dialog = None
    actions.show_history(left.id)
    qtbot.waitUntil(lambda: actions.last_dialog is not None and actions.last_dialog.isVisible())
    stats = StatsWindow(window.ctx, window.runner, window)
    stats.show()
    qtbot.waitUntil(lambda: stats.report is not None, timeout=15000)
    stats.open_search()
    stats._search.query.setText(left.last_name)
    stats._search.search()
    settle(qtbot)
    assert stats._search.stays
    stats._search.show_stay(0)
    settle(qtbot)
    assert stats._search.events.rowCount() > 0
    stats.close()

    # administration, behind the PIN: the gate, every reference list, a save, a delete
    menus = window.admin_menus
    with sql_threads.paused():
        menus.gate.store.set_pin("1357")
    menus.open("states")
    settle(qtbot)
    pin = menus.gate.pin_dialog
    pin.fields["pin"].setText("1357")
    pin.ok_button.click()
    settle(qtbot)
    opened = [menus.last]
    for name in ("boxes", "tasks", "responsibles", "exits", "absences", "triage", "orphans"):
        menus.open(name)
        settle(qtbot)
        opened.append(menus.last)
    assert all(d is not None and d.isVisible() for d in opened), opened
    states = opened[0]
    assert states.list.count() > 0
    states.new_button.click()
    states.editor.code.setText("77")
    states.editor.label.setText("Vu")
    states.editor.save_button.click()
    settle(qtbot)
    assert any(getattr(r, "code", None) == "77" for r in _records(states.list))
    states.list.select_where(lambda r: r.code == "77")
    states.delete_button.click()
    states.confirm_yes.click()
    settle(qtbot)
    assert not any(getattr(r, "code", None) == "77" for r in _records(states.list))
    menus.record("ini", "a key changed", "1", "2")
    settle(qtbot)

    assert len(sql_threads.seen) > 50
    assert sql_threads.on_gui() == []


def test_a_lock_held_by_another_connection_says_busy_within_a_second(qtbot, window) -> None:
    db = window.db
    pid = patient_id(db, "MOREAU")
    folded = bool(patient_row(db, pid)["EC_Replier"])
    outcomes = _outcomes(window)
    holder = db.engine.connect()  # a second real connection, as MedinTux would hold it
    try:
        if db.dialect == "sqlite":  # BEGIN IMMEDIATE: the write lock of the whole file
            holder.execution_options(synoptux_write=True)
            trans = holder.begin()
        else:  # the patient's row, FOR UPDATE in an open transaction
            trans = holder.begin()
            holder.execute(
                db.tables.encours.select().where(db.tables.encours.c.EC_PK == pid).with_for_update()
            ).all()
        tapped = time.monotonic()
        window.board_actions.toggle_folded(pid)
        qtbot.waitUntil(lambda: bool(outcomes), timeout=3000)
        kind, _what, at = outcomes[0]
        assert kind == "busy", outcomes
        assert at - tapped < 1.0, f"busy said after {at - tapped:.2f} s"
        assert "Another program is writing" in _message(window)
    finally:
        trans.rollback()
        holder.close()
    qtbot.wait(300)
    settle(qtbot)
    assert bool(patient_row(db, pid)["EC_Replier"]) == folded  # nothing was applied
    assert [k for k, _w, _t in outcomes] == ["busy"]


def _stall(window: MainWindow) -> threading.Event:
    """The database thread stops answering (a statement that never returns)."""
    release = threading.Event()
    window.runner.submit(lambda: release.wait(20), name="stalled statement")
    return release


def test_no_answer_within_a_second_and_a_queued_tap_is_never_applied(qtbot, window) -> None:
    db = window.db
    pid = patient_id(db, "MOREAU")
    folded = bool(patient_row(db, pid)["EC_Replier"])
    outcomes = _outcomes(window)
    release = _stall(window)
    try:
        tapped = time.monotonic()
        window.board_actions.toggle_folded(pid)
        qtbot.waitUntil(lambda: bool(outcomes), timeout=3000)
        kind, _what, at = outcomes[0]
        assert kind == "no_answer" and at - tapped < 1.1, outcomes
        assert "does not answer" in _message(window)
    finally:
        release.set()
    settle(qtbot)
    qtbot.wait(200)
    assert bool(patient_row(db, pid)["EC_Replier"]) == folded  # dropped, never applied late
    assert [k for k, _w, _t in outcomes] == ["no_answer"]


def test_a_tap_applied_after_the_screen_said_no_answer_is_told(qtbot, window) -> None:
    db, service = window.db, window.service
    pid = patient_id(db, "MOREAU")
    folded = bool(patient_row(db, pid)["EC_Replier"])
    outcomes = _outcomes(window)
    release = threading.Event()

    def slow_then_applied() -> object:  # the server answers after the screen gave up
        release.wait(20)
        return service.set_folded(pid, not folded)

    window.board_actions.run(slow_then_applied)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=3000)
    assert outcomes[0][0] == "no_answer"
    release.set()
    qtbot.waitUntil(lambda: len(outcomes) == 2, timeout=5000)
    assert outcomes[1][0] == "applied_late"
    assert "done after all" in _message(window)
    assert window.controller.current_board.patient(pid).folded == (not folded)


def test_tap_to_card_on_a_healthy_database_is_quick(qtbot, window) -> None:
    """The budget of architecture.md: tap -> card changed on screen in 100 ms (median)."""
    pid = patient_id(window.db, "MOREAU")
    times: list[float] = []
    for _ in range(10):
        before = window.controller.current_board.patient(pid).folded
        start = time.monotonic()
        window.board_actions.toggle_folded(pid)
        qtbot.waitUntil(lambda b=before: window.controller.current_board.patient(pid).folded != b)
        times.append(time.monotonic() - start)
        settle(qtbot)
    times.sort()
    assert times[len(times) // 2] < 0.1, times


# -- startup ------------------------------------------------------------------------------
# The board's start (ui/app.py BoardStartup, what `synoptux` runs): the screen shows at
# once, saying the board is loading; the database is opened and the first board read off
# the GUI thread, the first board arriving by signal; a server that does not answer at
# start never freezes the screen.

STARTUP_ARGS = Namespace(lang="fr", now=None, full_screen=False)


@contextmanager
def every_engine_sql() -> Iterator[list[tuple[int, str]]]:
    """The statements of every engine (those made during the start included), with the
    thread that ran each."""
    seen: list[tuple[int, str]] = []

    def on(_conn, _cursor, statement, _params, _context, _many) -> None:
        seen.append((threading.get_ident(), " ".join(statement.split())[:90]))

    event.listen(Engine, "before_cursor_execute", on)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", on)


def _startup_settings(tmp_path, url: str) -> Settings:
    return Settings.from_text(
        f"[Connexion_SynopTux]\nURL={url}\n[Interface]\nDossier_Entrees={tmp_path / 'entrees'}\n"
    )


def test_startup_shows_at_once_and_runs_no_sql_on_the_gui_thread(
    qtbot, tmp_path, demo_sqlite
) -> None:
    url = demo_sqlite.engine.url.render_as_string(hide_password=False)
    demo_sqlite.dispose()
    settings = _startup_settings(tmp_path, url)
    gui = threading.get_ident()
    with every_engine_sql() as seen:
        started = time.monotonic()
        startup = BoardStartup(STARTUP_ARGS, settings)
        startup.start()
        try:
            shown = time.monotonic() - started
            assert startup.loading.isVisible() and shown < 0.5, shown
            assert startup.loading.label.text() == loading_text()
            qtbot.waitUntil(lambda: isinstance(startup.window, MainWindow), timeout=15_000)
            win = startup.window
            assert win.isVisible() and not startup.loading.isVisible()
            qtbot.waitUntil(lambda: win.controller.current_board is not None, timeout=15_000)
            assert not win.loading_label.isVisible()
            assert gc.get_freeze_count() > 10_000  # the heap frozen after the first board
            qtbot.waitUntil(win.parts.monitor.is_running, timeout=5000)  # live parts started
            qtbot.wait(500)  # a few feed checks
            settle(qtbot)
        finally:
            close_startup(startup)
    assert len(seen) > 10
    assert [sql for ident, sql in seen if ident == gui] == []


def test_a_server_that_does_not_answer_at_startup_never_freezes_the_screen(qtbot, tmp_path) -> None:
    """A host whose kernel accepts the connection and then says nothing (a frozen server):
    a listening socket that never accepts."""
    with socket.socket() as frozen:
        frozen.bind(("127.0.0.1", 0))
        frozen.listen(16)
        port = frozen.getsockname()[1]
        settings = _startup_settings(tmp_path, f"mysql+pymysql://root@127.0.0.1:{port}/urg")
        with watched_startup(STARTUP_ARGS, settings) as (startup, ticks, started):
            assert startup.loading.isVisible() and time.monotonic() - started < 0.5
            qtbot.waitUntil(lambda: isinstance(startup.window, MainWindow), timeout=30_000)
            win = startup.window
            assert win.isVisible() and win.loading_label.isVisible()  # no board: loading
            qtbot.waitUntil(win.offline_banner.isVisible, timeout=30_000)  # the outage said
            assert win.loading_label.isVisible()
            gap = ticks.longest_gap()
            assert gap < 0.5, f"the GUI thread was blocked {gap:.2f} s"

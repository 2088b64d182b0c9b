"""The alarm monitor never makes the window apply a change twice.

- A board of the live feed was read with the default alarm policy; a site whose snooze or
  escalation keys differ had each such board applied, then applied again by the monitor
  with the site's policy (two rebuilds of every card for one change on another screen).
  The feed now builds with the site's policy.
- After its own purge the monitor reloaded the board while the live feed, which sees
  every write, applied the same change too.

A real live window on a real SQLite file; the boards the controller applies are counted.
"""

from __future__ import annotations

from synoptux.config import Settings
from synoptux.domain.model import AlarmPolicy, Board, BoxType, Overdue
from synoptux.services.snapshot import load_board
from synoptux.ui.main_window import MainWindow
from tests.support.clock import T0
from tests.support.settle import settle
from tests.support.ui import destroy, patient_id


def _live(qtbot, db, ini: Settings, clock, tmp_path) -> MainWindow:
    ini.set_raw("Interface", "Dossier_Entrees", str(tmp_path / "entrees"))
    win = MainWindow(db, ini, clock, live=True)
    win.resize(1920, 1080)
    win.show()
    qtbot.waitUntil(win.parts.monitor.is_running, timeout=5000)  # the live parts started
    qtbot.wait(800)  # the feed's first checks
    settle(qtbot)
    return win


def _applied(win: MainWindow) -> list[Board]:
    boards: list[Board] = []
    win.controller.sig_board_applied.connect(boards.append)
    return boards


def test_a_change_seen_by_the_feed_is_applied_once_with_the_sites_policy(
    qtbot, demo_sqlite, ini: Settings, clock, tmp_path
) -> None:
    ini.set_raw("Timer", "Duree_acquittement_alarme_en_mn", "5")
    ini.set_raw("Timer", "Delai_escalade_alarme_en_mn", "30")
    site = AlarmPolicy(5, 30)
    win = _live(qtbot, demo_sqlite, ini, clock, tmp_path)
    try:
        assert win.controller.current_board.policy == site
        applied = _applied(win)
        t = demo_sqlite.tables
        demo_sqlite.transaction(  # another program inserts a patient
            lambda c: c.execute(
                t.encours.insert().values(
                    EC_CodeBox="A2", EC_NomPatient="MACRO", EC_HeureEntree=T0, EC_Replier=0
                )
            )
        )
        pk = patient_id(demo_sqlite, "MACRO")
        qtbot.waitUntil(lambda: win.controller.row(pk) is not None, timeout=5000)
        qtbot.wait(800)  # a few more checks: nothing else changed
        settle(qtbot)
        assert len(applied) == 1, [b.policy for b in applied]
        assert applied[0].policy == site and win.controller.current_board.policy == site
    finally:
        destroy(win)


def test_the_monitors_own_purge_is_applied_once(
    qtbot, demo_sqlite, ini: Settings, clock, tmp_path
) -> None:
    ini.set_raw("Timer", "Delai_avant_suppression_des_sorties_en_mn", "1")
    win = _live(qtbot, demo_sqlite, ini, clock, tmp_path)
    try:
        board = win.controller.current_board
        exit_box = next(b for b in board.boxes if b.type is BoxType.EXIT)
        leaving = next(p for p in board.patients() if p.box_code != exit_box.code)
        win.board_actions.run(lambda: win.service.move_patient(leaving.id, exit_box.code))
        qtbot.waitUntil(
            lambda: win.controller.current_board.patient(leaving.id).box_code == exit_box.code,
            timeout=5000,
        )
        qtbot.wait(800)
        settle(qtbot)
        applied = _applied(win)
        archived: list[list[int]] = []
        win.parts.monitor.sig_archived.connect(archived.append)
        clock.advance(minutes=5)
        win.parts.monitor.check_now()  # the purge is due
        qtbot.waitUntil(lambda: bool(archived), timeout=5000)
        qtbot.waitUntil(
            lambda: win.controller.current_board.patient(leaving.id) is None, timeout=5000
        )
        qtbot.wait(800)  # the feed's next checks
        settle(qtbot)
        gone = [b for b in applied if b.patient(leaving.id) is None]
        # One change, one apply: the monitor's reload and the feed never apply the same
        # board one after the other. (A later board for another reason - the feed seeing
        # the archive's second write, the clock's new minute on a loaded machine - is not
        # the same board: counting every board without the patient failed under load.)
        assert gone, "the purge was applied"
        twice = [a for a, b in zip(gone, gone[1:], strict=False) if a == b]
        assert not twice, f"{len(gone)} boards applied for one purge, {len(twice)} the same"
    finally:
        destroy(win)


def test_a_window_without_live_feed_still_reloads_after_its_purge(
    qtbot, demo_sqlite, ini: Settings, clock
) -> None:
    """`synoptux snapshot`'s window (no feed): the monitor's own reload shows the purge."""
    ini.set_raw("Timer", "Delai_avant_suppression_des_sorties_en_mn", "1")
    win = MainWindow(demo_sqlite, ini, clock, live=False)
    try:
        settle(qtbot)
        board = win.controller.current_board
        exit_box = next(b for b in board.boxes if b.type is BoxType.EXIT)
        leaving = next(p for p in board.patients() if p.box_code != exit_box.code)
        win.board_actions.run(lambda: win.service.move_patient(leaving.id, exit_box.code))
        settle(qtbot)
        clock.advance(minutes=5)
        win.parts.monitor.check_now()
        qtbot.waitUntil(
            lambda: win.controller.current_board.patient(leaving.id) is None, timeout=5000
        )
    finally:
        destroy(win)


def test_a_board_that_fell_late_on_its_way_is_applied_once(
    qtbot, demo_sqlite, ini: Settings, clock
) -> None:
    """A board is read at one second and applied at a later one (the feed's thread reads
    it, the window applies it when its turn comes): a task planned at the reading's second
    is on time in it and late when it is applied. The window showed the board as read, then
    the monitor found the task late and had the whole board applied a second time (every
    card compared, boxes laid out again: half the window's work during a burst of MedinTux
    writes). Now the lateness is brought up to the applying second first: one apply, the
    task late in it."""
    win = MainWindow(demo_sqlite, ini, clock, live=False)
    try:
        settle(qtbot)
        t = demo_sqlite.tables

        def add(c) -> None:
            pk = c.execute(
                t.encours.insert().values(
                    EC_CodeBox="A2", EC_NomPatient="MACRO", EC_HeureEntree=T0, EC_Replier=0
                )
            ).inserted_primary_key[0]
            c.execute(
                t.encours_taches.insert().values(
                    EN_PK_encours=pk, EN_Code_tache="ECG", EN_HeureDebPrevue=clock.now()
                )
            )

        demo_sqlite.transaction(add)
        pk = patient_id(demo_sqlite, "MACRO")
        read = load_board(demo_sqlite, clock.now(), win.controller.current_board.policy)
        assert read.patient(pk).tasks[0].overdue is None  # on time when read
        clock.advance(seconds=1)
        applied = _applied(win)
        win.controller.apply_board(read)
        settle(qtbot)
        assert len(applied) == 1, "the board was applied more than once"
        assert applied[0].patient(pk).tasks[0].overdue is Overdue.START
        assert win.controller.current_board.patient(pk).tasks[0].overdue is Overdue.START
        assert win.controller.row(pk).inp.patient.tasks[0].overdue is Overdue.START
    finally:
        destroy(win)


def test_after_its_purge_the_live_board_looks_without_reloading(
    qtbot, demo_sqlite, ini: Settings, clock, tmp_path
) -> None:
    """After its purge the monitor had the feed reload the board by force: when the feed's
    own check had already seen the archive (a loaded machine: the monitor's callback comes
    after the feed's tick), the same board was applied a second time. The feed now only
    looks: a change it has applied already gives no board."""
    win = _live(qtbot, demo_sqlite, ini, clock, tmp_path)
    try:
        feed = win.parts.feed
        assert win.parts.monitor._on_archived == feed.check_now
        applied = _applied(win)
        t = demo_sqlite.tables
        demo_sqlite.transaction(  # a write the feed sees and applies
            lambda c: c.execute(
                t.encours.insert().values(
                    EC_CodeBox="A2", EC_NomPatient="MACRO", EC_HeureEntree=T0, EC_Replier=0
                )
            )
        )
        pk = patient_id(demo_sqlite, "MACRO")
        qtbot.waitUntil(lambda: win.controller.row(pk) is not None, timeout=5000)
        qtbot.wait(500)
        settle(qtbot)
        seen = len(applied)
        feed.check_now()  # what the monitor asks after its archive
        qtbot.wait(800)
        settle(qtbot)
        assert len(applied) == seen, "a change already applied was applied again"
        feed.request_refresh()  # a forced reload (what it asked before): the same board again
        qtbot.waitUntil(lambda: len(applied) > seen, timeout=5000)
    finally:
        destroy(win)

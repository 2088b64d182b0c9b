"""Lateness rules, on a fake clock, through the real snapshot.

Seed catalogue used: RX OS (max 60 min), ECG (max 10 min); state 30 "En cours"
(open), 80 "Terminé" (ends the task); boxes S1 (Soins), SORT (Sortie).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from synoptux.domain.alarms import (
    BlinkTarget,
    blink_targets,
    format_late,
    late_items,
    refresh_lateness,
)
from synoptux.domain.clock import FakeClock
from synoptux.domain.model import BoxType, Overdue
from synoptux.domain.rules import overdue
from synoptux.services.board import BoardService
from tests.support.clock import T0

M = timedelta(minutes=1)


def _task(board, tid):
    for p in board.patients():
        for t in p.tasks:
            if t.id == tid:
                return t
    raise AssertionError(f"task {tid} not on the board")


def test_late_to_start_only_once_planned_start_has_passed(rows) -> None:
    pid = rows.patient("S1", "MARTIN", entered=T0 - 30 * M)
    tid = rows.task(pid, "RX OS", planned_start=T0 + 10 * M)
    # 2.x defect 3: a task planned in the future alarmed; it must not.
    assert _task(rows.board(T0), tid).overdue is None
    assert _task(rows.board(T0 + 10 * M), tid).overdue is None  # due now, not yet passed
    late = _task(rows.board(T0 + 11 * M), tid)
    assert (late.overdue, late.overdue_since) == (Overdue.START, T0 + 10 * M)


def test_a_real_start_clears_the_start_lateness(rows) -> None:
    pid = rows.patient("S1", "MARTIN", entered=T0 - 30 * M)
    tid = rows.task(pid, "RX OS", planned_start=T0 - 20 * M, started=T0 - 5 * M, state="30")
    assert _task(rows.board(T0), tid).overdue is None


def test_late_to_finish_from_planned_end(rows) -> None:
    pid = rows.patient("S1", "MARTIN", entered=T0 - 90 * M)
    tid = rows.task(
        pid,
        "RX OS",
        planned_start=T0 - 60 * M,
        planned_end=T0 - 5 * M,
        started=T0 - 50 * M,
        state="30",
    )
    t = _task(rows.board(T0), tid)
    assert (t.overdue, t.overdue_since) == (Overdue.END, T0 - 5 * M)


def test_late_to_finish_from_real_start_plus_maximum_duration(rows) -> None:
    pid = rows.patient("S1", "MARTIN", entered=T0 - 90 * M)
    # ECG: 10 min at most; started 8 min ago, no planned end.
    tid = rows.task(pid, "ECG", started=T0 - 8 * M, state="30")
    assert _task(rows.board(T0), tid).overdue is None
    t = _task(rows.board(T0 + 3 * M), tid)
    assert (t.overdue, t.overdue_since) == (Overdue.END, T0 + 2 * M)


def test_end_wins_over_start_when_both_deadlines_passed(rows) -> None:
    pid = rows.patient("S1", "MARTIN", entered=T0 - 90 * M)
    tid = rows.task(pid, "RX OS", planned_start=T0 - 60 * M, planned_end=T0 - 10 * M)
    assert _task(rows.board(T0), tid).overdue is Overdue.END


def test_end_of_task_state_is_never_late(rows) -> None:
    pid = rows.patient("S1", "MARTIN", entered=T0 - 90 * M)
    # A legacy writer set the final state but no real end: still not late.
    tid = rows.task(pid, "RX OS", planned_start=T0 - 60 * M, planned_end=T0 - 10 * M, state="80")
    # 2.x stored the state label: accepted too.
    tid2 = rows.task(pid, "ECG", planned_start=T0 - 60 * M, state="Terminé")
    board = rows.board(T0)
    assert _task(board, tid).overdue is None and _task(board, tid).finished
    assert _task(board, tid2).overdue is None


def test_non_final_state_after_final_one_watches_the_task_again(rows, clock) -> None:
    pid = rows.patient("S1", "MARTIN", entered=T0 - 90 * M)
    tid = rows.task(pid, "RX OS", planned_start=T0 - 60 * M, planned_end=T0 + 5 * M)
    service = BoardService(rows.db, clock, actor="test")
    service.set_task_state(tid, "30")
    service.set_task_state(tid, "80")  # done: not watched
    clock.advance(minutes=10)
    board = service.snapshot()
    assert _task(board, tid).overdue is None
    service.set_task_state(tid, "30")  # back to "En cours": watched again, and late already
    board = service.snapshot()
    t = _task(board, tid)
    assert not t.finished and t.ended_at is None
    assert (t.overdue, t.overdue_since) == (Overdue.END, T0 + 5 * M)


def test_patients_in_a_sortie_box_raise_nothing(rows) -> None:
    pid = rows.patient("SORT", "PARTI", entered=T0 - 300 * M, moved=T0 - 60 * M)
    tid = rows.task(pid, "RX OS", planned_start=T0 - 200 * M, planned_end=T0 - 100 * M)
    board = rows.board(T0)
    assert _task(board, tid).overdue is None
    assert late_items(board, T0) == []


def test_sentinel_datetimes_never_make_a_task_late(rows) -> None:
    pid = rows.patient("S1", "ANCIEN", entered=T0 - 30 * M)
    tid = rows.task(
        pid,
        "RX OS",
        planned_start="1000-01-01 01:01:01",
        planned_end="1000-01-01 01:01",
        started="1000-01-01 01:01:01",
    )
    assert _task(rows.board(T0 + 600 * M), tid).overdue is None


def test_the_pure_rule_ignores_sentinels_and_zero_durations() -> None:
    sentinel = datetime(1000, 1, 1, 1, 1, 1)
    common = dict(now=T0, box_type=BoxType.CARE, finished=False, planned_end=None)
    assert overdue(
        **common, planned_start=sentinel, started_at=None, ended_at=None, max_minutes=None
    ) == (None, None)
    assert overdue(
        **common, planned_start=None, started_at=T0 - 90 * M, ended_at=sentinel, max_minutes=60
    ) == (Overdue.END, T0 - 30 * M)
    assert overdue(
        **common, planned_start=None, started_at=T0 - 90 * M, ended_at=None, max_minutes=0
    ) == (None, None)
    assert overdue(
        **{**common, "box_type": None},
        planned_start=T0 - M,
        started_at=None,
        ended_at=None,
        max_minutes=None,
    ) == (Overdue.START, T0 - M)


def test_midnight_crossing(rows) -> None:
    evening = datetime(2026, 11, 23, 23, 50)
    pid = rows.patient("S1", "NUIT", entered=evening - 60 * M)
    tid = rows.task(pid, "RX OS", planned_start=evening)
    board = rows.board(evening)
    assert _task(board, tid).overdue is None
    after = datetime(2026, 11, 24, 0, 5)
    board = refresh_lateness(board, after)
    t = _task(board, tid)
    assert (t.overdue, t.overdue_since) == (Overdue.START, evening)
    [item] = late_items(board, after)
    assert item.minutes_late == 15


def test_refresh_keeps_the_same_board_when_nothing_changed(rows) -> None:
    a = rows.patient("S1", "AAA", entered=T0 - 30 * M)
    rows.task(a, "RX OS", planned_start=T0 + 30 * M)
    b = rows.patient("S2", "BBB", entered=T0 - 30 * M)
    rows.task(b, "RX OS", planned_start=T0 - 30 * M)  # already late
    board = rows.board(T0)
    assert refresh_lateness(board, T0 + 5 * M) is board  # late since, unchanged


def test_refresh_reuses_every_unchanged_object(rows) -> None:
    a = rows.patient("S1", "AAA", entered=T0 - 30 * M)
    ta = rows.task(a, "RX OS", planned_start=T0 + 10 * M)
    rows.task(a, "ECG", planned_start=T0 + 60 * M)
    b = rows.patient("S2", "BBB", entered=T0 - 30 * M)
    rows.task(b, "RX OS", planned_start=T0 + 60 * M)
    board = rows.board(T0)
    new = refresh_lateness(board, T0 + 15 * M)
    assert new is not board
    assert new.patient(b) is board.patient(b)  # untouched card: same object
    assert new.box("S2") is board.box("S2")
    assert new.patient(a) != board.patient(a)
    old_tasks = {t.id: t for t in board.patient(a).tasks}
    for t in new.patient(a).tasks:
        assert (t is old_tasks[t.id]) == (t.id != ta)
    assert _task(new, ta).overdue is Overdue.START
    # The old board is left intact (its index is not shared with the new one).
    assert _task(board, ta).overdue is None
    assert board.patient(a) is board.box("S1").patients[0]
    assert new.patient(a) is new.box("S1").patients[0]


def test_late_items_most_late_first(rows) -> None:
    a = rows.patient("S1", "DUPONT", first="Jean", entered=T0 - 90 * M, anonymous=1)
    ta = rows.task(a, "RX OS", planned_start=T0 - 12 * M)
    b = rows.patient("S2", "DURAND", entered=T0 - 90 * M)
    tb = rows.task(b, "ECG", started=T0 - 85 * M, state="30")  # 10 min max: late 75 min
    rows.task(b, "RX OS", planned_start=T0 + 12 * M)  # not late
    items = late_items(rows.board(T0), T0)
    assert [(i.task_id, i.kind, i.minutes_late) for i in items] == [
        (tb, Overdue.END, 75),
        (ta, Overdue.START, 12),
    ]
    first = items[1]
    assert (first.box_code, first.box_label, first.patient_name, first.task_label) == (
        "S1",
        "Box 1",
        "DUPONT Jean",
        "Radio osseuse",
    )
    assert first.anonymous and first.patient_initials == "D.J."


def test_blink_targets_folded_and_unfolded(rows) -> None:
    unfolded = rows.patient("S1", "OUVERT", entered=T0 - 90 * M, folded=0)
    t1 = rows.task(unfolded, "RX OS", planned_start=T0 - 5 * M)
    rows.task(unfolded, "ECG", planned_start=T0 + 5 * M)
    t3 = rows.task(unfolded, "BIO C", planned_start=T0 - 50 * M)
    folded = rows.patient("S2", "REPLIE", entered=T0 - 90 * M, folded=1)
    rows.task(folded, "RX OS", planned_start=T0 - 5 * M)
    rows.task(folded, "ECG", planned_start=T0 - 5 * M)
    calm = rows.patient("S3", "CALME", entered=T0 - 90 * M, folded=1)
    rows.task(calm, "RX OS", planned_start=T0 + 5 * M)
    targets = blink_targets(rows.board(T0))
    assert sorted(targets, key=lambda x: (x.patient_id, x.task_id or 0)) == sorted(
        [BlinkTarget(unfolded, t1), BlinkTarget(unfolded, t3), BlinkTarget(folded, None)],
        key=lambda x: (x.patient_id, x.task_id or 0),
    )


def test_format_late() -> None:
    assert format_late(0) == "0 min"
    assert format_late(12) == "12 min"
    assert format_late(65) == "1 h 05"
    assert format_late(26 * 60) == "26 h 00"
    assert format_late(-3) == "0 min"


def test_one_clock_drives_the_rule(rows) -> None:
    clock = FakeClock(T0)
    pid = rows.patient("S1", "HORLOGE", entered=T0 - 30 * M)
    tid = rows.task(pid, "RX OS", planned_start=T0 + 30 * M)
    board = BoardService(rows.db, clock).snapshot()
    for _ in range(30):
        clock.advance(minutes=1)
        board = refresh_lateness(board, clock.now())
    assert _task(board, tid).overdue is None
    clock.advance(seconds=1)
    assert _task(refresh_lateness(board, clock.now()), tid).overdue is Overdue.START

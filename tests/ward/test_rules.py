"""Triage levels, late triage, snooze and escalation of alarms, the strip's order."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from synoptux.domain.acks import ACTIVE, ESCALATED, NONE, SNOOZED, alarm_state, current_ack
from synoptux.domain.alarms import TRIAGE_TASK_ID, late_items, refresh_lateness
from synoptux.domain.model import (
    Ack,
    AlarmPolicy,
    Board,
    BoxType,
    BoxView,
    Overdue,
    PatientView,
    TaskView,
)
from synoptux.domain.triage import (
    CCMU,
    FRENCH,
    find_level,
    level_code,
    shipped_scale,
    triage_late_since,
)
from tests.support.clock import T0

POLICY = AlarmPolicy(snooze_minutes=15, escalate_minutes=20)


def test_the_shipped_french_scale() -> None:
    levels = shipped_scale(FRENCH)
    assert [lv.code for lv in levels] == ["1", "2", "3A", "3B", "4", "5"]
    assert [lv.target_minutes for lv in levels] == [0, 20, 60, 90, 120, 240]
    assert all(lv.color and lv.label.startswith("Tri ") for lv in levels)
    ccmu = shipped_scale(CCMU)
    assert [lv.code for lv in ccmu] == ["1", "2", "3", "4", "5", "P", "D"]
    assert all(lv.target_minutes is None for lv in ccmu)  # set after the first examination


def test_level_codes_are_read_leniently() -> None:
    assert level_code(" 3a ") == "3A"
    assert level_code("Tri 2") == "2"
    assert level_code("CCMU 4") == "4"
    assert level_code("") is None and level_code(None) is None
    assert find_level(shipped_scale(FRENCH), "tri 3b").code == "3B"
    assert find_level(shipped_scale(FRENCH), "7") is None


def test_late_triage_rule() -> None:
    tri2 = find_level(shipped_scale(FRENCH), "2")
    kw = dict(level=tri2, entered_at=T0, has_responsible=False, box_type=BoxType.WAITING)
    assert triage_late_since(**kw, now=T0 + timedelta(minutes=20)) is None  # not yet (strictly)
    assert triage_late_since(**kw, now=T0 + timedelta(minutes=21)) == T0 + timedelta(minutes=20)
    late = T0 + timedelta(minutes=30)
    assert triage_late_since(**{**kw, "has_responsible": True}, now=late) is None
    assert triage_late_since(**{**kw, "box_type": BoxType.EXIT}, now=late) is None
    assert triage_late_since(**{**kw, "level": None}, now=late) is None
    ccmu = find_level(shipped_scale(CCMU), "5")
    assert triage_late_since(**{**kw, "level": ccmu}, now=late + timedelta(days=1)) is None


def test_alarm_states_snooze_then_escalate() -> None:
    since = T0
    assert alarm_state(None, None, T0, POLICY) == NONE
    assert alarm_state(since, None, T0 + timedelta(minutes=19), POLICY) == ACTIVE
    assert alarm_state(since, None, T0 + timedelta(minutes=20), POLICY) == ESCALATED
    ack = Ack("end", since, "Dr Rossi", T0 + timedelta(minutes=25))
    assert alarm_state(since, ack, T0 + timedelta(minutes=39), POLICY) == SNOOZED
    # the snooze is over: it blinks again, and escalates 20 min after the snooze's end
    assert alarm_state(since, ack, T0 + timedelta(minutes=40), POLICY) == ACTIVE
    assert alarm_state(since, ack, T0 + timedelta(minutes=60), POLICY) == ESCALATED


def test_only_an_acknowledgement_of_this_episode_counts() -> None:
    old = Ack("start", T0, "écran", T0 + timedelta(minutes=5))
    mine = Ack("end", T0 + timedelta(hours=1), "écran", T0 + timedelta(minutes=70))
    later = dataclasses.replace(mine, by="Dr Sevin", at=T0 + timedelta(minutes=80))
    assert current_ack((old, mine, later), "end", T0 + timedelta(hours=1)) == later
    assert current_ack((old,), "end", T0) is None


def _task(tid: int, end: object, acks: tuple = ()) -> TaskView:
    return TaskView(
        id=tid, patient_id=1, code="ECG", label="ECG", comment=None, note=None, state="30",
        state_label="En cours", state_color=None, color=None, alarm_color=None, mode="B",
        allowed_states=(), planned_start=None, planned_end=end, started_at=T0 - timedelta(hours=1),
        ended_at=None, priority=None, max_minutes=None, note_blob=None, note_file=None,
        note_program=None, actor=None, finished=False, overdue=None, overdue_since=None, acks=acks,
    )  # fmt: skip


def _board(*patients: PatientView) -> Board:
    box = BoxView("A1", "Attente", BoxType.WAITING, 20, None, None, tuple(patients))
    return Board(T0, (box,), policy=POLICY)


def _patient(pid: int, tasks: tuple = (), **kw: object) -> PatientView:
    return PatientView(
        id=pid, box_code="A1", guid=None, last_name=f"P{pid}", first_name=None,
        responsible_code=None, responsible=None, comment=None, entered_at=T0, moved_at=None,
        destination=None, folded=False, anonymous=False, program=None, program_args=None,
        tasks=tasks, **kw,
    )  # fmt: skip


def test_refresh_computes_triage_lateness_and_alarm_states_over_time() -> None:
    tri2 = find_level(shipped_scale(FRENCH), "2")
    ack = Ack("end", T0 + timedelta(minutes=10), "Dr Rossi", T0 + timedelta(minutes=12))
    board = _board(
        _patient(1, (_task(11, T0 + timedelta(minutes=10), (ack,)),)),
        _patient(2, (), triage=tri2),
    )
    b1 = refresh_lateness(board, T0 + timedelta(minutes=22))
    p1, p2 = b1.patient(1), b1.patient(2)
    assert p1.tasks[0].overdue is Overdue.END and p1.tasks[0].alarm == SNOOZED
    assert p2.triage_late_since == T0 + timedelta(minutes=20) and p2.triage_alarm == ACTIVE
    items = late_items(b1, T0 + timedelta(minutes=22))
    triage = next(i for i in items if i.task_id == TRIAGE_TASK_ID)
    assert triage.kind is Overdue.TRIAGE and triage.triage_code == "2"
    task = next(i for i in items if i.task_id == 11)
    assert task.ack_by == "Dr Rossi" and task.alarm == SNOOZED
    # nothing changed a minute later: the very same board
    assert refresh_lateness(b1, T0 + timedelta(minutes=23)) is b1
    # 45 min: the task's snooze ended at 27 (active again for 18 min), the triage alarm has
    # been unacknowledged for 25 min (escalated); 47 min: the task escalates too
    b2 = refresh_lateness(b1, T0 + timedelta(minutes=45))
    assert b2.patient(1).tasks[0].alarm == ACTIVE
    assert b2.patient(2).triage_alarm == ESCALATED
    assert refresh_lateness(b2, T0 + timedelta(minutes=47)).patient(1).tasks[0].alarm == ESCALATED
    items = late_items(b2, T0 + timedelta(minutes=45))
    assert items[0].escalated and items[0].task_id == TRIAGE_TASK_ID  # escalated first


def test_escalated_alarms_come_first_in_the_strip() -> None:
    early = _task(11, T0 - timedelta(minutes=30))
    board = _board(_patient(1, (early,)), _patient(2, (_task(12, T0 + timedelta(minutes=25)),)))
    items = late_items(
        refresh_lateness(board, T0 + timedelta(minutes=30)), T0 + timedelta(minutes=30)
    )
    assert [i.task_id for i in items] == [11, 12]
    assert items[0].escalated and not items[1].escalated


def test_a_different_policy_refreshes_the_states() -> None:
    board = _board(_patient(1, (_task(11, T0 - timedelta(minutes=10)),)))
    now = T0 + timedelta(minutes=1)
    b1 = refresh_lateness(board, now)
    assert b1.patient(1).tasks[0].alarm == ACTIVE  # 11 min < 20
    b2 = refresh_lateness(b1, now, AlarmPolicy(15, 5))
    assert b2.policy == AlarmPolicy(15, 5) and b2.patient(1).tasks[0].alarm == ESCALATED

"""Lateness of a board already in memory, the list of late tasks, due exits.

The snapshot (`services.snapshot`) computes lateness when it loads the board.
Between two loads, time passes: `refresh_lateness` recomputes it from the data
already in the snapshot, with no database work, every alarm check. It keeps
object identity wherever nothing changed, so that the UI diff (which compares
`PatientView`s) touches only the cards whose lateness changed.

Pure Python: no Qt, no SQLAlchemy.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta

from synoptux.domain.acks import TRIAGE, alarm_state, blinks, current_ack
from synoptux.domain.model import (
    AlarmPolicy,
    Board,
    BoxType,
    BoxView,
    Overdue,
    PatientView,
    TaskView,
)
from synoptux.domain.rules import overdue
from synoptux.domain.triage import triage_late_since

TRIAGE_TASK_ID = 0  # the task id of a triage alarm in the strip (task ids start at 1)


def _refresh_task(
    task: TaskView, box_type: BoxType, now: datetime, policy: AlarmPolicy
) -> TaskView:
    kind, since = overdue(
        now=now,
        box_type=box_type,
        finished=task.finished,
        planned_start=task.planned_start,
        planned_end=task.planned_end,
        started_at=task.started_at,
        ended_at=task.ended_at,
        max_minutes=task.max_minutes,
    )
    state = alarm_state(
        since, current_ack(task.acks, kind.value if kind else None, since), now, policy
    )
    if kind == task.overdue and since == task.overdue_since and state == task.alarm:
        return task
    return dataclasses.replace(task, overdue=kind, overdue_since=since, alarm=state)


def refresh_patient(
    patient: PatientView, box_type: BoxType, now: datetime, policy: AlarmPolicy
) -> PatientView:
    """Lateness and alarm states of a patient's tasks and of his triage at `now`; the same
    object when nothing changed."""
    tasks = tuple(_refresh_task(t, box_type, now, policy) for t in patient.tasks)
    since = triage_late_since(
        level=patient.triage,
        entered_at=patient.entered_at,
        has_responsible=bool(patient.responsible_code),
        box_type=box_type,
        now=now,
    )
    state = alarm_state(since, current_ack(patient.triage_acks, TRIAGE, since), now, policy)
    same_tasks = all(new is old for new, old in zip(tasks, patient.tasks, strict=True))
    if same_tasks and since == patient.triage_late_since and state == patient.triage_alarm:
        return patient
    return dataclasses.replace(patient, tasks=tasks, triage_late_since=since, triage_alarm=state)


def refresh_lateness(board: Board, now: datetime, policy: AlarmPolicy | None = None) -> Board:
    """Recompute `overdue`/`overdue_since` of every task, the triage lateness of every
    patient and every alarm state (snoozed, escalated: `domain.acks`) at `now`, with
    `policy` (default: the board's own).

    Returns the same `Board` object when nothing changed. Otherwise returns a new
    board in which every unchanged `BoxView`, `PatientView` and `TaskView` is the
    very object of the old board (so `is` and `==` both hold for them).
    `generated_at` and `revision` are kept: they describe the data, not the check.
    """
    policy = policy or board.policy
    boxes: list[BoxView] = []
    changed = policy != board.policy
    for box in board.boxes:
        patients = tuple(refresh_patient(p, box.type, now, policy) for p in box.patients)
        if all(new is old for new, old in zip(patients, box.patients, strict=True)):
            boxes.append(box)
            continue
        changed = True
        boxes.append(dataclasses.replace(box, patients=patients))
    if not changed:
        return board
    # A fresh index: `replace` would otherwise share (and overwrite) the old board's dict.
    return dataclasses.replace(board, boxes=tuple(boxes), policy=policy)


@dataclass(frozen=True, slots=True)
class LateItem:
    """One late task, as the alarm strip lists it."""

    box_code: str
    box_label: str
    patient_id: int
    patient_name: str
    task_id: int
    task_label: str
    kind: Overdue
    since: datetime
    minutes_late: int
    patient_initials: str = ""
    anonymous: bool = False
    alarm: str = "active"  # 'active' | 'snoozed' | 'escalated' (domain.acks)
    ack_by: str | None = None  # who acknowledged this episode (the latest), and when
    ack_at: datetime | None = None
    triage_code: str | None = None  # a triage alarm (task_id TRIAGE_TASK_ID): the level

    @property
    def key(self) -> tuple[int, int]:
        return (self.patient_id, self.task_id)

    @property
    def escalated(self) -> bool:
        return self.alarm == "escalated"


def minutes_between(since: datetime, now: datetime) -> int:
    """Whole minutes elapsed from `since` to `now` (0 when `now` is earlier)."""
    return max(0, int((now - since).total_seconds() // 60))


def late_items(board: Board, now: datetime) -> list[LateItem]:
    """Every late task and late triage of the board: escalated alarms first, then the most
    late (then by box, patient, task; a triage alarm has task id `TRIAGE_TASK_ID`).

    Reads the `overdue` flags of the board as they are: call `refresh_lateness`
    first for a board loaded some time ago.
    """
    items: list[LateItem] = []
    for box in board.boxes:
        for patient in box.patients:
            name = " ".join(p for p in (patient.last_name, patient.first_name) if p).strip()
            if patient.triage_late_since is not None:
                ack = current_ack(patient.triage_acks, TRIAGE, patient.triage_late_since)
                items.append(
                    LateItem(
                        box_code=box.code,
                        box_label=box.label,
                        patient_id=patient.id,
                        patient_name=name or "?",
                        task_id=TRIAGE_TASK_ID,
                        task_label=patient.triage.label if patient.triage else "",
                        kind=Overdue.TRIAGE,
                        since=patient.triage_late_since,
                        minutes_late=minutes_between(patient.triage_late_since, now),
                        patient_initials=patient.initials,
                        anonymous=patient.anonymous,
                        alarm=patient.triage_alarm or "active",
                        ack_by=ack.by if ack else None,
                        ack_at=ack.at if ack else None,
                        triage_code=patient.triage.code if patient.triage else None,
                    )
                )
            for task in patient.tasks:
                if task.overdue is None or task.overdue_since is None:
                    continue
                ack = current_ack(task.acks, task.overdue.value, task.overdue_since)
                items.append(
                    LateItem(
                        box_code=box.code,
                        box_label=box.label,
                        patient_id=patient.id,
                        patient_name=name or "?",
                        task_id=task.id,
                        task_label=task.label,
                        kind=task.overdue,
                        since=task.overdue_since,
                        minutes_late=minutes_between(task.overdue_since, now),
                        patient_initials=patient.initials,
                        anonymous=patient.anonymous,
                        alarm=task.alarm or "active",
                        ack_by=ack.by if ack else None,
                        ack_at=ack.at if ack else None,
                    )
                )
    items.sort(key=lambda i: (not i.escalated, i.since, i.box_code, i.patient_id, i.task_id))
    return items


def format_late(minutes: int) -> str:
    """'12 min', '1 h 05', '26 h 00': how late, the same in French and English."""
    minutes = max(0, int(minutes))
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d}"


def exit_time(patient: PatientView) -> datetime | None:
    """When a patient in a `Sortie` box left: `EC_HeureSortie` (None when unset)."""
    return patient.moved_at


def due_exits(board: Board, now: datetime, delay_minutes: int) -> list[int]:
    """Patients of `Sortie` boxes to purge at `now`, from the board in memory.

    Also lists those whose exit time is unset (legacy writers): `purge_exits`
    stamps their exit time on first sight, so they leave one full delay later.
    """
    if delay_minutes < 0:
        return []
    limit = now - timedelta(minutes=delay_minutes)
    due: list[int] = []
    for box in board.boxes:
        if box.type is not BoxType.EXIT:
            continue
        for patient in box.patients:
            left = exit_time(patient)
            if left is None or left <= limit:
                due.append(patient.id)
    return due


@dataclass(frozen=True, slots=True)
class BlinkTarget:
    """What blinks for a late patient: a task button, or (task_id None) the name."""

    patient_id: int
    task_id: int | None


def blink_targets(board: Board) -> list[BlinkTarget]:
    """Unfolded patient: each late task's button. Folded patient: his name, once.
    An acknowledged (snoozed) alarm does not blink."""
    targets: list[BlinkTarget] = []
    for patient in board.patients():
        late = tuple(t for t in patient.overdue_tasks if blinks(t.alarm or "active"))
        if not late:
            continue
        if patient.folded:
            targets.append(BlinkTarget(patient.id, None))
        else:
            targets.extend(BlinkTarget(patient.id, t.id) for t in late)
    return targets

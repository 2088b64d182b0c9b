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

from synoptux.domain.model import Board, BoxType, BoxView, Overdue, PatientView, TaskView
from synoptux.domain.rules import overdue


def _refresh_task(task: TaskView, box_type: BoxType, now: datetime) -> TaskView:
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
    if kind == task.overdue and since == task.overdue_since:
        return task
    return dataclasses.replace(task, overdue=kind, overdue_since=since)


def _refresh_patient(patient: PatientView, box_type: BoxType, now: datetime) -> PatientView:
    tasks = tuple(_refresh_task(t, box_type, now) for t in patient.tasks)
    if all(new is old for new, old in zip(tasks, patient.tasks, strict=True)):
        return patient
    return dataclasses.replace(patient, tasks=tasks)


def refresh_lateness(board: Board, now: datetime) -> Board:
    """Recompute `overdue`/`overdue_since` of every task at `now`.

    Returns the same `Board` object when nothing changed. Otherwise returns a new
    board in which every unchanged `BoxView`, `PatientView` and `TaskView` is the
    very object of the old board (so `is` and `==` both hold for them).
    `generated_at` and `revision` are kept: they describe the data, not the check.
    """
    boxes: list[BoxView] = []
    changed = False
    for box in board.boxes:
        patients = tuple(_refresh_patient(p, box.type, now) for p in box.patients)
        if all(new is old for new, old in zip(patients, box.patients, strict=True)):
            boxes.append(box)
            continue
        changed = True
        boxes.append(dataclasses.replace(box, patients=patients))
    if not changed:
        return board
    # A fresh index: `replace` would otherwise share (and overwrite) the old board's dict.
    return dataclasses.replace(board, boxes=tuple(boxes))


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

    @property
    def key(self) -> tuple[int, int]:
        return (self.patient_id, self.task_id)


def minutes_between(since: datetime, now: datetime) -> int:
    """Whole minutes elapsed from `since` to `now` (0 when `now` is earlier)."""
    return max(0, int((now - since).total_seconds() // 60))


def late_items(board: Board, now: datetime) -> list[LateItem]:
    """Every late task of the board, most late first (then by box, patient, task).

    Reads the `overdue` flags of the board as they are: call `refresh_lateness`
    first for a board loaded some time ago.
    """
    items: list[LateItem] = []
    for box in board.boxes:
        for patient in box.patients:
            name = " ".join(p for p in (patient.last_name, patient.first_name) if p).strip()
            for task in patient.tasks:
                if task.overdue is None or task.overdue_since is None:
                    continue
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
                    )
                )
    items.sort(key=lambda i: (i.since, i.box_code, i.patient_id, i.task_id))
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
    """Unfolded patient: each late task's button. Folded patient: his name, once."""
    targets: list[BlinkTarget] = []
    for patient in board.patients():
        late = patient.overdue_tasks
        if not late:
            continue
        if patient.folded:
            targets.append(BlinkTarget(patient.id, None))
        else:
            targets.extend(BlinkTarget(patient.id, t.id) for t in late)
    return targets

"""Board rules: lateness, task order, effects of a state change.

These rules fix 2.x defects 3 (inverted start alarm) and 5 (every state listed
after an end-of-task state ended the task): lateness compares with *now* in the
right direction, and only the chosen state's own flag decides whether it ends
the task.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from synoptux.domain.model import BoxType, Overdue, StateDef

# Any stored datetime before this year means "not set" (2.x wrote 1000-01-01 01:01).
SENTINEL_YEAR_LIMIT = 2000


def is_unset(value: datetime | None) -> bool:
    return value is None or value.year < SENTINEL_YEAR_LIMIT


def overdue(
    *,
    now: datetime,
    box_type: BoxType | None,
    finished: bool,
    planned_start: datetime | None,
    planned_end: datetime | None,
    started_at: datetime | None,
    ended_at: datetime | None,
    max_minutes: int | None,
) -> tuple[Overdue | None, datetime | None]:
    """Return (kind, since) for a task, or (None, None) when it is not late.

    - late to start: the planned start has passed (strictly) and there is no real start;
    - late to finish: the planned end, or with none the real start + the task's
      maximum duration, has passed and there is no real end;
    - a task in an end-of-task state (`finished`), or with a real end, is never late;
      patients in a `Sortie` box raise nothing.

    Late to finish wins over late to start: when both deadlines have passed the
    end one is the more serious and the one shown. Unset datetimes (None or a 2.x
    sentinel before 2000) never make a task late.
    """
    if finished or not is_unset(ended_at) or box_type is BoxType.EXIT:
        return None, None
    started = None if is_unset(started_at) else started_at
    deadline = None if is_unset(planned_end) else planned_end
    if deadline is None and started is not None and max_minutes and max_minutes > 0:
        deadline = started + timedelta(minutes=max_minutes)
    if deadline is not None and now > deadline:
        return Overdue.END, deadline
    start = None if is_unset(planned_start) else planned_start
    if start is not None and started is None and now > start:
        return Overdue.START, start
    return None, None


def task_sort_key(
    finished: bool, priority: int | None, planned_start: datetime | None, task_id: int
) -> tuple:
    """Open tasks first, then by priority (unset last), then by planned start."""
    return (
        1 if finished else 0,
        priority if priority is not None else 1_000_000,
        planned_start or datetime.max,
        task_id,
    )


@dataclass(frozen=True, slots=True)
class StateChange:
    """Column values a state change writes."""

    state: str
    started_at: datetime | None
    ended_at: datetime | None
    planned_end: datetime | None


def apply_state(
    *,
    new_state: StateDef,
    now: datetime,
    started_at: datetime | None,
    planned_end: datetime | None,
    max_minutes: int | None,
) -> StateChange:
    """Effects of choosing a state (manual 3, 2.7-2.8).

    - the first state set on a task records its real start;
    - with no planned end and a maximum duration, planned end = start + duration;
    - an end-of-task state records the real end, any other clears it (the task
      is watched again).
    """
    start = started_at if started_at is not None else now
    end_planned = planned_end
    if end_planned is None and max_minutes:
        end_planned = start + timedelta(minutes=max_minutes)
    return StateChange(
        state=new_state.code,
        started_at=start,
        ended_at=now if new_state.ends_task else None,
        planned_end=end_planned,
    )


def split_program_args(raw: str | None) -> list[str]:
    """Split `EC_ArgsAnnexe` on '|' (2.x macros) or, failing that, '+' (manual)."""
    if not raw:
        return []
    sep = "|" if "|" in raw else "+"
    return [part for part in raw.split(sep)]


def folded_by_default(box_type: BoxType | None) -> bool:
    return box_type in (BoxType.ABSENCE, BoxType.EXIT)

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

    Late to finish wins over late to start: when both deadlines have passed the
    end one is the more serious and the one shown.
    """
    if finished or ended_at is not None or box_type is BoxType.EXIT:
        return None, None
    deadline = planned_end
    if deadline is None and started_at is not None and max_minutes:
        deadline = started_at + timedelta(minutes=max_minutes)
    if deadline is not None and deadline <= now:
        return Overdue.END, deadline
    if planned_start is not None and started_at is None and planned_start <= now:
        return Overdue.START, planned_start
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

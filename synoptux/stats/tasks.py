"""Task figures: acts done, durations, planned end exceeded, stress vs calm."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from synoptux.speech import QT_TRANSLATE_NOOP, translate
from synoptux.stats.catalogue import StatsCatalogue
from synoptux.stats.compute import Summary
from synoptux.stats.model import StatTable
from synoptux.stats.queries import DUR_BITS, TaskGroup
from synoptux.stats.sqlexpr import EPOCH

SUMMARY_COLS = ["n", "mean_min", "median_min", "p90_min"]


@dataclass
class _TaskAgg:
    durations: list[int] = field(default_factory=list)
    stress: list[int] = field(default_factory=list)
    calm: list[int] = field(default_factory=list)
    exceeded: int = 0
    with_deadline: int = 0
    never_finished: int = 0
    still_open: int = 0
    no_start: int = 0


def act_tables(
    groups: list[TaskGroup], cat: StatsCatalogue, first: date, last: date
) -> tuple[list[StatTable], int]:
    """Acts done: tasks that reached an end state ('Terminé', 'Annulé', ...) in the period,
    counted per task type and final state, per day and per hour of day."""
    state_cols: dict[str, str] = {}
    per_task: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    per_epoch_hour: Counter = Counter()
    per_day: Counter = Counter()
    per_hour: Counter = Counter()
    for g in groups:
        code = cat.state_code(None, g.state) or (g.state or "?")
        if code not in state_cols:
            state_cols[code] = cat.state_label(code, g.state)
        per_task[g.code][code] += len(g.items)
        # packed // (3600 * 2^25) is the hour of the end (see task_parts): counted in C.
        per_epoch_hour.update(map((3600 << 25).__rfloordiv__, g.items))
    for hour, n in per_epoch_hour.items():
        per_day[hour // 24] += n
        per_hour[hour % 24] += n
    codes = sorted(state_cols)
    tasks = StatTable(
        "acts_by_task",
        QT_TRANSLATE_NOOP("StatsWindow", "Acts done per task type"),
        ["task_code", "task_label", "acts", *[f"state_{c}" for c in codes]],
        note=translate(
            "StatsWindow",
            "One act = a task that reached an end state in the period, counted under its "
            "final state: {states}",
        ).format(states=", ".join(f"{c} = {state_cols[c]}" for c in codes)),
        headers={f"state_{c}": state_cols[c] for c in codes},
    )
    for task, counts in sorted(per_task.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        tasks.rows.append(
            [task, cat.task_label(task), sum(counts.values()), *[counts.get(c, 0) for c in codes]]
        )
    days = StatTable(
        "acts_by_day", QT_TRANSLATE_NOOP("StatsWindow", "Acts done per day"), ["day", "acts"]
    )
    d = first
    while d <= last:
        days.rows.append([d.isoformat(), per_day.get((d - EPOCH.date()).days, 0)])
        d += timedelta(days=1)
    n_days = (last - first).days + 1
    hours = StatTable(
        "acts_by_hour",
        QT_TRANSLATE_NOOP("StatsWindow", "Acts done per hour of day"),
        ["hour", "acts", "per_day"],
        [[h, per_hour[h], round(per_hour[h] / n_days, 2)] for h in range(24)],
    )
    return [tasks, days, hours], sum(per_day.values())


def duration_tables(
    groups: list[TaskGroup], never: Counter, still: Counter, cat: StatsCatalogue, stress: set[int]
) -> tuple[list[StatTable], dict[str, int]]:
    """Durations (real start -> real end) of tasks that ended in the period."""
    agg: dict[str, _TaskAgg] = defaultdict(_TaskAgg)
    everything = _TaskAgg()
    for code, n in never.items():
        agg[code].never_finished += n
        everything.never_finished += n
    for code, n in still.items():
        agg[code].still_open += n
        everything.still_open += n
    for g in groups:
        a = agg[g.code]
        max_s = cat.task_max_minutes.get(g.code, 0) * 60
        # The hot loop of a year (about 200,000 tasks): decoding inlined (see task_parts).
        durations, in_stress, calm = a.durations, a.stress, a.calm
        deadline, exceeded, no_start = 0, 0, 0
        for packed in g.items:
            rest, late = divmod(packed, 4)
            end, dur = divmod(rest, DUR_BITS)
            if not dur:
                no_start += 1
                continue
            dur -= 1
            durations.append(dur)
            (in_stress if (end - dur) // 3600 in stress else calm).append(dur)
            if late == 2 and max_s:  # no planned end: the task's maximum duration decides
                late = 1 if dur > max_s else 0
            if late != 2:
                deadline += 1
                exceeded += late
        a.with_deadline += deadline
        a.exceeded += exceeded
        a.no_start += no_start
    for a in list(agg.values()):
        # Sorted here, each list is sorted again for free below (Summary), and the lists of
        # all tasks are sorted runs that the sort merges.
        a.durations.sort()
        a.stress.sort()
        a.calm.sort()
        everything.durations += a.durations
        everything.stress += a.stress
        everything.calm += a.calm
        everything.with_deadline += a.with_deadline
        everything.exceeded += a.exceeded
        everything.no_start += a.no_start
    ordered = sorted(agg.items(), key=lambda kv: (-len(kv[1].durations), kv[0]))
    durations_t = StatTable(
        "task_durations",
        QT_TRANSLATE_NOOP("StatsWindow", "Task durations, real start to real end (minutes)"),
        [
            "task_code",
            "task_label",
            *SUMMARY_COLS,
            "planned_end_exceeded",
            "exceeded_pct",
            "never_finished",
            "still_open",
            "no_start_time",
        ],
        note=translate(
            "StatsWindow",
            "Tasks that ended in the period. The planned end is EN_HeureFinPrevue, or the "
            "start plus the task's maximum duration. Tasks never finished (stay closed with the "
            "task open) and tasks still open are counted apart, not averaged.",
        ),
    )
    stress_t = StatTable(
        "durations_stress",
        QT_TRANSLATE_NOOP(
            "StatsWindow", "Task durations in periods of stress and outside (minutes)"
        ),
        [
            "task_code",
            "task_label",
            *[f"stress_{c}" for c in SUMMARY_COLS],
            *[f"calm_{c}" for c in SUMMARY_COLS],
        ],
        note=translate(
            "StatsWindow",
            "A task belongs to a period of stress when it started in an hour where the number "
            "of patients present reached the threshold.",
        ),
    )
    for code, a in [("*", everything), *ordered]:
        label = translate("StatsWindow", "All tasks") if code == "*" else cat.task_label(code)
        pct = round(100.0 * a.exceeded / a.with_deadline, 1) if a.with_deadline else None
        durations_t.rows.append(
            [
                code,
                label,
                *Summary.of_seconds(a.durations).cells(),
                a.exceeded,
                pct,
                a.never_finished,
                a.still_open,
                a.no_start,
            ]
        )
        stress_t.rows.append(
            [
                code,
                label,
                *Summary.of_seconds(a.stress).cells(),
                *Summary.of_seconds(a.calm).cells(),
            ]
        )
    counts = {
        "tasks_finished": len(everything.durations),
        "tasks_never_finished": everything.never_finished,
        "tasks_still_open": everything.still_open,
        "tasks_without_start": everything.no_start,
    }
    return [durations_t, stress_t], counts

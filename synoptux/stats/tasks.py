"""Task figures: acts done, durations, planned end exceeded, stress vs calm."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import compress
from operator import add, not_

from synoptux.stats.catalogue import StatsCatalogue
from synoptux.stats.compute import Summary
from synoptux.stats.model import StatTable
from synoptux.stats.queries import NO_START, FinishedTasks
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
    fin: FinishedTasks, cat: StatsCatalogue, first: date, last: date
) -> tuple[list[StatTable], int]:
    """Acts done: tasks that reached an end state ('Terminé', 'Annulé', ...) in the period,
    counted per task type and final state, per day and per hour of day."""
    state_cols: dict[str, str] = {}
    per_task: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    per_day: Counter = Counter()
    per_hour: Counter = Counter()
    for (task, raw_state), n in Counter(zip(fin.codes, fin.states, strict=True)).items():
        state = raw_state or None
        code = cat.state_code(None, state) or (state or "?")
        if code not in state_cols:
            state_cols[code] = cat.state_label(code, state)
        per_task[task or "?"][code] += n
    for text, n in Counter(fin.end_hours).items():
        hour = int(text)
        per_day[hour // 24] += n
        per_hour[hour % 24] += n
    codes = sorted(state_cols)
    tasks = StatTable(
        "acts_by_task",
        "Acts done per task type",
        ["task_code", "task_label", "acts", *[f"state_{c}" for c in codes]],
        note="One act = a task that reached an end state in the period, counted under its "
        "final state: " + ", ".join(f"{c} = {state_cols[c]}" for c in codes),
        headers={f"state_{c}": state_cols[c] for c in codes},
    )
    for task, counts in sorted(per_task.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        tasks.rows.append(
            [task, cat.task_label(task), sum(counts.values()), *[counts.get(c, 0) for c in codes]]
        )
    days = StatTable("acts_by_day", "Acts done per day", ["day", "acts"])
    d = first
    while d <= last:
        days.rows.append([d.isoformat(), per_day.get((d - EPOCH.date()).days, 0)])
        d += timedelta(days=1)
    n_days = (last - first).days + 1
    hours = StatTable(
        "acts_by_hour",
        "Acts done per hour of day",
        ["hour", "acts", "per_day"],
        [[h, per_hour[h], round(per_hour[h] / n_days, 2)] for h in range(24)],
    )
    return [tasks, days, hours], sum(per_day.values())


# A task's key: (duration * 4 + late) * 2 + 1 when it started in an hour of stress, else
# * 2 + 0 (see FinishedTasks.timings). Sorted, the keys give the durations in order with
# their stress flag and lateness; tasks without a start sit in [_NO_START_KEYS).
_NO_START_KEYS = (NO_START * 2, NO_START * 2 + 2)


def _finish(a: _TaskAgg, keys: list[int], max_s: int) -> None:
    """Figures of a task type from its keys: C-level passes over the whole list (a year
    holds about 200,000 tasks), no Python loop per task."""
    keys.sort()
    cut, end = bisect_left(keys, _NO_START_KEYS[0]), bisect_left(keys, _NO_START_KEYS[1])
    a.no_start += end - cut
    if end > cut:
        del keys[cut:end]
    a.durations = list(map((3).__rrshift__, keys))
    flags = list(map((1).__and__, keys))
    a.stress = list(compress(a.durations, flags))
    a.calm = list(compress(a.durations, map(not_, flags)))
    late = list(map((6).__and__, keys))  # 0 on time, 2 late, 4 no planned end
    on_time, exceeded = late.count(0), late.count(2)
    a.with_deadline += on_time + exceeded
    a.exceeded += exceeded
    if max_s and on_time + exceeded < len(late):
        # No planned end: the task's maximum duration decides.
        unplanned = list(compress(a.durations, map((4).__eq__, late)))
        a.with_deadline += len(unplanned)
        a.exceeded += sum(map(max_s.__lt__, unplanned))


def duration_tables(
    fin: FinishedTasks, never: Counter, still: Counter, cat: StatsCatalogue, stress: set[int]
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
    keys = map(add, map((1).__rlshift__, fin.timings), map(stress.__contains__, fin.start_hours))
    by_code: dict[str, list[int]] = {}
    for code, key in zip(fin.codes, keys, strict=True):
        found = by_code.get(code)
        if found is None:
            by_code[code] = [key]
        else:
            found.append(key)
    merged: dict[str, list[int]] = defaultdict(list)
    for code, found in by_code.items():
        merged[code or "?"] += found
    for code, found in merged.items():
        _finish(agg[code], found, cat.task_max_minutes.get(code, 0) * 60)
    for a in list(agg.values()):
        everything.durations += a.durations
        everything.stress += a.stress
        everything.calm += a.calm
        everything.with_deadline += a.with_deadline
        everything.exceeded += a.exceeded
        everything.no_start += a.no_start
    for values in (everything.durations, everything.stress, everything.calm):
        values.sort()  # sorted runs, one per task type: merged, not sorted afresh
    ordered = sorted(agg.items(), key=lambda kv: (-len(kv[1].durations), kv[0]))
    durations = StatTable(
        "task_durations",
        "Task durations, real start to real end (minutes)",
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
        note="Tasks that ended in the period. The planned end is EN_HeureFinPrevue, or the "
        "start plus the task's maximum duration. Tasks never finished (stay closed with the "
        "task open) and tasks still open are counted apart, not averaged.",
    )
    stress_t = StatTable(
        "durations_stress",
        "Task durations in periods of stress and outside (minutes)",
        [
            "task_code",
            "task_label",
            *[f"stress_{c}" for c in SUMMARY_COLS],
            *[f"calm_{c}" for c in SUMMARY_COLS],
        ],
        note="A task belongs to a period of stress when it started in an hour where the number "
        "of patients present reached the threshold.",
    )
    for code, a in [("*", everything), *ordered]:
        label = "All tasks" if code == "*" else cat.task_label(code)
        pct = round(100.0 * a.exceeded / a.with_deadline, 1) if a.with_deadline else None
        durations.rows.append(
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
    return [durations, stress_t], counts

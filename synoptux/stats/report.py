"""Build the statistics of a period: `compute_stats(db, first, last, now, threshold)`."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from typing import TypeVar

from sqlalchemy import Connection

from synoptux.db.engine import Database
from synoptux.speech import QT_TRANSLATE_NOOP, translate
from synoptux.stats import queries as q
from synoptux.stats.catalogue import StatsCatalogue
from synoptux.stats.model import StatsReport, StatTable
from synoptux.stats.packed import prepare
from synoptux.stats.sqlexpr import from_secs, to_secs
from synoptux.stats.stays import stay_tables, stress_hours, waiting_tables
from synoptux.stats.tasks import act_tables, duration_tables
from synoptux.stats.ward import ward_tables

# Presence is also computed this far before the period, so that a task which started
# before the period but ended inside it is still classified (stress or calm).
R = TypeVar("R")
PRESENCE_LOOKBACK = timedelta(days=2)


class PeriodError(ValueError):
    """A period that cannot be computed (end before start, bad date)."""


def parse_day(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except (AttributeError, ValueError):
        raise PeriodError(
            translate("Stats", "{what} {value}: expected a date such as 2026-11-23").format(
                what=what, value=repr(value)
            )
        ) from None


def compute_stats(
    db: Database, first: date, last: date, *, now: datetime, threshold: int
) -> StatsReport:
    """Every figure of the period [first, last] (whole days, both included)."""
    if last < first:
        raise PeriodError(
            translate("Stats", "the period ends ({last}) before it starts ({first})").format(
                last=last, first=first
            )
        )
    if threshold < 1:
        raise PeriodError(
            translate("Stats", "stress threshold {threshold}: must be at least 1").format(
                threshold=threshold
            )
        )
    lo = datetime.combine(first, datetime.min.time())
    hi = datetime.combine(last + timedelta(days=1), datetime.min.time())
    report = StatsReport(first, last, now, threshold)
    started = time.perf_counter()
    _compute(db, report, first, last, lo, hi, now, threshold, started)
    return report


def _compute(
    db: Database,
    report: StatsReport,
    first: date,
    last: date,
    lo: datetime,
    hi: datetime,
    now: datetime,
    threshold: int,
    started: float,
) -> None:
    lo_s, hi_s, now_s = to_secs(lo), to_secs(hi), to_secs(now)
    timings = report.timings_ms
    tick = started

    def lap(name: str) -> None:
        nonlocal tick
        t = time.perf_counter()
        timings[name] = round((t - tick) * 1000, 1)
        tick = t

    t = db.tables
    with db.connect() as conn:
        cat = StatsCatalogue.load(conn, t)

    def read(what: str, fn: Callable[[Connection], R]) -> R:
        began = time.perf_counter()
        with db.connect() as conn:
            prepare(conn)
            result = fn(conn)
        timings[what] = round((time.perf_counter() - began) * 1000, 1)
        return result

    # Four reads at once, each on its own connection: the database works on one while
    # Python unpacks another (SQLite and PyMySQL release the GIL while they wait).
    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="stats") as pool:
        f_stays = pool.submit(
            read,
            "fetch_stays",
            lambda c: (
                q.fetch_stays(c, t, cat, lo - PRESENCE_LOOKBACK, hi),
                q.fetch_exits(c, t, cat, lo, hi),
            ),
        )
        f_moves = pool.submit(
            read,
            "fetch_moves",
            lambda c: (
                q.fetch_moves(c, t, cat, lo, hi),
                q.fetch_never_finished(c, t, lo, hi),
                q.fetch_open_tasks(c, t),
            ),
        )
        f_tasks = pool.submit(read, "fetch_tasks", lambda c: q.fetch_finished(c, t, lo, hi))
        # Triage levels against their target, acknowledged alarms (stats.ward), meanwhile.
        f_ward = pool.submit(read, "ward", lambda c: ward_tables(c, t, lo, hi, now))
        stays, exits = f_stays.result()
        moves, never, open_tasks = f_moves.result()
        finished = f_tasks.result()
        ward_t = f_ward.result()
    live = {s.pk for s in stays if not s.archived}
    still = Counter(code for code, stay in open_tasks if stay in live)
    lap("read")

    entered = [s for s in stays if lo_s <= s.entry < hi_s]
    presence_end = min(hi_s, -(-max(now_s, lo_s) // 3600) * 3600)
    hourly, stress = stress_hours(
        stays, lo_s - int(PRESENCE_LOOKBACK.total_seconds()), presence_end, now_s, threshold
    )
    lap("presence")
    act_t, acts = act_tables(finished, cat, first, last)
    dur_t, task_counts = duration_tables(finished, never, still, cat, stress)
    lap("tasks")
    wait_t, outcomes = waiting_tables(entered, moves, now_s)
    stay_t, stay_counts = stay_tables(entered, exits, now_s)
    lap("stays")

    in_period = sorted(h for h in hourly if lo_s // 3600 <= h < hi_s // 3600)
    stress_t = StatTable(
        "stress_hours",
        QT_TRANSLATE_NOOP(
            "StatsWindow", "Hours of stress (patients present reached the threshold)"
        ),
        ["hour", "patients"],
        [
            [from_secs(h * 3600).strftime("%Y-%m-%d %H:00"), hourly[h]]
            for h in in_period
            if h in stress
        ],
        note=translate(
            "StatsWindow",
            "Threshold: {threshold} patients present at the same time within the hour.",
        ).format(threshold=threshold),
    )
    presence_t = StatTable(
        "presence_by_hour",
        QT_TRANSLATE_NOOP("StatsWindow", "Highest number of patients present, by hour of day"),
        ["hour", "mean_peak", "max_peak"],
    )
    by_hod: dict[int, list[int]] = {h: [] for h in range(24)}
    for h in in_period:
        by_hod[from_secs(h * 3600).hour].append(hourly[h])
    for h in range(24):
        vals = by_hod[h]
        presence_t.rows.append(
            [h, round(sum(vals) / len(vals), 1) if vals else None, max(vals) if vals else None]
        )
    summary = StatTable(
        "summary",
        "Summary",
        ["metric", "value"],
        [
            ["from", first.isoformat()],
            ["to", last.isoformat()],
            ["stays_entered", len(entered)],
            ["exits", sum(exits.values())],
            ["still_present", stay_counts["still_present"]],
            ["crossed_midnight", stay_counts["crossed_midnight"]],
            ["acts", acts],
            *[[k, v] for k, v in task_counts.items()],
            ["waited_then_care", outcomes["care"]],
            ["direct_to_care", outcomes["direct"]],
            ["still_waiting", outcomes["waiting"]],
            ["left_without_care", outcomes["no_care"]],
            ["stress_threshold", threshold],
            ["stress_hours", len(stress_t.rows)],
            ["hours_in_period", len(in_period)],
        ],
    )
    for table in (summary, *act_t, *dur_t, *wait_t, *stay_t, stress_t, presence_t, *ward_t):
        report.add(table)
    _explain(report, task_counts, stay_counts, outcomes, now, hi)
    lap("tables")
    timings["total"] = round((time.perf_counter() - started) * 1000, 1)


def _explain(
    report: StatsReport,
    tasks: dict[str, int],
    stays: dict[str, int],
    outcomes: dict,
    now: datetime,
    hi: datetime,
) -> None:
    say = report.note
    if now < hi:
        say(
            QT_TRANSLATE_NOOP("StatsWindow", "The period is not over: figures stop at {now}."),
            now=f"{now:%Y-%m-%d %H:%M}",
        )
    if stays["still_present"]:
        say(
            QT_TRANSLATE_NOOP(
                "StatsWindow",
                "{n} patient(s) who entered in the period are still present: counted in arrivals "
                "and presence, not in length of stay.",
            ),
            n=stays["still_present"],
        )
    if stays["crossed_midnight"]:
        say(
            QT_TRANSLATE_NOOP(
                "StatsWindow",
                "{n} stay(s) crossed midnight: each counts on its day of arrival, and in the "
                "presence of every hour it spans.",
            ),
            n=stays["crossed_midnight"],
        )
    if tasks["tasks_never_finished"]:
        say(
            QT_TRANSLATE_NOOP(
                "StatsWindow",
                "{n} task(s) were never finished (the stay was closed with the task open): counted "
                "apart, not in durations.",
            ),
            n=tasks["tasks_never_finished"],
        )
    if tasks["tasks_still_open"]:
        say(
            QT_TRANSLATE_NOOP("StatsWindow", "{n} task(s) are still open on the board."),
            n=tasks["tasks_still_open"],
        )
    if tasks["tasks_without_start"]:
        say(
            QT_TRANSLATE_NOOP(
                "StatsWindow", "{n} finished task(s) have no start time: not in durations."
            ),
            n=tasks["tasks_without_start"],
        )
    if outcomes.get("waiting"):
        say(
            QT_TRANSLATE_NOOP("StatsWindow", "{n} patient(s) are still in a waiting box."),
            n=outcomes["waiting"],
        )

"""Stay figures: waiting-room time, length of stay, arrivals, exits, presence."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from enum import StrEnum

from synoptux.speech import QT_TRANSLATE_NOOP, translate
from synoptux.stats.compute import Summary, histogram_minutes, presence_peaks
from synoptux.stats.model import StatTable
from synoptux.stats.queries import (
    CARE,
    MOVE_SHIFT,
    NO_BOX,
    OTHER,
    WAITING,
    WHEN_MASK,
    Move,
    Stay,
)
from synoptux.stats.sqlexpr import EPOCH_WEEKDAY

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SUMMARY_COLS = ["n", "mean_min", "median_min", "p90_min"]
# A move logged this long before the entry time still belongs to the stay (clock skew
# between screens); an older one belongs to an earlier stay with the same number.
SKEW = 120


class WaitOutcome(StrEnum):
    CARE = "care"  # waited, then reached a care box
    DIRECT = "direct"  # went to a care box without waiting
    WAITING = "waiting"  # still in a waiting box
    NO_CARE = "no_care"  # waited, left without reaching a care box
    NO_WAIT = "no_wait"  # neither waited nor reached care (e.g. straight to an absence)


def waiting_time(stay: Stay, moves: list[Move], now: int) -> tuple[WaitOutcome, int]:
    """Seconds spent in Attente boxes before the first Soins box, and how the wait ended.

    The first box is the one of the entry row; failing that (2.x rows), the origin of the
    first move; failing that, the box the stay is in. `moves` are the stay's, in order.
    """
    entry_kind: int | None = None
    places: list[tuple[int, int, int]] = []
    first = stay.entry - SKEW
    last = stay.end + SKEW if stay.end is not None else None
    for move in moves:  # decoded inline (see queries.move_parts): the hot loop of a year
        when = (move >> 5) & WHEN_MASK
        if when < first or (last is not None and when > last):
            continue  # an earlier or later stay under the same number
        kind = (move >> 2) & 3
        if kind == NO_BOX:
            continue
        if not move & 16:  # the entry row
            if entry_kind is None:
                entry_kind = kind
        else:
            places.append((when, kind, move & 3))
    if entry_kind is not None:
        current = entry_kind
    elif places:
        current = places[0][2] if places[0][2] != NO_BOX else OTHER
    else:
        current = stay.box_kind
    if current == CARE:
        return WaitOutcome.DIRECT, 0
    at, waited, seen = stay.entry, 0, False
    for when, kind, _before in places:
        if current == WAITING:
            waited += max(0, when - at)
            seen = True
        current, at = kind, max(at, when)
        if current == CARE:
            return (WaitOutcome.CARE, waited) if seen else (WaitOutcome.DIRECT, 0)
    if current == WAITING:
        end = stay.end if stay.end is not None else now
        waited += max(0, end - at)
        seen = True
        if stay.end is None:
            return WaitOutcome.WAITING, waited
    return (WaitOutcome.NO_CARE, waited) if seen else (WaitOutcome.NO_WAIT, 0)


def waiting_tables(
    entered: list[Stay], moves: list[Move], now: int
) -> tuple[list[StatTable], Counter]:
    by_stay: dict[int, list[Move]] = defaultdict(list)
    for m in moves:
        by_stay[m >> MOVE_SHIFT].append(m)
    outcomes: Counter = Counter()
    waits: list[int] = []
    by_hour: dict[int, list[int]] = defaultdict(list)
    for stay in entered:
        outcome, secs = waiting_time(stay, by_stay.get(stay.pk, []), now)
        outcomes[outcome] += 1
        if outcome is WaitOutcome.CARE:
            waits.append(secs)
            by_hour[(stay.entry % 86400) // 3600].append(secs)
    summary = StatTable(
        "waiting_time",
        QT_TRANSLATE_NOOP("StatsWindow", "Waiting-room time before the first care box (minutes)"),
        [*SUMMARY_COLS, "direct_to_care", "still_waiting", "left_without_care"],
        [
            [
                *Summary.of_seconds(waits).cells(),
                outcomes[WaitOutcome.DIRECT],
                outcomes[WaitOutcome.WAITING],
                outcomes[WaitOutcome.NO_CARE],
            ]
        ],
        note=translate(
            "StatsWindow",
            "Patients who waited in an Attente box and then reached a Soins box. Patients "
            "still waiting and those who left without care are counted apart, not averaged.",
        ),
    )
    hourly = StatTable(
        "waiting_by_arrival_hour",
        QT_TRANSLATE_NOOP("StatsWindow", "Waiting-room time by hour of arrival (minutes)"),
        ["hour", *SUMMARY_COLS],
        [[h, *Summary.of_seconds(by_hour.get(h, [])).cells()] for h in range(24)],
    )
    dist = StatTable(
        "waiting_distribution",
        QT_TRANSLATE_NOOP("StatsWindow", "Distribution of waiting-room times"),
        ["minutes", "patients"],
        [[label, n] for label, n in histogram_minutes(waits)],
    )
    return [summary, hourly, dist], outcomes


def stay_tables(
    entered: list[Stay], exits: Counter, now: int
) -> tuple[list[StatTable], dict[str, int]]:
    """Length of stay (stays entered in the period), arrivals heat map, exits by destination."""
    lengths = [s.end - s.entry for s in entered if s.end is not None]
    present = sum(1 for s in entered if s.end is None)
    crossed = sum(
        1 for s in entered if s.entry // 86400 != (s.end if s.end is not None else now) // 86400
    )
    los = StatTable(
        "length_of_stay",
        QT_TRANSLATE_NOOP("StatsWindow", "Length of stay, entry to exit (minutes)"),
        [*SUMMARY_COLS, "still_present", "crossed_midnight"],
        [[*Summary.of_seconds(lengths).cells(), present, crossed]],
        note=translate(
            "StatsWindow",
            "Stays that entered in the period. The exit is the move to a Sortie box (or the "
            "archiving when there was none). Patients still present are not averaged.",
        ),
    )
    grid = [[0] * 24 for _ in range(7)]
    for s in entered:
        grid[(s.entry // 86400 + EPOCH_WEEKDAY) % 7][(s.entry % 86400) // 3600] += 1
    heat = StatTable(
        "arrivals_heatmap",
        QT_TRANSLATE_NOOP("StatsWindow", "Arrivals per hour of day and day of week"),
        ["weekday", *[f"h{h:02d}" for h in range(24)], "total"],
        [[WEEKDAYS[d], *grid[d], sum(grid[d])] for d in range(7)],
    )
    exits_t = StatTable(
        "exits_by_destination",
        "Exits by destination",
        ["destination", "exits"],
        [[k, n] for k, n in sorted(exits.items(), key=lambda kv: (-kv[1], kv[0]))],
    )
    return [los, heat, exits_t], {"still_present": present, "crossed_midnight": crossed}


def stress_hours(
    stays: Iterable[Stay], start: int, end: int, now: int, threshold: int
) -> tuple[dict[int, int], set[int]]:
    """Peak presence per hour index (seconds // 3600) in [start, end) and the stress hours."""
    intervals = [(s.entry, s.end if s.end is not None else max(now, s.entry)) for s in stays]
    first = start // 3600
    peaks = presence_peaks(intervals, first * 3600, end)
    hourly = {first + i: p for i, p in enumerate(peaks)}
    return hourly, {h for h, p in hourly.items() if p >= threshold}

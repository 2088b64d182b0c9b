"""Pure computations (no SQL, no Qt): percentiles, summaries, presence sweep."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


def percentile(sorted_values: Sequence[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default, Excel PERCENTILE.INC)."""
    n = len(sorted_values)
    if n == 0:
        return None
    if n == 1:
        return float(sorted_values[0])
    pos = (n - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, n - 1)
    frac = pos - lo
    return float(sorted_values[lo]) + (float(sorted_values[hi]) - float(sorted_values[lo])) * frac


@dataclass(frozen=True, slots=True)
class Summary:
    """Count, mean, median and 90th percentile of durations, in minutes."""

    n: int
    mean: float | None
    median: float | None
    p90: float | None

    @classmethod
    def of_seconds(cls, values: Iterable[int]) -> Summary:
        secs = sorted(values)
        if not secs:
            return cls(0, None, None, None)
        median, p90 = percentile(secs, 0.5), percentile(secs, 0.9)
        assert median is not None and p90 is not None  # secs is not empty
        return cls(
            len(secs),
            _r(sum(secs) / len(secs) / 60.0),
            _r(median / 60.0),
            _r(p90 / 60.0),
        )

    def cells(self) -> list[object]:
        return [self.n, self.mean, self.median, self.p90]


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def presence_peaks(intervals: Iterable[tuple[int, int]], start: int, end: int) -> list[int]:
    """Highest number of simultaneous intervals in each hour of [start, end).

    `intervals` are (begin, finish) in seconds; an interval covers [begin, finish).
    `start` must be on an hour boundary. Returns one count per hour.
    """
    hours = max(0, -(-(end - start) // 3600))
    # Each event is one integer, time * 2 + 1 for an arrival and time * 2 for a departure:
    # plain integer order puts departures before arrivals at the same second (a bed freed
    # and taken is not two patients), and a year's events sort in C.
    events: list[int] = []
    add = events.append
    for begin, finish in intervals:
        if finish <= begin:
            finish = begin + 1  # an instant stay still counts at its hour
        if finish <= start or begin >= end:
            continue
        add(begin * 2 + 1)
        add(finish * 2)
    events.sort()
    count = len(events)
    peaks = [0] * hours
    level = 0
    idx = 0
    limit = start * 2 + 1
    while idx < count and events[idx] <= limit:  # before the first hour, or at its start
        level += (events[idx] & 1) * 2 - 1
        idx += 1
    h_start = start
    for h in range(hours):
        limit = h_start * 2 + 1
        while idx < count and events[idx] <= limit:  # changes at the very start
            level += (events[idx] & 1) * 2 - 1
            idx += 1
        peak = level
        limit = (h_start + 3600) * 2
        while idx < count and events[idx] < limit:
            if events[idx] & 1:
                level += 1
                if level > peak:
                    peak = level
            else:
                level -= 1
            idx += 1
        peaks[h] = peak
        h_start += 3600
    return peaks


WAIT_BUCKETS = (15, 30, 60, 90, 120, 180, 240, 360)


def histogram_minutes(
    values_s: Iterable[int], bounds: Sequence[int] = WAIT_BUCKETS
) -> list[tuple[str, int]]:
    """Counts of durations (seconds) in minute buckets: '0-15', '15-30', ..., '360+'."""
    labels = []
    low = 0
    for b in bounds:
        labels.append(f"{low}-{b}")
        low = b
    labels.append(f"{bounds[-1]}+")
    # v / 60 < b exactly when v < 60 * b (whole seconds): counted by bisecting the sorted
    # values instead of testing each one.
    ordered = sorted(values_s)
    edges = [0] + [bisect_left(ordered, 60 * b) for b in bounds] + [len(ordered)]
    counts = [edges[i + 1] - edges[i] for i in range(len(labels))]
    return list(zip(labels, counts, strict=True))

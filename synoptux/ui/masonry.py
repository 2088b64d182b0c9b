"""The default board layout: boxes in columns sized by what they hold (no Qt here).

With no saved positions the board is a masonry of columns that fills the screen
exactly. Each box says, for a column width, how tall it would be at each density
tier (`BoxNeed`): its title and one row (`floor`), every patient in the minimal
tier (`least`: below that a patient is hidden), every patient in the compact tier
(tasks still shown), and everything in the full tier (`full`). Boxes stay in the
board order, column by column; the column count and the split into columns are
the ones that hide the least: a hidden patient costs far more than a compact row,
a compact row more than a missing comment. Inside a column the height is handed
out level by level: first every box's floor, then everyone's minimal rows, then
compact, then full, each level water-filled by importance; the spare room goes to
the boxes that stretch.

The needs are measured when the layout is arranged (start, "Arrange as a grid",
boxes added or removed, or when a box would otherwise hide a patient), never on a
plain refresh: patients coming and going do not move the boxes around.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

MIN_COLUMN = 300  # px: a compact row (name, pill, time) and a chip still fit
MAX_COLUMN = 760  # px: wider columns waste the width; use more of them
GAP = 6
# What a layout hides, times the box's importance (except the floor):
COST_FLOOR = 1e6  # per px: not even the title and one row
COST_LEAST = 1e4  # per px: a patient hidden (not even the dense tier fits)
COST_DENSE = 10.0  # per patient on a line shorter than a finger (dense tier)
COST_TASK = 400.0  # per task not shown (the box falls to the minimal tier)
COST_DETAIL = 40.0  # per patient whose comment and labels are not shown (compact tier)
COST_CUT = 60.0  # per text cut short ("LAMB…", "Radio osseuse · Chev…") in the tier shown
COST_PX = 0.05  # per px short of the full tier (a tie-breaker: rooms kept for arrivals)


@dataclass(frozen=True, slots=True)
class BoxNeed:
    """How tall a box would like to be (px), at one column width."""

    least: float  # every patient in the minimal tier
    full: float  # everything in the full tier, plus the room kept for an arrival
    importance: float = 1.0  # how bad a missing pixel of this box is
    stretch: float = 1.0  # its share of the spare room when everything fits
    floor: float = 0.0  # its title and one row (0: `least`)
    compact: float = 0.0  # every patient in the compact tier (0: between least and full)
    cuts_full: int = 0  # texts cut short in the full tier at this width
    cuts_compact: int = 0  # texts cut short in the compact tier at this width
    tasks: int = 0  # tasks the compact and full tiers show (the minimal one does not)
    patients: int = 0
    minimal: float = 0.0  # every patient in the minimal tier (0: `least`, the dense tier)

    def levels(self) -> tuple[float, float, float, float, float]:
        """(floor, least, minimal, compact, full), non-decreasing."""
        least = max(self.least, 1.0)
        floor = min(self.floor or least, least)
        full = max(self.full, least)
        compact = min(max(self.compact or least, least), full)
        minimal = min(max(self.minimal or least, least), compact)
        return floor, least, minimal, compact, full

    @property
    def want(self) -> float:
        return self.levels()[4]


def share_height(needs: list[BoxNeed], height: float) -> list[float]:
    """Heights of boxes stacked in a column of `height` px (gaps excluded), summing to it.

    First every box's floor, then the minimal tier for all (water-filled by importance:
    a part of a box's rows is better than none). The compact and full tiers are all or
    nothing (a box short of its compact height shows the minimal tier), so they are
    handed out whole, the most important and smallest first. What is left goes to the
    boxes that stretch."""
    if not needs:
        return []
    levels = [n.levels() for n in needs]
    floors = [lv[0] for lv in levels]
    if sum(floors) >= height:  # not even the floors: everyone shrinks alike
        scale = height / sum(floors)
        return [v * scale for v in floors]
    heights = list(floors)
    left = height - sum(heights)
    demand = [max(lv[1] - h, 0.0) for lv, h in zip(levels, heights, strict=True)]
    if sum(demand) > left:
        imp = [max(n.importance, 0.1) for n in needs]
        cut = _water_level(demand, imp, left)
        got = [min(d, cut * i) for d, i in zip(demand, imp, strict=True)]
        rest = left - sum(got)
        short = [i for i, (g, d) in enumerate(zip(got, demand, strict=True)) if g < d]
        for i in short:
            got[i] += rest / len(short)
        return [h + g for h, g in zip(heights, got, strict=True)]
    heights = [h + d for h, d in zip(heights, demand, strict=True)]
    left -= sum(demand)
    # Whole tiers, handed out by what they save per pixel (tasks shown first).
    while True:
        best: tuple[float, int, float] | None = None
        for i, (n, lv, h) in enumerate(zip(needs, levels, heights, strict=True)):
            now = next((k for k in (4, 3, 2) if h >= lv[k] - 1e-6), 1)
            for level in range(now + 1, 5):  # any higher tier (the next may be worth little)
                delta = lv[level] - h
                if delta > left + 1e-6:
                    break
                saved = tier_cost(n, now) - tier_cost(n, level)
                value = (saved + 1e-3) / max(delta, 1.0)
                if best is None or value > best[0]:
                    best = (value, i, delta)
        if best is None:
            break
        _value, i, delta = best
        heights[i] += delta
        left -= delta
    weights = [max(n.stretch, 0.0) for n in needs]
    total = sum(weights)
    return [
        h + left * ((w / total) if total else 1 / len(needs))
        for h, w in zip(heights, weights, strict=True)
    ]


def _water_level(demand: list[float], imp: list[float], room: float) -> float:
    """The level `cut` at which sum(min(d, cut * i)) == room (room < sum(demand)): the
    boxes whose demand is met below it are full, the others get cut * importance."""
    order = sorted(range(len(demand)), key=lambda k: demand[k] / imp[k])
    full = 0.0  # demand of the boxes already met
    weight = sum(imp)  # importance of the boxes still short
    for k in order:
        level = (room - full) / weight
        if level * imp[k] < demand[k]:
            return max(level, 0.0)
        full += demand[k]
        weight -= imp[k]
    return max(demand[k] / imp[k] for k in range(len(demand)))


def tier_cost(need: BoxNeed, level: int) -> float:
    """What a box hides when it shows tier `level` (1 dense, 2 minimal, 3 compact, 4 full)."""
    imp = need.importance
    if level <= 2:
        dense = COST_DENSE * need.patients if level <= 1 else 0.0
        return imp * (COST_TASK * need.tasks + COST_DETAIL * need.patients + dense)
    if level == 3:
        return imp * (COST_DETAIL * need.patients + COST_CUT * need.cuts_compact)
    return imp * COST_CUT * need.cuts_full


def column_cost(needs: list[BoxNeed], height: float) -> float:
    """What a column hides: rows not shown at all, the tier each box falls back to."""
    return _column_cost(tuple(needs), height)


@lru_cache(maxsize=16384)
def _column_cost(needs: tuple[BoxNeed, ...], height: float) -> float:
    """`column_cost`, remembered: arranging again after one box changed recomputes only
    the runs that hold that box (a wall of 30 boxes tries ~2,000 runs per arrangement)."""
    heights = share_height(list(needs), height)
    cost = 0.0
    for need, h in zip(needs, heights, strict=True):
        floor, least, minimal, compact, full = need.levels()
        h += 0.5
        cost += COST_FLOOR * max(floor - h, 0.0)
        cost += COST_LEAST * need.importance * max(least - h, 0.0)
        level = 4 if h >= full else 3 if h >= compact else 2 if h >= minimal else 1
        cost += tier_cost(need, level) + COST_PX * need.importance * max(full - h, 0.0)
    return cost


def split_columns(needs: list[BoxNeed], cols: int, height: float) -> tuple[float, list[int]]:
    """Best split of `needs` (in order) into `cols` runs: (cost, start index of each run)."""
    n = len(needs)
    cols = max(1, min(cols, n))
    cache: dict[tuple[int, int], float] = {}

    def cost(i: int, j: int) -> float:
        key = (i, j)
        if key not in cache:
            stack = needs[i:j]
            cache[key] = column_cost(stack, height - GAP * (len(stack) - 1))
        return cache[key]

    inf = math.inf
    best = [[inf] * (n + 1) for _ in range(cols + 1)]
    start = [[0] * (n + 1) for _ in range(cols + 1)]
    best[0][0] = 0.0
    for k in range(1, cols + 1):
        for j in range(k, n - (cols - k) + 1):
            for i in range(k - 1, j):
                if best[k - 1][i] == inf:
                    continue
                c = best[k - 1][i] + cost(i, j)
                if c < best[k][j] - 1e-9:
                    best[k][j], start[k][j] = c, i
    starts: list[int] = []
    j = n
    for k in range(cols, 0, -1):
        i = start[k][j]
        starts.append(i)
        j = i
    return best[cols][n], starts[::-1]


def column_choices(n: int, width: int) -> range:
    """Column counts to try: columns between MIN_COLUMN and MAX_COLUMN wide."""
    lo = max(1, math.ceil((width - GAP) / (MAX_COLUMN + GAP)))
    hi = max(1, (width - GAP) // (MIN_COLUMN + GAP))
    lo = min(lo, n)
    hi = max(lo, min(hi, n))
    return range(lo, hi + 1)


def column_width(width: int, cols: int, gap: int = GAP) -> int:
    return int((width - gap * (cols + 1)) / cols)


def masonry(
    needs_at: Callable[[int], list[BoxNeed]], width: int, height: int, gap: int = GAP
) -> list[tuple[int, int, int, int]]:
    """(x, y, w, h) of each box, in board order, filling width x height exactly.

    `needs_at(column_width)` gives the boxes' needs at that width (text wraps)."""
    probe = needs_at(max(column_width(width, 1, gap), 1))
    n = len(probe)
    if n == 0:
        return []
    usable_h = height - 2 * gap
    best: tuple[float, int, list[int], list[BoxNeed]] | None = None
    for cols in column_choices(n, width):
        needs = needs_at(column_width(width, cols, gap))
        c, starts = split_columns(needs, cols, usable_h)
        c += cols * 1.0  # at equal cost, fewer (wider) columns
        if best is None or c < best[0] - 1e-6:
            best = (c, cols, starts, needs)
    assert best is not None
    _, cols, starts, needs = best
    bounds = [*starts, n]
    col_w = (width - gap * (cols + 1)) / cols
    out: list[tuple[int, int, int, int]] = []
    for c in range(cols):
        x0 = round(gap + c * (col_w + gap))
        x1 = round(gap + c * (col_w + gap) + col_w)
        stack = needs[bounds[c] : bounds[c + 1]]
        heights = share_height(stack, usable_h - gap * (len(stack) - 1))
        y = float(gap)
        for h in heights:
            top, bottom = round(y), round(y + h)
            out.append((x0, top, x1 - x0, max(bottom - top, 1)))
            y += h + gap
    return out

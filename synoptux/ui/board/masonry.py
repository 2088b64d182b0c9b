"""The default board layout: boxes in columns sized by what they hold (no Qt here).

With no saved positions the board is a masonry of columns that fills the screen
exactly. Each box says, for a column width, how tall it would be at each density
tier (`BoxNeed`): its title and one row (`floor`), every patient in the minimal
tier (`least`: below that a patient is hidden), every patient in the compact tier
(tasks still shown), and everything in the full tier (`full`). The column count and
the boxes of each column are the ones that hide the least: a hidden patient costs far
more than a hidden task, a hidden task more than every comment of the wall, a cut box
title more than a compact row. The boxes stay in the board order, column by column (the
best split of that order), as long as that hides no patient, no task and no title.
When it does, boxes change columns (in the board order alone, a wall had six boxes in the
last column, two at the minimal tier, while the first one had room): from whole tiers
packed into the columns, from the board order and from a best fit, each improved by
moving a box to another column or trading two; the layout that hides least is kept,
columns left to right by their first box, the board order inside each. Inside a column
the height is handed out level by level: first every box's floor, then everyone's
minimal rows, then compact, then full, each level water-filled by importance; the spare
room goes to the boxes that stretch.

The needs are measured when the layout is arranged (start, "Arrange as a grid",
boxes added or removed, or when a box would otherwise hide a patient), never on a
plain refresh: patients coming and going do not move the boxes around.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

MIN_COLUMN = 300  # px: a compact row (name, pill, time) and a chip still fit
MAX_COLUMN = 760  # px: wider columns waste the width; use more of them
GAP = 6
# What a layout hides, times the box's importance (except the floor):
COST_FLOOR = 1e6  # per px: not even the title and one row
COST_LEAST = 1e4  # per px: a patient hidden (not even the dense tier fits)
COST_DENSE = 10.0  # per patient on a line shorter than a finger (dense tier)
COST_TASK = 4000.0  # per task not shown (the box falls to the minimal tier): more than
# every comment of the wall (40 x 3 x 25 patients), less than a pixel of a hidden patient
COST_DETAIL = 40.0  # per patient whose comment and labels are not shown (compact tier)
COST_CUT = 60.0  # per text cut short ("LAMB…", "Radio osseuse · Chev…") in the tier shown
COST_TITLE = 1000.0  # a box title cut short ("Bloc / avis spéc…"): the place is its name
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
    title_cut: bool = False  # the box's title is cut short at this width

    # Worked out once, when the need is made: a layout search reads them thousands of times
    # (the search 2.4 times faster than working them out at each read, the same layouts).
    _levels: tuple[float, float, float, float, float] = field(init=False, repr=False, compare=False)
    _costs: tuple[float, float, float, float, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        least = max(self.least, 1.0)
        floor = min(self.floor or least, least)
        full = max(self.full, least)
        compact = min(max(self.compact or least, least), full)
        minimal = min(max(self.minimal or least, least), compact)
        object.__setattr__(self, "_levels", (floor, least, minimal, compact, full))
        costs = tuple(tier_cost(self, level) for level in range(5))
        object.__setattr__(self, "_costs", costs)

    def levels(self) -> tuple[float, float, float, float, float]:
        """(floor, least, minimal, compact, full), non-decreasing."""
        return self._levels

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
    costs = [n._costs for n in needs]
    tiers = [_tier_of(lv, h) for lv, h in zip(levels, heights, strict=True)]
    while True:
        best: tuple[float, int, int] | None = None
        for i, now in enumerate(tiers):
            if now == 4:
                continue
            lv, h, tc = levels[i], heights[i], costs[i]
            for level in range(now + 1, 5):  # any higher tier (the next may be worth little)
                delta = lv[level] - h
                if delta > left + 1e-6:
                    break
                value = (tc[now] - tc[level] + 1e-3) / (delta if delta > 1.0 else 1.0)
                if best is None or value > best[0]:
                    best = (value, i, level)
        if best is None:
            break
        _value, i, level = best
        delta = levels[i][level] - heights[i]
        heights[i] += delta
        left -= delta
        tiers[i] = _tier_of(levels[i], heights[i])
    weights = [max(n.stretch, 0.0) for n in needs]
    total = sum(weights)
    return [
        h + left * ((w / total) if total else 1 / len(needs))
        for h, w in zip(heights, weights, strict=True)
    ]


def _tier_of(lv: tuple[float, float, float, float, float], h: float) -> int:
    """The richest tier (2 minimal, 3 compact, 4 full; else 1) a height `h` shows whole."""
    if h >= lv[4] - 1e-6:
        return 4
    if h >= lv[3] - 1e-6:
        return 3
    return 2 if h >= lv[2] - 1e-6 else 1


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
        cost += need._costs[level] + COST_PX * need.importance * max(full - h, 0.0)
        cost += COST_TITLE * need.title_cut
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
    tried: list[tuple[float, int, list[list[int]], list[BoxNeed]]] = []
    for cols in column_choices(n, width):
        needs = needs_at(column_width(width, cols, gap))
        c, starts = split_columns(needs, cols, usable_h)
        bounds = [*starts, n]
        columns = [list(range(bounds[k], bounds[k + 1])) for k in range(cols)]
        tried.append((c + cols * 1.0, cols, columns, needs))  # at equal cost, fewer columns
    # The board order is kept when it shows everything. Else the column counts it does best
    # at are tried with boxes changing columns (REGROUP_COUNTS of them, within one budget
    # of column costs: a crowded wall of 40 boxes arranges in a fraction of a second).
    budget = [REGROUP_BUDGET]
    for k, (_c, cols, columns, needs) in enumerate(sorted(tried, key=lambda t: t[0])):
        if k >= REGROUP_COUNTS:
            break
        room = cols * (usable_h + gap)
        if sum(v.least + gap for v in needs) > room or not any(
            _hides(needs, column, usable_h) for column in columns
        ):
            continue  # nothing hidden, or not every patient can be shown anyway
        cost_of = ColumnCosts(needs, usable_h, budget)
        # Starts: whole tiers packed (when every box fits compact, the one that counts),
        # the board order, best fit decreasing; each improved by moves and trades.
        found: tuple[float, list[list[int]]] | None = None
        makers = (
            lambda: fit_tiers(needs, cols, usable_h),  # noqa: B023 - called in this turn
            lambda: columns,  # noqa: B023
            lambda: pack(needs, cols, cost_of),  # noqa: B023
        )
        for make in makers:
            start = None if cost_of.spent() else make()
            if start is None:
                continue
            other = regroup(start, cost_of)
            if found is None or other[0] < found[0] - REGROUP_GAIN:
                found = other
        if found is not None:
            tried.append((found[0] + cols * 1.0, cols, found[1], needs))
    best = min(tried, key=lambda t: t[0])  # the first of equals: the board order
    assert best is not None
    _, cols, columns, needs = best
    columns = sorted(columns, key=min)  # left to right, in the order of each one's first box
    col_w = (width - gap * (cols + 1)) / cols
    out: list[tuple[int, int, int, int]] = [(0, 0, 0, 0)] * n
    for c, column in enumerate(columns):
        x0 = round(gap + c * (col_w + gap))
        x1 = round(gap + c * (col_w + gap) + col_w)
        stack = [needs[i] for i in column]
        heights = share_height(stack, usable_h - gap * (len(stack) - 1))
        y = float(gap)
        for i, h in zip(column, heights, strict=True):
            top, bottom = round(y), round(y + h)
            out[i] = (x0, top, x1 - x0, max(bottom - top, 1))
            y += h + gap
    return out


# A box leaves the board order only for a layout that hides clearly less (not for the
# tie-breaker's few pixels): at most a pixel short of the full tier in 20 boxes.
REGROUP_GAIN = 1.0
REGROUP_ROUNDS = 64  # moves at most per arrangement (a handful are ever needed)
REGROUP_COUNTS = 2  # column counts tried with boxes changing columns: the board order's best
REGROUP_BUDGET = 400  # column costs computed at most for that, per arrangement


def _hides(needs: list[BoxNeed], column: list[int], height: float) -> bool:
    """Whether a column (box indices) hides a patient (a box below its dense tier), a task
    (a box with tasks below its compact tier) or cuts a box title short."""
    stack = [needs[i] for i in column]
    heights = share_height(stack, height - GAP * (len(stack) - 1))
    for need, h in zip(stack, heights, strict=True):
        _floor, least, _minimal, compact, _full = need.levels()
        h += 0.5
        if need.title_cut or h < least or (need.tasks and h < compact):
            return True
    return False


class ColumnCosts:
    """`column_cost` of columns given as box indices into `needs`, remembered for one
    arrangement (a key of a few ints hashes far faster than the boxes' needs)."""

    def __init__(self, needs: list[BoxNeed], height: float, budget: list[int]) -> None:
        self.needs, self.height = needs, height
        self.budget = budget  # column costs left to compute, shared by one arrangement
        self._memo: dict[tuple[int, ...], float] = {}

    def spent(self) -> bool:
        return self.budget[0] <= 0

    def __call__(self, column: list[int]) -> float:
        key = tuple(column)
        cost = self._memo.get(key)
        if cost is None:
            stack = [self.needs[i] for i in key]
            cost = column_cost(stack, self.height - GAP * (len(stack) - 1)) if stack else 0.0
            self._memo[key] = cost
            self.budget[0] -= 1
        return cost


FIT_BUDGET = 4000  # columns tried at most by one `fit` search (a few hundred are the rule)


def fit(sizes: list[float], cols: int, room: float) -> list[list[int]] | None:
    """Boxes of these `sizes` (each with the gap below it) in `cols` columns of `room` px,
    found by a bounded search (the tallest first; a column as full as one already tried
    is not tried again; a branch stops when the room left that the smallest box could
    take is too short for the boxes left); None when not found in FIT_BUDGET steps.
    Columns in the order of their first box, boxes in the board order."""
    n = len(sizes)
    if n == 0 or sum(sizes) > cols * room + 1e-6 or max(sizes) > room + 1e-6:
        return None
    order = sorted(range(n), key=lambda i: (-sizes[i], i))
    left = [0.0] * (n + 1)  # what the boxes from the k-th on take
    for k in range(n - 1, -1, -1):
        left[k] = left[k + 1] + sizes[order[k]]
    smallest = sizes[order[-1]]
    fill = [0.0] * cols
    where = [0] * n
    steps = 0

    def place(k: int) -> bool:
        nonlocal steps
        if k == n:
            return True
        free = sum(room - f for f in fill if room - f >= smallest - 1e-6)
        if left[k] > free + 1e-6:
            return False
        i = order[k]
        tried: set[float] = set()
        for c in range(cols):
            if fill[c] in tried or fill[c] + sizes[i] > room + 1e-6:
                continue
            steps += 1
            if steps > FIT_BUDGET:
                return False
            tried.add(fill[c])
            fill[c] += sizes[i]
            where[i] = c
            if place(k + 1):
                return True
            fill[c] -= sizes[i]
        return False

    if not place(0):
        return None
    columns = [[i for i in range(n) if where[i] == c] for c in range(cols)]
    return sorted((c for c in columns if c), key=lambda c: c[0])


def fit_tiers(needs: list[BoxNeed], cols: int, height: float) -> list[list[int]] | None:
    """Columns in which every box gets a whole tier, as rich as can be: everyone at the
    full tier if that fits, else the box that loses least per pixel saved falls to the
    compact tier, and so on; at worst everyone compact (every task shown). None when not
    even that was found (`fit`)."""
    room = height + GAP  # each box with the gap below it; the last one has none
    levels = [n.levels() for n in needs]
    target = [4 if lv[4] > lv[3] else 3 for lv in levels]
    if sum(lv[3] + GAP for lv in levels) > cols * room + 1e-6:
        return None  # not even every box compact: the other starts will do
    while True:
        sizes = [lv[t] + GAP for lv, t in zip(levels, target, strict=True)]
        if sum(sizes) <= cols * room + 1e-6:
            found = fit(sizes, cols, room)
            if found is not None:
                return found
        rich = [i for i, t in enumerate(target) if t == 4]
        if not rich:
            return None

        def loss(i: int) -> tuple[float, int]:
            saved = levels[i][4] - levels[i][3]
            return (tier_cost(needs[i], 3) - tier_cost(needs[i], 4)) / max(saved, 1.0), i

        target[min(rich, key=loss)] = 3


def pack(needs: list[BoxNeed], cols: int, cost_of: ColumnCosts) -> list[list[int]]:
    """Another start for `regroup`, away from the board order: the tallest boxes (at the
    compact tier: their tasks shown) first, each into the column where it adds the least
    cost (a bin packing's "best fit decreasing"); columns then in the order of their first
    box."""
    columns: list[list[int]] = [[] for _ in range(cols)]
    order = sorted(range(len(needs)), key=lambda i: (-needs[i].levels()[3], i))
    for i in order:
        best: tuple[float, int] | None = None
        for k, column in enumerate(columns):
            added = cost_of(sorted([*column, i])) - cost_of(column)
            if best is None or added < best[0] - 1e-9:
                best = (added, k)
        assert best is not None
        columns[best[1]] = sorted([*columns[best[1]], i])
    columns = [c for c in columns if c]
    return sorted(columns, key=lambda c: c[0])


def regroup(columns: list[list[int]], cost_of: ColumnCosts) -> tuple[float, list[list[int]]]:
    """Columns that hide less than the board-order split: (cost, box indices per column,
    each in board order). Local search: the costliest column first, each of its boxes
    moved to another column or traded with a box there; the best change that saves more
    than REGROUP_GAIN is kept, until none does. Deterministic (the same needs give the same
    columns) and cheap: column costs are remembered (`column_cost`)."""
    columns = [sorted(c) for c in columns]

    costs = [cost_of(c) for c in columns]
    if len(columns) < 2:
        return sum(costs), columns
    for _round in range(REGROUP_ROUNDS):
        if cost_of.spent():
            break  # the best found so far (deterministic: the same needs, the same steps)
        best: tuple[float, int, int, list[int], list[int]] | None = None
        for a in sorted(range(len(columns)), key=lambda k: -costs[k]):
            for b in range(len(columns)):
                if b == a:
                    continue
                pair = costs[a] + costs[b]
                for i in columns[a]:
                    rest_a = [k for k in columns[a] if k != i]
                    if rest_a:  # a column is never left empty
                        new_b = sorted([*columns[b], i])
                        gain = pair - cost_of(rest_a) - cost_of(new_b)
                        if gain > REGROUP_GAIN and (best is None or gain > best[0]):
                            best = (gain, a, b, rest_a, new_b)
                    for j in columns[b]:
                        new_a = sorted([*rest_a, j])
                        new_b = sorted([*(k for k in columns[b] if k != j), i])
                        gain = pair - cost_of(new_a) - cost_of(new_b)
                        if gain > REGROUP_GAIN and (best is None or gain > best[0]):
                            best = (gain, a, b, new_a, new_b)
            if best is not None:
                break  # the costliest column that can do better does
        if best is None:
            break
        _gain, a, b, new_a, new_b = best
        columns[a], columns[b] = new_a, new_b
        costs[a], costs[b] = cost_of(new_a), cost_of(new_b)
    return sum(costs), columns

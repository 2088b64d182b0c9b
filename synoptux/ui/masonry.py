"""The default board layout: boxes in columns sized by what they hold (no Qt here).

With no saved positions the board is a masonry of columns that fills the screen
exactly. Each box asks for a height (`BoxNeed`: the least it can show - its title
and one card -, what it would take to show everything, and how much it should
take from the spare room). Boxes stay in the board order, column by column; the
split into columns is the one that hides the least of what matters (a care box
hides nothing if it can help it, a waiting room scrolls first). Inside a column
the height is shared by water-filling: small boxes get all they need, big ones
share what remains.

The needs are measured when the layout is arranged (start, "Arrange as a grid",
boxes added or removed), never on a refresh: patients coming and going do not
move the boxes around. A resize lays out the same needs again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MIN_COLUMN = 400  # px: names, comments and task labels still read (360 shows more rows, cut)
NARROW_COLUMN = 300  # px: still usable, for small screens with many boxes
MAX_COLUMN = 720  # px: wider columns waste the width; use more of them
GAP = 6
HIDDEN_OVER = 1e6  # cost of a px below a box's floor (not even its title and one name)
SHORT_OF_LEAST = 20.0  # cost of a px below its least (title and one card), per importance


@dataclass(frozen=True, slots=True)
class BoxNeed:
    """How tall a box would like to be (px)."""

    least: float  # its title and one card (or an empty slot)
    full: float  # everything it holds, plus the room it keeps for an arrival
    importance: float = 1.0  # how bad a hidden pixel of this box is
    stretch: float = 1.0  # its share of the spare room when everything fits
    floor: float = 0.0  # below `least` on a crowded small screen: its title and one name

    @property
    def want(self) -> float:
        return max(self.full, self.least)


def share_height(needs: list[BoxNeed], height: float) -> list[float]:
    """Heights of boxes stacked in a column of `height` px (gaps excluded), summing to it."""
    if not needs:
        return []
    least = [n.least for n in needs]
    want = [n.want for n in needs]
    if sum(least) > height:  # a crowded small screen: down to the floors
        least = [min(n.floor or n.least, n.least) for n in needs]
    if sum(least) >= height:  # not even the floors: everyone shrinks alike
        scale = height / sum(least)
        return [v * scale for v in least]
    if sum(want) <= height:  # everything shows: the spare room goes to the stretchy boxes
        spare = height - sum(want)
        weights = [n.stretch for n in needs]
        total = sum(weights) or float(len(needs))
        return [
            w + spare * ((s / total) if sum(weights) else 1 / len(needs))
            for w, s in zip(want, weights, strict=True)
        ]
    # Water-filling: a level `cut`; a box gets min(want, max(least, cut * importance)):
    # the boxes that matter more rise faster, small boxes are served whole first.
    imp = [max(n.importance, 0.1) for n in needs]
    lo, hi = 0.0, max(w / i for w, i in zip(want, imp, strict=True))
    for _ in range(60):
        cut = (lo + hi) / 2
        total = sum(min(w, max(m, cut * i)) for m, w, i in zip(least, want, imp, strict=True))
        if total > height:
            hi = cut
        else:
            lo = cut
    heights = [min(w, max(m, lo * i)) for m, w, i in zip(least, want, imp, strict=True)]
    # Hand the rounding rest to the boxes cut at the level (they want more).
    rest = height - sum(heights)
    cut_boxes = [i for i, (h, w) in enumerate(zip(heights, want, strict=True)) if h < w]
    for i in cut_boxes:
        heights[i] += rest / len(cut_boxes)
    return heights


def column_cost(needs: list[BoxNeed], height: float) -> float:
    """What a column hides: pixels of each box not shown, weighted by importance."""
    heights = share_height(needs, height)
    cost = 0.0
    for need, h in zip(needs, heights, strict=True):
        floor = min(need.floor or need.least, need.least)
        if h + 0.5 < floor:
            cost += HIDDEN_OVER * (floor - h)
        elif h + 0.5 < need.least:
            cost += SHORT_OF_LEAST * need.importance * (need.least - h)
        cost += need.importance * max(need.want - h, 0.0)
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
            usable = height - GAP * (len(stack) - 1)
            cache[key] = column_cost(stack, usable)
        return cache[key]

    # best[k][j]: least cost of the first j boxes in k columns; start[k][j]: where the last began.
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


def column_choices(n: int, width: int, narrow: bool = False) -> range:
    """Column counts to try: columns between MIN_COLUMN and MAX_COLUMN wide, or down to
    NARROW_COLUMN when even the least of every box does not fit otherwise."""
    lo = max(1, math.ceil((width - GAP) / (MAX_COLUMN + GAP)))
    hi = max(1, (width - GAP) // ((NARROW_COLUMN if narrow else MIN_COLUMN) + GAP))
    lo = min(lo, n)
    hi = max(lo, min(hi, n))
    return range(lo, hi + 1)


def masonry(
    needs: list[BoxNeed], width: int, height: int, gap: int = GAP
) -> list[tuple[int, int, int, int]]:
    """(x, y, w, h) of each box, in `needs` order, filling width x height exactly."""
    n = len(needs)
    if n == 0:
        return []
    usable_h = height - 2 * gap
    best: tuple[float, int, list[int]] | None = None
    for narrow in (False, True):
        for cols in column_choices(n, width, narrow):
            if best is not None and narrow and cols <= best[1]:
                continue
            c, starts = split_columns(needs, cols, usable_h)
            c += cols * 1.0  # at equal cost, fewer (wider) columns
            if best is None or c < best[0] - 1e-6:
                best = (c, cols, starts)
        if best is not None and best[0] < HIDDEN_OVER:
            break  # every box shows at least its title and one name: no narrow columns
    assert best is not None
    _, cols, starts = best
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

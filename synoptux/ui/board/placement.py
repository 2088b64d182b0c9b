"""Boxes never cover one another: saved positions fitted to the screen, free spots found.

Pure geometry on (x, y, w, h) tuples (no Qt). Used for positions saved in the ini
(maybe on a bigger screen, maybe before a box was added in administration) and
for a box the user drops onto another in window mode.
"""

from __future__ import annotations

Rect = tuple[int, int, int, int]
GAP = 6
MIN_W, MIN_H = 180, 90  # a box still shows its title and a row


def intersects(a: Rect, b: Rect) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def inside(r: Rect, area: Rect) -> bool:
    return (
        r[0] >= area[0]
        and r[1] >= area[1]
        and r[0] + r[2] <= area[0] + area[2]
        and r[1] + r[3] <= area[1] + area[3]
    )


def scale_into(rects: dict[str, Rect], area: Rect) -> dict[str, Rect]:
    """Saved rects shrunk proportionally when they reach beyond `area` (an older,
    bigger screen); unchanged when they already fit."""
    if not rects:
        return {}
    right = max(r[0] + r[2] for r in rects.values())
    bottom = max(r[1] + r[3] for r in rects.values())
    ax, ay, aw, ah = area
    sx = min(1.0, aw / max(right - ax, 1)) if right > ax + aw else 1.0
    sy = min(1.0, ah / max(bottom - ay, 1)) if bottom > ay + ah else 1.0
    if sx == 1.0 and sy == 1.0:
        return dict(rects)
    out = {}
    for code, (x, y, w, h) in rects.items():
        nx, ny = ax + round((x - ax) * sx), ay + round((y - ay) * sy)
        out[code] = (nx, ny, max(round(w * sx), MIN_W), max(round(h * sy), MIN_H))
    return out


def _clamp(r: Rect, area: Rect) -> Rect:
    x, y, w, h = r
    ax, ay, aw, ah = area
    w, h = min(w, aw), min(h, ah)
    x = min(max(x, ax), ax + aw - w)
    y = min(max(y, ay), ay + ah - h)
    return (x, y, w, h)


def free_spot(
    size: tuple[int, int], placed: list[Rect], area: Rect, near: tuple[int, int]
) -> Rect | None:
    """The free position for a box of `size` nearest to `near` (bottom-left heuristic:
    candidates at the area's edges and right of / below each placed box)."""
    w, h = size
    ax, ay, aw, ah = area
    xs = {ax, ax + aw - w} | {p[0] + p[2] + GAP for p in placed} | {p[0] for p in placed}
    ys = {ay, ay + ah - h} | {p[1] + p[3] + GAP for p in placed} | {p[1] for p in placed}
    best: tuple[float, Rect] | None = None
    for x in xs:
        for y in ys:
            r = (x, y, w, h)
            if not inside(r, area) or any(intersects(r, p) for p in placed):
                continue
            d = (x - near[0]) ** 2 + (y - near[1]) ** 2
            if best is None or d < best[0]:
                best = (d, r)
    return best[1] if best else None


def place_apart(wanted: list[tuple[str, Rect]], area: Rect) -> dict[str, Rect] | None:
    """Each rect kept where wanted if it covers none placed before it, else moved to the
    nearest free spot (shrunk if need be). None when some box finds no room at all."""
    placed: list[Rect] = []
    out: dict[str, Rect] = {}
    for code, rect in wanted:
        r = _clamp(rect, area)
        if any(intersects(r, p) for p in placed):
            spot = None
            w, h = r[2], r[3]
            while spot is None and (w >= MIN_W or h >= MIN_H):
                spot = free_spot((w, h), placed, area, (r[0], r[1]))
                if spot is None:
                    if w <= MIN_W and h <= MIN_H:
                        break
                    w, h = max(MIN_W, w * 3 // 4), max(MIN_H, h * 3 // 4)
            if spot is None:
                return None
            r = spot
        placed.append(r)
        out[code] = r
    return out

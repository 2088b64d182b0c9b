"""The minimal and dense tiers of a patient row (see `row_geometry`): the name, the
responsible's colour, the triage badge, the entry time, flags and task counts on one line.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QRect

from synoptux.ui.board.row_look import DEFAULT_ALARM, Look, Tier
from synoptux.ui.board.row_shapes import Pill, RowGeometry, Text
from synoptux.ui.board.row_texts import (
    WARN,
    RowInput,
    fit_name,
    flag_texts,
    name_parts,
    odd,
    pill_texts,
    times_of,
    triage_badge,
)
from synoptux.ui.board.row_triage import triage_pill
from synoptux.ui.contrast import readable_on


def minimal_width(inp: RowInput, look: Look, dense: bool) -> int:
    """The narrowest minimal (or dense) row that keeps the last name whole, its colour,
    its late count (and, minimal, the time and task count)."""
    f = look.fonts[Tier.MINIMAL]
    last, _first = name_parts(inp)
    tasks = inp.patient.tasks
    late = sum(1 for t in tasks if t.overdue is not None)
    w = 12 + f.width("name", last) + 6 + (12 if dense else 14) + 6
    if odd(inp.patient):
        w += 24
    found = triage_badge(inp)
    if found is not None:  # as `row_triage.triage_pill` draws it
        h = look.sizes.dense_row if dense else look.sizes.minimal_row
        side = max(min(h - 6, h - 4), 12)
        tight = side < 24
        w += max(side, f.width("bold", found[0]) + (6 if tight else 12)) + (4 if tight else 6)
    w += sum(f.width("bold", t) + 6 for t, _c in flag_texts(inp, Tier.MINIMAL))
    if late:
        w += f.width("bold", f"{WARN}{late}") + 6
    if not dense:
        if tasks:
            w += f.width("bold", str(len(tasks))) + 6
        (time_text, _key), *_ = times_of(inp, None, with_move=False)
        w += f.width("text", time_text.replace("--:--", "00:00")) + 6
    return w


def minimal_row(
    inp: RowInput, width: int, look: Look, now: datetime | None, dense: bool = False
) -> RowGeometry:
    """Name, the responsible's colour, entry time and task counts on one line; `dense`
    (a crowded board, before any scrolling): a shorter line, the name and late count."""
    s, c, f = look.sizes, look.colors, look.fonts[Tier.MINIMAL]
    h = s.dense_row if dense else s.minimal_row
    x0, right = 6, width - 6
    tasks = inp.patient.tasks
    late = sum(1 for t in tasks if t.overdue is not None)
    counts: list[tuple[str, str]] = []
    if tasks and not dense:
        counts.append((str(len(tasks)), "#374151"))
    if late:
        counts.append((f"{WARN}{late}", DEFAULT_ALARM))
    flags = flag_texts(inp, Tier.MINIMAL)
    counts = flags + counts
    counts_w = sum(f.width("bold", t) + 6 for t, _c in counts)
    (time_text, _key), *_ = times_of(inp, now, with_move=False)
    time_w = f.width("text", time_text)
    _texts, fill, dashed = pill_texts(inp)
    triage, x = triage_pill(inp, f, x0, 0, h, h - 6)
    badge = None
    if odd(inp.patient):
        side = min(20, h - 4)
        badge = QRect(x, (h - side) // 2, side, side)
        x += side + 4
    last, first = name_parts(inp)
    dot_w = 12 if dense else 14
    room = right - x - counts_w - dot_w - 2 * 6
    show_time = not dense and room - time_w - 6 >= f.width("name", last)
    if show_time:
        room -= time_w + 6
    shown, whole = fit_name(f, last, first, room)
    nh = f.height("name")
    name = Text(
        QRect(x, (h - nh) // 2, min(f.width("name", shown), room), nh),
        shown,
        "name",
        "",
        " ".join(v for v in (last, first) if v),
    )
    geo = RowGeometry(Tier.DENSE if dense else Tier.MINIMAL, width, h, name, whole, badge=badge)
    geo.triage = triage
    geo.name_px, geo.text_px = f.name_px, f.text_px
    geo.cuts = int(not whole)
    x = name.rect.right() + 1 + 6
    geo.pill = Pill(QRect(x, (h - dot_w) // 2, dot_w, dot_w), "", fill, readable_on(fill), dashed)
    x += dot_w + 6
    if show_time:
        geo.texts.append(Text(QRect(x, 0, time_w, h), time_text, "text", c.entry))
    x = right - counts_w
    for t, color in counts:
        w = f.width("bold", t)
        text = Text(QRect(x, 0, w, h), t, "bold", color)
        geo.counts.append(text)
        if (t, color) in flags:
            geo.flags.append(text)
        x += w + 6
    return geo

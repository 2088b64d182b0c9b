"""Where each part of a patient row goes, per tier, measured with the fonts (no guess).

`layout_row` returns a `RowGeometry`: the rectangles and texts to paint (name,
responsible pill, times, comment, task chips or dots, counts) and the row's height.
The box panel asks it for each tier to choose the richest one that fits; the row
widget paints it and hit-tests taps against it.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QRect

from synoptux.ui.board.row_look import Fonts, Look, Tier
from synoptux.ui.board.row_shapes import (  # the row's shapes are part of this module's API
    BADGE,
    CHIP_GAP,
    CHIP_PAD,
    DOT,
    DOT_GAP,
    GAP,
    INDENT,
    PAD_X,
    PAD_Y,
    STRIPE,
    Chip,
    Dot,
    Pill,
    RowGeometry,
    Text,
)
from synoptux.ui.board.row_texts import (
    RowInput,
    chip_colors,
    chip_parts,
    comment_text,
    fit_name,
    flag_texts,
    minutes_of,
    name_parts,
    odd,
    pill_texts,
    times_of,
)
from synoptux.ui.board.row_triage import triage_pill
from synoptux.ui.contrast import readable_on


def _flow_chips(
    inp: RowInput,
    f: Fonts,
    tier: Tier,
    x_first: int,
    y: int,
    x_next: int,
    right: int,
    pitch: int,
    chip_h: int,
    short: bool = False,
) -> tuple[list[Chip], int, int]:
    """Chips left to right from (x_first, y); next lines start at x_next; `short`: the
    tasks' codes ("RX OS") instead of their labels. (chips, lines, labels cut)."""
    chips: list[Chip] = []
    minutes = minutes_of(inp)
    x, line, cuts = x_first, 0, 0
    for task in inp.patient.tasks:
        fill, ink, stripe, alarm = chip_colors(task)
        label, suffix = chip_parts(task, tier, minutes.get(task.id))
        text = f"{label}  {suffix}" if suffix else label
        inset = CHIP_PAD + (STRIPE if stripe else 0)
        want = f.width("chip", text) + inset + CHIP_PAD
        if short and task.code.strip() and task.code != task.label:
            label = label.replace(task.label, task.code.strip(), 1)
            text = f"{label}  {suffix}" if suffix else label
            want = f.width("chip", text) + inset + CHIP_PAD
        if x > x_next and x + want > right:
            line += 1
            x = x_next
        w = min(want, right - x)
        if w < want:
            cuts += 1
            keep = f.width("chip", f"  {suffix}") if suffix else 0
            text = f.elide("chip", label, w - inset - CHIP_PAD - keep) + (
                f"  {suffix}" if suffix else ""
            )
        top = y + line * pitch
        rect = QRect(x, top + (pitch - chip_h) // 2, w, chip_h)
        hit = QRect(x - CHIP_GAP // 2, top, w + CHIP_GAP, pitch)
        chips.append(
            Chip(
                task.id,
                rect,
                hit,
                text,
                fill,
                ink,
                stripe,
                alarm,
                task.overdue.value if task.overdue else "",
                task.finished,
                task.alarm,
            )
        )
        x += w + CHIP_GAP
    return chips, (line + 1 if chips else 0), cuts


def _dots(inp: RowInput, x: int, y_mid: int) -> list[Dot]:
    out: list[Dot] = []
    for task in inp.patient.tasks:
        fill, _ink, _stripe, alarm = chip_colors(task)
        out.append(Dot(task.id, QRect(x, y_mid - DOT // 2, DOT, DOT), fill, alarm, task.alarm))
        x += DOT + DOT_GAP
    return out


def _dots_width(inp: RowInput) -> int:
    n = len(inp.patient.tasks)
    return n * DOT + max(n - 1, 0) * DOT_GAP


def _wrap_two(
    f: Fonts, kind: str, text: str, first_room: int, next_room: int
) -> tuple[list[str], bool]:
    """`text` on at most two lines, the first `first_room` px wide, the second
    `next_room`, the rest elided. (lines, True when it starts on the second line)."""
    if f.width(kind, text) <= first_room:
        return [text], False
    words = text.split()
    line = ""
    while words and f.width(kind, (line + " " + words[0]).strip()) <= first_room:
        line = (line + " " + words.pop(0)).strip()
    if not line:  # not even a word on the first line: all of it on the next one
        return [f.elide(kind, text, next_room)], True
    return [line, f.elide(kind, " ".join(words), next_room)], False


def _flags_width(f: Fonts, flags: list[tuple[str, str]]) -> int:
    return sum(f.width("bold", t) + GAP for t, _c in flags)


# -- the tiers ------------------------------------------------------------------------------
def layout_row(
    inp: RowInput, tier: Tier, width: int, look: Look, now: datetime | None
) -> RowGeometry:
    if tier is Tier.FULL:
        return _full(inp, width, look, now)
    if tier is Tier.COMPACT:
        return _compact(inp, width, look, now)
    from synoptux.ui.board.row_minimal import minimal_row

    return minimal_row(inp, width, look, now, dense=tier is Tier.DENSE)


def _head(
    inp: RowInput, f: Fonts, tier: Tier, y: int, h: int, x: int, right: int, pill_max: int
) -> tuple[RowGeometry, Pill, int]:
    """Triage badge, "?" badge, name and pill on one line of height `h`; returns the
    geometry so far, its pill and the x where the name ends."""
    triage, x = triage_pill(inp, f, x, y, h, f.height("bold") + 10)
    badge = None
    if odd(inp.patient):
        badge = QRect(x, y + (h - BADGE) // 2, BADGE, BADGE)
        x += BADGE + 6
    last, first = name_parts(inp)
    texts, fill, dashed = pill_texts(inp)
    # The name comes first: the pill takes what the whole last name leaves, up to its max.
    pill_room = min(pill_max, right - x - GAP - f.width("name", last))
    text = next((t for t in texts if f.width("bold", t) + 20 <= pill_room), texts[-1])
    pill_w = max(min(f.width("bold", text) + 20, pill_max), 28)
    pill_h = min(h - 6, f.height("bold") + 10)
    shown_pill = f.elide("bold", text, pill_w - 16)
    pill = Pill(
        QRect(right - pill_w, y + (h - pill_h) // 2, pill_w, pill_h),
        shown_pill,
        fill,
        readable_on(fill),
        dashed,
    )
    room = pill.rect.left() - GAP - x
    shown, whole = fit_name(f, last, first, room)
    name_h = f.height("name")
    name = Text(
        QRect(x, y + (h - name_h) // 2, min(f.width("name", shown), room), name_h),
        shown,
        "name",
        "",
        " ".join(v for v in (last, first) if v),
    )
    geo = RowGeometry(tier, width=0, height=0, name=name, name_whole=whole, pill=pill, badge=badge)
    geo.triage = triage
    geo.name_px, geo.text_px = f.name_px, f.text_px
    geo.cuts = int(not whole) + int(shown_pill != text)
    return geo, pill, name.rect.right() + 1


def _full(inp: RowInput, width: int, look: Look, now: datetime | None) -> RowGeometry:
    """Line 1: the name (24 px at 1080p), the entry and move times when they fit, the
    responsible's pill at the right. Then the comment, followed on the same lines by
    the task chips (label, note, state colour, late mark) - or a folded patient's dots."""
    s, c, f = look.sizes, look.colors, look.fonts[Tier.FULL]
    x0, right = PAD_X, width - PAD_X
    y = PAD_Y
    line = s.name_line
    pill_max = max((right - x0) * 2 // 5, 60)
    geo, pill, name_end = _head(inp, f, Tier.FULL, y, line, x0, right, pill_max)
    times = [
        (text, f.width("bold", text), c.entry if key == "entry" else c.moved)
        for text, key in times_of(inp, now, with_move=True)
    ]
    times_w = sum(w for _t, w, _c in times) + (GAP + 2) * (len(times) - 1)
    pitch = s.chip_pitch
    beside = name_end + 2 * GAP + times_w <= pill.rect.left() - GAP
    if not beside:  # the first name, then the pill's long form, give way to the times
        last, first = name_parts(inp)
        texts, _fill, _dashed = pill_texts(inp)
        start = geo.name.rect.left()
        for pill_text in [t for t in texts[:2] if len(t) > 2 or len(texts) == 1]:
            pill_w = max(min(f.width("bold", pill_text) + 20, pill_max), 28)
            room = right - pill_w - GAP - times_w - 2 * GAP - start
            for name in [f"{last} {first[:1]}.", last] if first else [last]:
                if f.width("name", name) <= room:
                    geo.name.text = name
                    geo.name.rect.setWidth(f.width("name", name))
                    pill.text = pill_text
                    pill.rect.setLeft(right - pill_w)
                    name_end, beside = geo.name.rect.right() + 1, True
                    break
            if beside:
                break
    if beside:  # beside the name
        x = name_end + 2 * GAP
        for text, w, color in times:
            geo.texts.append(Text(QRect(x, y, w, line), text, "bold", color))
            x += w + GAP + 2
        y += line
        x = x0
    else:  # under it, first on the next line
        y += line
        x = x0
        for text, w, color in times:  # a narrow row: the exit time may reach its end
            shown = f.elide("bold", text, right - x)
            if shown != text:
                geo.cuts += 1  # counted: the masonry prefers a width that shows it whole
                w = max(min(w, right - x), 0)
            geo.texts.append(Text(QRect(x, y, w, pitch), shown, "bold", color, text))
            x += w + GAP + 2
    # The flags (look-alike name, identity to check), the comment (two lines at most), then
    # the chips or dots on the same lines.
    lines = 0
    for text, color in flag_texts(inp, Tier.FULL):
        w = f.width("bold", text)
        if x > x0 and x + w > right:
            lines, x = lines + 1, x0
        shown = f.elide("bold", text, right - x)
        w = min(w, right - x)
        flag = Text(QRect(x, y + lines * pitch, w, pitch), shown, "bold", color, text)
        geo.texts.append(flag)
        geo.flags.append(flag)
        geo.cuts += int(shown != text)
        x += w + 2 * GAP
    comment = comment_text(inp)
    if comment:
        parts, later = _wrap_two(f, "italic", comment, right - x, right - x0)
        if later:
            lines, x = lines + 1, x0
        for k, part in enumerate(parts):
            w = min(f.width("italic", part), right - x)
            geo.texts.append(
                Text(QRect(x, y + lines * pitch, w, pitch), part, "italic", c.comment, comment)
            )
            geo.cuts += int(part != comment and k == len(parts) - 1)
            if k < len(parts) - 1:
                lines, x = lines + 1, x0
            else:
                x += w + 2 * GAP
    elif x > x0:
        x += GAP
    used = lines + (1 if (comment or x > x0) else 0)  # lines taken by times and comment
    tasks = inp.patient.tasks
    if tasks and inp.patient.folded:
        dots_w = _dots_width(inp)
        if x > x0 and x + dots_w > right:
            lines, x = lines + 1, x0
        geo.dots = _dots(inp, x, y + lines * pitch + pitch // 2)
        used = lines + 1
    elif tasks:
        if x > x0 and right - x < 90:
            lines, x = lines + 1, x0
        chips, n, cuts = _flow_chips(
            inp, f, Tier.FULL, x, y + lines * pitch, x0, right, pitch, pitch - 8
        )
        geo.chips = chips
        geo.cuts += cuts
        used = lines + n
    geo.width, geo.height = width, y + used * pitch + PAD_Y
    return geo


def _compact(inp: RowInput, width: int, look: Look, now: datetime | None) -> RowGeometry:
    """One line: name, pill, entry time, then the chips (or a folded patient's dots),
    wrapping to more lines only when they must. The first name and the pill's long
    form give way first, the chips' labels then give way to their codes."""
    s, c, f = look.sizes, look.colors, look.fonts[Tier.COMPACT]
    pitch = s.compact_pitch
    chip_h = pitch - 10
    x0, right = PAD_X, width - PAD_X
    y = PAD_Y
    (time_text, _key), *_ = times_of(inp, now, with_move=False)
    time_w = f.width("bold", time_text)
    triage, x = triage_pill(inp, f, x0, y, pitch, pitch - 10)
    badge = None
    if odd(inp.patient):
        side = min(BADGE, pitch - 4)
        badge = QRect(x, y + (pitch - side) // 2, side, side)
        x += side + 6
    flags = flag_texts(inp, Tier.COMPACT)
    flags_w = _flags_width(f, flags)
    last, first = name_parts(inp)
    names = [" ".join(v for v in (last, first) if v)]
    if first:
        names += [f"{last} {first[:1]}.", last]
    texts, fill, dashed = pill_texts(inp)
    pills = texts[1:] if len(texts) > 2 else texts[-1:] if not inp.patient.responsible else texts
    pill_h = min(pitch - 6, f.height("bold") + 8)
    tasks = inp.patient.tasks
    folded = inp.patient.folded

    def attempt(name: str, pill_text: str, time_first: bool = True) -> tuple[int, tuple]:
        pill_w = max(f.width("bold", pill_text) + 16, 26)
        line_time = time_w + GAP if time_first else 0
        room = right - x - pill_w - line_time - GAP
        shown = name if f.width("name", name) <= room else f.elide("name", last, room)
        nx = x + min(f.width("name", shown), room) + GAP
        tx = nx + pill_w + GAP
        after = tx + line_time + 2
        # The flags follow the time, or (no room: the name never gives way to them) start
        # the next line; the chips or dots follow them. `time_first` False: the entry time
        # leaves the name's line and leads the flags (a whole name comes first).
        lead_w = flags_w + (0 if time_first else time_w + GAP)
        extra, fpos = 0, (after, y)
        if lead_w and after + lead_w > right:
            extra, fpos = 1, (x0 + INDENT, y + pitch)
        if not time_first:
            tx, fpos = fpos[0], (fpos[0] + time_w + GAP, fpos[1])
        ty = y if time_first else fpos[1]
        sx, sy = fpos[0] + flags_w, fpos[1]
        if not tasks:
            return 1 + extra, (shown, pill_w, nx, tx, [], [], 0, fpos, ty)
        if folded:
            dots_w = _dots_width(inp)
            if sx + dots_w <= right:
                return 1 + extra, (
                    shown,
                    pill_w,
                    nx,
                    tx,
                    [],
                    _dots(inp, sx, sy + pitch // 2),
                    0,
                    fpos,
                    ty,
                )
            dots = _dots(inp, x0 + INDENT, sy + pitch + pitch // 2)
            return 2 + extra, (shown, pill_w, nx, tx, [], dots, 0, fpos, ty)
        flow = _flow_chips(inp, f, Tier.COMPACT, sx, sy, x0 + INDENT, right, pitch, chip_h)
        if flow[1] > 1:  # the short labels (codes) when they take fewer lines
            short = _flow_chips(
                inp, f, Tier.COMPACT, sx, sy, x0 + INDENT, right, pitch, chip_h, True
            )
            if (short[1], short[2]) < (flow[1], flow[2]):
                flow = short
        chips, n, cuts = flow
        return extra + max(n, 1), (shown, pill_w, nx, tx, chips, [], cuts, fpos, ty)

    # The first name gives way before the pill's long form, which gives way before
    # another line: three tries, the first with the fewest lines wins.
    tries = [(names[0], pills[0])]
    if len(names) > 1:
        tries.append((names[1], pills[0]))
    if len(pills) > 1 or len(names) > 2:
        tries.append((names[-1], pills[-1]))
    best: tuple[int, tuple, str] | None = None
    for name, pill_text in tries:
        lines, parts = attempt(name, pill_text)
        if best is None or lines < best[0]:
            best = (lines, parts, pill_text)
        if lines == 1:
            break
    assert best is not None
    if not best[1][0].startswith(last):  # the name is cut: the time leaves its line
        lines, parts = attempt(names[-1], pills[-1], time_first=False)
        if parts[0].startswith(last):
            best = (lines, parts, pills[-1])
    lines, (shown, pill_w, nx, tx, chips, dots, cuts, fpos, ty), pill_text = best
    name_h = f.height("name")
    whole = shown.startswith(last)
    name_box = Text(
        QRect(x, y + (pitch - name_h) // 2, f.width("name", shown), name_h),
        shown,
        "name",
        "",
        " ".join(v for v in (last, first) if v),
    )
    pill = Pill(
        QRect(nx, y + (pitch - pill_h) // 2, pill_w, pill_h),
        pill_text,
        fill,
        readable_on(fill),
        dashed,
    )
    geo = RowGeometry(Tier.COMPACT, width, 2 * PAD_Y + lines * pitch, name_box, whole, pill=pill)
    geo.badge, geo.triage = badge, triage
    geo.name_px, geo.text_px = f.name_px, f.text_px
    geo.texts.append(Text(QRect(tx, ty, time_w, pitch), time_text, "bold", c.entry))
    fx, fy = fpos
    for text, color in flags:
        w = f.width("bold", text)
        flag = Text(QRect(fx, fy, w, pitch), text, "bold", color)
        geo.texts.append(flag)
        geo.flags.append(flag)
        fx += w + GAP
    geo.chips, geo.dots = chips, dots
    geo.cuts = cuts + int(not whole)
    return geo


def minimal_width(inp: RowInput, look: Look, dense: bool) -> int:
    """The narrowest minimal (or dense) row: see `row_minimal.minimal_width`."""
    from synoptux.ui.board.row_minimal import minimal_width as width

    return width(inp, look, dense)

"""Where each patient and each task was drawn: the snapshot's report (`--report`).

The report is read from the window itself after it has been laid out and painted,
so it says what the wall shows. A part is `visible` when it lies wholly inside the
window and no other widget covers it (the window's own hit test, `childAt`, at
its corners, edge middles and centre finds the row that paints it). `name_px` and
`text_px` are the pixel sizes of the name's font and of the smallest other text.

Each patient carries `triage` (code, label, colour, target, late_since, alarm,
acknowledged_by; and `badge`: where the badge was drawn, its text, fill, visible),
`marks` (the data marks plus "homonym" and "identity_check"), `homonyms` (the other
patient, his box, why) and `flags` (the look-alike / identity texts drawn on the row);
each task its `alarm` state and `acknowledged_by`; each strip line its `alarm` state and
whether it is a triage line.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QPushButton, QWidget

from synoptux.domain.acks import TRIAGE, current_ack
from synoptux.domain.alarms import TRIAGE_TASK_ID
from synoptux.domain.model import MARK_HOMONYM, MARK_IDENTITY
from synoptux.ui.board.row_look import TAP


def _window_rect(widget: QWidget, rect: QRect, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, rect.topLeft()), rect.size())


def _probes(r: QRect) -> list[QPoint]:
    x0, y0, x1, y1 = r.left() + 1, r.top() + 1, r.right() - 1, r.bottom() - 1
    xm, ym = (x0 + x1) // 2, (y0 + y1) // 2
    return [QPoint(x, y) for x in (x0, xm, x1) for y in (y0, ym, y1)]


def shown_whole(widget: QWidget, rect: QRect, window: QWidget) -> bool:
    """`rect` (in `widget`'s coordinates) is inside the window and not covered."""
    if not widget.isVisible() or rect.isEmpty():
        return False
    r = _window_rect(widget, rect, window)
    if not window.rect().contains(r):
        return False
    for pt in _probes(r):
        hit = window.childAt(pt)
        if hit is None or not (hit is widget or widget.isAncestorOf(hit)):
            return False
    return True


def _box(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def build_report(window) -> dict:  # MainWindow
    ctl = window.controller
    board = ctl.current_board
    report: dict = {
        "size": [window.width(), window.height()],
        "mode": window.view.mode,
        "tap_min_px": TAP,
        "boxes": [],
        "patients": [],
    }
    if board is None:
        return report
    for box in board.boxes:
        panel = ctl.panels.get(box.code)
        if panel is None:
            continue
        title = panel.title_button
        report["boxes"].append(
            {
                "code": box.code,
                "label": box.label,
                "rect": _box(_window_rect(panel, panel.rect(), window)),
                "visible": shown_whole(panel.head, panel.head.rect(), window)
                or shown_whole(title, title.rect(), window),
                "title_rect": _box(_window_rect(title, title.rect(), window)),
                "title_whole": QPushButton.text(title).replace("&&", "&") == title.text(),
                "tier": panel.tier.value,
                "columns": panel.columns,
                "hidden": len(panel.hidden_ids()),
                "more_text": panel.more_button.text() if panel.more_button.isVisible() else "",
            }
        )
        for p in box.patients:
            report["patients"].append(_patient(window, ctl, box, p))
    strip = window.parts.strip
    report["late_strip"] = {
        "visible": strip.isVisible(),
        "count": len(strip.items()),
        "lines": [
            {
                "patient": line.item.patient_id,
                "task": line.item.task_id,
                "text": line.text(),
                "hidden_patient": strip.is_hidden(line.item),
                "visible": shown_whole(line, line.rect(), window),
                "alarm": line.item.alarm,
                "triage": line.item.task_id == TRIAGE_TASK_ID,
                "acknowledged_by": line.item.ack_by,
            }
            for line in strip.lines()
        ],
    }
    return report


def _patient(window, ctl, box, p) -> dict:
    row = ctl.row(p.id)
    out: dict = {
        "id": p.id,
        "last_name": p.last_name,
        "box": box.code,
        "tier": None,
        "rect": None,
        "visible": False,
        "name_visible": False,
        "name_px": 0,
        "text_px": 0,
        "folded": p.folded,
        "tasks": [
            {"id": t.id, "rect": None, "visible": False, "late": bool(t.overdue)} for t in p.tasks
        ],
        **_vigilance(p),
    }
    if row is None or not row.isVisible():
        return out
    geo = row.current()
    rect = _window_rect(row, row.rect(), window)
    out.update(
        tier=geo.tier.value,
        rect=_box(rect),
        visible=shown_whole(row, row.rect(), window),
        name_visible=shown_whole(row, geo.name.rect, window),
        name_shown=geo.name.text,
        name_whole=geo.name_whole,
        name_px=geo.name_px,
        text_px=geo.text_px,
        row_h=rect.height(),
        flags=[f.full or f.text for f in geo.flags],
    )
    if geo.triage is not None and out["triage"] is not None:
        out["triage"]["badge"] = {
            "rect": _box(_window_rect(row, geo.triage.rect, window)),
            "text": geo.triage.text,
            "fill": geo.triage.fill,
            "visible": shown_whole(row, geo.triage.rect, window),
        }
    chips = {c.task_id: c for c in geo.chips}
    dots = {d.task_id: d for d in geo.dots}
    tasks = []
    for t in p.tasks:
        chip, dot = chips.get(t.id), dots.get(t.id)
        drawn = chip.rect if chip else (dot.rect if dot else None)
        ack = current_ack(t.acks, t.overdue.value if t.overdue else None, t.overdue_since)
        item: dict = {
            "id": t.id,
            "late": bool(t.overdue),
            "alarm": t.alarm,
            "acknowledged_by": ack.by if ack else None,
        }
        if drawn is None:
            item.update(rect=None, visible=False)
        else:
            item.update(
                rect=_box(_window_rect(row, drawn, window)),
                visible=shown_whole(row, drawn, window),
                kind="chip" if chip else "dot",
            )
        if chip is not None:
            item.update(
                text=chip.text,
                fill=chip.fill,
                ink=chip.ink,
                late_kind=chip.late_kind,
                hit=_box(_window_rect(row, chip.hit.intersected(row.rect()), window)),
            )
        elif dot is not None:
            item.update(fill=dot.fill, late_kind=t.overdue.value if t.overdue else "")
        tasks.append(item)
    out["tasks"] = tasks
    return out


def _vigilance(p) -> dict:  # PatientView
    """Triage level and marks of a patient, as plain data."""
    marks = list(p.marks)
    if p.homonyms:
        marks.append(MARK_HOMONYM)
    if p.identity_check:
        marks.append(MARK_IDENTITY)
    triage = None
    if p.triage is not None or p.triage_code:
        ack = current_ack(p.triage_acks, TRIAGE, p.triage_late_since)
        lv = p.triage
        triage = {
            "code": lv.code if lv else p.triage_code,
            "label": lv.label if lv else None,
            "color": lv.color if lv else None,
            "target_minutes": lv.target_minutes if lv else None,
            "late_since": p.triage_late_since.isoformat(sep=" ") if p.triage_late_since else None,
            "alarm": p.triage_alarm,
            "acknowledged_by": ack.by if ack else None,
            "known": lv is not None,
        }
    return {
        "triage": triage,
        "marks": marks,
        "homonyms": [
            {"patient": h.patient_id, "box": h.box_code, "reason": h.reason} for h in p.homonyms
        ],
        "identity_check": bool(p.identity_check),
        "flags": [],
    }

"""The texts of a patient row: names, the responsible's pill, times, comment, a task's
label, colours and late mark - what the tiers of `row_geometry` lay out.

Every text of patient or reference data is drawn as plain text (painted, never
interpreted as markup).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from PySide6.QtCore import QCoreApplication

from synoptux.domain.alarms import format_late, minutes_between
from synoptux.domain.model import (
    MARK_UNKNOWN_BOX,
    MARK_UNKNOWN_RESPONSIBLE,
    BoxType,
    Overdue,
    PatientView,
    TaskView,
)
from synoptux.services.board_view import hhmm
from synoptux.services.snapshot import MARK_ORPHAN_TASK
from synoptux.ui.board.row_look import DEFAULT_ALARM, NO_COLOR, Fonts, Tier
from synoptux.ui.contrast import readable_on
from synoptux.ui.style import normalise_color

EYE = "\u25c9 "
CHECK = "\u2713 "
WARN = "\u26a0"

_TITLE = re.compile(r"^(dr|pr|docteur|professeur)\.?\s+", re.IGNORECASE)


def short_name(name: str) -> str:
    """'Dr Rossi' -> 'Rossi': the pill is small and its colour already says who."""
    return _TITLE.sub("", name.strip()) or name


@dataclass(frozen=True, slots=True)
class RowInput:
    """Everything a row's geometry depends on (besides tier, width and look)."""

    patient: PatientView
    box_type: BoxType
    privacy: bool
    minutes: tuple[int, ...]  # minutes late of each late task, in task order


def row_input(p: PatientView, box_type: BoxType, privacy: bool, now: datetime | None) -> RowInput:
    minutes = tuple(
        minutes_between(t.overdue_since, now)
        for t in p.tasks
        if t.overdue is not None and t.overdue_since is not None and now is not None
    )
    return RowInput(p, box_type, privacy, minutes)


# -- texts --------------------------------------------------------------------------------
def name_parts(inp: RowInput) -> tuple[str, str]:
    """(last name, first name) as shown: initials in privacy mode or for an anonymous
    patient; a stand-in name for orphan tasks."""
    p = inp.patient
    if MARK_ORPHAN_TASK in p.marks:
        return QCoreApplication.translate("PatientRow", "Deleted patient #{0}").format(
            p.last_name.lstrip("#")
        ), ""
    if inp.privacy or p.anonymous:
        return p.initials or "?", ""
    return (p.last_name or "").upper().strip() or "?", (p.first_name or "").strip()


def fit_name(f: Fonts, last: str, first: str, room: int) -> tuple[str, bool]:
    """The name for `room` px: the first name gives way first ("LAMBERT Chloé" ->
    "LAMBERT C." -> "LAMBERT"), then the last name is elided. (text, last name whole)."""
    candidates = [" ".join(x for x in (last, first) if x)]
    if first:
        candidates += [f"{last} {first[:1]}.", last]
    for text in candidates:
        if f.width("name", text) <= room:
            return text, True
    return f.elide("name", last, room), False


def pill_texts(inp: RowInput) -> tuple[list[str], str, bool]:
    """(texts, longest first; fill colour; dashed) of the responsible's pill."""
    p = inp.patient
    resp = p.responsible
    if resp is not None:
        short = short_name(resp.name)
        words = short.split()
        texts = [short] + ([words[-1]] if len(words) > 1 else [])
        # The smallest form: three letters of the last word ("Ros"), not a lone initial.
        tiny = words[-1][:3] if words else "?"
        if tiny not in texts:
            texts.append(tiny)
        return texts, normalise_color(resp.color) or NO_COLOR, False
    if p.responsible_code:
        return [p.responsible_code], NO_COLOR, True  # a code the board does not know
    return [QCoreApplication.translate("PatientRow", "Responsible?"), "?"], NO_COLOR, False


def late_suffix(task: TaskView, minutes: int, tier: Tier) -> str:
    """The steady late mark: "late 12 min" / "start +12 min" in the full tier,
    "\u26a012\u2032" / "\u26a0+12\u2032" (not finished / not started in time) in the others."""
    if tier is Tier.FULL:
        fmt = (
            QCoreApplication.translate("PatientRow", "start +{0}")
            if task.overdue is Overdue.START
            else QCoreApplication.translate("PatientRow", "late {0}")
        )
        if task.alarm == "snoozed":  # acknowledged: it says so, steadily
            fmt = (
                QCoreApplication.translate("PatientRow", "ack. start +{0}")
                if task.overdue is Overdue.START
                else QCoreApplication.translate("PatientRow", "ack. late {0}")
            )
        return fmt.format(format_late(minutes))
    how = f"{minutes}\u2032" if minutes < 60 else f"{minutes // 60}h{minutes % 60:02d}"
    return f"{WARN}+{how}" if task.overdue is Overdue.START else f"{WARN}{how}"


def chip_colors(task: TaskView) -> tuple[str, str, str | None, str | None]:
    """(fill, ink, stripe, alarm): the state's colour (the task's when it has no state),
    the text colour that reads on it, the task's colour as a stripe, the alarm colour."""
    return _chip_colors(
        task.state_color if task.state else None,
        task.color,
        task.alarm_color if task.overdue else None,
        task.overdue is not None,
    )


@lru_cache(maxsize=1024)
def _chip_colors(
    state_color: str | None, color: str | None, alarm_color: str | None, late: bool
) -> tuple[str, str, str | None, str | None]:
    state = normalise_color(state_color)
    own = normalise_color(color)
    fill = state or own or NO_COLOR
    stripe = own if (state and own and own != state) else None
    alarm = (normalise_color(alarm_color) or DEFAULT_ALARM) if late else None
    return fill, readable_on(fill), stripe, alarm


def chip_parts(task: TaskView, tier: Tier, minutes: int | None) -> tuple[str, str]:
    """(label, late mark) of a chip: the label may be elided, the late mark never is."""
    text = task.label  # its comment shows in its states and in the patient's sheet
    if task.has_more:
        text = EYE + text
    if task.finished:
        text = CHECK + text
    if task.marks and task.marks != (MARK_ORPHAN_TASK,):
        text = "? " + text
    suffix = ""
    if task.overdue is not None and minutes is not None:
        suffix = late_suffix(task, minutes, tier)
    return text, suffix


def odd(p: PatientView) -> bool:
    """Data the board does not know about: the row shows a "?" (explained in the sheet)."""
    return bool(
        MARK_ORPHAN_TASK in p.marks
        or MARK_UNKNOWN_BOX in p.marks
        or MARK_UNKNOWN_RESPONSIBLE in p.marks
        or any(t.marks and t.marks != (MARK_ORPHAN_TASK,) for t in p.tasks)
    )


def minutes_of(inp: RowInput) -> dict[int, int]:
    late = [t for t in inp.patient.tasks if t.overdue is not None and t.overdue_since is not None]
    return {t.id: m for t, m in zip(late, inp.minutes, strict=False)}


# -- flows --------------------------------------------------------------------------------
def times_of(inp: RowInput, now: datetime | None, with_move: bool) -> list[tuple[str, str]]:
    """(text, colour key) of the times shown: entry, then the move or the exit."""
    p = inp.patient
    out = [("\u2192" + hhmm(p.entered_at, now), "entry")]
    if inp.box_type is BoxType.EXIT:
        out.append(
            (
                QCoreApplication.translate("PatientRow", "out {t}").format(t=hhmm(p.moved_at, now)),
                "moved",
            )
        )
    elif with_move and p.moved_at:
        out.append(("\u21c4" + hhmm(p.moved_at, now), "moved"))
    return out


# -- triage badge, look-alike names, identity to check -------------------------------------
ESCALATED = "#7f1d1d"  # an alarm unacknowledged too long: darker and stronger than the red
HOMONYM = "#b45309"  # amber ink of the "look-alike?" mark (AA on white)
IDENTITY = "#b91c1c"


def triage_badge(inp: RowInput) -> tuple[str, str, bool] | None:
    """(text, fill, dashed) of the patient's triage badge (in every tier, privacy mode
    too); a level the scale lacks shows as written, grey and dashed. None: no level."""
    p = inp.patient
    if p.triage is not None:
        return p.triage.code, normalise_color(p.triage.color) or NO_COLOR, False
    if p.triage_code:
        return p.triage_code, NO_COLOR, True
    return None


def flag_texts(inp: RowInput, tier: Tier) -> list[tuple[str, str]]:
    """(text, colour) of the row's flags: "Look-alike? Box 3" naming the box of each other
    patient whose name looks alike (box labels in the full tier, codes in the compact one),
    and "Identity to check"; short forms in the minimal and dense tiers ("\u2248S3",
    "ID?"). Box names only: nothing here tells a name (privacy mode)."""
    p = inp.patient
    words = tier in (Tier.FULL, Tier.COMPACT)
    out: list[tuple[str, str]] = []
    if p.identity_check:
        out.append(
            (
                QCoreApplication.translate("PatientRow", "Identity to check")
                if words
                else QCoreApplication.translate("PatientRow", "ID?"),
                IDENTITY,
            )
        )
    if p.homonyms:
        full = tier is Tier.FULL
        names = list(dict.fromkeys(h.box_label if full else h.box_code for h in p.homonyms))
        boxes = (", " if full else ",").join(names[:2])
        if len(names) > 2:  # a crowd of look-alikes: two boxes and how many more
            boxes += f" +{len(names) - 2}"
        if words:
            out.append(
                (
                    QCoreApplication.translate("PatientRow", "Look-alike? {boxes}").format(
                        boxes=boxes
                    ),
                    HOMONYM,
                )
            )
        else:
            out.append(("\u2248" + boxes, HOMONYM))
    return out


def comment_text(inp: RowInput) -> str:
    p = inp.patient
    if inp.privacy or MARK_ORPHAN_TASK in p.marks:
        return ""
    comment = (p.comment or "").strip()
    if inp.box_type in (BoxType.EXIT, BoxType.ABSENCE) and p.destination:
        comment = f"\u2192 {p.destination}" + (f" \u00b7 {comment}" if comment else "")
    return comment

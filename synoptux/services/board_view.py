"""The board as the screens beyond the wall show it: a plain, JSON-ready view model.

Used by the web view (`synoptux/web/`, sent to browsers as JSON and drawn by its script)
and by the downtime copy (`services/board_print.py`, HTML and PDF). Everything a reader
sees is decided here, once: names or initials, the responsible's pill, times, comment,
task chips with their colours and late marks, the late strip, marks on odd data, badges.

Privacy (`named=False`, the anonymous web viewer): initials as the wall's privacy mode
(`PatientView.initials`), no first name, no comment nor destination; a patient marked
anonymous on the board shows initials to everyone. Nothing else of a patient is sent.

Extending (new `PatientView`/`TaskView` fields such as a triage level): add a function to
`PATIENT_EXTRAS` (or `TASK_EXTRAS`) returning badges and marks; the web page and the
copy draw every badge and mark generically (text, optional colour, a kind for the CSS).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from functools import lru_cache

from synoptux.domain.alarms import format_late, late_items, minutes_between
from synoptux.domain.codes import code_key
from synoptux.domain.model import (
    MARK_HOMONYM,
    MARK_IDENTITY,
    MARK_UNKNOWN_BOX,
    MARK_UNKNOWN_RESPONSIBLE,
    MARK_UNKNOWN_STATE,
    MARK_UNKNOWN_TASK,
    MARK_UNKNOWN_TRIAGE,
    MARK_UNKNOWN_TYPE,
    Board,
    BoxType,
    BoxView,
    Overdue,
    PatientView,
    TaskView,
)
from synoptux.services.colors import (
    DEFAULT_ALARM,
    NO_COLOR,
    normalise_color,
    readable_ink,
    readable_on,
)
from synoptux.services.snapshot import MARK_ORPHAN_TASK
from synoptux.shipped import said
from synoptux.speech import QT_TRANSLATE_NOOP

CONTEXT = "BoardView"
# The words of the board's data as the web view and the downtime copy show them, in English
# (the source language), each marked for lupdate; `texts(lang)` says them in a language per
# call, the French from synoptux_fr.ts (shipped.said). A new mark code: its words here.
TEXTS: dict[str, str] = {
    "late": QT_TRANSLATE_NOOP("BoardView", "late {0}"),
    "start": QT_TRANSLATE_NOOP("BoardView", "start +{0}"),
    "since": QT_TRANSLATE_NOOP("BoardView", "since {0}"),
    "out": QT_TRANSLATE_NOOP("BoardView", "out {t}"),
    "resp_unknown": QT_TRANSLATE_NOOP("BoardView", "Responsible?"),
    "deleted_patient": QT_TRANSLATE_NOOP("BoardView", "Deleted patient #{0}"),
    "late_title": QT_TRANSLATE_NOOP("BoardView", "Late tasks: {0}"),
    "no_patient": QT_TRANSLATE_NOOP("BoardView", "no patient"),
    "finished": QT_TRANSLATE_NOOP("BoardView", "finished"),
    MARK_UNKNOWN_BOX: QT_TRANSLATE_NOOP("BoardView", "unknown box"),
    MARK_UNKNOWN_RESPONSIBLE: QT_TRANSLATE_NOOP("BoardView", "unknown responsible"),
    MARK_UNKNOWN_TASK: QT_TRANSLATE_NOOP("BoardView", "unknown task"),
    MARK_UNKNOWN_STATE: QT_TRANSLATE_NOOP("BoardView", "unknown state"),
    MARK_UNKNOWN_TYPE: QT_TRANSLATE_NOOP("BoardView", "unknown box type"),
    MARK_ORPHAN_TASK: QT_TRANSLATE_NOOP("BoardView", "tasks without a patient"),
    MARK_UNKNOWN_TRIAGE: QT_TRANSLATE_NOOP("BoardView", "unknown triage level"),
    "homonym": QT_TRANSLATE_NOOP("BoardView", "Look-alike name? {box}"),
    "identity": QT_TRANSLATE_NOOP("BoardView", "Identity to check"),
    "triage_late": QT_TRANSLATE_NOOP("BoardView", "triage delay passed since {0}"),
}

# (patient, named, lang) -> {"badges": [...], "marks": [...]}; see the module docstring.
Extra = Callable[[PatientView, bool, str], dict]
TaskExtra = Callable[[TaskView, str], dict]
PATIENT_EXTRAS: list[Extra] = []
TASK_EXTRAS: list[TaskExtra] = []


@lru_cache(maxsize=8)  # a few languages: bounded whatever `lang` a caller passes
def texts(lang: str) -> dict[str, str]:
    """Key -> word in `lang` (read-only: shared by every call in `lang`)."""
    return said(lang, CONTEXT, TEXTS)


UNDATED = timedelta(hours=12)
"""How far back a time shows without its date: within 12 hours a time of day names one
moment only (22:40 read at 00:15 is last evening's), and the row keeps its room."""


def hhmm(value: datetime | None, now: datetime | None) -> str:
    """The time of day; with its date when it is another day's and more than `UNDATED`
    away from `now` (or in the future on another day)."""
    if value is None:
        return "--:--"
    if (
        now is not None
        and value.date() != now.date()
        and not (timedelta(0) <= now - value < UNDATED)
    ):
        return value.strftime("%d/%m %H:%M")
    return value.strftime("%H:%M")


def mark(code: str, lang: str) -> dict:
    return {"code": code, "text": texts(lang).get(code, code.replace("_", " "))}


def badge(kind: str, text: str, color: str | None = None, title: str = "") -> dict:
    """A badge drawn beside the name: `kind` names its CSS class, `color` its fill."""
    fill = normalise_color(color)
    return {
        "kind": kind,
        "text": text,
        "title": title,
        "color": fill,
        "ink": readable_on(fill) if fill else None,
    }


def _vigilance(p: PatientView, named: bool, lang: str) -> dict:
    """Triage badge (code, its colour, its label as title), look-alike names (naming the other
    patient's box, never his name), an identity to check, a triage delay passed."""
    tx = texts(lang)
    badges = []
    code = p.triage.code if p.triage is not None else p.triage_code
    if code:
        color = p.triage.color if p.triage is not None else None
        title = p.triage.label if p.triage is not None else tx[MARK_UNKNOWN_TRIAGE]
        badges.append(badge("triage", code, color, title))
    marks = [
        {"code": MARK_HOMONYM, "text": tx["homonym"].format(box=h.box_label or h.box_code)}
        for h in p.homonyms
    ]
    if p.identity_check:
        marks.append({"code": MARK_IDENTITY, "text": tx["identity"]})
    if p.triage_late_since is not None:
        marks.append(
            {
                "code": "triage_late",
                "text": tx["triage_late"].format(hhmm(p.triage_late_since, None)),
            }
        )
    return {"badges": badges, "marks": marks}


PATIENT_EXTRAS.append(_vigilance)


def name_of(p: PatientView, named: bool, lang: str) -> tuple[str, str]:
    """(last name, first name) as shown: initials for an anonymous viewer or patient."""
    if MARK_ORPHAN_TASK in p.marks:
        return texts(lang)["deleted_patient"].format(p.last_name.lstrip("#")), ""
    if not named or p.anonymous:
        return p.initials or "?", ""
    return (p.last_name or "").upper().strip() or "?", (p.first_name or "").strip()


def task_view(t: TaskView, now: datetime, lang: str) -> dict:
    tx = texts(lang)
    state = normalise_color(t.state_color) if t.state else None
    own = normalise_color(t.color)
    fill = state or own or NO_COLOR
    late = None
    if t.overdue is not None and t.overdue_since is not None:
        how = format_late(minutes_between(t.overdue_since, now))
        late = (tx["start"] if t.overdue is Overdue.START else tx["late"]).format(how)
    alarm = normalise_color(t.alarm_color) or DEFAULT_ALARM
    out = {
        "id": t.id,
        "label": t.label,
        "state": t.state_label or "",
        "fill": fill,
        "ink": readable_on(fill),
        "stripe": own if (state and own and own != state) else None,
        "late": late,
        "late_kind": t.overdue.value if t.overdue else None,
        "alarm": alarm if late else None,
        "finished": t.finished,
        "more": t.has_more,
        "marks": [mark(m, lang) for m in t.marks if m != MARK_ORPHAN_TASK],
        "badges": [],
    }
    for extra in TASK_EXTRAS:
        got = extra(t, lang)
        out["badges"] += got.get("badges", [])
        out["marks"] += got.get("marks", [])
    return out


def patient_view(p: PatientView, box: BoxView, now: datetime, *, named: bool, lang: str) -> dict:
    tx = texts(lang)
    last, first = name_of(p, named, lang)
    resp = p.responsible
    if resp is not None:
        fill = normalise_color(resp.color) or NO_COLOR
        pill = {"text": resp.name, "color": fill, "ink": readable_on(fill), "unknown": False}
    elif p.responsible_code:
        pill = {"text": p.responsible_code, "color": NO_COLOR, "ink": "#111827", "unknown": True}
    else:
        pill = {"text": tx["resp_unknown"], "color": NO_COLOR, "ink": "#111827", "unknown": True}
    times = [{"kind": "entry", "text": "\u2192" + hhmm(p.entered_at, now)}]
    if box.type is BoxType.EXIT:
        times.append({"kind": "moved", "text": tx["out"].format(t=hhmm(p.moved_at, now))})
    elif p.moved_at:
        times.append({"kind": "moved", "text": "\u21c4" + hhmm(p.moved_at, now)})
    comment = ""
    if named and MARK_ORPHAN_TASK not in p.marks:
        comment = (p.comment or "").strip()
        if box.type in (BoxType.EXIT, BoxType.ABSENCE) and p.destination:
            comment = f"\u2192 {p.destination}" + (f" \u00b7 {comment}" if comment else "")
    tasks = [task_view(t, now, lang) for t in p.tasks]
    out = {
        "id": p.id,
        "name": " ".join(x for x in (last, first) if x),
        "last": last,
        "first": first,
        "initials_only": not named or p.anonymous,
        "resp": pill,
        "times": times,
        "comment": comment,
        "late": sum(1 for t in tasks if t["late"]),
        "tasks": tasks,
        "marks": [mark(m, lang) for m in p.marks if m != MARK_ORPHAN_TASK],
        "badges": [],
    }
    for extra in PATIENT_EXTRAS:
        got = extra(p, named, lang)
        out["badges"] += got.get("badges", [])
        out["marks"] += got.get("marks", [])
    return out


def _keys(codes: Iterable[str] | None) -> frozenset[str] | None:
    if codes is None:
        return None
    keys = frozenset(code_key(c) for c in codes if code_key(c))
    return keys or None


def present_board(
    board: Board,
    now: datetime,
    *,
    named: bool,
    lang: str = "fr",
    resp: Iterable[str] | None = None,
    boxes: Iterable[str] | None = None,
) -> dict:
    """The view model of `board` at `now`, for a viewer who may (`named`) or may not see
    names, restricted to responsibles `resp` and boxes `boxes` (codes, case ignored)."""
    tx = texts(lang)
    want_resp, want_box = _keys(resp), _keys(boxes)
    shown_boxes = []
    shown_ids: set[int] = set()
    for box in board.boxes:
        if want_box is not None and code_key(box.code) not in want_box:
            continue
        patients = [
            p
            for p in box.patients
            if want_resp is None or code_key(p.responsible_code) in want_resp
        ]
        shown_ids.update(p.id for p in patients)
        bg = normalise_color(box.bg_color)
        title = normalise_color(box.title_color)
        shown_boxes.append(
            {
                "code": box.code,
                "label": box.label,
                "type": box.type.value,
                "capacity": box.capacity,
                "count": box.occupancy,
                "over": box.occupancy > box.capacity,
                "bg": bg,
                "title": readable_ink(title, bg or "#ffffff") if title else None,
                "marks": [mark(m, lang) for m in box.marks],
                "patients": [patient_view(p, box, now, named=named, lang=lang) for p in patients],
            }
        )
    late = []
    for item in late_items(board, now):
        if item.patient_id not in shown_ids:
            continue
        p = board.patient(item.patient_id)
        who = name_of(p, named, lang) if p is not None else ("?", "")
        kind = tx["start"] if item.kind is Overdue.START else tx["late"]
        late.append(
            {
                "patient_id": item.patient_id,
                "task_id": item.task_id,
                "box": item.box_label,
                "patient": " ".join(x for x in who if x),
                "task": item.task_label,
                "kind": item.kind.value,
                "text": kind.format(format_late(item.minutes_late)),
                "since": tx["since"].format(hhmm(item.since, now)),
            }
        )
    return {
        "generated_at": board.generated_at.isoformat(timespec="seconds"),
        "now": now.isoformat(timespec="seconds"),
        "named": named,
        "late_title": tx["late_title"].format(len(late)),
        "late": late,
        "boxes": shown_boxes,
    }

"""The board snapshot as stable JSON keys (for `synoptux board --json`, tools and tests).

The vigilance keys (what a web view shows beside the wall): a patient's `triage` (`code`,
`label`, `color`, `target_minutes`, `late_since`, `alarm`, `acks`; null without a level),
`triage_code` (as written, also for a level the scale lacks), `homonyms` (the other
patients whose name looks alike: `patient`, `box`, `box_label`, `reason`),
`identity_check` (the other name an entry file gave, or null); a task's `alarm`
('' | 'active' | 'snoozed' | 'escalated') and `acks` (`kind`, `since`, `by`, `at`).
"""

from __future__ import annotations

from datetime import datetime

from synoptux.domain import model as m


def _t(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def task_dict(task: m.TaskView) -> dict:
    return {
        "id": task.id,
        "code": task.code,
        "label": task.label,
        "comment": task.comment,
        "state": task.state,
        "state_label": task.state_label,
        "planned_start": _t(task.planned_start),
        "planned_end": _t(task.planned_end),
        "started_at": _t(task.started_at),
        "ended_at": _t(task.ended_at),
        "priority": task.priority,
        "overdue": task.overdue.value if task.overdue else None,
        "marks": list(task.marks),
        "alarm": task.alarm,
        "acks": [ack_dict(a) for a in task.acks],
    }


def ack_dict(ack: m.Ack) -> dict:
    return {"kind": ack.kind, "since": _t(ack.since), "by": ack.by, "at": _t(ack.at)}


def triage_dict(p: m.PatientView) -> dict | None:
    lv = p.triage
    if lv is None:
        return None
    return {
        "code": lv.code,
        "label": lv.label,
        "color": lv.color,
        "target_minutes": lv.target_minutes,
        "late_since": _t(p.triage_late_since),
        "alarm": p.triage_alarm,
        "acks": [ack_dict(a) for a in p.triage_acks],
    }


def patient_dict(p: m.PatientView) -> dict:
    resp = p.responsible
    return {
        "id": p.id,
        "guid": p.guid,
        "last_name": p.last_name,
        "first_name": p.first_name,
        "responsible": {"code": resp.code, "name": resp.name, "color": resp.color}
        if resp
        else None,
        "responsible_code": p.responsible_code,
        "comment": p.comment,
        "entered_at": _t(p.entered_at),
        "moved_at": _t(p.moved_at),
        "destination": p.destination,
        "folded": p.folded,
        "anonymous": p.anonymous,
        "tasks": [task_dict(t) for t in p.tasks],
        "marks": list(p.marks),
        "triage": triage_dict(p),
        "triage_code": p.triage_code,
        "homonyms": [
            {
                "patient": h.patient_id,
                "box": h.box_code,
                "box_label": h.box_label,
                "reason": h.reason,
            }
            for h in p.homonyms
        ],
        "identity_check": p.identity_check,
    }


def board_dict(board: m.Board) -> dict:
    return {
        "generated_at": _t(board.generated_at),
        "boxes": [
            {
                "code": b.code,
                "label": b.label,
                "type": b.type.value,
                "capacity": b.capacity,
                "patients": [patient_dict(p) for p in b.patients],
                "marks": list(b.marks),
            }
            for b in board.boxes
        ],
    }

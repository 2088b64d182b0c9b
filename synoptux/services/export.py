"""The board snapshot as stable JSON keys (for `synoptux board --json`, tools and tests)."""

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

"""Records edited by the admin dialogs, and their validation.

Codes are stripped and non-empty, colours `#rrggbb`, capacity at least 1, box
type one of Attente/Soins/Absence/Sortie, maximum duration >= 0, mode B or M.
A wrong value raises `ActionRefused("invalid", ..., field=...)` naming the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from synoptux.domain.model import BoxType
from synoptux.services.errors import ActionRefused

COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
DEST_KINDS = ("Sortie", "Absence")


@dataclass(frozen=True)
class BoxRecord:
    code: str
    label: str
    bg_color: str | None = None
    title_color: str | None = None
    capacity: int = 1
    type: str = BoxType.CARE.value


@dataclass(frozen=True)
class StateRecord:
    code: str
    label: str
    color: str | None = None
    ends_task: bool = False


@dataclass(frozen=True)
class TaskRecord:
    code: str
    label: str
    color: str | None = None
    alarm_color: str | None = None
    max_minutes: int | None = None
    priority: int | None = None
    comment: str | None = None
    mode: str = "B"
    states: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResponsibleRecord:
    code: str
    name: str
    color: str | None = None
    guid: str | None = None


@dataclass(frozen=True)
class DestinationRecord:
    id: int | None
    label: str
    kind: str = "Sortie"


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "who: why"


# -- validation ------------------------------------------------------------------
def _invalid(field_name: str, message: str, **params: object) -> ActionRefused:
    return ActionRefused("invalid", message, field=field_name, **params)


def clean_code(value: str | None, field_name: str = "code", max_len: int = 45) -> str:
    code = (value or "").strip()
    if not code:
        raise _invalid(field_name, "The code cannot be empty.", reason="empty")
    if len(code) > max_len:
        raise _invalid(
            field_name, f"The code is longer than {max_len} characters.", max=max_len, reason="long"
        )
    return code


def clean_text(
    value: str | None, field_name: str, max_len: int, required: bool = True
) -> str | None:
    text = (value or "").strip()
    if required and not text:
        raise _invalid(field_name, f"The {field_name} cannot be empty.", reason="empty")
    if len(text) > max_len:
        raise _invalid(
            field_name,
            f"The {field_name} is longer than {max_len} characters.",
            max=max_len,
            reason="long",
        )
    return text or None


def clean_color(value: str | None, field_name: str = "color") -> str | None:
    """'#rrggbb' (lower case) or None when empty."""
    text = (value or "").strip()
    if not text:
        return None
    if not COLOR_RE.match(text):
        raise _invalid(
            field_name, f"{text!r} is not a colour such as #1e6fd9.", value=text, reason="color"
        )
    return text.lower()


def validate_box(r: BoxRecord) -> BoxRecord:
    btype = (r.type or "").strip()
    if btype not in {t.value for t in BoxType}:
        raise _invalid(
            "type", f"{btype!r} is not one of Attente, Soins, Absence, Sortie.", reason="choice"
        )
    if not isinstance(r.capacity, int) or r.capacity < 1:
        raise _invalid("capacity", "The capacity must be at least 1.", reason="min", min=1)
    return BoxRecord(
        clean_code(r.code),
        clean_text(r.label, "label", 100) or "",
        clean_color(r.bg_color, "bg_color"),
        clean_color(r.title_color, "title_color"),
        r.capacity,
        btype,
    )


def validate_state(r: StateRecord) -> StateRecord:
    return StateRecord(
        clean_code(r.code),
        clean_text(r.label, "label", 100) or "",
        clean_color(r.color),
        bool(r.ends_task),
    )


def validate_task(r: TaskRecord) -> TaskRecord:
    if r.max_minutes is not None and r.max_minutes < 0:
        raise _invalid(
            "max_minutes", "The maximum duration cannot be negative.", reason="min", min=0
        )
    if r.priority is not None and not -999_999_999 <= r.priority <= 9_999_999_999:
        raise _invalid("priority", "The priority does not fit in 10 characters.", reason="long")
    mode = (r.mode or "").strip().upper()
    if mode not in ("B", "M"):
        raise _invalid("mode", f"{r.mode!r} is not B (buttons) or M (menu).", reason="choice")
    states = tuple(dict.fromkeys(s.strip() for s in r.states if s and s.strip()))
    return TaskRecord(
        clean_code(r.code),
        clean_text(r.label, "label", 100) or "",
        clean_color(r.color),
        clean_color(r.alarm_color, "alarm_color"),
        r.max_minutes or None,
        r.priority,
        clean_text(r.comment, "comment", 256, False),
        mode,
        states,
    )


def validate_responsible(r: ResponsibleRecord) -> ResponsibleRecord:
    return ResponsibleRecord(
        clean_code(r.code, max_len=64),
        clean_text(r.name, "name", 100) or "",
        clean_color(r.color),
        clean_text(r.guid, "guid", 64, False),
    )


def validate_destination(r: DestinationRecord) -> DestinationRecord:
    if r.kind not in DEST_KINDS:
        raise _invalid("kind", f"{r.kind!r} is not Sortie or Absence.", reason="choice")
    return DestinationRecord(r.id, clean_text(r.label, "label", 100) or "", r.kind)

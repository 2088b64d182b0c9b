"""Immutable value objects describing the board as the UI sees it.

A `Board` is a complete snapshot: boxes -> patients -> tasks, with every label
and colour already resolved. The UI renders snapshots and diffs two of them to
find the cards to touch; nothing here knows about Qt or SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING


class BoxType(StrEnum):
    """Box types, stored in French in `BO_Type` whatever the UI language."""

    WAITING = "Attente"
    CARE = "Soins"
    ABSENCE = "Absence"
    EXIT = "Sortie"

    @classmethod
    def parse(cls, raw: str | None) -> BoxType | None:
        """Read a stored type leniently (case, accents, 'Absence provisoire')."""
        if not raw:
            return None
        text = raw.strip().lower()
        for member in cls:
            if text.startswith(member.value.lower()):
                return member
        return None


class Overdue(StrEnum):
    START = "start"
    END = "end"
    TRIAGE = "triage"  # a patient past his triage level's delay (never a task's)


# Marks: data problems shown on the card instead of hiding the row.
MARK_UNKNOWN_BOX = "unknown_box"
MARK_UNKNOWN_RESPONSIBLE = "unknown_responsible"
MARK_UNKNOWN_TASK = "unknown_task"
MARK_UNKNOWN_STATE = "unknown_state"
MARK_UNKNOWN_TYPE = "unknown_box_type"
MARK_UNKNOWN_TRIAGE = "unknown_triage"  # a triage level the scale does not have
MARK_HOMONYM = "homonym"  # another patient on the board has a look-alike name
MARK_IDENTITY = "identity_check"  # an entry file named someone else for this GUID


@dataclass(frozen=True, slots=True)
class TriageLevel:
    """One level of the triage scale (`niveaux_tri`)."""

    code: str
    label: str
    color: str | None = None
    target_minutes: int | None = None  # delay to the first medical contact (None: none)
    order: int = 0
    scale: str = ""


@dataclass(frozen=True, slots=True)
class Ack:
    """An acknowledgement of one lateness episode (kind, since), by someone, at a time."""

    kind: str  # 'start' | 'end' | 'triage'
    since: datetime
    by: str  # the responsible's name, or the screen
    at: datetime


@dataclass(frozen=True, slots=True)
class Homonym:
    """Another patient on the board whose name looks like this one's."""

    patient_id: int
    box_code: str
    box_label: str
    reason: str  # 'same' | 'spelling' | 'sound' | 'swapped'


@dataclass(frozen=True, slots=True)
class AlarmPolicy:
    """Snooze after an acknowledgement, and escalation of an unacknowledged alarm."""

    snooze_minutes: int = 15
    escalate_minutes: int = 20


@dataclass(frozen=True, slots=True)
class Responsible:
    code: str
    name: str
    color: str | None = None
    guid: str | None = None


@dataclass(frozen=True, slots=True)
class StateDef:
    code: str
    label: str
    color: str | None = None
    ends_task: bool = False


@dataclass(frozen=True, slots=True)
class TaskDef:
    """One entry of the task catalogue (`taches`)."""

    code: str
    label: str
    color: str | None = None
    alarm_color: str | None = None
    max_minutes: int | None = None
    mode: str = "B"  # 'B' one button per state, 'M' one button + menu
    default_priority: int | None = None
    default_comment: str | None = None
    states: tuple[StateDef, ...] = ()


@dataclass(frozen=True, slots=True)
class Destination:
    id: int
    label: str
    kind: str  # 'Sortie' or 'Absence'


@dataclass(frozen=True, slots=True)
class TaskView:
    id: int
    patient_id: int
    code: str
    label: str
    comment: str | None
    note: str | None
    state: str | None  # state code, None when unset or unknown
    state_label: str | None
    state_color: str | None
    color: str | None
    alarm_color: str | None
    mode: str
    allowed_states: tuple[StateDef, ...]
    planned_start: datetime | None
    planned_end: datetime | None
    started_at: datetime | None
    ended_at: datetime | None
    priority: int | None
    max_minutes: int | None
    note_blob: int | None
    note_file: str | None
    note_program: str | None
    actor: str | None
    finished: bool
    overdue: Overdue | None
    overdue_since: datetime | None
    marks: tuple[str, ...] = ()
    acks: tuple[Ack, ...] = ()  # latest acknowledgement of each lateness episode
    alarm: str = ""  # '' | 'active' | 'snoozed' | 'escalated' (domain.acks)

    @property
    def has_more(self) -> bool:
        """True when the task has something more to read (the eye mark)."""
        return bool(self.note or self.note_blob or self.note_file)


@dataclass(frozen=True, slots=True)
class PatientView:
    id: int
    box_code: str
    guid: str | None
    last_name: str
    first_name: str | None
    responsible_code: str | None
    responsible: Responsible | None
    comment: str | None
    entered_at: datetime | None
    moved_at: datetime | None
    destination: str | None
    folded: bool
    anonymous: bool
    program: str | None
    program_args: str | None
    tasks: tuple[TaskView, ...] = ()
    marks: tuple[str, ...] = ()
    triage: TriageLevel | None = None  # None: no level, or one the scale lacks (marked)
    triage_code: str | None = None  # the level as written (EC_Niveau_Tri)
    triage_late_since: datetime | None = None
    triage_acks: tuple[Ack, ...] = ()
    triage_alarm: str = ""  # '' | 'active' | 'snoozed' | 'escalated'
    triage_unrecorded: bool = False  # written by a macro, not yet in the history
    homonyms: tuple[Homonym, ...] = ()
    identity_check: str | None = None  # the other name an entry file gave for this GUID

    @property
    def overdue_tasks(self) -> tuple[TaskView, ...]:
        return tuple(t for t in self.tasks if t.overdue is not None)

    @property
    def initials(self) -> str:
        parts = [p for p in (self.last_name, self.first_name) if p]
        return ".".join(p.strip()[:1].upper() for p in parts if p.strip()) + ("." if parts else "")


@dataclass(frozen=True, slots=True)
class BoxView:
    code: str
    label: str
    type: BoxType
    capacity: int
    bg_color: str | None
    title_color: str | None
    patients: tuple[PatientView, ...] = ()
    marks: tuple[str, ...] = ()

    @property
    def occupancy(self) -> int:
        return len(self.patients)


@dataclass(frozen=True)  # no slots: it carries a derived patient index besides its fields
class Board:
    generated_at: datetime
    boxes: tuple[BoxView, ...]
    responsibles: tuple[Responsible, ...] = ()
    states: tuple[StateDef, ...] = ()
    tasks: tuple[TaskDef, ...] = ()
    destinations: tuple[Destination, ...] = ()
    revision: int | None = None
    triage_levels: tuple[TriageLevel, ...] = ()
    policy: AlarmPolicy = AlarmPolicy()
    if TYPE_CHECKING:  # set by __post_init__, not a field at run time (see there)
        _patient_index: dict[int, tuple[BoxView, PatientView]] = field(init=False)

    def __post_init__(self) -> None:
        # Not a field: dataclasses.replace() must build a fresh index, never share the old one.
        index = {p.id: (box, p) for box in self.boxes for p in box.patients}
        object.__setattr__(self, "_patient_index", index)

    def patient(self, patient_id: int) -> PatientView | None:
        found = self._patient_index.get(patient_id)
        return found[1] if found else None

    def box_of(self, patient_id: int) -> BoxView | None:
        found = self._patient_index.get(patient_id)
        return found[0] if found else None

    def box(self, code: str) -> BoxView | None:
        for box in self.boxes:
            if box.code == code:
                return box
        return None

    def patients(self) -> list[PatientView]:
        return [p for box in self.boxes for p in box.patients]

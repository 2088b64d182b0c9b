"""What an entry is (a new patient, or new tasks for the patient with a GUID) and what
applying it gave; applied by `services.entries.EntryService`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class NewTask:
    code: str
    priority: int | None = None
    comment: str | None = None
    planned_start: datetime | None = None
    planned_end: datetime | None = None
    blob: int | None = None
    note_file: str | None = None
    note_program: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class NewEntry:
    last_name: str
    first_name: str | None = None
    guid: str | None = None
    box_code: str | None = None
    responsible: str | None = None
    comment: str | None = None
    program: str | None = None
    program_args: str | None = None
    tasks: tuple[NewTask, ...] = ()
    triage: str | None = None  # Niveau_Tri


class EntryRefused(ValueError):
    """The entry cannot be applied as it is (nothing was written); the message says why."""


@dataclass
class EntryOutcome:
    patient_id: int | None
    merged: bool = False  # tasks added to a patient already on the board
    duplicate: bool = False  # this ledger key was applied before: nothing done
    box_code: str | None = None
    task_ids: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

"""From a parsed entry file to the service's `NewEntry`.

A value the board cannot use as such (an unreadable time, a priority that is not
a number) does not stop the patient from reaching the board: the task is kept,
the raw text goes into its note (so that nothing is lost and a nurse sees it)
and a warning names the line.
"""

from __future__ import annotations

from datetime import datetime

from synoptux.domain.entry_time import EntryTimeError, parse_entry_time
from synoptux.ingest.parser import EntryFile, TaskEntry
from synoptux.services.entries import NewEntry, NewTask


def _task(task: TaskEntry, now: datetime, warnings: list[str]) -> NewTask:
    kept: list[str] = []

    def when(name: str, label: str) -> datetime | None:
        raw = task.get(name)
        try:
            return parse_entry_time(raw, now)
        except EntryTimeError as exc:
            warnings.append(
                f"line {task.line_of(name)}: [Tache_{task.number}] {label}: {exc}; "
                "kept in the task note"
            )
            kept.append(f"{label}={raw}")
            return None

    def number(name: str, label: str) -> int | None:
        raw = task.get(name)
        if raw is None:
            return None
        try:
            return int(raw.strip())
        except ValueError:
            warnings.append(
                f"line {task.line_of(name)}: [Tache_{task.number}] {label}={raw!r} "
                "is not a whole number; kept in the task note"
            )
            kept.append(f"{label}={raw}")
            return None

    start = when("planned_start", "Heure_Debut_Prevue")
    end = when("planned_end", "Heure_Fin_Prevue")
    if start is not None and end is not None and end < start:
        warnings.append(
            f"line {task.line_of('planned_end')}: [Tache_{task.number}] "
            "Heure_Fin_Prevue is before Heure_Debut_Prevue (kept as written)"
        )
    priority = number("priority", "Priorite")
    blob = number("blob", "PrimKey_Blob")
    note = task.get("note")
    if kept:
        note = "\n".join(([note] if note else []) + kept)
    return NewTask(
        code=task.get("code") or "",
        priority=priority,
        comment=task.get("comment"),
        planned_start=start,
        planned_end=end,
        blob=blob,
        note_file=task.get("note_file"),
        note_program=task.get("note_program"),
        note=note,
    )


def to_new_entry(parsed: EntryFile, now: datetime) -> tuple[NewEntry, list[str]]:
    """The entry to apply at `now` (times of day are resolved against it) and warnings."""
    warnings = list(parsed.warnings)
    tasks = tuple(_task(t, now, warnings) for t in parsed.tasks)
    entry = NewEntry(
        last_name=parsed.get("last_name") or "",
        first_name=parsed.get("first_name"),
        guid=parsed.get("guid"),
        box_code=parsed.get("box_code"),
        responsible=parsed.get("responsible"),
        comment=parsed.get("comment"),
        program=parsed.get("program"),
        program_args=parsed.get("program_args"),
        tasks=tasks,
    )
    return entry, warnings

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
from synoptux.services.entries_types import NewEntry, NewTask
from synoptux.speech import translate

# Priorities and MedinTux note keys (RubriquesHead.RbDate_PrimKey) are INT on 2.x sites.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _task(task: TaskEntry, now: datetime, warnings: list[str]) -> NewTask:
    kept: list[str] = []

    def when(name: str, label: str) -> datetime | None:
        raw = task.get(name)
        try:
            return parse_entry_time(raw, now)
        except (EntryTimeError, OverflowError) as exc:  # OverflowError: past year 9999
            warnings.append(
                translate(
                    "Ingest", "line {line}: [Tache_{n}] {key}: {error}; kept in the task note"
                ).format(line=task.line_of(name), n=task.number, key=label, error=exc)
            )
            kept.append(f"{label}={raw}")
            return None

    def number(name: str, label: str) -> int | None:
        raw = task.get(name)
        if raw is None:
            return None
        try:
            value = int(raw.strip())
        except ValueError:
            problem = translate("Ingest", "is not a whole number")
        else:
            if INT_MIN <= value <= INT_MAX:
                return value
            # No column holds it on every site: 2.x columns are INT, SQLite's integers stop
            # at 2**63; never stored cut (a different number), kept whole in the note.
            problem = translate("Ingest", "is out of range (a signed 32-bit number is expected)")
        warnings.append(
            translate(
                "Ingest",
                "line {line}: [Tache_{n}] {key}={value!r} {problem}; kept in the task note",
            ).format(
                line=task.line_of(name), n=task.number, key=label, value=_clip(raw), problem=problem
            )
        )
        kept.append(f"{label}={raw}")
        return None

    start = when("planned_start", "Heure_Debut_Prevue")
    end = when("planned_end", "Heure_Fin_Prevue")
    if start is not None and end is not None and end < start:
        warnings.append(
            translate(
                "Ingest",
                "line {line}: [Tache_{n}] Heure_Fin_Prevue is before Heure_Debut_Prevue "
                "(kept as written)",
            ).format(line=task.line_of("planned_end"), n=task.number)
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
        triage=parsed.get("triage"),
        tasks=tasks,
    )
    return entry, warnings

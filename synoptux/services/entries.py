"""Entries from outside the board: a new patient, or new tasks for the patient with a GUID.

One transaction per entry, with its history rows (PATIENT_IN, TASK_ADD) and, for
entry files, the row of the applied-files ledger (`entrees_appliquees`) so that
a file re-read after a crash is recognised and never applied twice.

Rules (docs/ingest.md):
- the box named by the entry is honoured; an unknown or missing one means the
  default box, with a warning. Capacity never refuses an arrival (a warning
  says the box is over capacity);
- a non-empty GUID already on the board merges: the tasks are added to that
  patient (the most recent stay if several) and the patient's own values are
  left as they are; an empty GUID never merges (2.x defect 9);
- task defaults come from the catalogue: priority (`TA_Priorite`) and comment
  (`TA_Commentaire`) when the entry gives none; with a planned start, no
  planned end and a maximum duration (`TA_Duree_maxi`), planned end = planned
  start + duration (manual 2.2.3);
- an unknown task code is kept as it is (the board shows it marked) and reported;
- text longer than its column is cut with a warning; a task comment too long
  for the button is kept whole in the task note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Connection, func, select

from synoptux.db.engine import Database
from synoptux.db.tables import Tables
from synoptux.domain import model as m
from synoptux.domain.rules import folded_by_default
from synoptux.services.history import Action, record


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


@dataclass
class EntryOutcome:
    patient_id: int | None
    merged: bool = False  # tasks added to a patient already on the board
    duplicate: bool = False  # this ledger key was applied before: nothing done
    box_code: str | None = None
    task_ids: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _cut(value: str | None, limit: int, what: str, warnings: list[str]) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if len(value) > limit:
        warnings.append(f"{what} longer than {limit} characters: cut")
        return value[:limit]
    return value


def _int(value: object) -> int | None:
    try:
        return int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        return None


def is_applied(db: Database, key: str) -> bool:
    t = db.tables
    with db.connect() as conn:
        return (
            conn.execute(
                select(t.applied_entries.c.EA_Hash).where(t.applied_entries.c.EA_Hash == key)
            ).first()
            is not None
        )


class EntryService:
    """Applies entries (files, tools) through one transaction each."""

    def __init__(
        self, db: Database, *, default_box: str, actor: str = "ingest", source: str = "entry_file"
    ) -> None:
        self.db = db
        self.t: Tables = db.tables
        self.default_box = default_box
        self.actor = actor[:64]
        self.source = source[:64]

    def apply(
        self,
        entry: NewEntry,
        *,
        now: datetime,
        ledger_key: str | None = None,
        file_name: str | None = None,
    ) -> EntryOutcome:
        """Apply an entry. With `ledger_key`, an entry already applied is a no-op
        (`duplicate=True`); the key is recorded in the same transaction."""
        return self.db.transaction(
            lambda conn: self.apply_in(
                conn, entry, now=now, ledger_key=ledger_key, file_name=file_name
            )
        )

    # -- inside the caller's transaction -------------------------------------------
    def apply_in(
        self,
        conn: Connection,
        entry: NewEntry,
        *,
        now: datetime,
        ledger_key: str | None = None,
        file_name: str | None = None,
    ) -> EntryOutcome:
        t = self.t
        if ledger_key is not None:
            done = conn.execute(
                select(t.applied_entries.c.EA_NumEncours).where(
                    t.applied_entries.c.EA_Hash == ledger_key
                )
            ).first()
            if done is not None:
                return EntryOutcome(patient_id=done[0], duplicate=True)
            # Written first: a second board applying the same file at the same time
            # blocks here and then fails on the primary key (nothing of it is kept).
            conn.execute(
                t.applied_entries.insert().values(
                    EA_Hash=ledger_key,
                    EA_Fichier=(file_name or "")[:255] or None,
                    EA_Date=now,
                    EA_Source=self.actor,
                )
            )
        warnings: list[str] = []
        guid = (entry.guid or "").strip() or None
        patient = None
        if guid is not None:
            patient = (
                conn.execute(
                    select(t.encours)
                    .where(t.encours.c.EC_GUIDPatient == guid)
                    .order_by(t.encours.c.EC_PK.desc())
                    .limit(1)
                )
                .mappings()
                .first()
            )
        if patient is not None:
            outcome = EntryOutcome(
                patient_id=patient["EC_PK"],
                merged=True,
                box_code=patient["EC_CodeBox"],
                warnings=warnings,
            )
            if entry.box_code and entry.box_code.strip() != patient["EC_CodeBox"]:
                warnings.append(
                    f"patient already on the board in box {patient['EC_CodeBox']}: "
                    f"Code_Box={entry.box_code.strip()} not applied (tasks added only)"
                )
        else:
            patient = self._insert_patient(conn, entry, guid, now, warnings)
            outcome = EntryOutcome(
                patient_id=patient["EC_PK"], box_code=patient["EC_CodeBox"], warnings=warnings
            )
        for task in entry.tasks:
            outcome.task_ids.append(self._insert_task(conn, patient, task, now, warnings))
        if ledger_key is not None:
            conn.execute(
                t.applied_entries.update()
                .where(t.applied_entries.c.EA_Hash == ledger_key)
                .values(EA_NumEncours=outcome.patient_id, EA_Nb_Taches=len(outcome.task_ids))
            )
        return outcome

    def _hist(self, conn: Connection, action: Action, now: datetime, **kw: object) -> None:
        record(conn, self.t, action, when=now, actor=self.actor, source=self.source, **kw)

    def _insert_patient(
        self,
        conn: Connection,
        entry: NewEntry,
        guid: str | None,
        now: datetime,
        warnings: list[str],
    ) -> dict:
        t = self.t
        wanted = (entry.box_code or "").strip()
        box = None
        if wanted:
            box = conn.execute(select(t.box).where(t.box.c.BO_Code == wanted)).mappings().first()
            if box is None:
                warnings.append(
                    f"unknown box {wanted!r}: patient placed in the default box "
                    f"{self.default_box!r}"
                )
        if box is None:
            box = (
                conn.execute(select(t.box).where(t.box.c.BO_Code == self.default_box))
                .mappings()
                .first()
            )
            if box is None:
                warnings.append(
                    f"the default box {self.default_box!r} does not exist either: "
                    "the board shows the patient in a marked stand-in box"
                )
        code = box["BO_Code"] if box is not None else self.default_box
        if box is not None:
            capacity = max(_int(box["BO_Nb_Maxi_Pat"]) or 1, 1)
            present = conn.execute(
                select(func.count()).select_from(t.encours).where(t.encours.c.EC_CodeBox == code)
            ).scalar_one()
            if present >= capacity:
                warnings.append(
                    f"box {code} is over capacity ({present + 1}/{capacity}): the "
                    "patient is placed anyway, an arrival is never refused"
                )
        btype = m.BoxType.parse(box["BO_Type"]) if box is not None else None
        values = {
            "EC_CodeBox": code,
            "EC_NomPatient": _cut(entry.last_name, 100, "Nom_Patient", warnings) or "?",
            "EC_PrenomPatient": _cut(entry.first_name, 100, "Prenom_Patient", warnings),
            "EC_HeureEntree": now,
            "EC_Medecin": _cut(entry.responsible, 64, "Code_Responsable", warnings),
            "EC_GUIDPatient": _cut(guid, 64, "GUID_Patient", warnings),
            "EC_Replier": int(folded_by_default(btype)),
            "EC_Anonyme": 0,
            "EC_Commentaire": _cut(entry.comment, 255, "Commentaire", warnings),
            "EC_ProgAnnexe": _cut(entry.program, 200, "Programme_Annexe", warnings),
            "EC_ArgsAnnexe": _cut(entry.program_args, 400, "Arguments_Annexe", warnings),
        }
        if values["EC_Medecin"]:
            known = conn.execute(
                select(t.responsables.c.RE_Code).where(
                    (t.responsables.c.RE_Code == values["EC_Medecin"])
                    | (t.responsables.c.RE_GUID == values["EC_Medecin"])
                )
            ).first()
            if known is None:
                warnings.append(
                    f"unknown responsible {values['EC_Medecin']!r}: kept as written, "
                    "the card shows it marked"
                )
        pk = conn.execute(t.encours.insert().values(**values)).inserted_primary_key[0]
        patient = {**values, "EC_PK": pk}
        self._hist(conn, Action.PATIENT_IN, now, patient=patient, comment=values["EC_Commentaire"])
        return patient

    def _insert_task(
        self, conn: Connection, patient: dict, task: NewTask, now: datetime, warnings: list[str]
    ) -> int:
        t = self.t
        code = task.code.strip()
        tdef = (
            conn.execute(select(t.taches).where(t.taches.c.TA_Code_tache == code))
            .mappings()
            .first()
        )
        if tdef is None:
            warnings.append(
                f"unknown task code {code!r}: kept as written, the board shows it marked"
            )
        priority = task.priority
        if priority is None and tdef is not None:
            priority = _int(tdef["TA_Priorite"])
        comment = (task.comment or "").strip() or None
        if comment is None and tdef is not None:
            comment = (tdef["TA_Commentaire"] or "").strip() or None
        note = (task.note or "").strip() or None
        if comment is not None and len(comment) > 200:
            warnings.append(
                f"task {code}: comment longer than 200 characters: the button shows "
                "the start, the note keeps the whole text"
            )
            note = comment if note is None else f"{comment}\n{note}"
            comment = comment[:199] + "…"
        planned_end = task.planned_end
        max_minutes = _int(tdef["TA_Duree_maxi"]) if tdef is not None else None
        if planned_end is None and task.planned_start is not None and max_minutes:
            planned_end = task.planned_start + timedelta(minutes=max_minutes)
        values = {
            "EN_PK_encours": patient["EC_PK"],
            "EN_Code_tache": _cut(code, 45, "Code_Tache", warnings),
            "EN_Comment": comment,
            "EN_Note_tache": _cut(note, 5000, "task note", warnings),
            "EN_HeureDebPrevue": task.planned_start,
            "EN_HeureFinPrevue": planned_end,
            "EN_Priorite": priority,
            "EN_PrimKey_blob": task.blob,
            "EN_NomFicNote": _cut(task.note_file, 200, "Nom_Fichier_Note", warnings),
            "EN_NomProgNote": _cut(task.note_program, 200, "Nom_Lecteur_Note", warnings),
        }
        task_id = conn.execute(t.encours_taches.insert().values(**values)).inserted_primary_key[0]
        self._hist(
            conn,
            Action.TASK_ADD,
            now,
            patient=patient,
            task_code=code,
            task_label=tdef["TA_Libelle_tache"] if tdef is not None else code,
            task_id=task_id,
            comment=comment,
        )
        return task_id

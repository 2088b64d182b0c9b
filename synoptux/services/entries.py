"""Entries from outside the board: a new patient, or new tasks for the patient with a GUID.

One transaction per entry, with its history rows (PATIENT_IN, TASK_ADD) and, for
entry files, the row of the applied-files ledger (`entrees_appliquees`) so that
a file re-read after a crash is recognised and never applied twice.

Rules (docs/live-feeds.md):
- the box named by the entry is honoured; an unknown or missing one means the
  default box, with a warning. Capacity never refuses an arrival (a warning
  says the box is over capacity);
- box and task codes are matched by one rule on every backend (`domain.codes`: case and
  surrounding spaces ignored) and stored in the catalogue's spelling;
- a non-empty GUID already on the board merges: the tasks are added to that
  patient (the most recent stay if several) and the patient's own values are
  left as they are; an empty GUID never merges (2.x defect 9). GUIDs match exactly
  (trimmed), on both backends. An entry with a GUID and no name (a 2.x follow-up) only
  adds tasks: refused (`EntryRefused`) when no patient on the board has that GUID;
- task defaults come from the catalogue: priority (`TA_Priorite`) and comment
  (`TA_Commentaire`) when the entry gives none; with a planned start, no
  planned end and a maximum duration (`TA_Duree_maxi`), planned end = planned
  start + duration (manual 2.2.3);
- an unknown task code is kept as it is (the board shows it marked) and reported;
- text longer than its column is cut with a warning (`db.fit`), on every backend and
  sql_mode; a task comment too long for the button is kept whole in the task note;
- `Niveau_Tri` (issue 19) sets the triage level, matched against the scale (`niveaux_tri`)
  by `domain.triage.level_code` ('tri 3a' is 3A); an unknown level is kept as written (the
  board shows it marked) with a warning. A follow-up file with another level re-triages
  the patient. Each change is a `SET_TRIAGE` history row;
- a follow-up file whose GUID finds a patient with a clearly different name
  (`domain.homonyms.clearly_different`: not a spelling or accent variant) is applied all
  the same (its tasks are not lost), and flagged: `IDENTITY_CHECK` in the history, and
  "identity to check" on the patient's row until a nurse confirms it from his sheet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, select

from synoptux.db.engine import Database, inserted_key
from synoptux.db.fit import column_width, fit_row, fit_value
from synoptux.db.tables import Tables
from synoptux.domain import model as m
from synoptux.domain.codes import find_code, same_code
from synoptux.domain.homonyms import clearly_different
from synoptux.domain.rules import folded_by_default
from synoptux.domain.triage import find_level, level_code
from synoptux.services.history import Action, record
from synoptux.speech import translate


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


# The entry-file key each column comes from, for the warnings a nurse or an admin reads.
KEY_OF_COLUMN = {
    "EC_NomPatient": "Nom_Patient",
    "EC_PrenomPatient": "Prenom_Patient",
    "EC_Medecin": "Code_Responsable",
    "EC_GUIDPatient": "GUID_Patient",
    "EC_Commentaire": "Commentaire",
    "EC_ProgAnnexe": "Programme_Annexe",
    "EC_ArgsAnnexe": "Arguments_Annexe",
    "EN_Code_tache": "Code_Tache",
    "EN_Note_tache": "Note",
    "EN_NomFicNote": "Nom_Fichier_Note",
    "EN_NomProgNote": "Nom_Lecteur_Note",
    "EN_Priorite": "Priorite",
    "EN_PrimKey_blob": "PrimKey_Blob",
    "EC_Niveau_Tri": "Niveau_Tri",
}


def _fit(table: Table, values: dict, warnings: list[str], where: str = "") -> dict:
    """`values` cut to their columns; each cut is reported."""
    row, cuts = fit_row(table, values)
    for cut in cuts:
        key = KEY_OF_COLUMN.get(cut.column, cut.column)
        said = (  # cut.describe()'s words, in the interface language
            translate("Ingest", "{key} ({column}: {length} characters cut to {width})")
            if cut.width
            else translate("Ingest", "{key} ({column}: number out of range, not stored)")
        )
        warnings.append(
            where + said.format(key=key, column=cut.column, length=cut.length, width=cut.width)
        )
    return row


@dataclass
class EntryOutcome:
    patient_id: int | None
    merged: bool = False  # tasks added to a patient already on the board
    duplicate: bool = False  # this ledger key was applied before: nothing done
    box_code: str | None = None
    task_ids: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


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
        stored = fit_value(t.encours, "EC_GUIDPatient", _text(entry.guid))[0]
        guid = stored if isinstance(stored, str) else None  # as stored (a text column)
        patient = self._patient_with_guid(conn, guid) if guid is not None else None
        if patient is None and _text(entry.last_name) is None:
            raise EntryRefused(
                translate(
                    "Ingest",
                    "GUID_Patient={guid} is not on the board and the file has no Nom_Patient: "
                    "its tasks have no patient to go to (put it back with Retry once the "
                    "patient has arrived, or add Nom_Patient)",
                ).format(guid=guid)
            )
        if patient is not None:
            outcome = EntryOutcome(
                patient_id=patient["EC_PK"],
                merged=True,
                box_code=patient["EC_CodeBox"],
                warnings=warnings,
            )
            if _text(entry.box_code) and not same_code(entry.box_code, patient["EC_CodeBox"]):
                warnings.append(
                    translate(
                        "Ingest",
                        "patient already on the board in box {box}: "
                        "Code_Box={wanted} not applied (tasks added only)",
                    ).format(box=patient["EC_CodeBox"], wanted=_text(entry.box_code))
                )
            self._check_identity(conn, entry, patient, now, warnings)
            self._retriage(conn, entry, patient, now, warnings)
        else:
            patient = self._insert_patient(conn, entry, guid, now, warnings)
            outcome = EntryOutcome(
                patient_id=patient["EC_PK"], box_code=patient["EC_CodeBox"], warnings=warnings
            )
        catalogue = {r["TA_Code_tache"]: r for r in conn.execute(select(t.taches)).mappings().all()}
        for n, task in enumerate(entry.tasks, start=1):
            outcome.task_ids.append(
                self._insert_task(conn, patient, task, now, warnings, catalogue, n)
            )
        if ledger_key is not None:
            conn.execute(
                t.applied_entries.update()
                .where(t.applied_entries.c.EA_Hash == ledger_key)
                .values(EA_NumEncours=outcome.patient_id, EA_Nb_Taches=len(outcome.task_ids))
            )
        return outcome

    def _patient_with_guid(self, conn: Connection, guid: str) -> dict | None:
        """The most recent stay whose GUID is exactly `guid` (the server's collation may
        also return other spellings: they are filtered out here, as SQLite would)."""
        t = self.t
        rows = (
            conn.execute(
                select(t.encours)
                .where(t.encours.c.EC_GUIDPatient == guid)
                .order_by(t.encours.c.EC_PK.desc())
            )
            .mappings()
            .all()
        )
        return next((dict(r) for r in rows if (r["EC_GUIDPatient"] or "").strip() == guid), None)

    def _hist(self, conn: Connection, action: Action, now: datetime, **kw: Any) -> None:
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
        wanted = _text(entry.box_code)
        boxes = {r["BO_Code"]: r for r in conn.execute(select(t.box)).mappings().all()}
        box = None
        if wanted:
            code = find_code(wanted, boxes)
            box = boxes[code] if code is not None else None
            if box is None:
                warnings.append(
                    translate(
                        "Ingest",
                        "unknown box {wanted!r}: patient placed in the default box {box!r}",
                    ).format(wanted=wanted, box=self.default_box)
                )
        if box is None:
            code = find_code(self.default_box, boxes)
            box = boxes[code] if code is not None else None
            if box is None:
                warnings.append(
                    translate(
                        "Ingest",
                        "the default box {box!r} does not exist either: "
                        "the board shows the patient in a marked stand-in box",
                    ).format(box=self.default_box)
                )
        code = box["BO_Code"] if box is not None else self.default_box
        if box is not None:
            capacity = max(box["BO_Nb_Maxi_Pat"] or 1, 1)
            present = sum(
                1
                for other in conn.execute(select(t.encours.c.EC_CodeBox)).scalars()
                if same_code(other, code)
            )
            if present >= capacity:
                warnings.append(
                    translate(
                        "Ingest",
                        "box {box} is over capacity ({count}/{capacity}): the "
                        "patient is placed anyway, an arrival is never refused",
                    ).format(box=code, count=present + 1, capacity=capacity)
                )
        btype = m.BoxType.parse(box["BO_Type"]) if box is not None else None
        values = _fit(
            t.encours,
            {
                "EC_CodeBox": code,
                "EC_NomPatient": _text(entry.last_name) or "?",
                "EC_PrenomPatient": _text(entry.first_name),
                "EC_HeureEntree": now,
                "EC_Medecin": _text(entry.responsible),
                "EC_GUIDPatient": guid,
                "EC_Replier": int(folded_by_default(btype)),
                "EC_Anonyme": 0,
                "EC_Commentaire": _text(entry.comment),
                "EC_ProgAnnexe": _text(entry.program),
                "EC_ArgsAnnexe": _text(entry.program_args),
            },
            warnings,
        )
        if values["EC_Medecin"]:
            # A responsible's code by the code rule (stored in the table's spelling), or a
            # MedinTux user GUID exactly (what the macro writes).
            rows = conn.execute(select(t.responsables.c.RE_Code, t.responsables.c.RE_GUID)).all()
            written = values["EC_Medecin"]
            code = find_code(written, [r.RE_Code for r in rows])
            if code is not None:
                values["EC_Medecin"] = code
            elif not any((r.RE_GUID or "").strip() == written for r in rows):
                warnings.append(
                    translate(
                        "Ingest",
                        "unknown responsible {written!r}: kept as written, the card shows it marked",
                    ).format(written=written)
                )
        triage = self._triage_code(conn, entry, warnings)
        if triage is not None:
            values["EC_Niveau_Tri"] = values["EC_Tri_Trace"] = triage
        pk = inserted_key(conn.execute(t.encours.insert().values(**values)))
        patient = {**values, "EC_PK": pk}
        self._hist(conn, Action.PATIENT_IN, now, patient=patient, comment=values["EC_Commentaire"])
        if triage is not None:
            self._hist(
                conn, Action.SET_TRIAGE, now, patient=patient, state_code=triage, comment=triage
            )
        return patient

    # -- issue 19: triage level and identity -------------------------------------------------
    def _triage_code(self, conn: Connection, entry: NewEntry, warnings: list[str]) -> str | None:
        """The level to store for `Niveau_Tri`: the scale's spelling, or (unknown) the code as
        written, with a warning; None when the file gives none."""
        code = level_code(entry.triage)
        if code is None:
            return None
        t = self.t
        rows = conn.execute(select(t.triage_levels)).mappings().all()
        levels = tuple(m.TriageLevel(r["NT_Code"], r["NT_Libelle"] or "") for r in rows)
        level = find_level(levels, code)
        if level is None:
            warnings.append(
                translate(
                    "Ingest",
                    "unknown triage level Niveau_Tri={written!r}: kept as written, "
                    "the board shows it marked",
                ).format(written=(entry.triage or "").strip())
            )
            return code
        return level.code

    def _retriage(
        self, conn: Connection, entry: NewEntry, patient: dict, now: datetime, warnings: list[str]
    ) -> None:
        code = self._triage_code(conn, entry, warnings)
        if code is None or level_code(patient.get("EC_Niveau_Tri")) == level_code(code):
            return
        e = self.t.encours
        conn.execute(
            e.update()
            .where(e.c.EC_PK == patient["EC_PK"])
            .values(EC_Niveau_Tri=code, EC_Tri_Trace=code)
        )
        self._hist(
            conn,
            Action.SET_TRIAGE,
            now,
            patient=patient,
            state_code=code,
            state_before=patient.get("EC_Niveau_Tri"),
            comment=code,
        )
        patient["EC_Niveau_Tri"] = patient["EC_Tri_Trace"] = code

    def _check_identity(
        self, conn: Connection, entry: NewEntry, patient: dict, now: datetime, warnings: list[str]
    ) -> None:
        last, first = _text(entry.last_name), _text(entry.first_name)
        if last is None or not clearly_different(
            last, first, patient["EC_NomPatient"], patient["EC_PrenomPatient"]
        ):
            return
        said = " ".join(x for x in (last.upper(), first) if x)
        values = _fit(self.t.encours, {"EC_Identite_A_Verifier": said}, warnings)
        e = self.t.encours
        conn.execute(e.update().where(e.c.EC_PK == patient["EC_PK"]).values(**values))
        on_board = " ".join(x for x in (patient["EC_NomPatient"], patient["EC_PrenomPatient"]) if x)
        warnings.append(
            translate(
                "Ingest",
                "GUID_Patient names {on_board} on the board but the file says {said}: applied "
                "to that patient and flagged 'identity to check'",
            ).format(on_board=on_board, said=said)
        )
        self._hist(
            conn,
            Action.IDENTITY_CHECK,
            now,
            patient=patient,
            comment=f"entry file: {said}; on the board: {on_board}",
        )

    def _insert_task(
        self,
        conn: Connection,
        patient: dict,
        task: NewTask,
        now: datetime,
        warnings: list[str],
        catalogue: Mapping[str, Mapping],
        number: int,
    ) -> int:
        t = self.t
        where = f"[Tache_{number}] "
        written = task.code.strip()
        known = find_code(written, catalogue)
        tdef = catalogue[known] if known is not None else None
        if tdef is None:
            warnings.append(
                where
                + translate(
                    "Ingest",
                    "unknown task code {written!r}: kept as written, the board shows it marked",
                ).format(written=written)
            )
        code = known or written
        priority = task.priority
        if priority is None and tdef is not None:
            priority = tdef["TA_Priorite"]
        comment = _text(task.comment)
        if comment is None and tdef is not None:
            comment = _text(tdef["TA_Commentaire"])
        note = _text(task.note)
        button = column_width(t.encours_taches, "EN_Comment") or 200
        if comment is not None and len(comment) > button:
            warnings.append(
                where
                + translate(
                    "Ingest",
                    "comment longer than {n} characters: the button shows "
                    "the start, the note keeps the whole text",
                ).format(n=button)
            )
            note = comment if note is None else f"{comment}\n{note}"
            comment = comment[: button - 1] + "…"
        planned_end = task.planned_end
        max_minutes = tdef["TA_Duree_maxi"] if tdef is not None else None
        if planned_end is None and task.planned_start is not None and max_minutes:
            try:
                planned_end = task.planned_start + timedelta(minutes=max_minutes)
            except OverflowError:  # 9999-12-31 23:59 + the duration: past the last date
                warnings.append(
                    where
                    + translate(
                        "Ingest",
                        "planned end not computed: {start:%Y-%m-%d %H:%M} + "
                        "{minutes} min is past the last date a database can hold",
                    ).format(start=task.planned_start, minutes=max_minutes)
                )
        values = _fit(
            t.encours_taches,
            {
                "EN_PK_encours": patient["EC_PK"],
                "EN_Code_tache": code,
                "EN_Comment": comment,
                "EN_Note_tache": note,
                "EN_HeureDebPrevue": task.planned_start,
                "EN_HeureFinPrevue": planned_end,
                "EN_Priorite": priority,
                "EN_PrimKey_blob": task.blob,
                "EN_NomFicNote": _text(task.note_file),
                "EN_NomProgNote": _text(task.note_program),
            },
            warnings,
            where,
        )
        task_id = inserted_key(conn.execute(t.encours_taches.insert().values(**values)))
        self._hist(
            conn,
            Action.TASK_ADD,
            now,
            patient=patient,
            task_code=values["EN_Code_tache"],
            task_label=tdef["TA_Libelle_tache"] if tdef is not None else values["EN_Code_tache"],
            task_id=task_id,
            comment=values["EN_Comment"],
        )
        return task_id

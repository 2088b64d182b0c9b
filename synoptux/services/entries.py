"""Entries from outside the board: a new patient, or new tasks for the patient with a GUID.

The entry and its outcome are `services.entries_types`; the rules that choose what is
stored and warn (box, responsible, triage level, task defaults, cut text) are
`services.entries_checks`; this module writes. One transaction per entry, with its history rows (PATIENT_IN, TASK_ADD) and, for
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
- `Niveau_Tri` sets the triage level, matched against the scale (`niveaux_tri`)
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
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from synoptux.db.engine import Database, inserted_key
from synoptux.db.fit import fit_value
from synoptux.db.tables import Tables
from synoptux.domain import model as m
from synoptux.domain.codes import same_code
from synoptux.domain.homonyms import clearly_different
from synoptux.domain.rules import folded_by_default
from synoptux.domain.triage import level_code
from synoptux.services.entries_checks import (
    choose_box,
    entry_text,
    fit_reported,
    responsible_code,
    task_values,
    triage_code,
)
from synoptux.services.entries_types import EntryOutcome, EntryRefused, NewEntry, NewTask
from synoptux.services.history import Action, record
from synoptux.speech import translate


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
        stored = fit_value(t.encours, "EC_GUIDPatient", entry_text(entry.guid))[0]
        guid = stored if isinstance(stored, str) else None  # as stored (a text column)
        patient = self._patient_with_guid(conn, guid) if guid is not None else None
        if patient is None and entry_text(entry.last_name) is None:
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
            if entry_text(entry.box_code) and not same_code(entry.box_code, patient["EC_CodeBox"]):
                warnings.append(
                    translate(
                        "Ingest",
                        "patient already on the board in box {box}: "
                        "Code_Box={wanted} not applied (tasks added only)",
                    ).format(box=patient["EC_CodeBox"], wanted=entry_text(entry.box_code))
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
        code, box = choose_box(conn, t, entry_text(entry.box_code), self.default_box, warnings)
        btype = m.BoxType.parse(box["BO_Type"]) if box is not None else None
        values = fit_reported(
            t.encours,
            {
                "EC_CodeBox": code,
                "EC_NomPatient": entry_text(entry.last_name) or "?",
                "EC_PrenomPatient": entry_text(entry.first_name),
                "EC_HeureEntree": now,
                "EC_Medecin": entry_text(entry.responsible),
                "EC_GUIDPatient": guid,
                "EC_Replier": int(folded_by_default(btype)),
                "EC_Anonyme": 0,
                "EC_Commentaire": entry_text(entry.comment),
                "EC_ProgAnnexe": entry_text(entry.program),
                "EC_ArgsAnnexe": entry_text(entry.program_args),
            },
            warnings,
        )
        if values["EC_Medecin"]:
            values["EC_Medecin"] = responsible_code(conn, t, values["EC_Medecin"], warnings)
        triage = triage_code(conn, t, entry, warnings)
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

    # -- triage level and identity ----------------------------------------------------------
    def _retriage(
        self, conn: Connection, entry: NewEntry, patient: dict, now: datetime, warnings: list[str]
    ) -> None:
        code = triage_code(conn, self.t, entry, warnings)
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
        last, first = entry_text(entry.last_name), entry_text(entry.first_name)
        if last is None or not clearly_different(
            last, first, patient["EC_NomPatient"], patient["EC_PrenomPatient"]
        ):
            return
        said = " ".join(x for x in (last.upper(), first) if x)
        values = fit_reported(self.t.encours, {"EC_Identite_A_Verifier": said}, warnings)
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
        values, tdef = task_values(t, patient["EC_PK"], task, catalogue, warnings, where)
        values = fit_reported(t.encours_taches, values, warnings, where)
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

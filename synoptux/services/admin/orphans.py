"""Orphan tasks: tasks whose patient is gone from the board.

2.x's exit plug script deleted the patient, then tried to delete his tasks with a
statement naming a column the task table does not have (`DELETE FROM
synopt_encours_taches WHERE EC_PK = ...`): the tasks stayed. 2.x never showed them (it
reads tasks patient by patient), and neither does the board. `synoptux doctor` lists them;
here the administrator gives each one to a patient on the board (a task that was meant for
a patient who came back under a new stay) or archives it. Each is one transaction with
its history rows: an `ADMIN` row, plus a `TASK_ADD` row in the receiving patient's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from synoptux.services.admin.base import AdminBase
from synoptux.services.changes import Change
from synoptux.services.errors import ActionRefused
from synoptux.services.history import Action, record
from synoptux.services.snapshot import Catalogue


@dataclass(frozen=True)
class OrphanTask:
    id: int  # EN_Num_tache
    lost_patient: int  # EN_PK_encours: the EC_PK of a patient no longer on the board
    code: str
    label: str
    state: str | None
    comment: str | None
    planned_start: datetime | None
    started_at: datetime | None
    ended_at: datetime | None

    def describe(self) -> str:
        return f"task {self.id} ({self.label}) of the patient #{self.lost_patient} gone"


class OrphansAdmin(AdminBase):
    def list_orphan_tasks(self) -> list[OrphanTask]:
        with self.db.connect() as conn:
            cat = Catalogue(conn, self.t)
            rows = conn.execute(self._orphans_query()).mappings().all()
        return [self._orphan(r, cat) for r in rows]

    def _orphans_query(self, task_id: int | None = None):
        et, enc = self.t.encours_taches, self.t.encours
        stmt = select(et).where(et.c.EN_PK_encours.not_in(select(enc.c.EC_PK)))
        if task_id is not None:
            stmt = stmt.where(et.c.EN_Num_tache == task_id)
        return stmt.order_by(et.c.EN_PK_encours, et.c.EN_Num_tache)

    @staticmethod
    def _orphan(r, cat: Catalogue) -> OrphanTask:
        code = (r["EN_Code_tache"] or "").strip()
        tdef = cat.task_by_code.get(code)
        state = cat.state(r["EN_Etat_en_cours"], code)
        return OrphanTask(
            id=r["EN_Num_tache"],
            lost_patient=r["EN_PK_encours"],
            code=code,
            label=tdef.label if tdef else (code or "?"),
            state=state.label if state else (r["EN_Etat_en_cours"] or None),
            comment=r["EN_Comment"] or None,
            planned_start=r["EN_HeureDebPrevue"],
            started_at=r["EN_HeureDebut"],
            ended_at=r["EN_HeureFin"],
        )

    def _still_orphan(self, conn: Connection, task_id: int) -> OrphanTask:
        row = conn.execute(self._orphans_query(task_id)).mappings().first()
        if row is None:
            raise ActionRefused(
                "gone",
                f"Task {task_id} is no longer an orphan task (attached or archived elsewhere).",
                what=str(task_id),
            )
        return self._orphan(row, Catalogue(conn, self.t))

    def attach_orphan_task(self, task_id: int, patient_id: int) -> Change:
        """Give an orphan task to a patient on the board."""
        et, enc = self.t.encours_taches, self.t.encours

        def fn(conn: Connection) -> str:
            task = self._still_orphan(conn, task_id)
            patient = conn.execute(select(enc).where(enc.c.EC_PK == patient_id)).mappings().first()
            if patient is None:
                raise ActionRefused(
                    "patient_gone",
                    "This patient is no longer on the board.",
                    patient=patient_id,
                )
            conn.execute(
                et.update().where(et.c.EN_Num_tache == task_id).values(EN_PK_encours=patient_id)
            )
            record(
                conn,
                self.t,
                Action.TASK_ADD,
                when=self.clock.now(),
                patient=dict(patient),
                task_code=task.code,
                task_label=task.label,
                task_id=task_id,
                state_label=task.state,
                comment=f"orphan task of the patient #{task.lost_patient} gone",
                actor=self.actor,
                source=self.source,
            )
            name = " ".join(x for x in (patient["EC_NomPatient"], patient["EC_PrenomPatient"]) if x)
            return f"{task.describe()} attached to patient {patient_id} ({name})"

        return self._run(fn, task=None)

    def archive_orphan_task(self, task_id: int) -> Change:
        """Move an orphan task to the task archive (never a hard delete)."""
        et = self.t.encours_taches

        def fn(conn: Connection) -> str:
            task = self._still_orphan(conn, task_id)
            row = conn.execute(select(et).where(et.c.EN_Num_tache == task_id)).mappings().one()
            conn.execute(
                self.t.encours_taches_archive.insert().values(
                    **dict(row), AT_Date_archive=self.clock.now()
                )
            )
            conn.execute(et.delete().where(et.c.EN_Num_tache == task_id))
            return f"{task.describe()} archived"

        return self._run(fn, task=None)

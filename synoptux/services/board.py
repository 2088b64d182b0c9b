"""Board actions (manual section 3). One transaction each, with its history row."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import Connection, select

from synoptux.domain import model as m
from synoptux.domain.codes import same_code
from synoptux.domain.rules import apply_state, folded_by_default
from synoptux.services.archive import archive_patient
from synoptux.services.base import Service
from synoptux.services.changes import Change
from synoptux.services.errors import ActionRefused
from synoptux.services.history import Action, record
from synoptux.services.snapshot import Catalogue, load_board


class BoardService(Service):
    """Use cases of the board screen, bound to one database and one clock."""

    # -- reading ---------------------------------------------------------------
    def snapshot(self) -> m.Board:
        return load_board(self.db, self.clock.now())

    # -- helpers -----------------------------------------------------------------
    def _patient(self, conn: Connection, patient_id: int, *, lock: bool = True) -> Mapping:
        # FOR UPDATE: what the action writes or records is computed from the current row, and a
        # concurrent writer (another screen, a macro) waits for this short transaction.
        stmt = select(self.t.encours).where(self.t.encours.c.EC_PK == patient_id)
        row = conn.execute(stmt.with_for_update() if lock else stmt).mappings().first()
        if row is None:
            raise ActionRefused(
                "patient_gone", "This patient is no longer on the board.", patient=patient_id
            )
        return row

    def _task(self, conn: Connection, task_id: int) -> Mapping:
        row = (
            conn.execute(
                select(self.t.encours_taches)
                .where(self.t.encours_taches.c.EN_Num_tache == task_id)
                .with_for_update()
            )
            .mappings()
            .first()
        )
        if row is None:
            raise ActionRefused("task_gone", "This task no longer exists.", task=task_id)
        return row

    def _box(self, conn: Connection, code: str, *, lock: bool = False) -> Mapping:
        stmt = select(self.t.box).where(self.t.box.c.BO_Code == code)
        row = conn.execute(stmt.with_for_update() if lock else stmt).mappings().first()
        if row is None:
            raise ActionRefused("box_unknown", f"Unknown box {code!r}.", box=code)
        return row

    def _hist(self, conn: Connection, action: Action, **kw: object) -> None:
        record(
            conn, self.t, action, when=self.clock.now(), actor=self.actor, source=self.source, **kw
        )

    def _update_patient(self, conn: Connection, patient_id: int, **values: object) -> None:
        conn.execute(
            self.t.encours.update().where(self.t.encours.c.EC_PK == patient_id).values(**values)
        )

    # -- patient card --------------------------------------------------------------
    def set_anonymous(self, patient_id: int, anonymous: bool) -> Change:
        def tx(conn: Connection) -> Change:
            p = self._patient(conn, patient_id)
            self._update_patient(conn, patient_id, EC_Anonyme=int(anonymous))
            self._hist(conn, Action.SET_ANON, patient=p, comment="1" if anonymous else "0")
            return Change(Action.SET_ANON, frozenset({patient_id}))

        return self.db.transaction(tx)

    def set_folded(self, patient_id: int, folded: bool) -> Change:
        def tx(conn: Connection) -> Change:
            p = self._patient(conn, patient_id)
            self._update_patient(conn, patient_id, EC_Replier=int(folded))
            self._hist(conn, Action.SET_FOLD, patient=p, comment="1" if folded else "0")
            return Change(Action.SET_FOLD, frozenset({patient_id}))

        return self.db.transaction(tx)

    def set_comment(self, patient_id: int, comment: str) -> Change:
        comment = (comment or "").strip()[:255]

        def tx(conn: Connection) -> Change:
            p = self._patient(conn, patient_id)
            self._update_patient(conn, patient_id, EC_Commentaire=comment or None)
            self._hist(conn, Action.COMMENT, patient=p, comment=comment)
            return Change(Action.COMMENT, frozenset({patient_id}))

        return self.db.transaction(tx)

    def set_responsible(self, patient_id: int, code: str | None) -> Change:
        def tx(conn: Connection) -> Change:
            p = self._patient(conn, patient_id)
            if code:
                exists = conn.execute(
                    select(self.t.responsables.c.RE_Code).where(
                        self.t.responsables.c.RE_Code == code
                    )
                ).first()
                if exists is None:
                    raise ActionRefused("responsible_unknown", f"Unknown responsible {code!r}.")
            self._update_patient(conn, patient_id, EC_Medecin=code or None)
            self._hist(
                conn, Action.SET_OWNER, patient=p, responsible=code or "", comment=p["EC_Medecin"]
            )
            return Change(Action.SET_OWNER, frozenset({patient_id}))

        return self.db.transaction(tx)

    def move_patient(
        self,
        patient_id: int,
        box_code: str,
        *,
        destination: str | None = None,
        exit_time: datetime | None = None,
    ) -> Change:
        """Move a patient; capacity is counted over every patient (2.x defect 11), exactly:
        the box row is locked (MariaDB; SQLite write transactions are serialised), so two
        screens moving two patients into the last place cannot both count it free."""

        def tx(conn: Connection) -> Change:
            p = self._patient(conn, patient_id)
            box = self._box(conn, box_code, lock=True)
            btype = m.BoxType.parse(box["BO_Type"]) or m.BoxType.CARE
            if same_code(p["EC_CodeBox"], box_code):
                raise ActionRefused("same_box", "The patient is already in this box.")
            capacity = max(int(box["BO_Nb_Maxi_Pat"] or 1), 1)
            # Counted by the code rule (domain.codes), not by the server's collation.
            present = sum(
                1
                for code in conn.execute(select(self.t.encours.c.EC_CodeBox)).scalars()
                if same_code(code, box_code)
            )
            if present >= capacity:
                raise ActionRefused(
                    "box_full",
                    f"Box {box['BO_Libelle'] or box_code} is full ({present}/{capacity}).",
                    box=box_code,
                    present=present,
                    capacity=capacity,
                )
            now = self.clock.now()
            when = exit_time if (exit_time and btype is m.BoxType.EXIT) else now
            values: dict[str, object] = {"EC_CodeBox": box_code, "EC_HeureSortie": when}
            if btype in (m.BoxType.ABSENCE, m.BoxType.EXIT):
                values["EC_Destination"] = destination or None
            if folded_by_default(btype):
                values["EC_Replier"] = 1
            self._update_patient(conn, patient_id, **values)
            self._hist(
                conn,
                Action.SET_PLACE,
                patient=p,
                box=box_code,
                box_before=p["EC_CodeBox"],
                comment=destination,
            )
            if destination and btype in (m.BoxType.ABSENCE, m.BoxType.EXIT):
                self._hist(
                    conn, Action.SET_DESTINATION, patient=p, box=box_code, comment=destination
                )
            return Change(
                Action.SET_PLACE, frozenset({patient_id}), frozenset({box_code, p["EC_CodeBox"]})
            )

        return self.db.transaction(tx)

    def final_exit(self, patient_id: int) -> Change:
        """Final exit from a Sortie box: the stay is archived, not deleted."""

        def tx(conn: Connection) -> Change:
            p = self._patient(conn, patient_id)
            self._hist(conn, Action.PATIENT_OUT, patient=p, comment=p["EC_Destination"])
            archive_patient(conn, self.t, p, when=self.clock.now(), reason=Action.PATIENT_OUT.value)
            return Change(
                Action.PATIENT_OUT,
                frozenset({patient_id}),
                frozenset({p["EC_CodeBox"]}),
                archived=frozenset({patient_id}),
            )

        return self.db.transaction(tx)

    # -- tasks ---------------------------------------------------------------------
    def set_task_state(self, task_id: int, state_code: str) -> Change:
        def tx(conn: Connection) -> Change:
            task = self._task(conn, task_id)  # locked: the rules below see the current row
            p = self._patient(conn, task["EN_PK_encours"], lock=False)  # (only named in history)
            cat = _light_catalogue(conn, self)
            state = cat.state_by_code.get(state_code)
            if state is None:
                raise ActionRefused("state_unknown", f"Unknown state {state_code!r}.")
            tdef = cat.task_by_code.get(task["EN_Code_tache"] or "")
            allowed = tdef.states if tdef and tdef.states else cat.states
            if state not in allowed:
                raise ActionRefused(
                    "state_not_allowed", f"State {state.label} is not allowed for this task."
                )
            before = cat.state(task["EN_Etat_en_cours"])
            change = apply_state(
                new_state=state,
                now=self.clock.now(),
                started_at=task["EN_HeureDebut"],
                planned_end=task["EN_HeureFinPrevue"],
                max_minutes=tdef.max_minutes if tdef else None,
            )
            # Only the columns this tap changes: a value another writer set is never written
            # back from our read.
            wanted = {
                "EN_Etat_en_cours": change.state,
                "EN_HeureDebut": change.started_at,
                "EN_HeureFin": change.ended_at,
                "EN_HeureFinPrevue": change.planned_end,
            }
            values = {k: v for k, v in wanted.items() if v != task[k]}
            conn.execute(
                self.t.encours_taches.update()
                .where(self.t.encours_taches.c.EN_Num_tache == task_id)
                .values(**values, EN_Code_acteur=self.actor)
            )
            self._hist(
                conn,
                Action.TASK_STATE,
                patient=p,
                task_code=task["EN_Code_tache"],
                task_label=tdef.label if tdef else task["EN_Code_tache"],
                task_id=task_id,
                state_code=state.code,
                state_label=state.label,
                state_before=before.label if before else task["EN_Etat_en_cours"],
            )
            return Change(Action.TASK_STATE, frozenset({p["EC_PK"]}))

        return self.db.transaction(tx)

    def delete_task(self, task_id: int) -> Change:
        def tx(conn: Connection) -> Change:
            task = self._task(conn, task_id)
            p = (
                conn.execute(
                    select(self.t.encours).where(self.t.encours.c.EC_PK == task["EN_PK_encours"])
                )
                .mappings()
                .first()
            )
            tdef = _light_catalogue(conn, self).task_by_code.get(task["EN_Code_tache"] or "")
            conn.execute(
                self.t.encours_taches.delete().where(
                    self.t.encours_taches.c.EN_Num_tache == task_id
                )
            )
            self._hist(
                conn,
                Action.TASK_DELETE,
                patient=dict(p) if p else {"EC_PK": task["EN_PK_encours"]},
                task_code=task["EN_Code_tache"],
                task_label=tdef.label if tdef else task["EN_Code_tache"],
                task_id=task_id,
                state_label=task["EN_Etat_en_cours"],
                comment=task["EN_Comment"],
            )
            return Change(Action.TASK_DELETE, frozenset({task["EN_PK_encours"]}))

        return self.db.transaction(tx)


def _light_catalogue(conn: Connection, svc: BoardService) -> Catalogue:
    return Catalogue(conn, svc.t)

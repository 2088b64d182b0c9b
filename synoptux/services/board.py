"""Board actions (manual section 3). One transaction each, with its history row.

Every value is made to fit its column before it is written (`db.fit`): a value longer than
its column is cut and the cut is written in the history (`VALUE_CUT`), so an action never
fails, and stores the same thing, whatever the backend and the server's sql_mode.
A 2.x database opened before its upgrade is read-only: every action is refused with the
reason ("base 2.x — lecture seule, lancer synoptux upgrade").
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, select

from synoptux.db.engine import Database
from synoptux.db.fit import Cut, column_width, describe_cuts, fit_row
from synoptux.db.readonly import read_only_reason
from synoptux.domain import model as m
from synoptux.domain.codes import code_key, same_code
from synoptux.domain.rules import apply_state, folded_by_default
from synoptux.services.archive import archive_patient
from synoptux.services.base import Service
from synoptux.services.changes import Change
from synoptux.services.errors import ActionRefused
from synoptux.services.history import Action, record
from synoptux.services.snapshot import Catalogue, load_board
from synoptux.services.ward import WardActions

T = TypeVar("T")


def refuse_if_read_only(db: Database) -> None:
    """ActionRefused('read_only') on a 2.x database opened to look at before its upgrade."""
    reason = read_only_reason(db)
    if reason:
        raise ActionRefused("read_only", reason)


class BoardService(WardActions, Service):
    """Use cases of the board screen, bound to one database and one clock (the
    triage, acknowledgements and identity: `services.ward`)."""

    policy: m.AlarmPolicy | None = None  # the site's snooze and escalation (set by the UI)

    def _tx(self, fn: Callable[[Connection], T]) -> T:
        """One transaction (refused at once on a read-only database)."""
        refuse_if_read_only(self.db)
        return self.db.transaction(fn)

    def _fit(self, table: Table, values: Mapping[str, object], cuts: list[Cut]) -> dict:
        row, made = fit_row(table, values)
        cuts.extend(made)
        return row

    def _warn_cuts(self, conn: Connection, cuts: list[Cut], patient: Mapping | None) -> None:
        """The history row that says which values were cut to fit their column."""
        if cuts:
            self._hist(conn, Action.VALUE_CUT, patient=patient, comment=describe_cuts(cuts))

    # -- reading ---------------------------------------------------------------
    def snapshot(self) -> m.Board:
        return load_board(self.db, self.clock.now(), self.policy)

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

    def _claim_box(self, conn: Connection, code: str) -> None:
        """Write a row that names the box, so that two moves into it conflict everywhere.

        On a Galera cluster the FOR UPDATE above holds on this node only: a screen on
        another node counts the same free place, and Galera certifies the rows written,
        not the rows locked. Both moves writing this row, the second is refused at COMMIT
        (1213) and `Database.transaction` runs it again, counting the first one. (On one
        server it is one more row lock; SQLite write transactions are serialised anyway.)"""
        if conn.dialect.name not in ("mysql", "mariadb"):
            return
        from sqlalchemy.dialects.mysql import insert as mysql_insert

        meta = self.t.meta
        token = uuid.uuid4().hex  # a new value: an unchanged row would be no write at all
        stmt = mysql_insert(meta).values(SM_Cle=f"box_claim:{code_key(code)}"[:64])
        conn.execute(stmt.values(SM_Valeur=token).on_duplicate_key_update(SM_Valeur=token))

    def _hist(self, conn: Connection, action: Action, **kw: Any) -> None:
        record(
            conn, self.t, action, when=self.clock.now(), actor=self.actor, source=self.source, **kw
        )

    def _update_patient(
        self, conn: Connection, patient_id: int, cuts: list[Cut] | None = None, **values: object
    ) -> None:
        row = self._fit(self.t.encours, values, cuts if cuts is not None else [])
        conn.execute(
            self.t.encours.update().where(self.t.encours.c.EC_PK == patient_id).values(**row)
        )

    # -- patient card --------------------------------------------------------------
    def set_anonymous(self, patient_id: int, anonymous: bool) -> Change:
        def tx(conn: Connection) -> Change:
            p = self._patient(conn, patient_id)
            self._update_patient(conn, patient_id, EC_Anonyme=int(anonymous))
            self._hist(conn, Action.SET_ANON, patient=p, comment="1" if anonymous else "0")
            return Change(Action.SET_ANON, frozenset({patient_id}))

        return self._tx(tx)

    def set_folded(self, patient_id: int, folded: bool) -> Change:
        def tx(conn: Connection) -> Change:
            p = self._patient(conn, patient_id)
            self._update_patient(conn, patient_id, EC_Replier=int(folded))
            self._hist(conn, Action.SET_FOLD, patient=p, comment="1" if folded else "0")
            return Change(Action.SET_FOLD, frozenset({patient_id}))

        return self._tx(tx)

    def set_comment(self, patient_id: int, comment: str) -> Change:
        comment = (comment or "").strip()

        def tx(conn: Connection) -> Change:
            p = self._patient(conn, patient_id)
            cuts: list[Cut] = []
            row = self._fit(self.t.encours, {"EC_Commentaire": comment or None}, cuts)
            self._update_patient(conn, patient_id, **row)
            self._hist(conn, Action.COMMENT, patient=p, comment=row["EC_Commentaire"] or "")
            self._warn_cuts(conn, cuts, p)
            return Change(Action.COMMENT, frozenset({patient_id}))

        return self._tx(tx)

    def set_responsible(self, patient_id: int, code: str | None) -> Change:
        """`code` is a responsible of the board (our table, or MedinTux `Personnes` while it
        is empty). `EC_Medecin` receives the MedinTux user GUID when the responsible has one:
        that is what 2.x and the MedinTux macros write and what a 2.x screen looks up."""

        def tx(conn: Connection) -> Change:
            p = self._patient(conn, patient_id)
            value = None
            if code:
                resp = Catalogue(conn, self.t).responsible(code)
                if resp is None:
                    raise ActionRefused("responsible_unknown", f"Unknown responsible {code!r}.")
                value = resp.guid or resp.code
            cuts: list[Cut] = []
            self._update_patient(conn, patient_id, cuts, EC_Medecin=value)
            self._hist(
                conn, Action.SET_OWNER, patient=p, responsible=value or "", comment=p["EC_Medecin"]
            )
            self._warn_cuts(conn, cuts, p)
            return Change(Action.SET_OWNER, frozenset({patient_id}))

        return self._tx(tx)

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
            self._claim_box(conn, box_code)
            btype = m.BoxType.parse(box["BO_Type"]) or m.BoxType.CARE
            if same_code(p["EC_CodeBox"], box_code):
                raise ActionRefused("same_box", "The patient is already in this box.")
            capacity = max(box["BO_Nb_Maxi_Pat"] or 1, 1)
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
            cuts: list[Cut] = []
            values = self._fit(self.t.encours, values, cuts)
            dest = values.get("EC_Destination", destination)
            self._update_patient(conn, patient_id, None, **values)  # None: already fitted
            self._hist(
                conn,
                Action.SET_PLACE,
                patient=p,
                box=box_code,
                box_before=p["EC_CodeBox"],
                comment=dest,
            )
            if dest and btype in (m.BoxType.ABSENCE, m.BoxType.EXIT):
                self._hist(conn, Action.SET_DESTINATION, patient=p, box=box_code, comment=dest)
            self._warn_cuts(conn, cuts, p)
            return Change(
                Action.SET_PLACE, frozenset({patient_id}), frozenset({box_code, p["EC_CodeBox"]})
            )

        return self._tx(tx)

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

        return self._tx(tx)

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
            before = cat.state(task["EN_Etat_en_cours"], task["EN_Code_tache"])
            change = apply_state(
                new_state=state,
                now=self.clock.now(),
                started_at=task["EN_HeureDebut"],
                planned_end=task["EN_HeureFinPrevue"],
                max_minutes=tdef.max_minutes if tdef else None,
            )
            et = self.t.encours_taches
            # 2.x stores and compares the label: write it where 2.x reads it.
            stored = cat.stored_state(
                state, task["EN_Code_tache"], column_width(et, "EN_Etat_en_cours")
            )
            # Only the columns this tap changes: a value another writer set is never written
            # back from our read.
            wanted = {
                "EN_Etat_en_cours": stored,
                "EN_HeureDebut": change.started_at,
                "EN_HeureFin": change.ended_at,
                "EN_HeureFinPrevue": change.planned_end,
            }
            cuts: list[Cut] = []
            row = self._fit(
                et,
                {k: v for k, v in wanted.items() if v != task[k]} | {"EN_Code_acteur": self.actor},
                cuts,
            )
            conn.execute(et.update().where(et.c.EN_Num_tache == task_id).values(**row))
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
            self._warn_cuts(conn, cuts, p)
            return Change(Action.TASK_STATE, frozenset({p["EC_PK"]}))

        return self._tx(tx)

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

        return self._tx(tx)


def _light_catalogue(conn: Connection, svc: BoardService) -> Catalogue:
    return Catalogue(conn, svc.t)

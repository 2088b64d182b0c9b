"""States and task types, with the states allowed per task (`etats_taches`)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Connection, func, or_, select

from synoptux.db.fit import column_width
from synoptux.domain.model import StateDef
from synoptux.services.admin.base import AdminBase
from synoptux.services.admin.records import (
    StateRecord,
    TaskRecord,
    _invalid,
    validate_state,
    validate_task,
)
from synoptux.services.changes import Change
from synoptux.services.errors import ActionRefused
from synoptux.services.snapshot import Catalogue


class CatalogueAdmin(AdminBase):
    # -- states ------------------------------------------------------------------------
    def list_states(self) -> list[StateRecord]:
        with self.db.connect() as conn:
            states = Catalogue(conn, self.t).states
        return [StateRecord(s.code, s.label, s.color, s.ends_task) for s in states]

    def _state_uses(self, conn: Connection, code: str) -> int:
        """Tasks on the board in this state (2.x stored the label, 3.x the code)."""
        row = self._find(conn, self.t.etats, "ET_Code_etat", code)
        col = self.t.encours_taches.c.EN_Etat_en_cours
        match = [col == code]
        if row is not None and row["ET_Libelle_etat"]:
            match.append(func.lower(func.trim(col)) == row["ET_Libelle_etat"].strip().lower())
        return self._count(conn, self.t.encours_taches, or_(*match))

    def save_state(self, rec: StateRecord, original: str | None = None) -> Change:
        """Create or edit a state. Two states cannot share a label (2.x and the board tell
        states apart by label). A new label is carried to the tasks that hold the old one
        (2.x wrote labels, and so do we), on the board and in the archive, in the same
        transaction: every screen, 2.x ones included, keeps showing their state."""
        r = validate_state(rec)
        et, st = self.t.etats, self.t.etats_taches

        def fn(conn: Connection) -> str:
            exists = self._prepare_save(
                conn,
                et,
                "ET_Code_etat",
                r.code,
                original,
                "state",
                lambda c: self._state_uses(conn, c),
            )
            mine = {(original or r.code).lower(), r.code.lower()}
            for code, label in conn.execute(select(et.c.ET_Code_etat, et.c.ET_Libelle_etat)):
                if code.lower() not in mine and (label or "").strip().lower() == r.label.lower():
                    raise ActionRefused(
                        "label_taken",
                        f"The state {code} already has the label {r.label!r}.",
                        what=code,
                        label=r.label,
                    )
            values = self._values(
                et,
                dict(
                    ET_Code_etat=r.code,
                    ET_Libelle_etat=r.label,
                    ET_Couleur_etat=r.color,
                    ET_Tache_terminee=int(r.ends_task),
                ),
            )
            if not exists:
                conn.execute(et.insert().values(**values))
                return f"state {r.code} created ({r.label})"
            before = Catalogue(conn, self.t)
            conn.execute(et.update().where(et.c.ET_Code_etat == original).values(**values))
            if original != r.code:
                conn.execute(
                    st.update().where(st.c.ST_Code_etat == original).values(ST_Code_etat=r.code)
                )
            old = before.state_by_code.get(original or r.code)
            note = ""
            if old is not None and old.label.strip() != r.label:
                moved = self._relabel(conn, before, old, r.code)
                note = f"; label {old.label!r} -> {r.label!r} carried to {moved} task(s)"
            ends = ", ends the task" if r.ends_task else ""
            return f"state {r.code} edited ({r.label}{ends}){note}"

        return self._run(fn, state=r.code)

    def _relabel(self, conn: Connection, before: Catalogue, old: StateDef, code: str) -> int:
        """Tasks whose `EN_Etat_en_cours` holds `old`'s label (and means `old` for their task
        type) get what the board writes for that state now (its new label, or its code)."""
        after = Catalogue(conn, self.t)
        state = after.state_by_code[code]
        moved = 0
        for table in (self.t.encours_taches, self.t.encours_taches_archive):
            col = table.c.EN_Etat_en_cours
            held = func.lower(func.trim(col)) == old.label.strip().lower()
            task_codes = conn.execute(select(table.c.EN_Code_tache).where(held).distinct())
            by_value: dict[str, list] = {}
            for (task_code,) in task_codes:
                meant = before.state(old.label, task_code or "")
                if meant is not None and meant.code == old.code:
                    value = after.stored_state(
                        state, task_code or "", column_width(table, col.name)
                    )
                    by_value.setdefault(value, []).append(task_code)
            for value, codes in by_value.items():
                named = [c for c in codes if c is not None]
                wanted: list[ColumnElement[bool]] = []
                if named:
                    wanted.append(table.c.EN_Code_tache.in_(named))
                if None in codes:
                    wanted.append(table.c.EN_Code_tache.is_(None))
                which = or_(*wanted)  # one condition alone is that condition
                moved += conn.execute(
                    table.update().where(held, which).values({col: value})
                ).rowcount
        return moved

    def delete_state(self, code: str) -> Change:
        et, st = self.t.etats, self.t.etats_taches

        def fn(conn: Connection) -> str:
            if self._find(conn, et, "ET_Code_etat", code) is None:
                raise ActionRefused("gone", f"The state {code!r} no longer exists.", what=code)
            used = self._state_uses(conn, code)
            if used:
                raise ActionRefused(
                    "state_in_use",
                    f"{used} task(s) on the board are in state {code}.",
                    what=code,
                    count=used,
                )
            links = conn.execute(st.delete().where(st.c.ST_Code_etat == code)).rowcount
            conn.execute(et.delete().where(et.c.ET_Code_etat == code))
            return f"state {code} deleted (allowed for {links} task type(s))"

        return self._run(fn, state=code)

    # -- task types --------------------------------------------------------------------
    def list_tasks(self) -> list[TaskRecord]:
        with self.db.connect() as conn:
            tasks = Catalogue(conn, self.t).tasks
        return [
            TaskRecord(
                d.code,
                d.label,
                d.color,
                d.alarm_color,
                d.max_minutes,
                d.default_priority,
                d.default_comment,
                d.mode,
                tuple(s.code for s in d.states),
            )
            for d in tasks
        ]

    def open_tasks(self, conn: Connection, code: str) -> int:
        """Tasks of this type on the board that are not finished."""
        en = self.t.encours_taches.c
        cat = Catalogue(conn, self.t)
        rows = conn.execute(
            select(en.EN_Etat_en_cours, en.EN_HeureFin).where(en.EN_Code_tache == code)
        ).all()
        return sum(
            1
            for state_raw, ended in rows
            if ended is None and not ((s := cat.state(state_raw)) and s.ends_task)
        )

    def _task_uses(self, conn: Connection, code: str) -> int:
        return self._count(
            conn, self.t.encours_taches, self.t.encours_taches.c.EN_Code_tache == code
        )

    def save_task(self, rec: TaskRecord, original: str | None = None) -> Change:
        r = validate_task(rec)
        ta, st = self.t.taches, self.t.etats_taches

        def fn(conn: Connection) -> str:
            exists = self._prepare_save(
                conn,
                ta,
                "TA_Code_tache",
                r.code,
                original,
                "task",
                lambda c: self._task_uses(conn, c),
            )
            known = {s.code for s in Catalogue(conn, self.t).states}
            unknown = [s for s in r.states if s not in known]
            if unknown:
                raise _invalid(
                    "states",
                    f"Unknown state(s): {', '.join(unknown)}.",
                    states=", ".join(unknown),
                    reason="unknown_states",
                )
            values: dict[str, object] = dict(
                TA_Code_tache=r.code,
                TA_Libelle_tache=r.label,
                TA_Couleur_tache=r.color,
                TA_Couleur_alarme=r.alarm_color,
                TA_Duree_maxi=r.max_minutes,
                TA_BoutonMenu=r.mode,
                TA_Commentaire=r.comment,
                TA_Priorite=None if r.priority is None else str(r.priority),
            )
            values = self._values(ta, values)
            if exists:
                conn.execute(ta.update().where(ta.c.TA_Code_tache == original).values(**values))
                conn.execute(st.delete().where(st.c.ST_Code_tache.in_({original, r.code})))
            else:
                conn.execute(ta.insert().values(**values))
            if r.states:
                conn.execute(
                    st.insert(), [dict(ST_Code_tache=r.code, ST_Code_etat=s) for s in r.states]
                )
            verb = "edited" if exists else "created"
            return f"task {r.code} {verb} ({r.label}; states {', '.join(r.states) or 'all'})"

        return self._run(fn, task=r.code)

    def delete_task(self, code: str) -> Change:
        ta, st = self.t.taches, self.t.etats_taches

        def fn(conn: Connection) -> str:
            if self._find(conn, ta, "TA_Code_tache", code) is None:
                raise ActionRefused("gone", f"The task {code!r} no longer exists.", what=code)
            opened = self.open_tasks(conn, code)
            if opened:
                raise ActionRefused(
                    "task_in_use",
                    f"{opened} open task(s) of type {code} are on the board.",
                    what=code,
                    count=opened,
                )
            conn.execute(st.delete().where(st.c.ST_Code_tache == code))
            conn.execute(ta.delete().where(ta.c.TA_Code_tache == code))
            return f"task {code} deleted"

        return self._run(fn, task=code)

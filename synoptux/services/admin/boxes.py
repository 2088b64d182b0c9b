"""Boxes: create, edit, delete, and move the patients of a box before deleting it."""

from __future__ import annotations

from sqlalchemy import Connection, select

from synoptux.domain.model import BoxType
from synoptux.services.admin.base import AdminBase
from synoptux.services.admin.records import (
    BoxRecord,
    validate_box,
)
from synoptux.services.changes import Change
from synoptux.services.errors import ActionRefused
from synoptux.services.history import Action, record


class BoxAdmin(AdminBase):
    # -- boxes -------------------------------------------------------------------------
    def list_boxes(self) -> list[BoxRecord]:
        b = self.t.box.c
        with self.db.connect() as conn:
            rows = conn.execute(select(self.t.box).order_by(b.BO_Code)).mappings().all()
        return [
            BoxRecord(
                r["BO_Code"],
                r["BO_Libelle"] or "",
                r["BO_CouleurBG"] or None,
                r["BO_CouleurTitre"] or None,
                r["BO_Nb_Maxi_Pat"] or 1,
                (BoxType.parse(r["BO_Type"]) or BoxType.CARE).value,
            )
            for r in rows
        ]

    def _box_patients(self, conn: Connection, code: str) -> int:
        return self._count(conn, self.t.encours, self.t.encours.c.EC_CodeBox == code)

    def save_box(self, rec: BoxRecord, original: str | None = None) -> Change:
        r = validate_box(rec)

        def fn(conn: Connection) -> str:
            exists = self._prepare_save(
                conn,
                self.t.box,
                "BO_Code",
                r.code,
                original,
                "box",
                lambda c: self._box_patients(conn, c),
            )
            values: dict[str, object] = dict(
                BO_Code=r.code,
                BO_Libelle=r.label,
                BO_CouleurBG=r.bg_color,
                BO_CouleurTitre=r.title_color,
                BO_Nb_Maxi_Pat=r.capacity,
                BO_Type=r.type,
            )
            values = self._values(self.t.box, values)
            if not exists:
                conn.execute(self.t.box.insert().values(**values))
                return f"box {r.code} created ({r.label}, {r.type}, capacity {r.capacity})"
            conn.execute(
                self.t.box.update().where(self.t.box.c.BO_Code == original).values(**values)
            )
            present = self._box_patients(conn, r.code)
            note = f"; {present} patients for {r.capacity} places" if present > r.capacity else ""
            renamed = f" (was {original})" if original != r.code else ""
            return (
                f"box {r.code}{renamed} edited ({r.label}, {r.type}, capacity {r.capacity}){note}"
            )

        return self._run(fn, box=r.code, box2=original)

    def delete_box(self, code: str, *, default_box: str | None = None) -> Change:
        """Delete an empty box; never the default box of entries (`Code_Box_Par_Defaut`)."""

        def fn(conn: Connection) -> str:
            if self._find(conn, self.t.box, "BO_Code", code) is None:
                raise ActionRefused("gone", f"The box {code!r} no longer exists.", what=code)
            if default_box and default_box.strip().lower() == code.lower():
                raise ActionRefused(
                    "box_default",
                    f"Box {code} receives the entries that name no box "
                    "([Interface] Code_Box_Par_Defaut): choose another default box first.",
                    what=code,
                )
            present = self._box_patients(conn, code)
            if present:
                raise ActionRefused(
                    "box_in_use",
                    f"Box {code} holds {present} patient(s): move them first.",
                    what=code,
                    count=present,
                )
            conn.execute(self.t.box.delete().where(self.t.box.c.BO_Code == code))
            return f"box {code} deleted"

        return self._run(fn, box=code)

    def move_box_patients(self, code: str, target: str) -> Change:
        """Move every patient of a box to another one (before deleting it).

        Refused if the target lacks room for all of them; one history row per patient
        (SET_PLACE, as a move from the board) plus the ADMIN row.
        """
        e = self.t.encours

        def fn(conn: Connection) -> str:
            box = self._find(conn, self.t.box, "BO_Code", target)
            if box is None or target == code:
                raise ActionRefused("box_unknown", f"Unknown target box {target!r}.", box=target)
            rows = conn.execute(select(e).where(e.c.EC_CodeBox == code)).mappings().all()
            present = self._box_patients(conn, target)
            capacity = max(box["BO_Nb_Maxi_Pat"] or 1, 1)
            if present + len(rows) > capacity:
                raise ActionRefused(
                    "box_full",
                    f"Box {target} has room for {capacity - present} patient(s), not {len(rows)}.",
                    box=target,
                    free=max(capacity - present, 0),
                    count=len(rows),
                )
            now = self.clock.now()
            for p in rows:
                conn.execute(
                    e.update()
                    .where(e.c.EC_PK == p["EC_PK"])
                    .values(EC_CodeBox=target, EC_HeureSortie=now)
                )
                record(
                    conn,
                    self.t,
                    Action.SET_PLACE,
                    when=now,
                    patient=p,
                    box=target,
                    box_before=code,
                    actor=self.actor,
                    source=self.source,
                )
            return f"{len(rows)} patient(s) moved from box {code} to box {target}"

        return self._run(fn, box=code, box2=target)

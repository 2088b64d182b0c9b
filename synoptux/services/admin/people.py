"""Responsibles (and their import) and exit/absence destinations."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Connection, func, select

from synoptux.db.fit import fit_value
from synoptux.services.admin.base import AdminBase
from synoptux.services.admin.records import (
    DestinationRecord,
    ImportReport,
    ResponsibleRecord,
    validate_destination,
    validate_responsible,
)
from synoptux.services.changes import Change
from synoptux.services.errors import ActionRefused


class PeopleAdmin(AdminBase):
    # -- responsibles ------------------------------------------------------------------
    def list_responsibles(self) -> list[ResponsibleRecord]:
        c = self.t.responsables.c
        with self.db.connect() as conn:
            rows = conn.execute(select(self.t.responsables).order_by(c.RE_Code)).mappings().all()
        return [
            ResponsibleRecord(
                r["RE_Code"], r["RE_Nom"] or "", r["RE_Couleur"] or None, r["RE_GUID"] or None
            )
            for r in rows
        ]

    def _responsible_uses(self, conn: Connection, code: str) -> int:
        row = self._find(conn, self.t.responsables, "RE_Code", code)
        names = {code} | ({row["RE_GUID"]} if row is not None and row["RE_GUID"] else set())
        medecin = func.lower(func.trim(self.t.encours.c.EC_Medecin))  # the board matches so
        return self._count(conn, self.t.encours, medecin.in_({n.lower() for n in names}))

    def save_responsible(self, rec: ResponsibleRecord, original: str | None = None) -> Change:
        r = validate_responsible(rec)
        re_ = self.t.responsables

        def fn(conn: Connection) -> str:
            exists = self._prepare_save(
                conn,
                re_,
                "RE_Code",
                r.code,
                original,
                "responsible",
                lambda c: self._responsible_uses(conn, c),
            )
            values = self._values(
                re_, dict(RE_Code=r.code, RE_Nom=r.name, RE_Couleur=r.color, RE_GUID=r.guid)
            )
            if exists:
                conn.execute(re_.update().where(re_.c.RE_Code == original).values(**values))
                return f"responsible {r.code} edited ({r.name})"
            conn.execute(re_.insert().values(**values))
            return f"responsible {r.code} created ({r.name})"

        return self._run(fn)

    def delete_responsible(self, code: str) -> Change:
        re_ = self.t.responsables

        def fn(conn: Connection) -> str:
            if self._find(conn, re_, "RE_Code", code) is None:
                raise ActionRefused(
                    "gone", f"The responsible {code!r} no longer exists.", what=code
                )
            used = self._responsible_uses(conn, code)
            if used:
                raise ActionRefused(
                    "responsible_in_use",
                    f"{code} is the responsible of {used} patient(s) on the board.",
                    what=code,
                    count=used,
                )
            conn.execute(re_.delete().where(re_.c.RE_Code == code))
            return f"responsible {code} deleted"

        return self._run(fn)

    def import_responsibles(self, people: list[ResponsibleRecord], origin: str) -> ImportReport:
        """Add the people not yet known (by code or GUID); fill the GUID of known codes."""
        report = ImportReport()
        re_ = self.t.responsables

        def fn(conn: Connection) -> str:
            for person in people:
                # A name longer than the column is cut (and said), not a reason to skip him.
                name, cut = fit_value(re_, "RE_Nom", (person.name or "").strip())
                if cut is not None:
                    self._cuts.append(cut)
                    person = replace(person, name=str(name))
                try:
                    p = validate_responsible(person)
                except ActionRefused as exc:
                    report.skipped.append(f"{person.code or person.guid}: {exc.message}")
                    continue
                row = self._find(conn, re_, "RE_Code", p.code)
                by_guid = (
                    p.guid
                    and conn.execute(select(re_.c.RE_Code).where(re_.c.RE_GUID == p.guid)).scalar()
                )
                if row is None and by_guid:
                    report.skipped.append(f"{p.code}: already imported as {by_guid}")
                elif row is None:
                    conn.execute(
                        re_.insert().values(
                            **self._values(
                                re_,
                                dict(
                                    RE_Code=p.code,
                                    RE_Nom=p.name,
                                    RE_Couleur=p.color,
                                    RE_GUID=p.guid,
                                ),
                            )
                        )
                    )
                    report.added.append(p.code)
                elif p.guid and not row["RE_GUID"]:
                    conn.execute(
                        re_.update().where(re_.c.RE_Code == row["RE_Code"]).values(RE_GUID=p.guid)
                    )
                    report.updated.append(row["RE_Code"])
                else:
                    report.skipped.append(f"{p.code}: already known")
            return (
                f"responsibles imported from {origin}: {len(report.added)} added, "
                f"{len(report.updated)} updated, {len(report.skipped)} skipped"
            )

        self._run(fn)
        return report

    # -- destinations ------------------------------------------------------------------
    def list_destinations(self, kind: str) -> list[DestinationRecord]:
        d = self.t.destinations.c
        with self.db.connect() as conn:
            rows = conn.execute(select(self.t.destinations).order_by(d.DE_Destination)).all()
        return [
            DestinationRecord(r.DE_PK, r.DE_Destination or "", kind)
            for r in rows
            if (r.DE_TypeSortie or "Sortie").strip().lower() == kind.lower()
        ]

    def save_destination(self, rec: DestinationRecord) -> Change:
        """Only the `destinations` table is written: no patient is touched (2.x defect 14)."""
        r = validate_destination(rec)
        de = self.t.destinations

        def fn(conn: Connection) -> str:
            same = (
                conn.execute(
                    select(de.c.DE_PK).where(
                        func.lower(de.c.DE_Destination) == r.label.lower(),
                        func.lower(de.c.DE_TypeSortie) == r.kind.lower(),
                    )
                )
                .scalars()
                .all()
            )
            if [pk for pk in same if pk != r.id]:
                raise ActionRefused(
                    "code_taken",
                    f"The destination {r.label!r} already exists.",
                    what=r.label,
                    kind="destination",
                )
            values = self._values(de, dict(DE_Destination=r.label, DE_TypeSortie=r.kind))
            if r.id is None:
                conn.execute(de.insert().values(**values))
                return f"{r.kind} destination {r.label!r} created"
            old = conn.execute(select(de.c.DE_Destination).where(de.c.DE_PK == r.id)).scalar()
            if old is None:
                raise ActionRefused("gone", "This destination no longer exists.", what=r.label)
            conn.execute(de.update().where(de.c.DE_PK == r.id).values(**values))
            return f"{r.kind} destination {old!r} renamed {r.label!r}"

        return self._run(fn)

    def delete_destination(self, dest_id: int) -> Change:
        """Patients keep the text of their chosen destination (it is copied, not linked)."""
        de = self.t.destinations

        def fn(conn: Connection) -> str:
            row = conn.execute(select(de).where(de.c.DE_PK == dest_id)).mappings().first()
            if row is None:
                raise ActionRefused("gone", "This destination no longer exists.", what=str(dest_id))
            conn.execute(de.delete().where(de.c.DE_PK == dest_id))
            return f"{row['DE_TypeSortie']} destination {row['DE_Destination']!r} deleted"

        return self._run(fn)

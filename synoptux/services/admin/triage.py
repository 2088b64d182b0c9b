"""Fichiers > Triage levels: the triage scale in use, edited like the other
reference tables (one transaction, an ADMIN history row, the audit's before and after).

Codes are what macros and entry files write (`EC_Niveau_Tri`, `Niveau_Tri=`), compared by
`domain.triage.level_code` ('3a' is '3A'): a level held by a patient on the board can be
edited (label, colour, target delay) but neither renamed nor deleted, and a shipped scale
(FRENCH, CCMU) replaces the table only when it keeps every level in use.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from synoptux.domain.triage import CODE_WIDTH, SCALES, level_code, shipped_scale
from synoptux.services.admin.base import AdminBase
from synoptux.services.admin.records import _invalid, clean_code, clean_color, clean_text
from synoptux.services.changes import Change
from synoptux.services.errors import ActionRefused


@dataclass(frozen=True)
class TriageRecord:
    code: str
    label: str
    color: str | None = None
    target_minutes: int | None = None  # delay to the first medical contact (None: none)
    order: int = 0


def validate_triage(r: TriageRecord) -> TriageRecord:
    code = level_code(clean_code(r.code, max_len=CODE_WIDTH))
    if r.target_minutes is not None and (
        not isinstance(r.target_minutes, int) or r.target_minutes < 0
    ):
        raise _invalid("target", "The target delay must be at least 0.", reason="min", min=0)
    return TriageRecord(
        code or "",
        clean_text(r.label, "label", 200) or "",
        clean_color(r.color),
        r.target_minutes,
        int(r.order or 0),
    )


class TriageAdmin(AdminBase):
    def list_triage_levels(self) -> list[TriageRecord]:
        tl = self.t.triage_levels
        with self.db.connect() as conn:
            rows = conn.execute(select(tl).order_by(tl.c.NT_Ordre, tl.c.NT_Code)).mappings()
            return [
                TriageRecord(
                    r["NT_Code"],
                    r["NT_Libelle"],
                    r["NT_Couleur"],
                    r["NT_Delai_mn"],
                    r["NT_Ordre"] or 0,
                )
                for r in rows
            ]

    def _levels_in_use(self, conn: Connection) -> dict[str, int]:
        """Level code (by the code rule) -> patients on the board holding it."""
        used: dict[str, int] = {}
        for (raw,) in conn.execute(select(self.t.encours.c.EC_Niveau_Tri)):
            code = level_code(raw)
            if code is not None:
                used[code] = used.get(code, 0) + 1
        return used

    def save_triage_level(self, rec: TriageRecord, original: str | None = None) -> Change:
        r = validate_triage(rec)
        tl = self.t.triage_levels

        def fn(conn: Connection) -> str:
            exists = self._prepare_save(
                conn,
                tl,
                "NT_Code",
                r.code,
                original,
                "triage level",
                lambda c: self._levels_in_use(conn).get(level_code(c) or "", 0),
            )
            values = self._values(
                tl,
                dict(
                    NT_Code=r.code,
                    NT_Libelle=r.label,
                    NT_Couleur=r.color,
                    NT_Delai_mn=r.target_minutes,
                    NT_Ordre=r.order,
                ),
            )
            delay = "no target" if r.target_minutes is None else f"{r.target_minutes} min"
            if not exists:
                conn.execute(tl.insert().values(**values))
                return f"triage level {r.code} created ({r.label}, {delay})"
            conn.execute(tl.update().where(tl.c.NT_Code == original).values(**values))
            return f"triage level {r.code} edited ({r.label}, {delay})"

        return self._run(fn)

    def delete_triage_level(self, code: str) -> Change:
        tl = self.t.triage_levels

        def fn(conn: Connection) -> str:
            if self._find(conn, tl, "NT_Code", code) is None:
                raise ActionRefused(
                    "gone", f"The triage level {code!r} no longer exists.", what=code
                )
            used = self._levels_in_use(conn).get(level_code(code) or "", 0)
            if used:
                raise ActionRefused(
                    "triage_in_use",
                    f"{used} patient(s) on the board have the triage level {code}.",
                    what=code,
                    count=used,
                )
            conn.execute(tl.delete().where(tl.c.NT_Code == code))
            return f"triage level {code} deleted"

        return self._run(fn)

    def load_triage_scale(self, scale: str) -> Change:
        """Replace the levels by a shipped scale (FRENCH or CCMU)."""
        if scale.upper() not in SCALES:
            raise _invalid("scale", f"Unknown scale {scale!r}.", reason="choice")
        levels = shipped_scale(scale)
        tl = self.t.triage_levels

        def fn(conn: Connection) -> str:
            keep = {level_code(lv.code) for lv in levels}
            lost = {c: n for c, n in self._levels_in_use(conn).items() if c not in keep}
            if lost:
                code, count = sorted(lost.items())[0]
                raise ActionRefused(
                    "triage_in_use",
                    f"{count} patient(s) on the board have the triage level {code}, "
                    f"which the {scale} scale lacks.",
                    what=code,
                    count=count,
                )
            conn.execute(tl.delete())
            conn.execute(
                tl.insert(),
                [
                    self._values(
                        tl,
                        dict(
                            NT_Code=lv.code,
                            NT_Libelle=lv.label,
                            NT_Couleur=lv.color,
                            NT_Delai_mn=lv.target_minutes,
                            NT_Ordre=lv.order,
                            NT_Echelle=lv.scale,
                        ),
                    )
                    for lv in levels
                ],
            )
            return f"triage scale {scale.upper()} loaded ({len(levels)} levels)"

        return self._run(fn)

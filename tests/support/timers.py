"""Helpers of the timer-engine tests: rows written as the legacy writers do, read back through
the real snapshot."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, func, literal, select

from synoptux.db.engine import Database
from synoptux.domain.model import Board
from synoptux.services.snapshot import load_board


def raw(value: object) -> object:
    """Strings go to the database as they are (the 2.x '1000-01-01 01:01:01' sentinels
    stay sentinels instead of being normalised to NULL by our column type)."""
    return literal(value, String()) if isinstance(value, str) else value


class Rows:
    """Writes patients and tasks straight into the board tables."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.t = db.tables

    def patient(
        self,
        box: str,
        name: str,
        *,
        entered: datetime | str | None,
        moved: datetime | str | None = None,
        first: str | None = None,
        folded: int = 0,
        anonymous: int = 0,
    ) -> int:
        values = dict(
            EC_CodeBox=box,
            EC_NomPatient=name,
            EC_PrenomPatient=first,
            EC_HeureEntree=entered if entered is not None else "1000-01-01 01:01:01",
            EC_HeureSortie=moved,
            EC_Replier=folded,
            EC_Anonyme=anonymous,
        )
        values = {k: raw(v) for k, v in values.items()}
        return self.db.transaction(
            lambda c: c.execute(self.t.encours.insert().values(**values)).inserted_primary_key[0]
        )

    def task(
        self,
        patient: int,
        code: str,
        *,
        planned_start: datetime | str | None = None,
        planned_end: datetime | str | None = None,
        started: datetime | str | None = None,
        ended: datetime | str | None = None,
        state: str | None = None,
    ) -> int:
        values = dict(
            EN_PK_encours=patient,
            EN_Code_tache=code,
            EN_HeureDebPrevue=planned_start,
            EN_HeureFinPrevue=planned_end,
            EN_HeureDebut=started,
            EN_HeureFin=ended,
            EN_Etat_en_cours=state,
        )
        values = {k: raw(v) for k, v in values.items()}
        return self.db.transaction(
            lambda c: c.execute(
                self.t.encours_taches.insert().values(**values)
            ).inserted_primary_key[0]
        )

    def count(self, table_name: str, **where: object) -> int:
        table = getattr(self.t, table_name)
        q = select(func.count()).select_from(table)
        for col, value in where.items():
            q = q.where(table.c[col] == value)
        with self.db.connect() as conn:
            return conn.execute(q).scalar_one()

    def history(self, action: str) -> list[dict]:
        h = self.t.historique
        with self.db.connect() as conn:
            rows = conn.execute(
                select(h).where(h.c.HI_Action == action).order_by(h.c.HI_PK)
            ).mappings()
            return [dict(r) for r in rows]

    def board(self, now: datetime) -> Board:
        return load_board(self.db, now)

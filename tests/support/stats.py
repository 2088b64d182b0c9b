"""Helpers of the statistics tests: a board driven through the real services at chosen times."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.services.board import BoardService
from synoptux.services.history import Action, record


class Ward:
    """Drives a board through the real services at chosen times."""

    def __init__(self, db: Database, clock: FakeClock) -> None:
        self.db = db
        self.clock = clock
        self.svc = BoardService(db, clock, actor="test", source="test")

    def at(self, hhmm: str, day: str = "2026-11-23") -> BoardService:
        self.clock.set(datetime.fromisoformat(f"{day} {hhmm}"))
        return self.svc

    def admit(
        self, name: str, box: str, hhmm: str, day: str = "2026-11-23", guid: str | None = None
    ) -> int:
        """A patient inserted as a plug script does: the row, then PATIENT_IN."""
        when = datetime.fromisoformat(f"{day} {hhmm}")
        t = self.db.tables

        def tx(conn):
            values = dict(
                EC_CodeBox=box,
                EC_NomPatient=name,
                EC_PrenomPatient="Test",
                EC_HeureEntree=when,
                EC_GUIDPatient=guid,
            )
            pk = conn.execute(t.encours.insert().values(**values)).inserted_primary_key[0]
            record(
                conn,
                t,
                Action.PATIENT_IN,
                when=when,
                patient={**values, "EC_PK": pk},
                source="test",
            )
            return pk

        return self.db.transaction(tx)

    def task(self, patient: int, code: str) -> int:
        t = self.db.tables
        return self.db.transaction(
            lambda conn: conn.execute(
                t.encours_taches.insert().values(EN_PK_encours=patient, EN_Code_tache=code)
            ).inserted_primary_key[0]
        )

    def archive_id(self, patient: int) -> int:
        t = self.db.tables
        with self.db.connect() as conn:
            return conn.execute(
                select(t.encours_archive.c.AR_PK).where(t.encours_archive.c.EC_PK == patient)
            ).scalar_one()

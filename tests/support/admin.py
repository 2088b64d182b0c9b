"""Helpers of the admin tests: the test site's ini, patients written the way MedinTux does, the
history and change-log readers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from synoptux.db.engine import Database

INI = """; Synoptux settings of the test site
[Interface]
Code_Box_Par_Defaut = A1
; a key the new board does not know: kept as it is
Cle_Inconnue = garder, moi ; avec un point-virgule

[Timer]
Periodicite_clignotement_en_secondes = 1
Verrouillage_admin_en_secondes = 120
"""


def add_patient(
    db: Database,
    box: str,
    name: str = "DUPONT",
    *,
    medecin: str | None = None,
    destination: str | None = None,
    tasks: tuple[tuple[str, str | None], ...] = (),
    when: datetime = datetime(2026, 11, 23, 9, 0),
) -> int:
    """A patient inserted the way MedinTux does (direct INSERT), with tasks (code, state)."""
    t = db.tables

    def tx(conn):
        pk = conn.execute(
            t.encours.insert().values(
                EC_CodeBox=box,
                EC_NomPatient=name,
                EC_PrenomPatient="Jean",
                EC_HeureEntree=when,
                EC_HeureSortie=when,
                EC_Medecin=medecin,
                EC_Destination=destination,
            )
        ).inserted_primary_key[0]
        for code, state in tasks:
            conn.execute(
                t.encours_taches.insert().values(
                    EN_PK_encours=pk, EN_Code_tache=code, EN_Etat_en_cours=state
                )
            )
        return pk

    return db.transaction(tx)


def history(db: Database, action: str = "ADMIN") -> list[str]:
    h = db.tables.historique.c
    with db.connect() as conn:
        return list(
            conn.execute(
                select(h.HI_Commentaire).where(h.HI_Action == action).order_by(h.HI_PK)
            ).scalars()
        )


def revision(db: Database) -> int:
    """The newest id of the change log (grows with every change the boards must see)."""
    c = db.tables.changes.c
    with db.connect() as conn:
        return conn.execute(select(func.coalesce(func.max(c.CH_Id), 0))).scalar_one()


@dataclass
class Calls:
    reloads: int = 0
    settings: int = 0
    css: list[str] = field(default_factory=list)

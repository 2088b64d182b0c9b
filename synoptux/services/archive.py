"""Moving a stay from the board to the archive (never a hard delete: 2.x defects 8, 13)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import Connection, select

from synoptux.db.tables import Tables

_ENCOURS_COLS = (
    "EC_PK",
    "EC_CodeBox",
    "EC_NomPatient",
    "EC_PrenomPatient",
    "EC_HeureEntree",
    "EC_HeureSortie",
    "EC_Medecin",
    "EC_GUIDPatient",
    "EC_Replier",
    "EC_Anonyme",
    "EC_Commentaire",
    "EC_Destination",
    "EC_ProgAnnexe",
    "EC_ArgsAnnexe",
)


def archive_patient(
    conn: Connection, t: Tables, patient: Mapping, *, when: datetime, reason: str
) -> int:
    """Copy the stay and its tasks to the archive tables, then remove them from the board.

    Returns the number of tasks archived. Same transaction as the caller's.
    """
    pk = patient["EC_PK"]
    values = {c: patient[c] for c in _ENCOURS_COLS}
    if values["EC_HeureEntree"] is None:  # a sentinel entry time: keep the row anyway
        values["EC_HeureEntree"] = when
    conn.execute(t.encours_archive.insert().values(**values, AR_Date_archive=when, AR_Motif=reason))
    task_cols = [c for c in t.encours_taches.c]
    tasks = (
        conn.execute(select(*task_cols).where(t.encours_taches.c.EN_PK_encours == pk))
        .mappings()
        .all()
    )
    if tasks:
        conn.execute(
            t.encours_taches_archive.insert(),
            [{**dict(row), "AT_Date_archive": when} for row in tasks],
        )
        conn.execute(t.encours_taches.delete().where(t.encours_taches.c.EN_PK_encours == pk))
    conn.execute(t.encours.delete().where(t.encours.c.EC_PK == pk))
    return len(tasks)

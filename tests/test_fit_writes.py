"""Every write of the board actions and of the administration fits or is cut, with a
`VALUE_CUT` history row: never a failed action, and the same stored value on SQLite and on
MariaDB whatever its sql_mode (the MariaDB part runs under STRICT_ALL_TABLES and '')."""

from __future__ import annotations

from sqlalchemy import select

from synoptux.services.admin import AdminService, ResponsibleRecord
from synoptux.services.board import BoardService
from synoptux.services.seed import seed_reference
from tests.support.clock import T0


def _patient(db) -> int:
    t = db.tables
    return db.transaction(
        lambda conn: conn.execute(
            t.encours.insert().values(EC_CodeBox="S1", EC_NomPatient="LONG", EC_HeureEntree=T0)
        ).inserted_primary_key[0]
    )


def _cut_rows(db) -> list[str]:
    h = db.tables.historique.c
    with db.connect() as conn:
        return list(
            conn.execute(
                select(h.HI_Commentaire).where(h.HI_Action == "VALUE_CUT").order_by(h.HI_PK)
            ).scalars()
        )


def test_a_long_comment_and_destination_are_cut_and_said(db, clock) -> None:
    seed_reference(db)
    pk = _patient(db)
    board = BoardService(db, clock, actor="poste")
    board.set_comment(pk, "é" * 300)
    board.move_patient(pk, "SORT", destination="Transfert " + "x" * 290)
    t = db.tables
    with db.connect() as conn:
        comment, dest = conn.execute(
            select(t.encours.c.EC_Commentaire, t.encours.c.EC_Destination).where(
                t.encours.c.EC_PK == pk
            )
        ).one()
        noted = (
            conn.execute(
                select(t.historique.c.HI_NumEncours).where(t.historique.c.HI_Action == "VALUE_CUT")
            )
            .scalars()
            .all()
        )
    assert comment == "é" * 255 and dest == ("Transfert " + "x" * 290)[:255]
    assert _cut_rows(db) == [
        "value cut to fit its column: EC_Commentaire: 300 characters cut to 255",
        "value cut to fit its column: EC_Destination: 300 characters cut to 255",
    ]
    assert noted == [str(pk), str(pk)]  # in the patient's own history


def test_values_that_fit_write_no_warning(db, clock) -> None:
    seed_reference(db)
    pk = _patient(db)
    board = BoardService(db, clock, actor="poste")
    board.set_comment(pk, "Allergie pénicilline")
    board.move_patient(pk, "SORT", destination="Domicile")
    assert _cut_rows(db) == []


def test_an_imported_name_too_long_is_cut_not_skipped(db, clock) -> None:
    admin = AdminService(db, clock, actor="poste")
    long_name = "DE LA " + "TOUR " * 30  # 156 characters, 155 once stripped
    report = admin.import_responsibles(
        [ResponsibleRecord("dlt", long_name, "#112233", "GUID-DLT")], "MedinTux"
    )
    assert report.added == ["dlt"]
    t = db.tables
    with db.connect() as conn:
        name = conn.execute(
            select(t.responsables.c.RE_Nom).where(t.responsables.c.RE_Code == "dlt")
        ).scalar_one()
    assert name == long_name.strip()[:100]
    assert _cut_rows(db) == ["value cut to fit its column: RE_Nom: 155 characters cut to 100"]

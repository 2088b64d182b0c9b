"""Rows made to fit their table are stored the same way on SQLite and strict MariaDB."""

from __future__ import annotations

from sqlalchemy import select, text

from synoptux.db.fit import fit_row, fit_value
from tests.support.clock import T0


def test_long_text_is_cut_to_the_column_width_and_reported(db) -> None:
    t = db.tables
    row, cuts = fit_row(
        t.encours,
        {
            "EC_CodeBox": "S1",
            "EC_NomPatient": "N" * 150,
            "EC_Commentaire": "é" * 300,
            "EC_HeureEntree": T0,
        },
    )
    assert [(c.column, c.width, c.length) for c in cuts] == [
        ("EC_NomPatient", 100, 150),
        ("EC_Commentaire", 255, 300),
    ]
    with db.connect() as conn:
        if db.dialect == "mysql":
            conn.execute(text("SET SESSION sql_mode = 'STRICT_ALL_TABLES'"))
        pk = conn.execute(t.encours.insert().values(**row)).inserted_primary_key[0]
        conn.commit()
        name, comment = conn.execute(
            select(t.encours.c.EC_NomPatient, t.encours.c.EC_Commentaire).where(
                t.encours.c.EC_PK == pk
            )
        ).one()
    assert name == "N" * 100
    assert comment == "é" * 255


def test_values_that_fit_are_untouched(db) -> None:
    row, cuts = fit_row(db.tables.encours, {"EC_NomPatient": "D'ARTAGNAN", "EC_Replier": 1})
    assert cuts == []
    assert row == {"EC_NomPatient": "D'ARTAGNAN", "EC_Replier": 1}


def test_integer_out_of_range_is_not_stored(db) -> None:
    kept, cut = fit_value(db.tables.historique, "HI_Num_tache", 10**20)
    assert kept is None and cut is not None and "out of range" in cut.describe()
    kept, cut = fit_value(db.tables.historique, "HI_Num_tache", 2**31 - 1)
    assert kept == 2**31 - 1 and cut is None

"""Responsibles without an import: while our table is empty, the board
reads MedinTux's `Personnes` as 2.x did (GUID, Login, Couleur; rights med and sgn), from the
MedinTux connection or from the board's own database; the import still copies them."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, select, text

from synoptux.config import Settings
from synoptux.services.admin import AdminService, read_medintux_people
from synoptux.services.board import BoardService
from synoptux.services.people import configure_people, people_fallback
from synoptux.services.setup import open_database
from synoptux.services.snapshot import load_board
from tests.support.clock import T0

PEOPLE = [
    # (Nom, Prenom, Login, GUID, Droits, Couleur)
    ("ROCHE", "Olivier", "ro", "GUID-RO", "-med-sgn-adm-", "#ff8000"),
    ("SEVIN", "Emma", "sev", "GUID-SEV", "-sgn-med-", "3366cc"),  # MedinTux's bare colour
    ("LAMBERT", "Anne", "lam", "GUID-LAM", "-inf-", "#00aa00"),  # not a doctor who signs
]


def add_personnes(url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            auto = "AUTOINCREMENT" if conn.dialect.name == "sqlite" else "AUTO_INCREMENT"
            conn.execute(
                text(
                    f"CREATE TABLE Personnes (ID_PrimKey INTEGER PRIMARY KEY {auto}, Nom VARCHAR(60), "
                    "Prenom VARCHAR(60), Login VARCHAR(40), GUID VARCHAR(40), "
                    "Droits VARCHAR(255), Couleur VARCHAR(20))"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO Personnes (Nom, Prenom, Login, GUID, Droits, Couleur) "
                    "VALUES (:n, :p, :l, :g, :d, :c)"
                ),
                [dict(n=n, p=p, l=lo, g=g, d=d, c=c) for n, p, lo, g, d, c in PEOPLE],
            )
    finally:
        engine.dispose()


def _patient(db, medecin: str | None) -> int:
    t = db.tables
    return db.transaction(
        lambda conn: conn.execute(
            t.encours.insert().values(
                EC_CodeBox="S1", EC_NomPatient="X", EC_HeureEntree=T0, EC_Medecin=medecin
            )
        ).inserted_primary_key[0]
    )


def test_personnes_of_the_board_database_are_the_responsibles(db, backend_url, clock) -> None:
    add_personnes(backend_url)
    pk = _patient(db, "GUID-SEV")  # what the MedinTux macro writes
    board = load_board(db, T0)
    assert [(r.code, r.name, r.color) for r in board.responsibles] == [
        ("GUID-RO", "ro", "#ff8000"),
        ("GUID-SEV", "sev", "#3366cc"),
    ]
    assert board.patient(pk).responsible.name == "sev"
    assert "unknown_responsible" not in board.patient(pk).marks
    BoardService(db, clock, actor="poste").set_responsible(pk, "GUID-RO")
    t = db.tables
    with db.connect() as conn:
        assert (
            conn.execute(select(t.encours.c.EC_Medecin).where(t.encours.c.EC_PK == pk)).scalar()
            == "GUID-RO"  # what 2.x writes and reads
        )
    # The import copies them; from then on our table wins, the GUIDs still resolve.
    report = AdminService(db, clock, actor="poste").import_responsibles(
        read_medintux_people(backend_url), "MedinTux"
    )
    assert sorted(report.added) == ["ro", "sev"]
    board = load_board(db, T0)
    assert {r.code for r in board.responsibles} == {"ro", "sev"}
    assert board.patient(pk).responsible.code == "ro"


def test_personnes_read_at_most_once_a_minute(db, backend_url) -> None:
    add_personnes(backend_url)
    fallback = people_fallback(db.engine)
    now = [1000.0]
    fallback._monotonic = lambda: now[0]  # the fallback's own clock, for the test
    fallback.invalidate()
    statements: list[str] = []

    @event.listens_for(db.engine, "before_cursor_execute")
    def count(_c, _cur, statement, *_a):
        if "Personnes" in statement or "personnes" in statement.lower():
            statements.append(statement)

    try:
        load_board(db, T0)
        first = len(statements)
        load_board(db, T0)
        assert len(statements) == first  # cached
        now[0] += 61
        load_board(db, T0)
        assert len(statements) > first
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_personnes_of_the_configured_medintux_database(tmp_path: Path, clock) -> None:
    medintux = f"sqlite:///{tmp_path / 'drtuxtest.db'}"
    add_personnes(medintux)
    ini = tmp_path / "synoptux.ini"
    ini.write_text(
        f"[Connexion_SynopTux]\nURL=sqlite:///{tmp_path / 'board.db'}\n"
        f"[Connexion_MedinTux]\nURL={medintux}\n",
        encoding="utf-8",
    )
    settings = Settings.load(ini)
    db = open_database(settings, first_run=True)
    try:
        t = db.tables
        db.transaction(lambda conn: conn.execute(t.responsables.delete()))
        board = load_board(db, T0)
        assert {r.name for r in board.responsibles} == {"ro", "sev"}
        assert people_fallback(db.engine).source == "MedinTux connection"
    finally:
        db.dispose()


def test_no_personnes_anywhere_gives_no_responsible(db) -> None:
    configure_people(db.engine, None)
    assert load_board(db, T0).responsibles == ()
    assert people_fallback(db.engine).source == "no Personnes table in the board database"


@pytest.mark.parametrize("section", ["Connexion"])
def test_a_2x_ini_reads_medintux_from_its_one_connection(tmp_path: Path, section: str) -> None:
    """2.x used one connection for its tables, Personnes and the notes."""
    s = Settings.from_text(
        f"[{section}]\nParametres = QMYSQL3 , DrTuxTest , root , , localhost , 3306\n"
    )
    assert s.medintux_url() == s.connection().url
    s = Settings.from_text(
        "[Connexion_SynopTux]\nURL=sqlite:///b.db\n[Connexion_MedinTux]\n"
        "Parametres = QMYSQL3 , DrTuxTest , root , , medintux , 3306\n"
    )
    assert s.medintux_url() == "mysql+pymysql://root@medintux:3306/DrTuxTest"
    assert Settings.from_text("[Connexion_SynopTux]\nURL=sqlite:///b.db\n").medintux_url() is None

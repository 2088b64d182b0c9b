"""Responsibles imported from a real SQLite file shaped like MedinTux's `Personnes`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from synoptux.services.admin import AdminService, ResponsibleRecord, read_medintux_people
from synoptux.services.errors import ActionRefused, DatabaseUnavailable
from tests.support.admin import add_patient, history

PEOPLE = [
    # GUID, Login, Nom, Prenom, Droits, Couleur
    ("G-SEV", "sev", "SEVIN", "Paul", "-med-sgn-adm", "#059669"),
    ("G-NEW", "martin", "MARTIN", "Anne", "sgn med", "ff8800"),
    ("G-NOLOGIN", "", "NOLOGIN", "Léa", "medsgn", None),
    ("G-SEC", "secr", "SECRETAIRE", "Zoé", "-sec-", "#000000"),  # no med/sgn rights
    ("G-INT", "intern", "INTERNE", "Tom", "-med-", "#000000"),  # med without sgn
]


@pytest.fixture
def medintux_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'DrTuxTest.db'}"
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE Personnes (ID_PrimKey INTEGER PRIMARY KEY, GUID VARCHAR(40), "
                "Login VARCHAR(40), Nom VARCHAR(60), Prenom VARCHAR(60), Droits VARCHAR(255), "
                "Couleur VARCHAR(20), Qualite VARCHAR(40))"
            )
        )
        for guid, login, nom, prenom, droits, couleur in PEOPLE:
            conn.execute(
                text(
                    "INSERT INTO Personnes (GUID, Login, Nom, Prenom, Droits, Couleur) "
                    "VALUES (:g, :l, :n, :p, :d, :c)"
                ),
                dict(g=guid, l=login, n=nom, p=prenom, d=droits, c=couleur),
            )
    engine.dispose()
    return url


def test_reads_only_doctors_with_both_rights(medintux_url: str) -> None:
    people = read_medintux_people(medintux_url)
    assert [(p.code, p.name, p.color, p.guid) for p in people] == [
        ("sev", "SEVIN Paul", "#059669", "G-SEV"),
        ("martin", "MARTIN Anne", "#ff8800", "G-NEW"),
        ("G-NOLOGIN", "NOLOGIN Léa", None, "G-NOLOGIN"),
    ]


def test_import_adds_new_fills_guid_and_is_idempotent(sqlite_db, clock, medintux_url) -> None:
    from synoptux.services.seed import seed_reference

    seed_reference(sqlite_db)
    admin = AdminService(sqlite_db, clock, actor="poste-admin")
    report = admin.import_responsibles(read_medintux_people(medintux_url), "MedinTux")
    assert report.added == ["martin", "G-NOLOGIN"] and report.updated == ["sev"]
    sev = next(r for r in admin.list_responsibles() if r.code == "sev")
    assert sev == ResponsibleRecord("sev", "Dr Sevin", "#059669", "G-SEV")  # name kept
    # a row the MedinTux macro wrote (EC_Medecin = user GUID) now resolves
    pk = add_patient(sqlite_db, "S1", medecin="G-NEW")
    from synoptux.services.board import BoardService

    board = BoardService(sqlite_db, clock).snapshot()
    patient = next(p for b in board.boxes for p in b.patients if p.id == pk)
    assert patient.responsible is not None and patient.responsible.code == "martin"
    again = admin.import_responsibles(read_medintux_people(medintux_url), "MedinTux")
    assert again.added == [] and again.updated == [] and len(again.skipped) == 3
    assert (
        history(sqlite_db)[0]
        == "responsibles imported from MedinTux: 2 added, 1 updated, 0 skipped"
    )


def test_import_without_connection_or_table_says_why(tmp_path: Path) -> None:
    with pytest.raises(ActionRefused) as info:
        read_medintux_people(None)
    assert info.value.code == "medintux_unset"
    missing = tmp_path / "missing.db"  # a share not mounted: said, never created empty
    with pytest.raises(DatabaseUnavailable, match="missing.db"):
        read_medintux_people(f"sqlite:///{missing}")
    assert not missing.exists()
    sqlite3.connect(tmp_path / "empty.db").close()
    with pytest.raises(ActionRefused) as info:
        read_medintux_people(f"sqlite:///{tmp_path / 'empty.db'}")
    assert info.value.code == "medintux_no_people"

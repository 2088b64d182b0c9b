"""Schema: every contract table and column under each prefix; idempotent creation."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from synoptux.db.engine import Database
from synoptux.db.schema import SCHEMA_VERSION, ensure_schema, read_version, triggers_complete
from synoptux.db.tables import build_tables
from tests.support.db import PREFIXES

CONTRACT = {
    "box": "BO_Code BO_Libelle BO_CouleurBG BO_CouleurTitre BO_Nb_Maxi_Pat BO_Type",
    "destinations": "DE_PK DE_Destination DE_TypeSortie",
    "encours": "EC_PK EC_CodeBox EC_NomPatient EC_PrenomPatient EC_HeureEntree EC_HeureSortie "
    "EC_Medecin EC_GUIDPatient EC_Replier EC_Anonyme EC_Commentaire EC_Destination "
    "EC_ProgAnnexe EC_ArgsAnnexe",
    "encours_taches": "EN_Num_tache EN_PK_encours EN_Code_tache EN_Comment EN_Note_tache "
    "EN_Etat_en_cours EN_HeureDebPrevue EN_HeureFinPrevue EN_HeureDebut EN_HeureFin "
    "EN_Priorite EN_Code_acteur EN_PrimKey_blob EN_NomFicNote EN_NomProgNote",
    "taches": "TA_Code_tache TA_Libelle_tache TA_Couleur_tache TA_Couleur_alarme TA_Duree_maxi "
    "TA_BoutonMenu TA_Priorite TA_Commentaire",
    "etats": "ET_Code_etat ET_Libelle_etat ET_Couleur_etat ET_Tache_terminee",
    "etats_taches": "ST_Code_tache ST_Code_etat",
    "historique": "HI_PK HI_Date HI_Action HI_NumEncours HI_Code_box HI_Nom_patient HI_PrenomPatient "
    "HI_Code_resp HI_Code_tache HI_Libelle_tache HI_Libelle_etat HI_Commentaire "
    "HI_Code_acteur",
    "responsables": "RE_Code RE_Nom RE_Couleur",
}


@pytest.mark.parametrize("prefix", PREFIXES, ids=lambda p: p or "no-prefix")
def test_contract_tables_and_columns(backend_url, prefix):
    db = Database.from_url(backend_url, prefix)
    try:
        report = ensure_schema(db)
        assert report.triggers == "installed"
        with db.engine.connect() as conn:
            insp = inspect(conn)
            for base, cols in CONTRACT.items():
                present = {c["name"] for c in insp.get_columns(prefix + base)}
                assert set(cols.split()) <= present, base
            for table in db.tables.all:  # a primary key on every table
                assert insp.get_pk_constraint(table.name)["constrained_columns"], table.name
            assert read_version(conn, db.tables) == SCHEMA_VERSION
            assert triggers_complete(conn, db.tables)
            indexes = {i["name"] for i in insp.get_indexes(prefix + "encours_taches")}
            assert f"ix_{prefix}encours_taches_pat" in indexes
            if db.dialect == "mysql":
                rows = conn.execute(
                    text(
                        "SELECT TABLE_NAME, ENGINE, TABLE_COLLATION FROM information_schema.TABLES "
                        "WHERE TABLE_SCHEMA = DATABASE()"
                    )
                ).all()
                assert rows and all(
                    r.ENGINE == "InnoDB" and r.TABLE_COLLATION.startswith("utf8mb4") for r in rows
                )
    finally:
        db.dispose()


def test_ensure_schema_twice_changes_nothing(db):
    from synoptux.services.seed import seed_demo, seed_reference
    from tests.support.clock import T0

    seed_reference(db)
    seed_demo(db, T0)
    before = _dump(db)
    report = ensure_schema(db)
    assert not report.changed and report.triggers == "present"
    assert seed_reference(db).filled == [] and seed_demo(db, T0).demo_patients == 0
    assert _dump(db) == before


def test_missing_column_is_added_without_touching_rows(sqlite_url):
    db = Database.from_url(sqlite_url)
    with db.engine.begin() as conn:  # an older encours without EC_Anonyme / EC_Destination
        conn.execute(
            text(
                "CREATE TABLE encours (EC_PK INTEGER PRIMARY KEY AUTOINCREMENT, "
                "EC_CodeBox VARCHAR(45) NOT NULL, EC_NomPatient VARCHAR(100) NOT NULL, "
                "EC_PrenomPatient VARCHAR(100), EC_HeureEntree DATETIME NOT NULL, "
                "EC_HeureSortie DATETIME, EC_Medecin VARCHAR(64), EC_GUIDPatient VARCHAR(64), "
                "EC_Replier SMALLINT, EC_Commentaire VARCHAR(255), EC_ProgAnnexe VARCHAR(200), "
                "EC_ArgsAnnexe VARCHAR(400))"
            )
        )
        conn.execute(
            text(
                "INSERT INTO encours (EC_CodeBox, EC_NomPatient, EC_HeureEntree) "
                "VALUES ('A1', 'ÉLOÏSE', '2026-01-01 10:00:00')"
            )
        )
    report = ensure_schema(db)
    assert "encours.EC_Anonyme" in report.added_columns
    with db.engine.connect() as conn:
        row = conn.execute(text("SELECT EC_NomPatient, EC_Anonyme FROM encours")).one()
    assert row == ("ÉLOÏSE", 0)
    db.dispose()


def test_prefix_is_validated():
    with pytest.raises(ValueError):
        build_tables("x; DROP TABLE box")


def _dump(db):
    with db.engine.connect() as conn:
        return {
            t.name: sorted(map(tuple, conn.execute(t.select()).all()), key=repr)
            for t in db.tables.all
        }

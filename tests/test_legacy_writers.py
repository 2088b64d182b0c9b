"""The 2.x writers (the manual's direct INSERTs, the MedinTux macro, plug scripts) keep
working, with each prefix, on each backend.

The statements are written as MedinTux and the plug scripts send them: literal SQL text.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from synoptux.services.snapshot import load_board
from tests.support.clock import T0
from tests.support.db import PREFIXES, open_db


def _find(board, guid):
    for box in board.boxes:
        for p in box.patients:
            if p.guid == guid:
                return box, p
    raise AssertionError(f"patient {guid} not on the board")


@pytest.fixture(params=PREFIXES, ids=lambda p: p or "no-prefix")
def pdb(request, backend_url):
    db = open_db(backend_url, request.param)
    from synoptux.services.seed import seed_reference

    seed_reference(db)
    yield db
    db.dispose()


def test_manual_direct_inserts(pdb):
    p = pdb.tables.prefix
    with pdb.engine.begin() as conn:
        conn.execute(
            text(
                f"INSERT INTO {p}encours (EC_CodeBox, EC_NomPatient, EC_PrenomPatient, EC_Medecin, "
                "EC_GUIDPatient, EC_Replier, EC_Commentaire, EC_HeureEntree, EC_ProgAnnexe, EC_ArgsAnnexe) "
                "VALUES ('S1','SILOUVA','Philippe','ro','90-325a-c-99h','1','Coup de couteau !',"
                "'2026-11-23 09:30:00','../../drtux/bin/drtux','Lucette+Lucette+7543d90c+6521')"
            )
        )
        pk = conn.execute(
            text(f"SELECT EC_PK FROM {p}encours WHERE EC_GUIDPatient='90-325a-c-99h'")
        ).scalar_one()
        conn.execute(
            text(
                f"INSERT INTO {p}encours_taches (EN_PK_encours, EN_Code_tache, EN_Comment, "
                "EN_HeureDebPrevue, EN_HeureFinPrevue, EN_Priorite, EN_PrimKey_blob, EN_NomFicNote, "
                f"EN_NomProgNote) VALUES ('{pk}','SCAN T','Voir médecin avant','2026-11-23 10:20:00',"
                "'2026-11-23 10:50:00','1','160651','','')"
            )
        )
        # An optional priority and blob left empty, as the manual's writer does.
        conn.execute(
            text(
                f"INSERT INTO {p}encours_taches (EN_PK_encours, EN_Code_tache, EN_Comment, "
                "EN_HeureDebPrevue, EN_HeureFinPrevue, EN_Priorite, EN_PrimKey_blob, EN_NomFicNote, "
                f"EN_NomProgNote) VALUES ('{pk}','ECG','','1000-01-01 01:01:00','1000-01-01 01:01',"
                "'','','','')"
            )
        )
    box, patient = _find(load_board(pdb, T0), "90-325a-c-99h")
    assert box.code == "S1"
    assert patient.last_name == "SILOUVA" and patient.folded
    assert patient.responsible.name == "Dr Rossi"
    scan, ecg = sorted(patient.tasks, key=lambda t: t.code, reverse=True)
    assert scan.label == "Scanner thoraco-abdo" and scan.note_blob == 160651
    assert scan.planned_start.hour == 10 and scan.planned_end.minute == 50
    assert ecg.planned_start is None and ecg.planned_end is None and ecg.priority is None


def test_medintux_macro_expanded(pdb):
    """The manual's macro after MedinTux expansion: select, insert if absent, insert a task."""
    p = pdb.tables.prefix
    guid, user_guid = "7543d90c-325a-4a9c-9901-d2246e2bb9c3", "A1B2C3D4-USER-GUID"
    with pdb.engine.begin() as conn:
        conn.execute(
            text(
                f"INSERT INTO {p}responsables (RE_Code, RE_Nom, RE_Couleur, RE_GUID) "
                f"VALUES ('lucette', 'Dr Lucette', '#123456', '{user_guid}')"
            )
        )
    for round_ in range(2):  # the macro run twice: one patient, two tasks
        with pdb.engine.begin() as conn:
            pk = conn.execute(
                text(f"SELECT EC_PK FROM {p}encours WHERE EC_GUIDPatient='{guid}'")
            ).scalar()
            if pk is None:
                conn.execute(
                    text(
                        f"INSERT INTO {p}encours (EC_CodeBox,EC_NomPatient,EC_PrenomPatient,EC_Medecin,"
                        "EC_GUIDPatient,EC_Replier,EC_Commentaire,EC_HeureEntree,EC_ProgAnnexe,"
                        f"EC_ArgsAnnexe) VALUES ('A1','ABID','LISA','{user_guid}','{guid}','1',"
                        "'URGENCES MARIGNANE','2026-11-23 09:45:12','../../drtux/bin/drtux',"
                        f"'lucette|lucette|{guid}|6521')"
                    )
                )
                pk = conn.execute(
                    text(f"SELECT EC_PK FROM {p}encours WHERE EC_GUIDPatient='{guid}'")
                ).scalar()
            conn.execute(
                text(
                    f"INSERT INTO {p}encours_taches(EN_PK_encours,EN_Code_tache,EN_Comment,"
                    f"EN_HeureDebPrevue,EN_HeureFinPrevue,EN_Priorite)VALUES('{pk}','ECG',"
                    f"'Circonstances : chute {round_}','2026-11-23 09:45:12','2026-11-23 09:55:12','3')"
                )
            )
    box, patient = _find(load_board(pdb, T0), guid)
    assert box.code == "A1" and len(patient.tasks) == 2
    assert patient.responsible is not None and patient.responsible.code == "lucette"
    assert {t.overdue.value for t in patient.tasks} == {"end"}  # 09:55 < 10:00, not started


def test_plug_scripts_insert_and_delete(pdb):
    p = pdb.tables.prefix
    with pdb.engine.begin() as conn:
        conn.execute(
            text(
                f"INSERT INTO {p}encours (EC_CodeBox, EC_NomPatient, EC_PrenomPatient, EC_HeureEntree, "
                "EC_GUIDPatient) VALUES ('A1', 'D''ARTAGNAN', 'Charles', '2026-11-23 08:00:00', 'g-plug')"
            )
        )
        pk = conn.execute(
            text(f"SELECT EC_PK FROM {p}encours WHERE EC_GUIDPatient='g-plug'")
        ).scalar()
        conn.execute(
            text(
                f"INSERT INTO {p}historique (HI_Date, HI_Action, HI_NumEncours, HI_Code_box, "
                f"HI_Nom_patient) VALUES ('2026-11-23 08:00:00', 'PATIENT_IN', '{pk}', 'A1', 'D''ARTAGNAN')"
            )
        )
    _box, patient = _find(load_board(pdb, T0), "g-plug")
    assert patient.last_name == "D'ARTAGNAN"
    with pdb.engine.begin() as conn:
        conn.execute(text(f"DELETE FROM {p}encours WHERE EC_PK={pk}"))
        conn.execute(
            text(
                f"INSERT INTO {p}historique (HI_Date, HI_Action, HI_NumEncours) "
                f"VALUES ('2026-11-23 08:30:00', 'PATIENT_OUT', '{pk}')"
            )
        )
    board = load_board(pdb, T0)
    assert all(p.guid != "g-plug" for p in board.patients())
    with pdb.engine.connect() as conn:
        actions = conn.execute(
            text(f"SELECT HI_Action FROM {p}historique WHERE HI_NumEncours='{pk}' ORDER BY HI_PK")
        ).scalars()
        assert list(actions) == ["PATIENT_IN", "PATIENT_OUT"]

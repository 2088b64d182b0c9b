"""After the upgrade: the MedinTux macro, the manual's INSERTs and the plug scripts keep
working unchanged (with `synopt_` and `ST_`), the board shows every 2.x row, marked where the
data is odd, and `doctor` lists the findings."""

from __future__ import annotations

import argparse
import json

import pytest
from sqlalchemy import text

from synoptux.config import Settings
from synoptux.db.findings import describe_findings
from synoptux.db.upgrade import upgrade
from synoptux.domain import model as m
from synoptux.services.export import board_dict
from synoptux.services.snapshot import ORPHAN_BOX_CODE, load_board
from tests.upgrade.legacy_db import DELETED_BOXES, ORPHAN_PATIENT_PKS, T0

pytestmark = pytest.mark.mysql


@pytest.fixture
def upgraded(site):
    db = site.database()
    upgrade(db, site.backup_dir, out=lambda _l: None)
    yield site, db
    db.dispose()


def _revision(db) -> int:
    """The newest id of the change log (grows with every change the boards must see)."""
    with db.engine.connect() as conn:
        return conn.execute(
            text(f"SELECT COALESCE(MAX(CH_Id), 0) FROM `{db.tables.changes.name}`")
        ).scalar_one()


def _find(board: m.Board, guid: str) -> tuple[m.BoxView, m.PatientView]:
    for box in board.boxes:
        for p in box.patients:
            if p.guid == guid:
                return box, p
    raise AssertionError(f"{guid} not on the board")


def test_legacy_writers_unchanged_after_upgrade(upgraded):
    site, db = upgraded
    p = site.prefix
    rev0 = _revision(db)
    # 1. The manual's direct INSERTs (dates as strings, sentinels, empty optional numbers).
    with db.engine.begin() as conn:
        conn.execute(
            text(
                f"INSERT INTO {p}encours (EC_CodeBox, EC_NomPatient, EC_PrenomPatient, EC_Medecin, "
                "EC_GUIDPatient, EC_Replier, EC_Commentaire, EC_HeureEntree, EC_ProgAnnexe, "
                "EC_ArgsAnnexe) VALUES ('S1','SILOUVA','Philippe','ro','90-325a-c-99h','1',"
                "'Coup de couteau !','2026-11-23 09:30:00','../../drtux/bin/drtux',"
                "'Lucette+Lucette+7543d90c+6521')"
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
        conn.execute(
            text(
                f"INSERT INTO {p}encours_taches (EN_PK_encours, EN_Code_tache, EN_Comment, "
                "EN_HeureDebPrevue, EN_HeureFinPrevue) VALUES "
                f"('{pk}','ECG','','1000-01-01 01:01:00','1000-01-01 01:01')"
            )
        )
    # 2. The MedinTux macro, as MedinTux expands it (run twice: one patient, two tasks).
    guid, user = "7543d90c-325a-4a9c-9901-d2246e2bb9c3", "A1B2C3D4-USER-GUID"
    for round_ in range(2):
        with db.engine.begin() as conn:
            found = conn.execute(
                text(f"SELECT EC_PK FROM {p}encours WHERE EC_GUIDPatient='{guid}'")
            ).scalar()
            if found is None:
                conn.execute(
                    text(
                        f"INSERT INTO {p}encours (EC_CodeBox,EC_NomPatient,EC_PrenomPatient,"
                        "EC_Medecin,EC_GUIDPatient,EC_Replier,EC_Commentaire,EC_HeureEntree,"
                        f"EC_ProgAnnexe,EC_ArgsAnnexe) VALUES ('A1','ABID','LISA','{user}','{guid}',"
                        "'1','URGENCES MARIGNANE','2026-11-23 09:45:12','../../drtux/bin/drtux',"
                        f"'lucette|lucette|{guid}|6521')"
                    )
                )
                found = conn.execute(
                    text(f"SELECT EC_PK FROM {p}encours WHERE EC_GUIDPatient='{guid}'")
                ).scalar()
            conn.execute(
                text(
                    f"INSERT INTO {p}encours_taches(EN_PK_encours,EN_Code_tache,EN_Comment,"
                    f"EN_HeureDebPrevue,EN_HeureFinPrevue,EN_Priorite)VALUES('{found}','ECG',"
                    f"'Circonstances : chute {round_}','2026-11-23 09:45:12','2026-11-23 09:55:12','3')"
                )
            )
    # 3. A plug script: insert + PATIENT_IN, then DELETE + PATIENT_OUT.
    with db.engine.begin() as conn:
        conn.execute(
            text(
                f"INSERT INTO {p}encours (EC_CodeBox, EC_NomPatient, EC_PrenomPatient, "
                "EC_HeureEntree, EC_GUIDPatient) VALUES ('A1', 'D''ARTAGNAN', 'Charles', "
                "'2026-11-23 08:00:00', 'g-plug')"
            )
        )
        plug = conn.execute(
            text(f"SELECT EC_PK FROM {p}encours WHERE EC_GUIDPatient='g-plug'")
        ).scalar()
        conn.execute(
            text(
                f"INSERT INTO {p}historique (HI_Date, HI_Action, HI_NumEncours, HI_Code_box, "
                f"HI_Nom_patient) VALUES ('2026-11-23 08:00:00', 'PATIENT_IN', '{plug}', 'A1', "
                "'D''ARTAGNAN')"
            )
        )
    board = load_board(db, T0)
    box, silouva = _find(board, "90-325a-c-99h")
    assert box.code == "S1" and silouva.folded and len(silouva.tasks) == 2
    scan = next(t for t in silouva.tasks if t.code == "SCAN T")
    assert scan.note_blob == 160651 and scan.planned_start.hour == 10
    ecg = next(t for t in silouva.tasks if t.code == "ECG")
    assert ecg.planned_start is None and ecg.planned_end is None
    box, abid = _find(board, guid)
    assert box.code == "A1" and len(abid.tasks) == 2
    assert len({t.id for t in board.patient(abid.id).tasks}) == 2  # unique task keys now
    assert _find(board, "g-plug")[1].last_name == "D'ARTAGNAN"
    with db.engine.begin() as conn:
        conn.execute(text(f"DELETE FROM {p}encours WHERE EC_PK={plug}"))
        conn.execute(
            text(
                f"INSERT INTO {p}historique (HI_Date, HI_Action, HI_NumEncours) "
                f"VALUES ('2026-11-23 08:30:00', 'PATIENT_OUT', '{plug}')"
            )
        )
    assert all(pt.guid != "g-plug" for pt in load_board(db, T0).patients())
    assert _revision(db) > rev0  # the change triggers see the old writers


def test_board_shows_every_2x_row_marked(upgraded):
    site, db = upgraded
    facts = site.facts
    board = load_board(db, T0)
    real = board.patients()
    assert len(real) == facts.counts["encours"]
    unknown = [b for b in board.boxes if m.MARK_UNKNOWN_BOX in b.marks]
    assert {b.code for b in unknown} == set(DELETED_BOXES)
    assert sum(len(b.patients) for b in unknown) == facts.unknown_box_patients
    # Orphan tasks (their patient is gone) stay off the wall, as 2.x kept them.
    assert board.box(ORPHAN_BOX_CODE) is None
    tasks = [t for pt in real for t in pt.tasks]
    assert len(tasks) + facts.orphan_tasks == facts.counts["encours_taches"]
    assert len({t.id for t in tasks}) == len(tasks)
    with db.engine.connect() as conn:
        lost = conn.execute(
            text(
                f"SELECT COUNT(*) FROM `{site.table('encours_taches')}` "
                f"WHERE EN_PK_encours IN {tuple(ORPHAN_PATIENT_PKS)}"
            )
        ).scalar_one()
        unknown_lost = conn.execute(
            text(
                f"SELECT COUNT(*) FROM `{site.table('encours_taches')}` "
                f"WHERE EN_PK_encours IN {tuple(ORPHAN_PATIENT_PKS)} AND EN_Code_tache NOT IN "
                f"(SELECT TA_Code_tache FROM `{site.table('taches')}`)"
            )
        ).scalar_one()
    assert lost == facts.orphan_tasks
    unknown_codes = [t for t in tasks if m.MARK_UNKNOWN_TASK in t.marks]
    assert len(unknown_codes) + unknown_lost == facts.unknown_code_tasks
    # 2.x stored state labels: they resolve to the state codes.
    with db.engine.connect() as conn:
        labelled = (
            conn.execute(
                text(
                    f"SELECT EN_Num_tache FROM `{site.table('encours_taches')}` "
                    "WHERE EN_Etat_en_cours = 'En cours' AND EN_PK_encours NOT IN "
                    f"{tuple(ORPHAN_PATIENT_PKS)}"
                )
            )
            .scalars()
            .all()
        )
    by_id = {t.id: t for t in tasks}
    assert labelled and all(by_id[n].state == "30" for n in labelled)
    # Sentinels read as "not set"; nothing is late because of one.
    assert any(pt.moved_at is None for pt in real)
    assert all(t.planned_start is None or t.planned_start.year > 2000 for t in tasks)
    data = board_dict(board)
    json.dumps(data, ensure_ascii=False)
    assert sum(len(b["patients"]) for b in data["boxes"]) == len(real)


def test_findings_before_and_after_upgrade(site):
    facts = site.facts
    db = site.database()
    try:
        before = describe_findings(db)
        upgrade(db, site.backup_dir, out=lambda _l: None)
        after = describe_findings(db)
    finally:
        db.dispose()
    joined = "\n".join(before)
    assert "task numbers (EN_Num_tache) are used by several patients" in joined
    assert "WARN tables not converted to InnoDB/utf8mb4" in joined
    assert "WARN no schema version recorded" in joined
    for lines in (before, after):
        text_ = "\n".join(lines)
        assert f"WARN {facts.orphan_tasks} tasks whose patient is gone" in text_
        assert "lost patients EC_PK 900001, 900002, 900003" in text_
        assert f"WARN {facts.unknown_box_patients} patients in unknown boxes" in text_
        assert f"WARN {facts.unknown_code_tasks} tasks with unknown codes" in text_
        assert f"INFO sentinel dates (before 2000, read as 'not set'): {facts.sentinels} " in text_
        if facts.charset == "latin1":
            assert f"WARN {facts.double_encoded} values look double-encoded" in text_
    joined = "\n".join(after)
    assert "import them from the admin" in joined  # responsables is new and empty
    assert "used by several patients" not in joined and "not converted" not in joined
    assert "no schema version" not in joined


def test_doctor_command_lists_the_findings(upgraded, capsys):
    from synoptux.cli import main

    site, _db = upgraded
    main(["--lang", "en", "--db", site.url, "--prefix", site.prefix, "doctor"])
    out = capsys.readouterr().out
    assert "tasks whose patient is gone" in out and "patients in unknown boxes" in out


def test_snapshot_png_of_the_upgraded_board(upgraded, qtbot, tmp_path):
    app_mod = pytest.importorskip("synoptux.ui.app")
    site, _db = upgraded
    settings = Settings.load(None, db=site.url, prefix=site.prefix)
    out = tmp_path / "board.png"
    args = argparse.Namespace(
        out=out,
        size="1600x900",
        now=T0,
        lang="fr",
        config=None,
        db=site.url,
        prefix=site.prefix,
        verbose=False,
    )
    from PySide6.QtCore import QCoreApplication, QTranslator

    try:
        assert app_mod.run_snapshot(args, settings) == 0
    finally:  # its French stays on the test process's application: later tests read English
        app = QCoreApplication.instance()
        for translator in app.findChildren(QTranslator):
            app.removeTranslator(translator)
        app.setProperty("synoptux_translated", False)
    assert out.stat().st_size > 10_000


def test_drtux_entry_files_after_upgrade(upgraded, tmp_path, capsys):
    """The same DrTux entry files land on the upgraded tables (ingest owns the parsing)."""
    pytest.importorskip("synoptux.ingest.cli")
    from pathlib import Path

    from synoptux.cli import main

    site, db = upgraded
    import shutil

    samples = sorted((Path(__file__).resolve().parents[1] / "data" / "entries").glob("*.txt"))
    if not samples:
        pytest.skip("no sample entry files")
    # `ingest FILES` moves the files it is given: hand it copies, never the shared samples.
    staging = tmp_path / "drtux"
    staging.mkdir()
    files = [Path(shutil.copy2(f, staging / f.name)) for f in samples]
    ini = tmp_path / "synoptux.ini"
    ini.write_text(
        f"[Connexion_SynopTux]\nURL={site.url}\nPrefixe_Tables={site.prefix}\n"
        f"[Interface]\nDossier_Entrees={tmp_path / 'entrees'}\n",
        encoding="utf-8",
    )
    code = main(["--config", str(ini), "--now", "2026-11-23 10:00", "ingest", *map(str, files)])
    assert code == 0, capsys.readouterr().out
    board = load_board(db, T0)
    box, dupuich = _find(board, "3f1c2a90-77b1-4e0c-9d1e-0c5b8a1d2e01")
    assert box.code == "A1" and {t.code for t in dupuich.tasks} == {"RX OS", "BIO C"}
    ids = [t.id for p in board.patients() for t in p.tasks]
    assert len(ids) == len(set(ids))

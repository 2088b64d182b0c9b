"""Orphan tasks stay off the wall (as 2.x kept them), listed by doctor and given to a patient
or archived from the administration; findings; the command on SQLite and MariaDB."""

from __future__ import annotations

import argparse

import pytest
from sqlalchemy import event, text

from synoptux.cli_upgrade import run_upgrade
from synoptux.config import Settings
from synoptux.db.findings import describe_findings, looks_double_encoded
from synoptux.services.admin import AdminService
from synoptux.services.board import BoardService
from synoptux.services.errors import ActionRefused
from synoptux.services.export import board_dict
from synoptux.services.seed import seed_reference
from synoptux.services.snapshot import ORPHAN_BOX_CODE, QUERY_COUNT, load_board
from tests.support.clock import T0


def _selects(db, fn):
    seen = []

    def before(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        return fn(), len(seen)
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def _task(db, patient: int, code: str = "ECG", **kw) -> int:
    with db.engine.begin() as conn:
        return conn.execute(
            db.tables.encours_taches.insert().values(
                EN_PK_encours=patient, EN_Code_tache=code, **kw
            )
        ).inserted_primary_key[0]


def test_orphan_tasks_stay_off_the_wall(db, clock):
    """Finding 8: tasks left by 2.x's exit plug script (its second DELETE names EC_PK on the
    task table) showed as ghost cards in a "? N" box; 2.x never showed them."""
    seed_reference(db)
    t = db.tables
    with db.engine.begin() as conn:
        pk = conn.execute(
            t.encours.insert().values(EC_CodeBox="S1", EC_NomPatient="PRESENT", EC_HeureEntree=T0)
        ).inserted_primary_key[0]
    mine = _task(db, pk)
    lost = [
        _task(db, 4242, "SCAN T", EN_HeureFinPrevue="2026-11-23 08:00:00"),
        _task(db, 4242, "OLD?"),
        _task(db, 77, "BIO C"),
    ]
    board, queries = _selects(db, lambda: load_board(db, T0))
    assert queries == QUERY_COUNT
    assert board.box(ORPHAN_BOX_CODE) is None
    assert [tv.id for p in board.patients() for tv in p.tasks] == [mine]
    assert all(b["code"] != ORPHAN_BOX_CODE for b in board_dict(board)["boxes"])
    # Listed by doctor's findings and by the administration.
    joined = "\n".join(describe_findings(db))
    assert "WARN 3 tasks whose patient is gone" in joined and "kept off the wall" in joined
    admin = AdminService(db, clock, actor="poste-admin")
    listed = admin.list_orphan_tasks()
    assert [(o.id, o.lost_patient, o.code) for o in listed] == [
        (lost[2], 77, "BIO C"),
        (lost[0], 4242, "SCAN T"),
        (lost[1], 4242, "OLD?"),
    ]
    assert listed[0].label == "Bilan complet"
    # A stand-in is not a patient: no board action reaches it.
    service = BoardService(db, clock, actor="iao", source="test")
    with pytest.raises(ActionRefused) as refused:
        service.move_patient(-4242, "S2")
    assert refused.value.code == "patient_gone"


def test_orphan_tasks_are_attached_or_archived_with_history(db, clock):
    seed_reference(db)
    t = db.tables
    with db.engine.begin() as conn:
        pk = conn.execute(
            t.encours.insert().values(
                EC_CodeBox="S1", EC_NomPatient="RETOUR", EC_PrenomPatient="Léa", EC_HeureEntree=T0
            )
        ).inserted_primary_key[0]
    keep, drop = _task(db, 900001, "ECG", EN_Etat_en_cours="Prescrit"), _task(db, 900001, "BU")
    admin = AdminService(db, clock, actor="poste-admin")
    admin.attach_orphan_task(keep, pk)
    assert [tv.id for tv in load_board(db, T0).patient(pk).tasks] == [keep]
    admin.archive_orphan_task(drop)
    assert admin.list_orphan_tasks() == []
    with db.connect() as conn:
        archived = conn.execute(
            text(
                f"SELECT EN_PK_encours, EN_Code_tache FROM {t.encours_taches_archive.name} "
                "WHERE EN_Num_tache = :n"
            ),
            {"n": drop},
        ).all()
        rows = conn.execute(
            text(
                "SELECT HI_Action, HI_NumEncours, HI_Num_tache, HI_Commentaire "
                f"FROM {t.historique.name} ORDER BY HI_PK"
            )
        ).all()
    assert [tuple(r) for r in archived] == [(900001, "BU")]
    added = [r for r in rows if r[0] == "TASK_ADD"]
    assert [(r[1], r[2]) for r in added] == [(str(pk), keep)]  # in the patient's history
    notes = [r[3] for r in rows if r[0] == "ADMIN"]
    assert notes == [
        f"task {keep} (ECG) of the patient #900001 gone attached to patient {pk} (RETOUR Léa)",
        f"task {drop} (Bandelette urinaire) of the patient #900001 gone archived",
    ]
    # Done elsewhere meanwhile: said, nothing changed.
    with pytest.raises(ActionRefused) as info:
        admin.archive_orphan_task(keep)
    assert info.value.code == "gone"
    with pytest.raises(ActionRefused) as info:
        admin.attach_orphan_task(_task(db, 900002), 31337)
    assert info.value.code == "patient_gone"


def test_findings_on_a_current_database(db):
    seed_reference(db)
    t = db.tables
    with db.engine.begin() as conn:
        pk = conn.execute(
            t.encours.insert().values(EC_CodeBox="S99", EC_NomPatient="X", EC_HeureEntree=T0)
        ).inserted_primary_key[0]
        # As a 2.x writer leaves it (our own writes store NULL for "not set").
        conn.execute(text(f"UPDATE {t.encours.name} SET EC_HeureSortie = '1000-01-01 01:01:00'"))
    _task(db, pk, "NOPE", EN_Etat_en_cours="Peut-être")
    n1, n2 = _task(db, 999), _task(db, 999)
    lines = describe_findings(db)
    joined = "\n".join(lines)
    assert (
        f"WARN 2 tasks whose patient is gone (EN_Num_tache {n1}, {n2}; lost patients EC_PK "
        "999)" in joined
    )
    assert "WARN 1 patients in unknown boxes: S99 (1)" in joined
    assert "WARN 1 tasks with unknown codes: NOPE (1)" in joined
    assert "WARN 1 tasks in unknown states: Peut-être (1)" in joined
    assert f"INFO sentinel dates (before 2000, read as 'not set'): 1 ({t.encours.name} 1)" in joined
    assert not any("schema version" in ln or "several patients" in ln for ln in lines)


def test_findings_on_clean_data_say_ok(sqlite_db):
    seed_reference(sqlite_db)
    assert describe_findings(sqlite_db)[0].startswith("OK data")


def test_double_encoding_detection():
    assert looks_double_encoded("EntrÃ©e par SAMU")
    assert looks_double_encoded("CÅ“ur")  # 'Cœur' through cp1252
    for fine in ("Entrée", "Prix: 30€", "ŒUVRARD", "plain", "D'ARTAGNAN", "Ã la"):
        assert not looks_double_encoded(fine), fine


def _args(**kw) -> argparse.Namespace:
    return argparse.Namespace(**{"dry_run": False, "restore": False, "backup_dir": None, **kw})


def test_upgrade_command_on_sqlite_only_checks_the_schema(sqlite_url, capsys):
    settings = Settings.load(None, db=sqlite_url, prefix="")
    assert run_upgrade(_args(dry_run=True), settings) == 0
    assert run_upgrade(_args(), settings) == 0
    assert "SQLite: no 2.x database to adopt" in capsys.readouterr().out
    assert run_upgrade(_args(restore=True), settings) == 2


@pytest.mark.mysql
def test_upgrade_command_dry_run_then_run_then_restore(latin1_site, capsys):
    site = latin1_site
    settings = Settings.load(None, db=site.url, prefix=site.prefix)
    assert run_upgrade(_args(dry_run=True, backup_dir=site.backup_dir), settings) == 0
    out = capsys.readouterr().out
    assert "dry run: nothing is changed" in out and "SQL dump file" in out
    assert "  WARN 6 tasks whose patient is gone" in out and out.count("double-encoded") == 1
    assert not site.backup_dir.exists()
    assert run_upgrade(_args(backup_dir=site.backup_dir), settings) == 0
    out = capsys.readouterr().out
    assert "backup: " in out and "upgrade finished: every row is there" in out
    assert "tasks whose patient is gone" in out  # the findings follow
    assert run_upgrade(_args(dry_run=True, backup_dir=site.backup_dir), settings) == 0
    assert "nothing to do" in capsys.readouterr().out
    assert run_upgrade(_args(restore=True, backup_dir=site.backup_dir), settings) == 0
    assert "restored 8 tables" in capsys.readouterr().out


@pytest.mark.mysql
def test_restore_without_backup_says_so(latin1_site, tmp_path, capsys):
    settings = Settings.load(None, db=latin1_site.url, prefix=latin1_site.prefix)
    assert run_upgrade(_args(restore=True, backup_dir=tmp_path / "none"), settings) == 1
    assert "no backup of" in capsys.readouterr().err


def test_upgrade_command_with_the_server_down_says_so(capsys, tmp_path):
    settings = Settings.load(None, db="mysql+pymysql://root@127.0.0.1:1/nowhere", prefix="synopt_")
    assert run_upgrade(_args(dry_run=True, backup_dir=tmp_path), settings) == 1
    assert run_upgrade(_args(backup_dir=tmp_path), settings) == 1
    err = capsys.readouterr().err
    assert "stopped by an error" in err and "run the same command again" in err

"""Orphan tasks stay on the board, marked; findings; the command on SQLite and MariaDB."""

from __future__ import annotations

import argparse

import pytest
from sqlalchemy import event, text

from synoptux.config import Settings
from synoptux.db.findings import describe_findings, looks_double_encoded
from synoptux.db.upgrade import run_upgrade
from synoptux.services.board import BoardService
from synoptux.services.errors import ActionRefused
from synoptux.services.export import board_dict
from synoptux.services.seed import seed_reference
from synoptux.services.snapshot import MARK_ORPHAN_TASK, ORPHAN_BOX_CODE, QUERY_COUNT, load_board
from tests.conftest import T0


def _selects(db, fn):  # noqa: ANN001
    seen = []

    def before(conn, cursor, statement, *args):  # noqa: ANN001
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        return fn(), len(seen)
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def _task(db, patient: int, code: str = "ECG", **kw) -> int:  # noqa: ANN001, ANN003
    with db.engine.begin() as conn:
        return conn.execute(
            db.tables.encours_taches.insert().values(
                EN_PK_encours=patient, EN_Code_tache=code, **kw
            )
        ).inserted_primary_key[0]


def test_orphan_tasks_are_shown_in_a_marked_stand_in_box(db, clock):
    seed_reference(db)
    t = db.tables
    with db.engine.begin() as conn:
        pk = conn.execute(
            t.encours.insert().values(EC_CodeBox="S1", EC_NomPatient="PRESENT", EC_HeureEntree=T0)
        ).inserted_primary_key[0]
    mine = _task(db, pk)
    # Late on paper, but nobody is there to treat: no alarm, only the mark.
    lost = [
        _task(db, 4242, "SCAN T", EN_HeureFinPrevue="2026-11-23 08:00:00"),
        _task(db, 4242, "OLD?"),
        _task(db, 77, "BIO C"),
    ]
    board, queries = _selects(db, lambda: load_board(db, T0))
    assert queries == QUERY_COUNT
    assert board.patient(pk).tasks[0].id == mine
    box = board.box(ORPHAN_BOX_CODE)
    assert box is not None and box.marks == (MARK_ORPHAN_TASK,) and box.capacity == 0
    assert [p.last_name for p in box.patients] == ["#77", "#4242"]
    assert [p.id for p in box.patients] == [-77, -4242]  # stable: -(lost EC_PK)
    assert all(p.marks == (MARK_ORPHAN_TASK,) for p in box.patients)
    tasks = {tv.id: tv for p in box.patients for tv in p.tasks}
    assert set(tasks) == set(lost)
    assert all(MARK_ORPHAN_TASK in tv.marks and tv.overdue is None for tv in tasks.values())
    assert "unknown_task" in tasks[lost[1]].marks
    data = board_dict(board)
    assert data["boxes"][-1]["code"] == ORPHAN_BOX_CODE
    # A stand-in is not a patient: moving it is refused clearly; its tasks can be deleted.
    service = BoardService(db, clock, actor="iao", source="test")
    with pytest.raises(ActionRefused) as refused:
        service.move_patient(-4242, "S2")
    assert refused.value.code == "patient_gone"
    service.delete_task(lost[2])
    assert [p.last_name for p in load_board(db, T0).box(ORPHAN_BOX_CODE).patients] == ["#4242"]


def test_no_orphan_no_stand_in_box(db):
    seed_reference(db)
    assert load_board(db, T0).box(ORPHAN_BOX_CODE) is None


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


def _args(**kw) -> argparse.Namespace:  # noqa: ANN003
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

"""The headless CLI, run as an admin would: a real process, a real database file."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def run(*args, cwd, check=True):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("SYNOPTUX_CONFIG", None)
    done = subprocess.run(
        [sys.executable, "-m", "synoptux", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if check and done.returncode != 0:
        raise AssertionError(done.stdout + done.stderr)
    return done


def test_init_db_demo_board_json_and_doctor(tmp_path):
    (tmp_path / "synoptux.ini").write_text("[Interface]\nDossier_Entrees=entrees\n")
    out = run("init-db", "--demo", "--now", "2026-11-23 10:00", cwd=tmp_path).stdout
    assert "demo patients added: 25" in out
    again = run("init-db", "--demo", cwd=tmp_path).stdout
    assert "tables created: none" in again and "demo patients added: 0" in again
    board = json.loads(run("board", "--json", "--now", "2026-11-23 10:30", cwd=tmp_path).stdout)
    assert board["generated_at"] == "2026-11-23T10:30:00"
    assert sum(len(b["patients"]) for b in board["boxes"]) == 25
    doctor = run("--lang", "en", "doctor", cwd=tmp_path)
    assert doctor.returncode == 0, doctor.stdout
    assert "OK   change feed: triggers" in doctor.stdout


def test_doctor_fails_clearly(tmp_path):
    (tmp_path / "synoptux.ini").write_text(
        "[Interface]\nDossier_Entrees=nulle-part\n[Timer]\nPeriodicite_clignotement_en_secondes=x\n"
    )
    done = run("--lang", "en", "doctor", cwd=tmp_path, check=False)
    assert done.returncode == 3  # no database either (var/synoptux.db): 3, as for `board`
    assert "FAIL configuration: [Timer] Periodicite_clignotement_en_secondes" in done.stdout
    assert "does not exist" in done.stdout
    assert not (tmp_path / "var" / "synoptux.db").exists()  # doctor creates nothing


def test_bad_config_exits_with_message(tmp_path):
    done = run("--prefix", "a;b", "board", cwd=tmp_path, check=False)
    assert done.returncode == 2 and "Prefixe_Tables" in done.stderr


@pytest.mark.mysql
def test_board_json_on_mariadb_with_each_prefix(mysql_factory, tmp_path):
    for prefix in ("", "ST_", "synopt_"):
        url = mysql_factory.create()
        run("--db", url, "--prefix", prefix, "init-db", "--demo", cwd=tmp_path)
        board = json.loads(
            run("--db", url, "--prefix", prefix, "board", "--json", cwd=tmp_path).stdout
        )
        assert sum(len(b["patients"]) for b in board["boxes"]) == 25

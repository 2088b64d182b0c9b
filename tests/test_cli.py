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
    # French by default, as the board's windows.
    assert "schéma : version " in out and "patients de démonstration ajoutés : 25" in out, out
    assert "déclencheurs de modification : installés" in out, out
    again = run("--lang", "en", "init-db", "--demo", cwd=tmp_path).stdout
    assert "tables created: none" in again and "demo patients added: 0" in again
    assert "(the board already has patients)" in again
    text = run("board", "--now", "2026-11-23 10:30", cwd=tmp_path).stdout
    assert " tâche(s)" in text and "task(s)" not in text, text
    text = run("--lang", "en", "board", "--now", "2026-11-23 10:30", cwd=tmp_path).stdout
    assert " task(s)" in text and "tâche(s)" not in text, text
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


def test_stats_speaks_the_interface_language(tmp_path):
    """`synoptux stats`: the CSV files as the statistics window exports them, French by
    default (column names, figure names, notes), English with --lang en; the messages too.
    JSON keeps its identifiers (scripts read it)."""
    (tmp_path / "synoptux.ini").write_text("[Interface]\nDossier_Entrees=entrees\n")
    run("init-db", "--demo", "--now", "2026-11-23 10:00", cwd=tmp_path)
    period = ("stats", "--from", "2026-11-23", "--to", "2026-11-23", "--format", "csv")
    now = ("--now", "2026-11-23 11:30")
    run(*now, *period, "--out", "fr", cwd=tmp_path)
    run("--lang", "en", *now, *period, "--out", "en", cwd=tmp_path)
    fr = (tmp_path / "fr" / "summary.csv").read_text(encoding="utf-8-sig").splitlines()
    en = (tmp_path / "en" / "summary.csv").read_text(encoding="utf-8-sig").splitlines()
    assert fr[0] == "Indicateur,Valeur" and en[0] == "Figure,Value", (fr[0], en[0])
    assert "Arrivées" in "\n".join(fr) and "Arrivals" in "\n".join(en)
    assert len(fr) == len(en)  # the same figures, only the words differ
    notes = (tmp_path / "fr" / "notes.txt").read_text(encoding="utf-8")
    assert notes.startswith("Période du 2026-11-23 au 2026-11-23"), notes
    assert (tmp_path / "en" / "notes.txt").read_text(encoding="utf-8").startswith("Period ")
    data = json.loads(
        run(*now, "stats", "--from", "2026-11-23", "--to", "2026-11-23", cwd=tmp_path).stdout
    )
    assert "summary" in data["tables"]  # identifiers, in every language
    bad = run("stats", "--from", "2026-11-24", "--to", "2026-11-23", cwd=tmp_path, check=False)
    assert bad.returncode == 2
    assert "--to 2026-11-23 est avant --from 2026-11-24" in bad.stderr, bad.stderr
    bad = run(
        "--lang",
        "en",
        "stats",
        "--from",
        "2026-13-01",
        "--to",
        "2026-11-23",
        cwd=tmp_path,
        check=False,
    )
    assert bad.returncode == 2 and "expected a date" in bad.stderr, bad.stderr


def test_admin_pin_status_in_french(tmp_path):
    (tmp_path / "synoptux.ini").write_text("[Interface]\nDossier_Entrees=entrees\n")
    run("init-db", cwd=tmp_path)
    fr = run("admin-pin", "--status", cwd=tmp_path).stdout
    assert "code PIN d'administration : jamais défini ; essais erronés d'affilée : 0" in fr, fr
    en = run("--lang", "en", "admin-pin", "--status", cwd=tmp_path).stdout
    assert "admin PIN: unset; wrong attempts in a row: 0" in en, en


def test_a_missing_database_is_said_in_french(tmp_path):
    """The failure every command can meet (exit status 3), in the interface language."""
    missing = tmp_path / "absent.db"
    done = run("--db", f"sqlite:///{missing}", "board", cwd=tmp_path, check=False)
    assert done.returncode == 3
    assert (
        f"synoptux: échec de la connexion à la base : le fichier SQLite {missing} n'existe pas"
    ) in done.stderr, done.stderr
    done = run("--lang", "en", "--db", f"sqlite:///{missing}", "board", cwd=tmp_path, check=False)
    assert done.returncode == 3
    assert f"database connection failed: the SQLite file {missing} does not exist" in done.stderr

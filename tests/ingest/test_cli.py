"""`synoptux ingest` headless, as an admin runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from synoptux.db.engine import Database
from tests.support.ingest import copy_samples, drop

ROOT = Path(__file__).resolve().parents[2]


def _cli(tmp_path: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    ini = tmp_path / "synoptux.ini"
    ini.write_text(f"[Interface]\nDossier_Entrees={tmp_path / 'entrees'}\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "synoptux",
            "--config",
            str(ini),
            "--db",
            url,
            "--now",
            "2026-11-23 10:00",
            "ingest",
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_once_applies_folder_and_prints_summary(
    tmp_path: Path, seeded: Database, backend_url: str, inbox: Path
) -> None:
    copy_samples(inbox)
    drop(inbox, "broken.txt", b"[Tache_1]\nCode_Tache=ECG\n")
    done = _cli(tmp_path, backend_url, "--once")
    assert done.returncode == 1, done.stderr  # one file in error
    out = done.stdout
    assert "3 applied (2 new patient(s), 1 merged, 5 task(s)), 0 duplicate(s), 1 in error" in out
    assert "ERROR    broken.txt: no [Entree] section" in out
    again = _cli(tmp_path, backend_url, "--once")
    assert again.returncode == 0 and "0 applied" in again.stdout


def test_named_files(tmp_path: Path, seeded: Database, backend_url: str, inbox: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    a = drop(elsewhere, "a.txt", "[Entree]\nNom_Patient=A\n")
    done = _cli(tmp_path, backend_url, str(a))
    assert done.returncode == 0, done.stderr
    assert "applied  a.txt: new patient" in done.stdout
    assert a.exists() and (inbox / "done" / "a.txt").exists()  # the caller's file is left alone
    missing = _cli(tmp_path, backend_url, str(elsewhere / "nope.txt"))
    assert missing.returncode == 2 and "no such file" in missing.stdout


def test_database_unreachable(tmp_path: Path, inbox: Path) -> None:
    drop(inbox, "x.txt", "[Entree]\nNom_Patient=X\n")
    done = _cli(tmp_path, "mysql+pymysql://root@127.0.0.1:1/nothing", "--once")
    assert done.returncode == 3, done.stderr
    assert "database unreachable" in done.stdout
    assert (inbox / "x.txt").exists()


def test_once_never_ends_in_a_traceback(
    tmp_path: Path, seeded: Database, backend_url: str, inbox: Path
) -> None:
    """The files that used to leave `ingest --once` in a traceback, run after run."""
    drop(
        inbox,
        "fin.txt",
        "[Entree]\nNom_Patient=FIN\n[Tache_1]\nCode_Tache=ECG\n"
        "Heure_Debut_Prevue=9999-12-31 23:59\nPriorite=1234567890123456789012345\n",
    )
    with open(os.fsencode(inbox) + b"/entr\xe9e.txt", "wb") as f:
        f.write(b"[Entree]\nNom_Patient=LATIN\n")
    drop(inbox, "x" * 246 + ".txt", "[Entree]\nPrenom_Patient=SANS NOM\n")
    done = _cli(tmp_path, backend_url, "--once")
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1, done.stdout  # one file in error, the others applied
    assert "2 applied" in done.stdout and "1 in error" in done.stdout
    assert "applied  entrée.txt: new patient" in done.stdout
    again = _cli(tmp_path, backend_url, "--once")
    assert again.returncode == 0 and "0 applied" in again.stdout, again.stdout
    archived = set(os.listdir(os.fsencode(inbox / "done")))
    assert {b"entr\xe9e.txt", b"fin.txt"} <= archived
    assert len(os.listdir(inbox / "errors")) == 2  # the file and its reason

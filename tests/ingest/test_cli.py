"""`synoptux ingest` headless, as an admin runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from synoptux.db.engine import Database
from tests.support.ingest import copy_samples, drop

ROOT = Path(__file__).resolve().parents[2]


def _cli(
    tmp_path: Path, url: str, *args: str, lang: str | None = "en", ini_lang: str = ""
) -> subprocess.CompletedProcess:
    """`synoptux ingest` in a process of its own; in English (--lang en) unless `lang` is
    None: then the ini's [Interface] Langue (`ini_lang`), else French."""
    ini = tmp_path / "synoptux.ini"
    ini.write_text(
        f"[Interface]\nDossier_Entrees={tmp_path / 'entrees'}\n"
        + (f"Langue={ini_lang}\n" if ini_lang else ""),
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "synoptux",
            *(("--lang", lang) if lang else ()),
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


def test_once_speaks_french_by_default(
    tmp_path: Path, seeded: Database, backend_url: str, inbox: Path
) -> None:
    """No --lang and no Langue in the ini: the summary and every file's line in French,
    from the shipped .qm; the English stays available with --lang en."""
    copy_samples(inbox)
    drop(inbox, "broken.txt", b"[Tache_1]\nCode_Tache=ECG\n")
    done = _cli(tmp_path, backend_url, "--once", lang=None)
    assert done.returncode == 1, done.stderr  # one file in error
    out = done.stdout
    assert (
        "3 appliqué(s) (2 nouveau(x) patient(s), 1 fusionné(s), 5 tâche(s)), 0 doublon(s), "
        "1 en erreur, 0 en attente"
    ) in out, out
    assert "ERREUR    broken.txt : " in out and "(déplacé dans errors/)" in out, out
    assert "appliqué  " in out and "nouveau patient n° " in out, out
    for english in ("applied", "new patient", "in error", "moved to errors/", "no [Entree]"):
        assert english not in out, (english, out)
    again = _cli(tmp_path, backend_url, "--once", lang="en")
    assert again.returncode == 0, again.stderr
    assert "0 applied (0 new patient(s), 0 merged, 0 task(s)), 0 duplicate(s)" in again.stdout
    assert "appliqué" not in again.stdout


def test_the_ini_language_is_used(
    tmp_path: Path, seeded: Database, backend_url: str, inbox: Path
) -> None:
    """[Interface] Langue=en without --lang: English; --lang fr wins over the ini."""
    drop(inbox, "a.txt", "[Entree]\nNom_Patient=A\n")
    done = _cli(tmp_path, backend_url, "--once", lang=None, ini_lang="en")
    assert done.returncode == 0, done.stderr
    assert "applied  a.txt: new patient" in done.stdout, done.stdout
    drop(inbox, "b.txt", "[Entree]\nNom_Patient=B\n")
    done = _cli(tmp_path, backend_url, "--once", lang="fr", ini_lang="en")
    assert done.returncode == 0, done.stderr
    assert "appliqué  b.txt : nouveau patient n° " in done.stdout, done.stdout


def test_database_unreachable_in_french(tmp_path: Path, inbox: Path) -> None:
    drop(inbox, "x.txt", "[Entree]\nNom_Patient=X\n")
    missing = tmp_path / "absent.db"
    done = _cli(tmp_path, f"sqlite:///{missing}", "--once", lang=None)
    assert done.returncode == 3, done.stderr
    assert (
        f"base de données injoignable : le fichier SQLite {missing} n'existe pas (--db) ; "
        "rien n'a été créé"
    ) in done.stdout, done.stdout
    assert "fichiers laissés dans le dossier d'entrée" in done.stdout
    assert "échec de la connexion à la base : le fichier SQLite" in done.stderr, done.stderr
    assert (inbox / "x.txt").exists() and not missing.exists()

"""`synoptux doctor` speaks the interface language: French by default (the ini's
[Interface] Langue, default fr), English with --lang en. Real processes, real files, the
real MariaDB; the French comes from the shipped .qm through Qt, as in the window."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from synoptux.resources.translations.update_ts import TS
from tests.startup.helpers import mysql_url, synoptux

CONFIG, PARTLY, CONNECTION = 2, 1, 3


def _doctor(tmp_path: Path, *args: str, lang: str | None = None):
    chosen = ("--lang", lang) if lang else ()
    done = synoptux(*chosen, *args, "doctor", cwd=tmp_path)
    assert "Traceback" not in done.stdout + done.stderr, done.stderr
    return done


def test_a_corrupt_ini_in_french(tmp_path: Path) -> None:
    (tmp_path / "synoptux.ini").write_bytes(b"[Timer]\n\x00\x01\x02garbage\n")
    done = _doctor(tmp_path)
    assert done.returncode == CONFIG, done.stdout
    assert (
        f"ÉCHEC configuration : fichier de configuration {tmp_path / 'synoptux.ini'} : "
        "abîmé : la ligne 2 n'est pas une ligne d'ini"
    ) in done.stdout, done.stdout
    assert "damaged" not in done.stdout and "FAIL" not in done.stdout


def test_a_number_out_of_range_in_french(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'board.db'}"  # a good database: the setting alone fails
    assert synoptux("--db", url, "init-db", cwd=tmp_path).returncode == 0
    (tmp_path / "synoptux.ini").write_text(
        "[Timer]\nPeriodicite_clignotement_en_secondes=99999999\n"
    )
    done = _doctor(tmp_path, "--db", url)
    assert done.returncode == PARTLY, done.stdout
    assert (
        "ÉCHEC configuration : [Timer] Periodicite_clignotement_en_secondes : 99999999 est "
        "supérieur à 60 (permis : de 1 à 60)"
    ) in done.stdout, done.stdout


def test_a_missing_sqlite_file_in_french(tmp_path: Path) -> None:
    share = tmp_path / "share" / "synoptux.db"
    (tmp_path / "synoptux.ini").write_text(f"[Connexion_SynopTux]\nURL=sqlite:///{share}\n")
    done = _doctor(tmp_path)
    assert done.returncode == CONNECTION, done.stdout
    assert (
        f"ÉCHEC connexion à la base : le fichier SQLite {share} n'existe pas "
        "([Connexion_SynopTux] URL) : s'il est sur un partage réseau, le partage est-il monté ?"
    ) in done.stdout, done.stdout
    assert not share.exists()  # nothing created


def test_the_ini_language_and_the_option(tmp_path: Path) -> None:
    """[Interface] Langue=en gives English; --lang fr wins over it."""
    (tmp_path / "synoptux.ini").write_text("[Interface]\nLangue=en\n")
    assert "OK   shipped files: style sheet" in _doctor(tmp_path).stdout
    french = _doctor(tmp_path, lang="fr").stdout
    assert "OK    fichiers livrés : feuille de style" in french, french


@pytest.mark.mysql
def test_a_wrong_mariadb_password_in_french(tmp_path: Path, mysql_factory) -> None:
    base = mysql_factory.create().rsplit("/", 1)[1].split("?")[0]  # a database that exists
    bad = mysql_url("stx_nobody_here:not-the-password", base)
    done = _doctor(tmp_path, "--db", bad)
    out = done.stdout
    assert done.returncode == CONNECTION, out
    (line,) = [ln for ln in out.splitlines() if "connexion à la base" in ln]
    assert line.startswith("ÉCHEC connexion à la base : mysql+pymysql://stx_nobody_here:***@")
    assert "mot de passe : en clair" in line
    assert "a refusé le nom d'utilisateur ou le mot de passe (stx_nobody_here)" in line
    assert "Access denied for user 'stx_nobody_here'" in line  # the server's own words kept
    assert "not-the-password" not in out


def test_every_doctor_and_settings_string_has_its_french() -> None:
    """What doctor can print is in the one .ts with its French (that the .ts holds every
    string of the code, as pyside6-lupdate finds them: tests/ui/test_i18n.py)."""
    root = ET.parse(TS).getroot()
    said = [
        (ctx.findtext("name"), m.find("translation"))
        for ctx in root.findall("context")
        if ctx.findtext("name") in ("Doctor", "Settings")
        for m in ctx.findall("message")
    ]
    assert len(said) > 120
    assert [t for _c, t in said if t.get("type") == "unfinished" or not t.text] == []


def _english_fragments() -> set[str]:
    """The English words of doctor's and the settings' templates (between the {values}),
    where the French says something else: none may be left in a French report."""
    out: set[str] = set()
    root = ET.parse(TS).getroot()
    for ctx in root.findall("context"):
        if ctx.findtext("name") not in ("Doctor", "Settings"):
            continue
        for message in ctx.findall("message"):
            source, french = message.findtext("source"), message.findtext("translation") or ""
            for part in re.split(r"\{[^}]*\}", source):
                part = part.strip(" :;,()")
                # "is not" alone is too common: the driver's own words say it ("file is
                # not a database"), kept as they are inside the French sentence.
                if (
                    re.search(r"[a-z]{2,} [a-z]{2,}", part)
                    and part not in french
                    and part != "is not"
                ):
                    out.add(part)
    return out


BAD_SETTINGS = {
    "corrupt": b"[Timer]\n\x00\x01\x02garbage\n",
    "ranges": (
        b"[Positions_fenetres]\nPos_Window=@Point(0 0)\nSize_Window=@Size(99999999 99999999)\n"
        b"[Timer]\nPeriodicite_clignotement_en_secondes=99999999\n"
        b"[Affichage]\nTaille_Police=x\n[Interface]\nDossier_Entrees=afile/entrees\n"
    ),
    "missing_file": b"[Connexion_SynopTux]\nURL=sqlite:///{dir}/share/absent.db\n",
    "bad_url": b"[Connexion_SynopTux]\nURL=mysql+pymysql://root@127.0.0.1:abc/x\n",
    "driver_alone": b"[Connexion]\nParametres = QMYSQL3\n",
    "not_sqlite": b"[Connexion_SynopTux]\nURL=sqlite:///{dir}/notes.db\n",
    "good": b"[Connexion_SynopTux]\nURL=sqlite:///{dir}/good.db\n",
}


@pytest.mark.parametrize("case", sorted(BAD_SETTINGS))
def test_no_english_left_in_a_french_report(tmp_path: Path, case: str) -> None:
    (tmp_path / "afile").write_text("x")
    (tmp_path / "notes.db").write_text("not a database at all\n" * 100)
    ini = BAD_SETTINGS[case].replace(b"{dir}", str(tmp_path).encode())
    (tmp_path / "synoptux.ini").write_bytes(ini)
    if case == "good":
        assert synoptux("init-db", cwd=tmp_path).returncode == 0
    english, french = _doctor(tmp_path, lang="en"), _doctor(tmp_path)
    assert english.returncode == french.returncode
    en_lines, fr_lines = english.stdout.splitlines(), french.stdout.splitlines()
    assert len(en_lines) == len(fr_lines) > 0, french.stdout
    fragments = _english_fragments()
    assert "is above" in fragments and "does not exist" in fragments  # the check can fail
    for en, fr in zip(en_lines, fr_lines, strict=True):
        if en.startswith("     "):  # a detail under a line: a file name and its reason
            continue
        assert fr != en, fr
        left = [f for f in fragments if f in fr]
        assert not left, (fr, left)

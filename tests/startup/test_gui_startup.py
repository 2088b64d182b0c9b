"""The board window on bad settings: a full-window message in French, never a board, and
never demo patients. A real offscreen QApplication (pytest-qt), real files, the real
MariaDB; `main()` end to end in a child process (quitting Qt there cannot stop the event
loop of the later tests)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from argparse import Namespace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from synoptux.config import Settings
from synoptux.ui.app import BoardStartup, install_translator
from synoptux.ui.main_window import MainWindow
from synoptux.ui.startup_error import StartupError
from tests.startup.helpers import ROOT, mysql_url

ARGS = Namespace(lang="fr", now=None, full_screen=False)


@pytest.fixture
def french(qapp):
    installed = install_translator(qapp, "fr")
    yield
    for tr in installed:
        qapp.removeTranslator(tr)
    qapp.setProperty("synoptux_translated", False)


def _start(qtbot, settings: Settings):
    startup = BoardStartup(ARGS, settings)
    startup.start()  # the loading window at once, the database opened by a thread
    qtbot.waitUntil(lambda: startup.done, timeout=30_000)
    window, db = startup.window, startup.db
    qtbot.addWidget(window)
    assert startup.error is None, startup.error
    assert db is None, "a board was opened"
    assert not startup.loading.isVisible()
    assert isinstance(window, StartupError)
    qtbot.waitExposed(window)
    assert not [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]
    return window


def _texts(window: StartupError) -> str:
    return "\n".join(
        label.text() for label in (window.heading, window.what, window.todo, window.detail)
    )


def test_a_configured_sqlite_file_that_is_missing(qtbot, french, tmp_path: Path) -> None:
    share = tmp_path / "partage"
    share.mkdir()
    ini = tmp_path / "synoptux.ini"
    ini.write_text(f"[Connexion_SynopTux]\nURL=sqlite:///{share}/urgences.db\n", encoding="utf-8")
    window = _start(qtbot, Settings.load(ini, named=True))
    text = _texts(window)
    assert "Le tableau ne peut pas démarrer" in text
    assert f"Le fichier de la base de données {share}/urgences.db est introuvable" in text
    assert "partage réseau" in text and "patients fictifs" in text
    assert window.status == 3
    assert window.isMaximized() or window.width() >= 1000  # the whole screen, not a dialog
    assert list(share.iterdir()) == []  # nothing created


def test_the_default_sqlite_file_of_a_named_ini_is_not_made_up(
    qtbot, french, tmp_path: Path
) -> None:
    """A site's ini named by --config that names no database: no demo board either."""
    ini = tmp_path / "site.ini"
    ini.write_text("[Affichage]\nTitre_Application=Urgences\n", encoding="utf-8")
    window = _start(qtbot, Settings.load(ini, named=True))
    assert "introuvable" in _texts(window) and window.windowTitle() == "Urgences"
    assert not (tmp_path / "var" / "synoptux.db").exists()


def test_a_file_that_is_not_sqlite(qtbot, french, tmp_path: Path) -> None:
    bad = tmp_path / "urgences.db"
    bad.write_text("PK\x03\x04 a zip, not a database" * 50)
    ini = tmp_path / "synoptux.ini"
    ini.write_text(f"[Connexion_SynopTux]\nURL=sqlite:///{bad}\n", encoding="utf-8")
    window = _start(qtbot, Settings.load(ini, named=True))
    assert f"Le fichier {bad} n'est pas une base de données SQLite" in _texts(window)


def test_a_bad_url_and_parametres_alone(qtbot, french, tmp_path: Path) -> None:
    ini = tmp_path / "synoptux.ini"
    ini.write_text("[Connexion]\nParametres = QMYSQL3\n", encoding="utf-8")
    window = _start(qtbot, Settings.load(ini, named=True))
    assert "Le réglage de la base de données [Connexion] Parametres est incorrect" in _texts(window)
    ini.write_text("[Connexion_SynopTux]\nURL=mysql+pymysql://u@h:port/base\n", encoding="utf-8")
    window = _start(qtbot, Settings.load(ini, named=True))
    assert "[Connexion_SynopTux] URL" in _texts(window) and window.status == 3


@pytest.mark.mysql
def test_mariadb_wrong_password_and_unknown_database(
    qtbot, french, tmp_path, mysql_factory
) -> None:
    url = mysql_factory.create()
    base = url.rsplit("/", 1)[1].split("?")[0]
    ini = tmp_path / "synoptux.ini"
    ini.write_text(f"[Connexion_SynopTux]\nURL={mysql_url('root:faux', base)}\n")
    window = _start(qtbot, Settings.load(ini, named=True))
    assert "a refusé l'utilisateur ou le mot de passe (root@127.0.0.1)" in _texts(window)
    assert "faux" not in _texts(window)
    ini.write_text(f"[Connexion_SynopTux]\nURL={mysql_url('root', 'stx_pas_de_base')}\n")
    window = _start(qtbot, Settings.load(ini, named=True))
    assert "La base de données stx_pas_de_base n'existe pas sur le serveur" in _texts(window)


@pytest.mark.mysql
def test_an_empty_mariadb_database_is_not_filled(qtbot, french, tmp_path, mysql_factory) -> None:
    url = mysql_factory.create()
    ini = tmp_path / "synoptux.ini"
    ini.write_text(f"[Connexion_SynopTux]\nURL={url}\n")
    window = _start(qtbot, Settings.load(ini, named=True))
    assert "synoptux init-db" in _texts(window) and window.status == 4
    from sqlalchemy import create_engine, inspect

    engine = create_engine(url)
    try:
        assert inspect(engine).get_table_names() == []
    finally:
        engine.dispose()


MAIN_CHILD = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from synoptux.cli import main

seen = {}

def look():
    # until a window shows (the board waits for its first read, longer on a loaded machine)
    # (the loading window first: the board or the message replaces it)
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()
             and type(w).__name__ != "LoadingWindow"]
    if not shown:
        QTimer.singleShot(100, look)
        return
    for w in shown:
        seen.setdefault("windows", []).append(type(w).__name__)
        if type(w).__name__ == "StartupError":
            seen["what"] = w.what.text()
        w.close()

app = QApplication(sys.argv[:1])
QTimer.singleShot(300, look)
QTimer.singleShot(60000, QApplication.quit)  # never hang the test run
rc = main(sys.argv[1:])
print(json.dumps({"rc": rc, **seen}))
"""


def _main_child(cwd: Path, *args: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.pop("SYNOPTUX_CONFIG", None)
    done = subprocess.run(
        [sys.executable, "-c", MAIN_CHILD, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_main_with_a_missing_config_shows_the_message(tmp_path: Path) -> None:
    seen = _main_child(tmp_path, "--lang", "fr", "--config", str(tmp_path / "absent.ini"))
    assert seen["windows"] == ["StartupError"]
    assert seen["what"] == f"Le fichier de configuration {tmp_path / 'absent.ini'} n'existe pas."
    assert seen["rc"] == 2
    assert not (tmp_path / "var").exists()


def test_main_with_a_corrupt_ini_shows_the_message(tmp_path: Path) -> None:
    ini = tmp_path / "synoptux.ini"
    ini.write_bytes(b"[Affichage]\nTitre_Application=Urgences\n\x00\x01\x02\xff\xfe garbage\n")
    seen = _main_child(tmp_path)
    assert seen["windows"] == ["StartupError"] and seen["rc"] == 2
    assert seen["what"] == f"Le fichier de configuration {ini} est endommagé (ligne 3)."
    assert not (tmp_path / "var" / "synoptux.db").exists()


def test_main_on_the_shipped_default_configuration_still_shows_the_demo(tmp_path: Path) -> None:
    """`python3 dev.py run` on a fresh checkout: the ini in the current folder, no --config,
    no database named: the first run creates the demo board (README)."""
    (tmp_path / "synoptux.ini").write_bytes((ROOT / "synoptux.ini").read_bytes())
    seen = _main_child(tmp_path)
    assert seen["windows"] == ["MainWindow"] and seen["rc"] == 0
    assert (tmp_path / "var" / "synoptux.db").exists()


def test_an_entry_folder_under_a_file(qtbot, french, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    ini = tmp_path / "synoptux.ini"
    ini.write_text("[Interface]\nDossier_Entrees=afile/entrees\n", encoding="utf-8")
    window = _start(qtbot, Settings.load(ini))
    text = _texts(window)
    assert "Le réglage [Interface] Dossier_Entrees est incorrect" in text
    assert "afile is a file, not a folder" in text and window.status == 2
    assert not (tmp_path / "var" / "synoptux.db").exists()  # no demo board either

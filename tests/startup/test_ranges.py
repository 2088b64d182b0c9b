"""Numbers out of their range: refused by `doctor` (the key and its range named), clamped
with a warning at run time (in the log file, which *Aide → Journal* shows), and the board
keeps painting and blinking."""

from __future__ import annotations

import logging
from pathlib import Path

import shiboken6
from PySide6.QtCore import QTimer

from synoptux.config import Settings
from synoptux.config_keys import KEYS
from synoptux.logfile import close_logging, setup_logging
from synoptux.services.seed import seed_demo, seed_reference
from synoptux.ui.main_window import MainWindow
from tests.startup.helpers import synoptux
from tests.support.clock import T0
from tests.support.settle import settle

HUGE = (
    "[Positions_fenetres]\nPos_Window=@Point(0 0)\nSize_Window=@Size(99999999 99999999)\n"
    "[Timer]\nPeriodicite_clignotement_en_secondes=99999999\n"
    "Periodicite_controle_alarme_en_secondes=99999999\n"
    "[Affichage]\nTaille_Police=900\nHauteur_Patients=0\n"
)


def test_every_number_key_has_a_range() -> None:
    for k in KEYS:
        if k.kind == "int":
            assert k.minimum is not None and k.maximum is not None, k.name
            assert k.minimum <= k.default <= k.maximum, k.name


def test_doctor_names_each_key_and_its_range(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'board.db'}"  # a good database: the settings alone fail
    assert synoptux("--db", url, "init-db", cwd=tmp_path).returncode == 0
    (tmp_path / "synoptux.ini").write_text(HUGE)
    done = synoptux("--lang", "en", "--db", url, "doctor", cwd=tmp_path)
    assert done.returncode == 1, done.stdout
    out = done.stdout
    assert (
        "[Timer] Periodicite_clignotement_en_secondes: 99999999 is above 60 (allowed: from 1 to 60)"
        in out
    )
    assert "[Affichage] Taille_Police: 900 is above 72 (allowed: from 8 to 72)" in out
    assert "[Affichage] Hauteur_Patients: 0 is below 1 (allowed: from 1 to 400)" in out
    assert "[Positions_fenetres] Size_Window: 99999999 is outside the range 1 to 8192" in out


def test_clamped_at_run_time_with_a_warning_in_the_log(tmp_path: Path, caplog) -> None:
    ini = tmp_path / "synoptux.ini"
    ini.write_text(HUGE)
    settings = Settings.load(ini)
    handler = setup_logging(settings)
    try:
        with caplog.at_level(logging.WARNING, logger="synoptux.config"):
            for _ in range(3):  # said once, not at every read
                assert (
                    settings.get_or_default("Timer", "Periodicite_clignotement_en_secondes") == 60
                )
            assert settings.get_or_default("Affichage", "Taille_Police") == 72
            assert settings.get_or_default("Affichage", "Hauteur_Patients") == 1
            assert settings.positions()["Window"] == (0, 0, 8192, 8192)
    finally:
        close_logging(handler)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len([w for w in warnings if "Periodicite_clignotement_en_secondes" in w]) == 1
    log_text = (tmp_path / "var" / "log" / "synoptux.log").read_text(encoding="utf-8")
    assert "Periodicite_clignotement_en_secondes: 99999999 is above 60" in log_text
    assert "60 is used instead" in log_text
    assert "Size_Window: 99999999 99999999 is outside the range 1 to 8192" in log_text


def test_the_board_paints_and_blinks_with_huge_numbers(qtbot, sqlite_db, tmp_path, clock) -> None:
    seed_reference(sqlite_db)
    seed_demo(sqlite_db, T0)
    ini = tmp_path / "synoptux.ini"
    ini.write_text(HUGE + "[Interface]\nLangue=en\n")
    win = MainWindow(sqlite_db, Settings.load(ini), clock, live=False)
    try:
        win.show_on_wall()
        qtbot.waitExposed(win)
        settle()  # the first board comes from the database thread
        timer = win.findChild(QTimer, "blinkTimer")
        assert timer is not None and timer.interval() == 60_000
        image = win.grab().toImage()
        assert not image.isNull() and image.width() <= 8192
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), 37)
            for y in range(0, image.height(), 37)
        }
        assert len(colours) > 10  # boxes, rows and chips drawn, not a blank window
    finally:
        win.close()
        if shiboken6.isValid(win):
            shiboken6.delete(win)

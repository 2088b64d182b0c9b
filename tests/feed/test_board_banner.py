"""Failing entry files on the wall: the board window, live, in French,
shows how many files are in error on its banner row, and goes on showing macros' rows.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.ui.app import install_translator
from synoptux.ui.main_window import MainWindow
from tests.feed.test_live import _macro
from tests.support.ui import destroy


def test_files_in_error_show_on_the_banner_in_french(
    qtbot,
    seeded: Database,
    other: Database,
    tmp_path: Path,
    clock,
) -> None:
    folder = tmp_path / "entrees"
    folder.mkdir()
    (folder / "poison.txt").write_bytes(
        b"[Entree]\nNom_Patient=POISON\n[Tache_1]\nCode_Tache=ECG\n"
        b"Heure_Debut_Prevue=9999-12-31 23:59\nPriorite=99999999999999999999999\n"
    )
    (folder / "pas une entree.txt").write_bytes(b"Bonjour\n")
    (folder / ("n" * 246 + ".txt")).write_bytes(b"[Entree]\nPrenom_Patient=SANS NOM\n")
    settings = Settings.from_text(
        f"[Interface]\nDossier_Entrees={folder}\nLangue=fr\n"
        "[Timer]\nPeriodicite_controle_base_en_ms=50\nDelai_stabilite_des_entrees_en_ms=300\n"
    )
    app = QApplication.instance()
    installed = install_translator(app, "fr")
    win = MainWindow(seeded, settings, clock, live=True)
    win.resize(1366, 768)
    win.show()
    try:
        qtbot.waitUntil(
            lambda: win.parts.errors_button.isVisible(),
            timeout=8000,
        )
        text = win.parts.errors_button.text()
        assert text.startswith("2 fichier(s) d'entrée en erreur"), text
        _macro(other, "G-BANNER", "APRES ERREURS")
        qtbot.waitUntil(
            lambda: any(
                p.last_name == "APRES ERREURS" for p in win.controller.current_board.patients()
            ),
            timeout=5000,
        )
        assert any(p.last_name == "POISON" for p in win.controller.current_board.patients())
    finally:
        destroy(win)
        for tr in installed:
            app.removeTranslator(tr)

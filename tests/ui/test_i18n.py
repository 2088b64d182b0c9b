"""French through Qt's translation system; the compiled .qm matches the .ts."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from argparse import Namespace
from pathlib import Path

from PySide6.QtWidgets import QApplication

from synoptux.resources.translations import update_ts
from synoptux.ui.app import install_translator
from tests.support.ui import destroy, make_window


def test_qm_is_compiled_from_the_current_ts(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.qm"
    update_ts.lrelease(update_ts.TS, fresh)
    assert fresh.read_bytes() == update_ts.QM.read_bytes(), (
        "synoptux_fr.qm is stale: run python3 dev.py translations"
    )


def test_the_ts_holds_every_string_lupdate_finds_in_the_package(tmp_path: Path) -> None:
    """pyside6-lupdate over the package changes nothing in the shipped .ts (no string
    added to the code without it, none left behind), and every string has its French."""
    fresh = tmp_path / "synoptux_fr.ts"
    shutil.copyfile(update_ts.TS, fresh)
    update_ts.lupdate(fresh)
    assert fresh.read_text(encoding="utf-8") == update_ts.TS.read_text(encoding="utf-8"), (
        "synoptux_fr.ts is not what lupdate makes of the code: run python3 dev.py translations"
    )
    assert update_ts.unfinished(fresh) == []
    contexts = {c.findtext("name") for c in ET.parse(fresh).getroot().iter("context")}
    assert {"MainWindow", "Admin", "Doctor", "Settings", "StatsWindow", "History"} <= contexts


def test_the_check_fails_on_a_string_without_french(tmp_path: Path) -> None:
    """The check above can fail: a new marked string arrives unfinished."""
    module = tmp_path / "new.py"
    module.write_text(
        "from PySide6.QtCore import QCoreApplication\n"
        'QCoreApplication.translate("MainWindow", "A sentence nobody translated")\n',
        encoding="utf-8",
    )
    ts = tmp_path / "synoptux_fr.ts"
    shutil.copyfile(update_ts.TS, ts)
    lupdate = update_ts.tool("pyside6-lupdate")
    subprocess.run(
        [lupdate, "-silent", "-locations", "none", str(module), "-ts", str(ts)], check=True
    )
    assert ("MainWindow", "A sentence nobody translated") in update_ts.unfinished(ts)


def test_french_by_default_english_on_request(qtbot, demo_sqlite, ini, clock) -> None:
    from synoptux.ui.app import language

    assert language(Namespace(lang=None), ini) == "en"  # the test ini says Langue=en
    ini.set("Interface", "Langue", "fr")
    assert language(Namespace(lang=None), ini) == "fr"
    assert language(Namespace(lang="en"), ini) == "en"
    app = QApplication.instance()
    installed = install_translator(app, "fr")
    try:
        assert installed
        win = make_window(qtbot, demo_sqlite, ini, clock)
        try:
            titles = [
                m.title()
                for m in (win.menu_files, win.menu_windows, win.menu_responsible, win.menu_help)
            ]
            assert titles == ["Fichiers", "Fenêtres", "Responsable", "Aide"]
            assert win.act_all.text() == "Tous"
            from synoptux.ui.board.row_look import Tier

            chips = [
                c.text
                for r in win.controller.rows.values()
                for c in r.geometry_for(Tier.FULL, 460).chips
                if c.late_kind
            ]
            assert any("retard " in t for t in chips) and any("début +" in t for t in chips)
            sheet = win.controller.open_sheet(next(iter(win.controller.rows)))
            assert sheet.close_button.text() == "Fermer"
            sheet.close()
        finally:
            destroy(win)
    finally:
        for tr in installed:
            app.removeTranslator(tr)
    assert install_translator(app, "en") == []

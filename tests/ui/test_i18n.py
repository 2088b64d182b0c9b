"""French through Qt's translation system; the compiled .qm matches the .ts."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from argparse import Namespace
from pathlib import Path

from PySide6.QtWidgets import QApplication

from synoptux.ui.app import TRANSLATIONS, install_translator
from tests.support.ui import destroy, make_window

sys.path.insert(0, str(TRANSLATIONS))
import update_ts  # noqa: E402


def test_qm_is_compiled_from_the_current_ts(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.qm"
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run(
        [str(lrelease), str(TRANSLATIONS / "synoptux_fr.ts"), "-qm", str(fresh)],
        check=True,
        capture_output=True,
    )
    assert fresh.read_bytes() == (TRANSLATIONS / "synoptux_fr.qm").read_bytes(), (
        "synoptux_fr.qm is stale: run synoptux/resources/translations/update_ts.py"
    )


def test_every_board_string_has_a_french_translation() -> None:
    root = ET.parse(TRANSLATIONS / "synoptux_fr.ts").getroot()
    done = {
        (ctx.findtext("name"), msg.findtext("source"))
        for ctx in root.findall("context")
        for msg in ctx.findall("message")
        if msg.find("translation").get("type") != "unfinished" and msg.findtext("translation")
    }
    root_dir = Path(__file__).resolve().parents[2]
    wanted = {
        pair
        for name in update_ts.SOURCES
        for pair in update_ts.extract(root_dir / "synoptux" / "ui" / name)
    }
    assert len(wanted) > 60
    assert wanted - done == set()


def test_french_by_default_english_on_request(qtbot, seeded_sqlite, ini, clock) -> None:  # noqa: ANN001
    from synoptux.ui.app import language

    assert language(Namespace(lang=None), ini) == "en"  # the test ini says Langue=en
    ini.set("Interface", "Langue", "fr")
    assert language(Namespace(lang=None), ini) == "fr"
    assert language(Namespace(lang="en"), ini) == "en"
    app = QApplication.instance()
    installed = install_translator(app, "fr")
    try:
        assert installed
        win = make_window(qtbot, seeded_sqlite, ini, clock)
        try:
            titles = [
                m.title()
                for m in (win.menu_files, win.menu_windows, win.menu_responsible, win.menu_help)
            ]
            assert titles == ["Fichiers", "Fenêtres", "Responsable", "Aide"]
            assert win.act_all.text() == "Tous"
            from synoptux.ui.row_look import Tier

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


def test_fragments_of_other_modules_are_merged() -> None:
    """French kept beside other modules' code (synoptux/**/synoptux_fr_*.ts) is in the .ts
    the board loads; if this fails, run synoptux/resources/translations/update_ts.py."""
    root = ET.parse(TRANSLATIONS / "synoptux_fr.ts").getroot()
    merged = {
        (ctx.findtext("name"), msg.findtext("source"), msg.findtext("translation"))
        for ctx in root.findall("context")
        for msg in ctx.findall("message")
    }
    for frag in update_ts.fragments():
        for ctx in ET.parse(frag).getroot().findall("context"):
            for msg in ctx.findall("message"):
                key = (ctx.findtext("name"), msg.findtext("source"), msg.findtext("translation"))
                assert key in merged, f"{frag.name}: {key[1]!r} not merged"

"""`synoptux snapshot` renders the real board offscreen; MedinTux notes are read for real."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from sqlalchemy import create_engine, text

from synoptux.services.notes import NoteReader, NoteUnavailable, read_medintux_note


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("SYNOPTUX_CONFIG", None)
    return subprocess.run(
        [sys.executable, "-m", "synoptux", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_snapshot_renders_the_demo_board_to_png(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    done = _cli("--db", url, "--now", "2026-11-23 10:00", "init-db", "--demo", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "board.png"
    done = _cli(
        "--db",
        url,
        "--now",
        "2026-11-23 10:00",
        "--lang",
        "fr",
        "snapshot",
        str(out),
        "--size",
        "1600x900",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "25 patients" in done.stdout
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1600, 900)
    colours = {img.pixel(x, y) for x in range(0, 1600, 37) for y in range(0, 900, 23)}
    assert len(colours) > 20  # a real board, not a blank or single-colour image


def test_snapshot_report_says_where_each_patient_and_task_was_drawn(tmp_path: Path) -> None:
    import json

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    now = ("--db", url, "--now", "2026-11-23 10:00")
    assert _cli(*now, "init-db", "--demo", cwd=tmp_path).returncode == 0
    board = json.loads(_cli(*now, "board", "--json", cwd=tmp_path).stdout)
    out, report_path = tmp_path / "wall.png", tmp_path / "wall.json"
    done = _cli(
        *now,
        "--lang",
        "fr",
        "snapshot",
        str(out),
        "--size",
        "1366x768",
        "--report",
        str(report_path),
        "--mode",
        "window",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert QImage(str(out)).size().width() == 1366
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["size"] == [1366, 768] and report["mode"] == "Fenetre"
    by_id = {p["id"]: p for p in report["patients"]}
    wanted = [p for b in board["boxes"] for p in b["patients"]]
    assert sorted(by_id) == sorted(p["id"] for p in wanted) and len(wanted) == 25
    for p in wanted:
        seen = by_id[p["id"]]
        keys = {"id", "last_name", "box", "tier", "rect", "visible", "name_px", "text_px", "tasks"}
        assert keys <= set(seen)
        assert seen["visible"] and seen["last_name"] == p["last_name"]
        assert [t["id"] for t in seen["tasks"]] == [t["id"] for t in p["tasks"]]
        assert all(t["visible"] and len(t["rect"]) == 4 for t in seen["tasks"])
        assert seen["name_px"] >= 16 and seen["text_px"] >= 16
    done = _cli(*now, "snapshot", str(out), "--mode", "sideways", cwd=tmp_path)
    assert done.returncode == 2 and "frame (Cadre) ou window (Fenetre)" in done.stderr  # French


def test_snapshot_rejects_a_bad_size(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    _cli("--db", url, "init-db", cwd=tmp_path)
    done = _cli("--db", url, "snapshot", str(tmp_path / "x.png"), "--size", "huge", cwd=tmp_path)
    assert done.returncode == 2 and "WIDTHxHEIGHT" in done.stderr


@pytest.fixture
def medintux(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'DrTuxTest.db'}"
    eng = create_engine(url)
    with eng.begin() as c:
        c.execute(
            text(
                "CREATE TABLE RubriquesHead (RbDate_PrimKey INTEGER PRIMARY KEY, "
                "RbDate_RefBlobs_PrimKey INTEGER, RbDate_NomDate TEXT)"
            )
        )
        c.execute(
            text(
                "CREATE TABLE RubriquesBlobs (RbDate_PrimKey INTEGER PRIMARY KEY, "
                "RbDate_DataRub BLOB)"
            )
        )
        c.execute(
            text(
                "INSERT INTO RubriquesHead VALUES (160651, 9, 'CR écho'), "
                "(160652, 10, 'utf8'), (160653, 404, 'orphan')"
            )
        )
        c.execute(
            text("INSERT INTO RubriquesBlobs VALUES (9, :a), (10, :b)"),
            {
                "a": "<p>Échographie : vésicule normale</p>".encode("cp1252"),
                "b": "\ufeff<p>Créatinine 80 µmol/l</p>".encode("utf-8"),
            },
        )
    eng.dispose()
    return url


def test_medintux_note_is_read_and_decoded(medintux: str) -> None:
    assert read_medintux_note(medintux, 160651).html == "<p>Échographie : vésicule normale</p>"
    assert read_medintux_note(medintux, 160652).html == "<p>Créatinine 80 µmol/l</p>"


def test_medintux_note_missing_or_not_configured(medintux: str, tmp_path: Path) -> None:
    with pytest.raises(NoteUnavailable) as exc:
        read_medintux_note(medintux, 160653)  # head row points to no blob
    assert exc.value.code == "note_missing"
    with pytest.raises(NoteUnavailable) as exc:
        read_medintux_note(None, 160651)
    assert exc.value.code == "no_medintux"
    reader = NoteReader(f"sqlite:///{tmp_path / 'empty.db'}")  # no MedinTux tables
    with pytest.raises(NoteUnavailable) as exc:
        reader.read(160651)
    assert exc.value.code == "medintux_error"
    reader.dispose()


FIRST_RUN_CHILD = """
import json, sys
from argparse import Namespace
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from synoptux.config import Settings
from synoptux.ui.app import run_gui
from synoptux.ui.main_window import MainWindow

seen = {}

def look():
    wins = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if not wins or wins[0].controller.current_board is None:  # loading: the board follows
        QTimer.singleShot(100, look)
        return
    if wins:
        seen["title"] = wins[0].windowTitle()
        seen["patients"] = len(wins[0].controller.current_board.patients())
        wins[0].close()
    QApplication.quit()

app = QApplication(sys.argv[:1])  # run_gui reuses it; the timer needs it to exist
QTimer.singleShot(300, look)
QTimer.singleShot(60000, QApplication.quit)  # never hang the test run
rc = run_gui(Namespace(lang="en", now=None), Settings.load(Path(sys.argv[1])))
print(json.dumps({"rc": rc, **seen}))
"""


def test_run_gui_first_run_creates_the_demo_board_and_titles_the_window(tmp_path: Path) -> None:
    """A real first run, in a child process: quitting the application there must not stop the
    event loop every later Qt test of this session relies on."""
    import json
    import os
    import subprocess
    import sys

    ini = tmp_path / "synoptux.ini"
    ini.write_text(
        "[Affichage]\nTitre_Application=Urgences Marignane\n[Interface]\nLangue=en\n",
        encoding="utf-8",
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", FIRST_RUN_CHILD, str(ini)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert (tmp_path / "var" / "synoptux.db").exists()  # created on first run
    assert seen == {"rc": 0, "title": "Urgences Marignane", "patients": 25}

"""The whole department at a glance: for the demo department at the three wall sizes, in
frame and window mode, every patient of `board --json` is wholly on screen with its
name and every task; for 200 patients x 8 tasks on 1920x1080 every name is. Read from
the snapshot report (the window's own rendering, see `ui.board.wall_report`)."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtWidgets import QApplication

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.domain.clock import FakeClock
from synoptux.services.export import board_dict
from synoptux.services.seed import seed_demo, seed_reference
from synoptux.ui.app import install_translator
from synoptux.ui.board.wall_report import build_report
from synoptux.ui.main_window import MainWindow
from tests.support.clock import T0
from tests.support.settle import settle
from tests.support.ui import destroy
from tests.ui.builders import add_patients

SIZES = [(1920, 1080), (1366, 768), (1280, 800)]


def report_of(qtbot, db: Database, settings: Settings, clock, size, mode) -> dict:
    win = MainWindow(db, settings, clock, live=False)
    try:
        win.set_mode(mode)
        win.resize(*size)
        win.show()
        qtbot.waitExposed(win)
        settle()
        for _ in range(3):
            QApplication.processEvents()
        return build_report(win)
    finally:
        destroy(win)


@pytest.fixture
def french():
    """The board as it runs (French): the longest texts of the two languages."""
    app = QApplication.instance()
    installed = install_translator(app, "fr")
    yield
    for tr in installed:
        app.removeTranslator(tr)


def wanted(db: Database, clock) -> list[dict]:
    from synoptux.services.snapshot import load_board

    return [p for b in board_dict(load_board(db, clock.now()))["boxes"] for p in b["patients"]]


@pytest.mark.parametrize("mode", ["Cadre", "Fenetre"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_demo_department_is_wholly_on_screen(
    qtbot,
    demo_sqlite,
    clock,
    french,
    size,
    mode,
) -> None:
    report = report_of(qtbot, demo_sqlite, Settings.from_text(""), clock, size, mode)
    assert_wholly_on_screen(report, wanted(demo_sqlite, clock), size, mode)


# The demo's times are relative to the hour it is seeded at (entries up to seven hours
# ago, tasks late or due soon): seeded at midnight the times are the day before's (within
# 12 hours they show without their date: "→22:40"), and the board order once put six
# boxes in the last column while the first had room. The wall shows every patient and
# task at every hour, not only at the one the other tests use.
HOURS = ["00:00", "06:00", "14:00", "20:00"]


@pytest.mark.parametrize("mode", ["Cadre", "Fenetre"])
@pytest.mark.parametrize(
    ("size", "hour"),
    [
        pytest.param(size, hour, id=f"{size[0]}x{size[1]}-{hour}")
        for size in SIZES
        for hour in HOURS
    ],
)
def test_the_demo_department_is_wholly_on_screen_at_any_hour(
    qtbot,
    sqlite_db,
    french,
    size,
    hour: str,
    mode: str,
) -> None:
    now = datetime.fromisoformat(f"2026-12-02 {hour}")
    seed_reference(sqlite_db)
    seed_demo(sqlite_db, now)
    clock = FakeClock(now)
    report = report_of(qtbot, sqlite_db, Settings.from_text(""), clock, size, mode)
    # The full tier's share is checked at 10:00 (above): at midnight the dated times leave
    # it to fewer patients; every task stays on screen.
    assert_wholly_on_screen(report, wanted(sqlite_db, clock), size, mode, full_at_1080=0)


def assert_wholly_on_screen(
    report: dict,
    board: list[dict],
    size,
    mode: str,
    full_at_1080: int = 20,
) -> None:
    """Every patient of `board` wholly on screen in `report`, in the full or compact tier,
    with every task; no box scrolls, none covers another; at 1920x1080 at least
    `full_at_1080` patients in the full tier (with the comment line)."""
    assert report["size"] == list(size) and report["mode"] == mode
    patients = {p["id"]: p for p in report["patients"]}
    assert len(board) == 25 and sorted(patients) == sorted(p["id"] for p in board)
    for p in board:
        seen = patients[p["id"]]
        assert seen["visible"] and seen["name_visible"] and seen["name_whole"], seen
        assert seen["tier"] in ("full", "compact"), (p["last_name"], seen["tier"])
        assert [t["id"] for t in seen["tasks"]] == [t["id"] for t in p["tasks"]]
        for t in seen["tasks"]:  # its state colour, and its late mark when late
            assert t["visible"] and t["fill"], (p["last_name"], t)
            if t["late"]:
                assert t["late_kind"] in ("start", "end")
                if t.get("kind") == "chip":
                    assert "\u26a0" in t["text"] or "retard" in t["text"] or "début" in t["text"]
        assert seen["text_px"] >= 16 and seen["name_px"] >= 16
        if size == (1920, 1080) and seen["tier"] == "full":
            assert seen["name_px"] >= 24 and seen["text_px"] >= 16
    # No box scrolls, none says "+N", no title is cut; the comment line shows at 1920x1080.
    assert all(b["hidden"] == 0 and not b["more_text"] for b in report["boxes"])
    assert all(b["title_whole"] and b["visible"] for b in report["boxes"])
    if size == (1920, 1080):
        full = [p for p in report["patients"] if p["tier"] == "full"]
        assert len(full) >= full_at_1080  # nearly everyone in the full tier, at 10:00
    rects = [b["rect"] for b in report["boxes"]]
    assert not any(
        a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
        for i, a in enumerate(rects)
        for b in rects[i + 1 :]
    )


@pytest.mark.parametrize("spread", [True, False], ids=["16 boxes", "4 boxes"])
def test_200_patients_keep_every_name_on_screen(
    qtbot,
    sqlite_db,
    clock,
    french,
    spread: bool,
) -> None:
    seed_reference(sqlite_db)
    if spread:  # as the bench builds it: every box holds 12 or 13 patients
        import importlib.util
        from pathlib import Path

        bench = Path(__file__).resolve().parents[2] / "bench" / "board_scale.py"
        spec = importlib.util.spec_from_file_location("board_scale", bench)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.build(sqlite_db, 200, 8, 0.0)
    else:  # 50 in each of A1, UHCD, IMG, SORT; twelve boxes empty
        add_patients(sqlite_db, T0, 200, 8)
    report = report_of(qtbot, sqlite_db, Settings.from_text(""), clock, (1920, 1080), "Cadre")
    assert len(report["patients"]) == 200
    for p in report["patients"]:
        assert p["name_visible"] and p["name_whole"], (p["last_name"], p["tier"], p["rect"])
        assert p["name_px"] >= 16
    assert all(b["hidden"] == 0 for b in report["boxes"])  # nothing scrolled out


def test_a_quiet_night_reads_large(qtbot, sqlite_db, clock, french) -> None:
    seed_reference(sqlite_db)
    add_patients(sqlite_db, T0, 5, 3)
    report = report_of(qtbot, sqlite_db, Settings.from_text(""), clock, (1920, 1080), "Cadre")
    assert len(report["patients"]) == 5
    for p in report["patients"]:
        assert p["tier"] == "full" and p["visible"] and p["name_px"] >= 24
        assert all(t["visible"] for t in p["tasks"])

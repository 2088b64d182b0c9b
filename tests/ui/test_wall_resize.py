"""The wall's layout depends only on the window's size now, not on the sizes it went
through: the snapshot command and a maximised window both start at a first size
and are resized; under load the first arrangement runs before the last resize. A window
arranged at one size then resized draws what a window built at the last size draws."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtWidgets import QApplication

from synoptux.config import Settings
from synoptux.domain.clock import FakeClock
from synoptux.services.seed import seed_demo, seed_reference
from synoptux.ui.board.wall_report import build_report
from synoptux.ui.main_window import MainWindow
from tests.support.settle import settle
from tests.support.ui import destroy
from tests.ui.test_wall_report import assert_wholly_on_screen, french, report_of, wanted

__all__ = ["french"]  # the fixture, used by name

MIDNIGHT = datetime.fromisoformat("2026-12-02 00:00")


def _shown(win) -> None:
    settle()
    for _ in range(3):
        QApplication.processEvents()


def resized_report(qtbot, db, settings, clock, sizes, mode) -> dict:
    """The report of a window shown and arranged at each of `sizes` in turn."""
    win = MainWindow(db, settings, clock, live=False)
    try:
        win.set_mode(mode)
        win.resize(*sizes[0])
        win.show()
        qtbot.waitExposed(win)
        _shown(win)
        # Time passes at the first size, as on a loaded machine before the last resize:
        # the window mode's settle timer (250 ms) runs there.
        qtbot.wait(400)
        for size in sizes[1:]:
            win.resize(*size)
            _shown(win)
        assert not win.view.saved  # nobody moved a box: the default grid, not positions
        return build_report(win)
    finally:
        destroy(win)


def _layout(report: dict) -> tuple:
    boxes = sorted((b["code"], tuple(b["rect"]), b["tier"], b["hidden"]) for b in report["boxes"])
    rows = sorted((p["id"], p["tier"], tuple(p["rect"] or ())) for p in report["patients"])
    return boxes, rows


@pytest.mark.parametrize("mode", ["Cadre", "Fenetre"])
@pytest.mark.parametrize(
    "first",
    [(1366, 700), (1366, 1080), (1920, 1080), (1024, 600), (1280, 800)],
    ids=lambda s: f"from-{s[0]}x{s[1]}",
)
def test_a_resized_wall_is_the_wall_built_at_its_size(qtbot, sqlite_db, french, first, mode):
    seed_reference(sqlite_db)
    seed_demo(sqlite_db, MIDNIGHT)
    clock = FakeClock(MIDNIGHT)
    settings = Settings.from_text("")
    size = (1366, 768)
    direct = report_of(qtbot, sqlite_db, settings, clock, size, mode)
    resized = resized_report(qtbot, sqlite_db, settings, clock, [first, size], mode)
    assert_wholly_on_screen(resized, wanted(sqlite_db, clock), size, mode, full_at_1080=0)
    assert _layout(resized) == _layout(direct)


@pytest.mark.parametrize(
    "sizes",
    [[(1366, 768), (1920, 1080)], [(1920, 1080), (1366, 768), (1920, 1080)]],
    ids=["up", "down-and-up"],
)
def test_a_wall_resized_up_is_the_wall_built_at_its_size(qtbot, sqlite_db, french, sizes):
    seed_reference(sqlite_db)
    seed_demo(sqlite_db, MIDNIGHT)
    clock = FakeClock(MIDNIGHT)
    settings = Settings.from_text("")
    direct = report_of(qtbot, sqlite_db, settings, clock, sizes[-1], "Cadre")
    resized = resized_report(qtbot, sqlite_db, settings, clock, sizes, "Cadre")
    assert _layout(resized) == _layout(direct)


def test_a_tier_past_the_cap_is_told_out_of_reach(sqlite_window) -> None:
    """A tier counted only up to the cap is not told "cap + 1" px (short of its height:
    the masonry, which may give a box more than the cap, would give it that and the box
    would fall to a lower tier): it is told taller than the area, and the needs measured
    at one cap or area are not those of another."""
    panel = max(sqlite_window.view.panels.values(), key=lambda p: len(p.rows))
    width, area = 400, 700
    whole = panel.need(width, cap=1 << 20)
    assert whole.compact < whole.full < area  # the box fits its full tier in the area
    cap = (whole.compact + panel.floor_height()) // 2  # past the dense tier, short of compact
    cut = panel.need(width, cap=cap, reach=area)
    assert cut.least == whole.least and cut.minimal == whole.minimal
    assert cut.compact > area and cut.full > area
    cut_full = panel.need(width, cap=whole.compact + 1, reach=area)
    assert cut_full.compact == whole.compact and cut_full.full > area
    assert panel.need(width, cap=1 << 20) == whole  # remembered by cap and area

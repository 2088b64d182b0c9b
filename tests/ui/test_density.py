"""Graceful density: each box shows the richest tier its room holds, says "+N" when even
the densest does not, and the late strip names the hidden late patients first; the 2.x
size keys as hints; the window opens on the whole screen whatever the window manager."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from synoptux.config import Settings
from synoptux.domain.clock import FakeClock
from synoptux.ui.board.alarm_strip import GROW_HOLD_MS
from synoptux.ui.board.row_look import Look, Sizes, Tier
from synoptux.ui.main_window import MainWindow
from tests.support.clock import T0
from tests.support.settle import settle
from tests.support.ui import destroy, make_window
from tests.ui.builders import add_patients
from tests.ui.taps import tap


def test_each_box_takes_the_richest_tier_that_fits(window) -> None:
    panel = window.controller.panels["A1"]  # five patients, six tasks
    width = panel.width()
    heights = {t: panel.content_height(t, width - 4) for t in Tier}
    assert heights[Tier.FULL] > heights[Tier.COMPACT] > heights[Tier.MINIMAL]
    assert heights[Tier.MINIMAL] >= heights[Tier.DENSE]
    for tier in Tier:
        assert panel.choose_tier(width - 4, heights[tier]) == (tier, False)
    assert panel.choose_tier(width - 4, heights[Tier.DENSE] - 1) == (Tier.DENSE, True)
    chrome = panel.head.height() + 4
    for tier in (Tier.COMPACT, Tier.MINIMAL):  # the box itself, squeezed: it follows
        panel.resize(width, chrome + heights[tier])
        QApplication.processEvents()
        assert panel.tier is tier and not panel.overflow
        assert all(r.tier is tier and r.isVisible() for r in panel.rows)
    window.view.relayout()


def test_a_box_too_small_for_everyone_says_plus_n_and_the_strip_names_them(
    qtbot,
    sqlite_db,
    ini,
    clock,
) -> None:
    from synoptux.services.seed import seed_reference

    seed_reference(sqlite_db)
    pks = add_patients(sqlite_db, T0, 40, 8)  # 10 in the waiting room, all with late tasks
    win = make_window(qtbot, sqlite_db, ini, clock)
    try:
        rects = win.view.current_rects()
        x, y, w, _h = rects["A1"]
        # A layout saved by an admin, with a waiting room too short for ten patients.
        win.view.set_saved_positions({**rects, "A1": (x, y, w, 150)})
        QApplication.processEvents()
        panel = win.controller.panels["A1"]
        assert panel.overflow and panel.tier is Tier.DENSE
        hidden = panel.hidden_ids()
        assert hidden and panel.more_button.isVisible()
        assert panel.more_button.text().startswith(f"+{len(hidden)}")
        assert win.controller.hidden_patients() == frozenset(hidden)
        strip = win.parts.strip
        shown = strip.lines()
        items = strip.items()
        late_hidden = [i for i in items if i.patient_id in hidden]
        assert late_hidden and items[: len(late_hidden)] == late_hidden  # the hidden first
        assert [ln.item for ln in shown] == items[: len(shown)]
        # A second row of lines while patients stay hidden (not at once, or the strip and the
        # wall push each other).
        qtbot.waitUntil(lambda: strip.height() > 2 * 40, timeout=GROW_HOLD_MS + 3000)
        shown = strip.lines()
        assert "(not on screen)" in shown[0].text()
        assert set(hidden) <= set(pks)
        tap(qtbot, panel.more_button)  # scrolls to the next hidden patient
        assert panel.hidden_ids() != hidden
    finally:
        destroy(win)


def test_the_2x_display_keys_are_size_hints() -> None:
    big = Sizes.from_settings(
        Settings.from_text(
            "[Affichage]\nHauteur_Patients=50\nHauteur_NomBox=60\nHauteur_Taches=48\n"
        )
    )
    assert (big.name_line, big.name_px_full, big.title_h, big.chip_pitch) == (50, 30, 60, 48)
    old = Sizes.from_settings(  # the original 2.16 ini: below the floors, floors win
        Settings.from_text(
            "[Affichage]\nHauteur_Patients=40\nHauteur_NomBox=30\nHauteur_Taches=40\n"
        )
    )
    assert old.title_h == 40 and old.chip_pitch == 40 and old.name_px_full == 24
    assert old.name_line >= old.name_px_full + 8
    short = Sizes.from_settings(None, height=768)  # a 1366x768 touch PC, viewed from closer
    assert short.tap == round(40 * 768 / 1000) and short.text_px_compact == 16
    assert short.name_px_full >= 18


def test_the_title_bar_follows_hauteur_nombox(qtbot, demo_sqlite, clock) -> None:
    settings = Settings.from_text("[Affichage]\nHauteur_NomBox=56\n")
    win = MainWindow(demo_sqlite, settings, clock, live=False)
    try:
        win.resize(1920, 1080)
        win.show()
        qtbot.waitExposed(win)
        settle()
        panel = win.controller.panels["S1"]
        assert panel.title_button.height() == 56
        assert isinstance(win.look, Look) and win.look.sizes.title_h == 56
    finally:
        destroy(win)


def _screen() -> QRect:
    return QGuiApplication.primaryScreen().availableGeometry()


def test_the_window_opens_on_the_whole_screen_without_a_window_manager(
    qtbot,
    demo_sqlite,
) -> None:
    """showMaximized is only a request to a window manager; with none (a bare X server
    in a kiosk session) nothing resizes the window, which stays at 1280x720. The board
    sizes itself to the screen before asking, so it covers it exactly either way."""
    win = MainWindow(demo_sqlite, Settings.from_text(""), FakeClock(T0), live=False)
    try:
        settle()
        win.show_on_wall()
        qtbot.waitExposed(win)
        assert win.geometry().size() == _screen().size()
    finally:
        destroy(win)
    full = Settings.from_text("[Affichage]\nPlein_Ecran=OUI\n")
    win = MainWindow(demo_sqlite, full, FakeClock(T0), live=False)
    try:
        win.show_on_wall()
        qtbot.waitExposed(win)
        settle()
        assert win.isFullScreen()
        assert win.geometry().size() == QGuiApplication.primaryScreen().geometry().size()
    finally:
        destroy(win)
    saved = Settings.from_text(  # saved on a bigger screen: kept on this one
        "[Positions_fenetres]\nPos_Window=@Point(100 50)\nSize_Window=@Size(3840 2160)\n"
    )
    win = MainWindow(demo_sqlite, saved, FakeClock(T0), live=False)
    try:
        win.show_on_wall()
        qtbot.waitExposed(win)
        settle()
        size, screen = win.geometry().size(), _screen().size()
        assert size.width() <= screen.width() and size.height() <= screen.height()
        assert _screen().contains(win.geometry().topLeft())
    finally:
        destroy(win)

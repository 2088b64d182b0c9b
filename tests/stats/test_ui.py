"""The statistics window and the history dialogs, on real Qt (offscreen) and real databases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from synoptux.config import IFACE, Settings
from synoptux.db.engine import Database
from synoptux.ui.db_runner import DbRunner
from synoptux.ui.dialogs.history_dialog import ArchiveSearchDialog, show_patient_history
from synoptux.ui.stats.stats_window import StatsWindow
from tests.stats.test_figures import _day
from tests.support.settle import settle


def _ctx(db, clock, threshold: int = 3):
    settings = Settings.load(None)
    settings.set(IFACE, "Seuil_Stress_Patients", threshold)
    return SimpleNamespace(db=db, settings=settings, clock=clock)


@pytest.fixture
def runner(qtbot) -> Iterator[DbRunner]:
    """The board's database thread, which computes the figures and reads the stays."""
    r = DbRunner()
    yield r
    r.stop()


def _window(qtbot, ctx, runner: DbRunner) -> StatsWindow:
    win = StatsWindow(ctx, runner)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.report is not None, timeout=15000)
    return win


def test_today_figures_tables_and_charts(qtbot, ward, runner) -> None:
    ids = _day(ward)
    ward.at("11:30")
    win = _window(qtbot, _ctx(ward.db, ward.clock), runner)
    r = win.report
    assert (r.date_from, r.date_to) == (date(2026, 11, 23), date(2026, 11, 23))
    assert "3 stay(s), 2 act(s)" in win.status.text()
    los = win.views["length_of_stay"]
    assert los.item(0, 1).text() == "90.0" and los.item(0, 3).text() == "114.0"
    acts = win.views["acts_by_task"]
    assert acts.horizontalHeaderItem(3).text() == "Terminé"  # the state label, not 'state_80'
    assert {acts.item(i, 0).text() for i in range(acts.rowCount())} == {"ECG", "BIO S"}
    assert win.charts["acts_task"].labels == ["BIO S", "ECG"]
    assert win.charts["acts_hour"].series[0][9] == 1 and win.charts["acts_hour"].series[0][10] == 1
    heat = win.charts["arrivals"]
    assert heat.values[0][8] == 1 and heat.values[0][9] == 2  # Monday
    assert heat.color(2).valueF() < heat.color(1).valueF() < heat.color(0).valueF() + 1e-9
    assert win.charts["stress"].legend == ["Stress", "Calm"]
    painted = set()
    for i in range(win.tabs.count()):  # every chart paints (an exception fails the test)
        win.tabs.setCurrentIndex(i)
        for name, chart in win.charts.items():
            qtbot.waitUntil(lambda i=i: win.tabs.currentIndex() == i)
            if chart.isVisible():
                img = chart.grab().toImage()
                colours = {
                    img.pixel(x, y)
                    for x in range(0, img.width(), 5)
                    for y in range(0, img.height(), 5)
                }
                assert len(colours) > 3, name  # bars, cells, text: not a blank rectangle
                painted.add(name)
    assert painted == set(win.charts)
    assert "still present" in win.notes.text()
    summary = win.views["summary"]
    assert (summary.item(2, 0).text(), summary.item(2, 1).text()) == ("Arrivals", "3")
    assert ids["b"]


def test_period_buttons_and_custom_dates(qtbot, ward, runner) -> None:
    _day(ward)
    win = _window(qtbot, _ctx(ward.db, ward.clock), runner)
    qtbot.mouseClick(win.period_buttons["week"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.report.date_from == date(2026, 11, 17), timeout=15000)
    assert win.report.date_to == date(2026, 11, 23)
    assert len(win.views["acts_by_day"].source.rows) == 7
    win.choose("month")
    qtbot.waitUntil(lambda: win.report.date_from == date(2026, 10, 24), timeout=15000)
    win.choose("custom")
    assert win.date_from.isEnabled()
    win.date_from.setDate(date(2026, 11, 22))
    win.date_to.setDate(date(2026, 11, 22))
    qtbot.waitUntil(lambda: win.report.date_to == date(2026, 11, 22), timeout=15000)
    assert win.report.value("stays_entered") == 0


def test_the_last_request_wins(qtbot, ward, runner) -> None:
    _day(ward)
    win = _window(qtbot, _ctx(ward.db, ward.clock), runner)
    win.choose("month")
    win.choose("today")
    qtbot.waitUntil(lambda: win.refresh_button.isEnabled(), timeout=15000)
    qtbot.wait(50)
    assert win.report.date_from == date(2026, 11, 23)


def test_export_writes_every_table(qtbot, ward, tmp_path, runner) -> None:
    _day(ward)
    win = _window(qtbot, _ctx(ward.db, ward.clock), runner)
    paths = win.export_csv(tmp_path / "export")
    assert {p.stem for p in paths} >= set(win.report.tables)
    assert "written" in win.status.text()
    blocked = tmp_path / "a_file"
    blocked.write_text("not a folder")
    assert win.export_csv(blocked / "sub") == []
    assert "could not be written" in win.status.text()


def test_unreachable_database_is_said(qtbot, clock, runner) -> None:
    db = Database.from_url("mysql+pymysql://root@127.0.0.1:1/nothing")
    win = StatsWindow(_ctx(db, clock), runner)
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: "cannot be reached" in win.status.text(), timeout=15000)
    assert win.report is None
    assert win.refresh_button.isEnabled()
    db.dispose()


def test_patient_history_dialog(qtbot, ward) -> None:
    ids = _day(ward)
    dlg = show_patient_history(None, ward.db, ids["b"])
    qtbot.addWidget(dlg)
    assert "BRAVO" in dlg.windowTitle()
    rows = [[dlg.table.item(r, c).text() for c in range(5)] for r in range(dlg.table.rowCount())]
    assert [r[1] for r in rows] == ["Entry", "Move", "Move", "Task state", "Task state"]
    assert rows[2][3] == "A2 → S2"
    assert rows[4][4] == "Bilan standard · Prélevé → Terminé"
    assert rows[0][0] == "23/11/2026 09:00"


def test_archive_search_dialog(qtbot, ward, runner) -> None:
    ids = _day(ward)
    dlg = ArchiveSearchDialog(ward.db, runner)
    qtbot.addWidget(dlg)
    dlg.query.setText("char")
    qtbot.mouseClick(dlg.search_button, Qt.MouseButton.LeftButton)
    settle()
    assert dlg.results.rowCount() == 1
    assert dlg.results.item(0, 1).text() == "CHARLIE Test"
    dlg.show_stay(0)
    settle()
    actions = [dlg.events.item(r, 1).text() for r in range(dlg.events.rowCount())]
    assert actions == ["Entry", "Task state", "Move", "Destination", "Final exit"]
    dlg.query.setText("nobody")
    dlg.search()
    settle()
    assert dlg.results.rowCount() == 0 and "No stay found" in dlg.status.text()
    assert ids["c"]


def test_week_starts_six_days_before_today() -> None:
    from synoptux.stats.periods import month_before, period

    today = date(2026, 3, 31)
    assert period("week", today) == (today - timedelta(days=6), today)
    assert month_before(today) == date(2026, 2, 28)
    assert period("month", today) == (date(2026, 3, 1), today)
    assert period("custom", today, (date(2026, 3, 5), date(2026, 3, 1))) == (
        date(2026, 3, 1),
        date(2026, 3, 5),
    )

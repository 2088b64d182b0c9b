"""Vigilance statistics on both backends: per triage level, and alarms acknowledged."""

from __future__ import annotations

import csv
from datetime import date, timedelta

from synoptux.domain.clock import FakeClock
from synoptux.services.board import BoardService
from synoptux.services.seed import seed_reference
from synoptux.stats.export import write_csv
from synoptux.stats.report import compute_stats
from tests.support.clock import T0
from tests.ward.test_services import macro_patient


def test_triage_and_alarm_figures(db, tmp_path) -> None:
    seed_reference(db)
    clock = FakeClock(T0)
    svc = BoardService(db, clock, actor="poste-1")
    # three level-2 patients (target 20 min): seen after 10 and 30 min, never seen
    a = macro_patient(db, "AAA", triage="2", entered=T0)
    b = macro_patient(db, "BBB", triage="2", entered=T0)
    macro_patient(db, "CCC", triage="2", entered=T0)
    # a level-4 patient whose responsible came with the entry (a macro): no wait
    macro_patient(db, "DDD", triage="4", entered=T0, resp="ro")
    macro_patient(db, "EEE", entered=T0)  # no level
    clock.set(T0 + timedelta(minutes=10))
    svc.set_responsible(a, "ro")
    # b's triage alarm (since T0+20) acknowledged at T0+26, then b seen at T0+30
    clock.set(T0 + timedelta(minutes=26))
    svc.acknowledge(b, None, "sev")
    clock.set(T0 + timedelta(minutes=30))
    svc.set_responsible(b, "sev")
    # a task of a, late to finish at T0+15 (planned end), acknowledged 4 min later
    t = db.tables
    with db.engine.begin() as conn:
        tid = conn.execute(
            t.encours_taches.insert().values(
                EN_PK_encours=a, EN_Code_tache="ECG", EN_HeureFinPrevue=T0 + timedelta(minutes=15)
            )
        ).inserted_primary_key[0]
    clock.set(T0 + timedelta(minutes=19))
    svc.acknowledge(a, tid)
    now = T0 + timedelta(hours=2)
    report = compute_stats(db, date(2026, 11, 23), date(2026, 11, 23), now=now, threshold=10)
    levels = {r["level"]: r for r in report.tables["triage_levels"].as_dicts()}
    two = levels["2"]
    assert (two["patients"], two["with_contact"], two["never_seen"]) == (3, 2, 1)
    assert two["target_min"] == 20 and two["median_min"] == 20.0
    assert (two["within_target"], two["within_target_pct"]) == (1, 50.0)
    assert levels["4"]["with_contact"] == 1 and levels["4"]["median_min"] == 0.0
    assert levels["-"]["patients"] == 1 and levels["3A"]["patients"] == 0
    alarms = {r["task_code"]: r for r in report.tables["alarms_by_task"].as_dicts()}
    # triage alarms: b (acknowledged after 6 min) and c (never seen); a was seen in time
    assert (alarms["TRIAGE"]["raised"], alarms["TRIAGE"]["acknowledged"]) == (2, 1)
    assert alarms["TRIAGE"]["median_ack_min"] == 6.0
    assert (alarms["ECG"]["raised"], alarms["ECG"]["acknowledged"]) == (1, 1)
    assert alarms["ECG"]["median_ack_min"] == 4.0
    assert alarms["*"]["raised"] == 3 and alarms["*"]["ack_pct"] == round(100 * 2 / 3, 1)
    paths = {p.name: p for p in write_csv(report, tmp_path)}
    with paths["triage_levels.csv"].open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0][:4] == ["level", "label", "target_min", "patients"]
    assert "alarms_by_task.csv" in paths


def test_the_statistics_window_shows_the_triage_and_alarm_tables(qtbot, db) -> None:
    from types import SimpleNamespace

    from synoptux.config import Settings
    from synoptux.ui.db_runner import DbRunner
    from synoptux.ui.stats.stats_window import StatsWindow

    seed_reference(db)
    macro_patient(db, "AAA", triage="2", entered=T0)
    ctx = SimpleNamespace(
        db=db, settings=Settings.load(None), clock=FakeClock(T0 + timedelta(hours=1))
    )
    runner = DbRunner()
    win = StatsWindow(ctx, runner)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.report is not None, timeout=15000)
    view = win.views["triage_levels"]
    from PySide6.QtCore import QCoreApplication

    assert view.horizontalHeaderItem(0).text() == QCoreApplication.translate("StatsWindow", "Level")
    rows = {view.item(i, 0).text(): i for i in range(view.rowCount())}
    assert view.item(rows["2"], 3).text() == "1"  # one level-2 patient
    alarms = win.views["alarms_by_task"]
    codes = {alarms.item(i, 0).text() for i in range(alarms.rowCount())}
    assert {"TRIAGE", "*"} <= codes
    titles = [win.tabs.tabText(i) for i in range(win.tabs.count())]
    assert QCoreApplication.translate("StatsWindow", "Triage and alarms") in titles
    win.close()
    runner.stop()

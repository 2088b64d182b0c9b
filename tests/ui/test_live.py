"""The board window with its live parts running: feed, alarm monitor, blink, strip."""

from __future__ import annotations

from synoptux.config import Settings
from synoptux.ui.main_window import MainWindow
from tests.support.clock import T0
from tests.support.ui import destroy, patient_id
from tests.ui.taps import tap


def test_live_board_follows_other_writers_and_alarms(
    qtbot,
    demo_sqlite,
    ini: Settings,
    clock,
    tmp_path,
) -> None:
    ini.set_raw("Interface", "Dossier_Entrees", str(tmp_path / "entrees"))
    win = MainWindow(demo_sqlite, ini, clock, live=True)
    win.resize(1920, 1080)
    win.show()
    try:
        qtbot.waitUntil(win.parts.monitor.is_running)  # the live parts started
        # a MedinTux macro inserts a patient straight into the table
        t = demo_sqlite.tables
        demo_sqlite.transaction(
            lambda c: c.execute(
                t.encours.insert().values(
                    EC_CodeBox="A2",
                    EC_NomPatient="MACRO",
                    EC_PrenomPatient="Insérée",
                    EC_HeureEntree=T0,
                    EC_Replier=0,
                )
            )
        )
        pk = patient_id(demo_sqlite, "MACRO")
        qtbot.waitUntil(lambda: win.controller.row(pk) is not None, timeout=5000)
        assert win.controller.row(pk) in win.controller.panels["A2"].rows
        # the strip lists the late tasks; a tap on a line opens that task's states
        strip = win.parts.strip
        qtbot.waitUntil(lambda: strip.isVisible() and bool(strip.items()), timeout=5000)
        roux = patient_id(demo_sqlite, "ROUX")  # folded, with a late task
        item = next(i for i in strip.items() if i.patient_id == roux)
        line = strip.line(roux, item.task_id)
        if line is None:  # not among the lines shown: "+N more" first
            tap(qtbot, strip._more)
            line = strip.line(roux, item.task_id)
        tap(qtbot, line)
        picker = win.controller.last_picker
        qtbot.waitUntil(lambda: picker is not None and picker.isVisible())
        row = win.controller.row(roux)
        assert row.isVisible() and row.task_rect(item.task_id) is not None  # its dot
    finally:
        destroy(win)

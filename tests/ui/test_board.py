"""The board: diff on apply, filter, privacy, window/frame modes, positions, failures."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.services.seed import seed_reference
from synoptux.ui.board.board_view import FRAME, WINDOW
from synoptux.ui.board.row_look import Tier
from tests.support.clock import T0
from tests.support.settle import reload_now
from tests.support.ui import destroy, history, make_window, patient_id
from tests.ui.builders import add_patients
from tests.ui.taps import choose, open_sheet, row, tap


class WidgetCreations(QObject):
    """Counts widgets created or re-parented anywhere in the application (ChildAdded)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.ChildAdded and event.child().isWidgetType():
            self.count += 1
        return False


def test_one_state_change_on_100_patients_rebuilds_nothing(
    qtbot,
    sqlite_db: Database,
    ini,
    clock,
) -> None:
    seed_reference(sqlite_db)
    pks = add_patients(sqlite_db, T0, 100, 8)
    win = make_window(qtbot, sqlite_db, ini, clock)
    try:
        rows = dict(win.controller.rows)
        assert len(rows) == 100  # one painted widget per patient, all built at once
        target = win.controller.row(pks[0])
        task = next(t for t in target.patient.tasks if t.code == "RX OS")
        code = next(s.code for s in task.allowed_states if s.code != task.state)
        picker = win.controller.open_task(task.id)
        counter = WidgetCreations()
        QApplication.instance().installEventFilter(counter)
        before = dict(win.controller.stats)
        try:
            choose(qtbot, picker, code)
        finally:
            QApplication.instance().removeEventFilter(counter)
        assert next(t for t in target.patient.tasks if t.id == task.id).state == code
        assert counter.count == 0  # no widget created for one task change
        assert win.controller.stats["cards_built"] == before["cards_built"]
        assert win.controller.stats["cards_updated"] - before["cards_updated"] == 1
        assert all(win.controller.rows[pk] is r for pk, r in rows.items())
    finally:
        destroy(win)


def test_unchanged_board_touches_no_card(window) -> None:
    before = dict(window.controller.stats)
    reload_now(window)
    reload_now(window)
    assert window.controller.stats["cards_updated"] == before["cards_updated"]
    assert window.controller.stats["cards_built"] == before["cards_built"]


def test_row_inserted_by_another_program_appears(window) -> None:
    t = window.db.tables
    window.db.transaction(
        lambda c: c.execute(
            t.encours.insert().values(
                EC_CodeBox="A1",
                EC_NomPatient="NOUVEAU",
                EC_PrenomPatient="Arrivé",
                EC_HeureEntree=T0,
                EC_Replier=1,
            )
        )
    )
    before = window.controller.stats["cards_built"]
    reload_now(window)
    pk = patient_id(window.db, "NOUVEAU")
    row = window.controller.row(pk)
    assert row in window.controller.panels["A1"].rows and row.isVisible()
    assert window.controller.stats["cards_built"] == before + 1
    assert window.controller.panels["A1"].count_label.text() == "6 / 20"


def test_filter_by_responsible_and_back_to_all(qtbot, window) -> None:
    menu_names = [a.text() for a in window.menu_responsible.actions() if a.text()]
    assert menu_names[0] == "All" and "Dr Sevin" in menu_names
    window.responsible_actions["sev"].trigger()
    shown = [r.patient.responsible_code for p in window.controller.panels.values() for r in p.rows]
    assert shown and set(shown) == {"sev"}
    assert window.filter_banner.isVisible()
    # capacity still counts every patient
    assert window.controller.panels["A1"].count_label.text() == "5 / 20"
    tap(qtbot, window.filter_banner)
    assert sum(len(p.rows) for p in window.controller.panels.values()) == 25
    assert window.act_all.isChecked()


def test_responsible_menu_follows_the_table(window) -> None:
    t = window.db.tables
    window.db.transaction(
        lambda c: c.execute(
            t.responsables.insert().values(RE_Code="nv", RE_Nom="Dr Nouveau", RE_Couleur="#0ea5e9")
        )
    )
    reload_now(window)
    assert "nv" in window.responsible_actions
    assert window.responsible_actions["nv"].text() == "Dr Nouveau"


def test_privacy_mode_shows_initials_and_no_comment(qtbot, window) -> None:
    r = row(window, "NGUYEN")

    def texts() -> list[str]:  # what the full tier shows (the one with the comment)
        geo = r.geometry_for(Tier.FULL, 460)
        return [geo.name.full] + [t.text for t in geo.texts]

    assert texts()[0] == "NGUYEN Thi Mai" and "Entorse cheville" in " ".join(texts())
    window.act_privacy.trigger()
    assert texts()[0] == "N.T." and "Entorse" not in " ".join(texts())
    for other in window.controller.rows.values():
        assert other.patient.last_name.upper() not in other.current().name.text
    sheet = open_sheet(qtbot, window, "NGUYEN")
    assert sheet.title_label.text() == "N.T." and not sheet.comment_label.isVisible()
    assert "comment" not in sheet.buttons
    sheet.close()
    window.act_privacy.trigger()
    assert texts()[0] == "NGUYEN Thi Mai" and "Entorse cheville" in " ".join(texts())


def test_window_mode_save_positions_and_restore(
    qtbot,
    demo_sqlite,
    ini: Settings,
    clock,
) -> None:
    win = make_window(qtbot, demo_sqlite, ini, clock)
    try:
        assert win.view.mode == FRAME
        panel = win.controller.panels["S1"]
        win.act_window_mode.trigger()
        assert win.view.mode == WINDOW and panel.parent() is not None
        assert win.controller.panels["S1"] is panel  # the same widgets, re-hosted
        sub = win.view._subs["S1"]
        g = sub.geometry()
        wanted = (g.x() + 10, g.y() + 4, g.width() - 30, g.height() - 20)  # inside its cell
        sub.setGeometry(*wanted)
        win.act_save_positions.trigger()
    finally:
        destroy(win)
    text = ini.path.read_text(encoding="utf-8")
    assert "[Positions_fenetres]" in text and f"Pos_S1=@Point({wanted[0]} {wanted[1]})" in text
    assert f"Size_S1=@Size({wanted[2]} {wanted[3]})" in text and "; test site" in text
    again = Settings.load(ini.path)
    win2 = make_window(qtbot, demo_sqlite, again, clock)
    try:
        assert win2.view.mode == WINDOW
        g = win2.view._subs["S1"].geometry()
        assert (g.x(), g.y(), g.width(), g.height()) == wanted
        win2.act_frame_mode.trigger()
        g = win2.controller.panels["S1"].geometry()
        assert (g.x(), g.y(), g.width(), g.height()) == wanted
    finally:
        destroy(win2)


def test_grid_fills_the_screen_when_nothing_is_saved(window) -> None:
    area = window.view.frame_area
    rects = [p.geometry() for p in window.controller.panels.values()]
    assert len(rects) == 16
    assert max(r.right() for r in rects) > area.width() * 0.95
    assert max(r.bottom() for r in rects) > area.height() * 0.95
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert not a.intersects(b)


def test_touch_targets_are_finger_sized_at_1080p(window) -> None:
    from PySide6.QtWidgets import QPushButton

    from synoptux.ui.board.wall_report import build_report

    buttons = [b for b in window.findChildren(QPushButton) if b.isVisible()]
    assert len(buttons) > 16
    small = [b.objectName() for b in buttons if b.height() < 40 or b.width() < 40]
    assert small == []
    report = build_report(window)
    for p in report["patients"]:
        if p["tier"] in ("full", "compact"):
            assert p["row_h"] >= 40, p["last_name"]
            for t in p["tasks"]:
                if t.get("kind") == "chip":
                    assert t["hit"][3] >= 40, (p["last_name"], t["text"])


def test_unreachable_database_says_nothing_changed(qtbot, window, tmp_path) -> None:
    gone = Database.from_url(f"sqlite:///{tmp_path}/no/such/dir/board.db")
    real = window.service.db
    pk = patient_id(real, "NGUYEN")
    sheet = open_sheet(qtbot, window, "NGUYEN")
    window.service.db = gone
    try:
        tap(qtbot, sheet.buttons["anonymous"])
    finally:
        window.service.db = real
        gone.dispose()
    msg = window.board_actions.last_dialog
    assert msg.isVisible() and "unreachable" in msg.text and "nothing was changed" in msg.text
    t = real.tables
    with real.connect() as conn:
        assert (
            conn.execute(select(t.encours.c.EC_Anonyme).where(t.encours.c.EC_PK == pk)).scalar_one()
            == 0
        )
    assert history(real, pk)[-1]["HI_Action"] != "SET_ANON"


def test_patient_removed_elsewhere_gives_a_message(qtbot, window) -> None:
    pk = patient_id(window.db, "GARCIA")
    sheet = open_sheet(qtbot, window, "GARCIA")
    t = window.db.tables
    window.db.transaction(lambda c: c.execute(t.encours.delete().where(t.encours.c.EC_PK == pk)))
    tap(qtbot, sheet.buttons["fold"])  # the screen has not refreshed yet
    assert "no longer on the board" in window.board_actions.last_dialog.text
    assert window.controller.row(pk) is None


def test_many_qt_calls_do_not_abort_the_interpreter(tmp_path) -> None:
    """shiboken6 6.12.0 on Python 3.11 drops a reference to None on every void call and
    aborts a long-running board; constraints.txt keeps the installed pair off it."""
    import subprocess
    import sys

    code = (
        "import synoptux.ui\n"
        "from PySide6.QtWidgets import QApplication, QPushButton\n"
        "app = QApplication([])\n"
        "b = QPushButton()\n"
        "for i in range(300000):\n"
        "    b.setText('x')\n"
        "    b.property('unset')\n"
        "print('alive')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert "alive" in done.stdout

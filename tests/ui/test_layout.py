"""Where the boxes go: the masonry (boxes sized by what they hold at each density tier),
boxes never on top of one another (saved positions, a box added in administration, a
box dropped in window mode), "?" marks, the site's style sheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QPushButton

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.services.snapshot import ORPHAN_BOX_CODE
from synoptux.ui.board.masonry import BoxNeed, masonry, share_height
from synoptux.ui.board.placement import intersects, place_apart, scale_into
from tests.support.settle import reload_now
from tests.support.ui import destroy, make_window
from tests.ui.taps import open_sheet, row, tap


def _no_overlap(rects: list[tuple[int, int, int, int]]) -> bool:
    return not any(intersects(a, b) for i, a in enumerate(rects) for b in rects[i + 1 :])


def _rects(win) -> list[tuple[int, int, int, int]]:
    return list(win.view.current_rects().values())


# -- the masonry alone ----------------------------------------------------------------------
def test_masonry_fills_the_area_exactly_in_board_order() -> None:
    needs = [BoxNeed(150, 150 + 40 * i, importance=1 + i % 3) for i in range(16)]
    rects = masonry(lambda _w: needs, 1920, 900)
    assert len(rects) == 16 and _no_overlap(rects)
    columns: dict[int, list[tuple[int, int, int, int]]] = {}
    for r in rects:
        columns.setdefault(r[0], []).append(r)
    for col in columns.values():
        assert col[0][1] == 6 and col[-1][1] + col[-1][3] == 900 - 6  # top to bottom
        assert [r[1] for r in col] == sorted(r[1] for r in col)
    assert max(r[0] + r[2] for r in rects) == 1920 - 6
    xs = [r[0] for r in rects]
    assert xs == sorted(xs)  # column after column, in the board order


def test_tiers_are_handed_out_whole_tasks_first() -> None:
    # Three boxes: showing the tasks (compact) of the two with tasks matters more than
    # the full tier of anyone; a compact height handed out in part would show nothing.
    a = BoxNeed(least=80, minimal=80, compact=200, full=300, tasks=4, patients=2)
    b = BoxNeed(least=80, minimal=80, compact=200, full=300, tasks=4, patients=2)
    c = BoxNeed(least=80, minimal=80, compact=90, full=120, tasks=0, patients=1)
    heights = share_height([a, b, c], 500)
    assert abs(sum(heights) - 500) < 1e-6
    assert heights[0] >= 200 and heights[1] >= 200  # both show their tasks
    assert heights[2] >= 80  # and the third its patient
    tight = share_height([a, b, c], 380)  # room for one compact box only: one, whole
    assert sorted(h >= 200 for h in tight[:2]) == [False, True]


def test_a_hidden_patient_costs_more_than_any_tier() -> None:
    crowded = BoxNeed(least=600, minimal=700, compact=900, full=1200, tasks=40, patients=20)
    small = [BoxNeed(least=80, compact=120, full=160, tasks=2, patients=1) for _ in range(5)]
    rects = masonry(lambda _w: [crowded, *small], 1280, 740)
    assert rects[0][3] >= 600  # the crowded box shows every name, in some column


def test_placement_keeps_boxes_apart_and_inside() -> None:
    area = (0, 0, 1000, 600)
    wanted = [("A", (0, 0, 500, 600)), ("B", (400, 0, 300, 300)), ("C", (900, 500, 400, 400))]
    placed = place_apart(wanted, area)
    assert placed is not None and placed["A"] == (0, 0, 500, 600)  # the first keeps its place
    assert _no_overlap(list(placed.values()))
    assert all(
        r[0] >= 0 and r[1] >= 0 and r[0] + r[2] <= 1000 and r[1] + r[3] <= 600
        for r in placed.values()
    )
    assert place_apart([("A", area), ("B", area)], area) is None  # no room: the caller decides
    big = {"A": (0, 0, 960, 1030), "B": (966, 0, 954, 1030)}  # saved on a 1920x1080 wall
    small = scale_into(big, (0, 0, 1366, 700))
    assert max(r[0] + r[2] for r in small.values()) <= 1366
    assert max(r[1] + r[3] for r in small.values()) <= 700 and _no_overlap(list(small.values()))


# -- the board -----------------------------------------------------------------------------
def test_default_layout_sizes_boxes_by_content_and_stays_put(qtbot, window) -> None:
    panels = window.controller.panels
    rects = {code: p.geometry() for code, p in panels.items()}
    assert _no_overlap([r.getRect() for r in rects.values()])
    heights = {code: r.height() for code, r in rects.items()}
    assert heights["S3"] < heights["DECH"]  # not an equal grid: one folded patient, five tasks
    assert all(not p.overflow for p in panels.values())  # everyone shows, nothing scrolls
    # Patients come and go: the boxes stay where they are until "Arrange as a grid".
    tap(qtbot, open_sheet(qtbot, window, "DUBOIS").buttons["fold"])  # unfold in Box 3
    reload_now(window)
    assert {code: p.geometry() for code, p in panels.items()} == rects
    window.act_grid.trigger()
    assert window.view.saved == {}
    assert _no_overlap(_rects(window))


def test_names_read_whole(window) -> None:
    for r in window.controller.rows.values():
        geo = r.current()
        assert geo.name_whole and geo.name.text.startswith(r.patient.last_name.upper()), (
            geo.name.text
        )


def test_orphan_tasks_and_unknown_codes_are_marked_and_explained(
    qtbot,
    demo_sqlite: Database,
    ini: Settings,
    clock,
) -> None:
    t = demo_sqlite.tables

    def tx(conn) -> None:
        conn.execute(t.encours_taches.insert().values(EN_PK_encours=99999, EN_Code_tache="ECG"))
        conn.execute(
            t.encours.update()
            .where(t.encours.c.EC_NomPatient == "GARCIA")
            .values(EC_Medecin="zz", EC_CodeBox="GONE")
        )

    demo_sqlite.transaction(tx)
    win = make_window(qtbot, demo_sqlite, ini, clock)
    try:
        # Orphan tasks stay off the wall, as 2.x kept them: doctor and the
        # administration's "Orphan tasks" list them.
        assert ORPHAN_BOX_CODE not in win.controller.panels
        garcia = row(win, "GARCIA")
        assert garcia.current().badge is not None
        text = open_sheet(qtbot, win, "GARCIA").odd_label.text()
        assert "GONE" in text and "zz" in text
        assert win.controller.panels["GONE"].mark_button.isVisible()
        assert row(win, "NGUYEN").current().badge is None
    finally:
        destroy(win)


def test_the_sites_saved_style_sheet_is_loaded_at_start(
    qtbot,
    demo_sqlite: Database,
    ini: Settings,
    clock,
) -> None:
    site = Path(ini.path).with_name("synoptux.css")
    site.write_text(
        "#BoxPanel { background: #123456; }\n#BoxTitle { font-size: {{Taille_Police}}pt; }\n",
        encoding="utf-8",
    )
    win = make_window(qtbot, demo_sqlite, ini, clock)
    try:
        css = QApplication.instance().styleSheet()
        assert "#123456" in css and "#BoxTitle { font-size: 15pt; }" in css
        assert "#alarmLine" not in css  # the shipped sheet is not used
    finally:
        destroy(win)
    site.write_bytes(b"\xff\xfe not utf-8 \x80")  # unreadable: the shipped sheet, no crash
    win = make_window(qtbot, demo_sqlite, ini, clock)
    try:
        assert "#alarmLine" in QApplication.instance().styleSheet()
    finally:
        destroy(win)


def test_layout_at_1280x800_keeps_touch_targets_and_names(qtbot, demo_sqlite, ini, clock) -> None:
    win = make_window(qtbot, demo_sqlite, ini, clock)
    try:
        win.resize(1280, 800)
        qtbot.waitUntil(lambda: win.view.frame_area.width() <= 1280)
        QApplication.processEvents()
        assert _no_overlap(_rects(win))
        assert max(r[0] + r[2] for r in _rects(win)) > win.view.frame_area.width() * 0.95
        tap_px = win.look.sizes.tap  # 40 px at 1080p, the same finger on a 800 px screen
        assert tap_px >= 30 and tap_px == max(30, round(40 * 800 / 1000))
        buttons = [b for b in win.findChildren(QPushButton) if b.isVisible()]
        small = [b.objectName() for b in buttons if b.height() < tap_px or b.width() < tap_px]
        assert small == []
        assert all(r.current().name_whole for r in win.controller.rows.values())
    finally:
        destroy(win)


# -- boxes never on top of one another ------------------------------------------------------
def test_a_box_added_in_administration_never_covers_another(
    qtbot,
    demo_sqlite,
    ini,
    clock,
) -> None:
    win = make_window(qtbot, demo_sqlite, ini, clock)
    try:
        win.save_positions()  # every box saved: the whole screen is taken
        from synoptux.services.admin import AdminService
        from synoptux.services.admin.records import BoxRecord

        AdminService(demo_sqlite, clock).save_box(BoxRecord("S9", "Box 9", capacity=1))
        reload_now(win)
        QApplication.processEvents()
        rects = _rects(win)
        assert len(rects) == 17 and _no_overlap(rects)
        area = win.view.frame_area.rect()
        assert all(area.contains(QRect(*r)) for r in rects)
    finally:
        destroy(win)


def test_positions_saved_on_a_bigger_screen_fit_and_do_not_overlap(
    qtbot,
    demo_sqlite,
    ini,
    clock,
) -> None:
    win = make_window(qtbot, demo_sqlite, ini, clock)
    try:
        win.save_positions()  # on the 1920x1080 wall
    finally:
        destroy(win)
    again = Settings.load(ini.path)
    win = make_window(qtbot, demo_sqlite, again, clock)
    try:
        win.resize(1366, 768)
        qtbot.waitUntil(lambda: win.view.frame_area.width() <= 1366)
        QApplication.processEvents()
        rects = _rects(win)
        area = win.view.frame_area.rect()
        assert _no_overlap(rects) and all(area.contains(QRect(*r)) for r in rects)
    finally:
        destroy(win)


def test_a_box_dropped_onto_another_in_window_mode_moves_aside(qtbot, sqlite_window) -> None:
    win = sqlite_window
    win.act_window_mode.trigger()
    subs = win.view._subs
    a1 = subs["A1"].geometry()
    subs["S1"].move(a1.topLeft() + QPoint(20, 20))  # dropped onto the waiting room
    qtbot.waitUntil(lambda: not subs["S1"].geometry().intersects(a1), timeout=3000)
    assert _no_overlap(_rects(win))
    assert subs["A1"].geometry() == a1  # the box under it did not move


def test_window_mode_boxes_are_moved_by_their_title(qtbot, sqlite_window) -> None:
    win = sqlite_window
    win.act_window_mode.trigger()
    sub = win.view._subs["S3"]
    panel = win.controller.panels["S3"]
    start = sub.pos()
    title = panel.title_button
    centre = title.rect().center()
    qtbot.mousePress(title, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseMove(title, centre + QPoint(-30, 0))
    qtbot.mouseMove(title, centre + QPoint(-60, 0))
    qtbot.mouseRelease(title, Qt.MouseButton.LeftButton, pos=centre + QPoint(-60, 0))
    assert sub.pos() != start  # dragged (and then kept apart from its neighbours)
    assert win.view.frame_extra() == (0, 0)  # frameless: the box's own title is the handle
    assert panel.grip.isVisible()


def test_a_box_moved_onto_another_never_ends_under_it_in_frame_mode(qtbot, sqlite_window) -> None:
    win = sqlite_window
    win.act_window_mode.trigger()
    subs = win.view._subs
    QApplication.processEvents()
    qtbot.waitUntil(lambda: not win.view._settle.isActive(), timeout=3000)
    a1 = subs["A1"].geometry()
    subs["S1"].move(a1.topLeft() + QPoint(10, 10))
    qtbot.waitUntil(lambda: not win.view._settle.isActive(), timeout=3000)
    win.act_frame_mode.trigger()  # the moved box, now fixed: still apart from the others
    QApplication.processEvents()
    rects = _rects(win)
    assert _no_overlap(rects)
    area = win.view.frame_area.rect()
    assert all(area.contains(QRect(*r)) for r in rects)

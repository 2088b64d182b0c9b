"""The default layout (boxes sized by what they hold), names first, "?" marks, orphan tasks,
the site's style sheet at start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QPushButton

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.services.snapshot import ORPHAN_BOX_CODE
from synoptux.ui.masonry import BoxNeed, masonry, share_height
from tests.ui.conftest import destroy, make_window, patient_id
from tests.ui.taps import tap


def _no_overlap(rects: list[tuple[int, int, int, int]]) -> bool:
    from PySide6.QtCore import QRect

    qr = [QRect(*r) for r in rects]
    return not any(a.intersects(b) for i, a in enumerate(qr) for b in qr[i + 1 :])


# -- the masonry alone ----------------------------------------------------------------------
def test_masonry_fills_the_area_exactly_in_board_order() -> None:
    needs = [BoxNeed(150, 150 + 40 * i, importance=1 + i % 3) for i in range(16)]
    rects = masonry(needs, 1920, 900)
    assert len(rects) == 16 and _no_overlap(rects)
    columns: dict[int, list[tuple[int, int, int, int]]] = {}
    for r in rects:
        columns.setdefault(r[0], []).append(r)
    assert len(columns) == 4  # 4 columns of 474 px on a wall screen
    for col in columns.values():
        assert col[0][1] == 6 and col[-1][1] + col[-1][3] == 900 - 6  # top to bottom
        assert [r[1] for r in col] == sorted(r[1] for r in col)
    assert max(r[0] + r[2] for r in rects) == 1920 - 6
    xs = [r[0] for r in rects]
    assert xs == sorted(xs)  # column after column, in the board order


def test_masonry_serves_small_care_boxes_whole_and_cuts_the_big_waiting_room() -> None:
    care = BoxNeed(150, 260, importance=3.0, stretch=0.3)
    waiting = BoxNeed(200, 1400, importance=1.5, stretch=3.0)
    heights = share_height([waiting, care, care], 880)
    assert heights[1] == heights[2] == 260  # care boxes show all they hold
    assert abs(sum(heights) - 880) < 1e-6 and 200 <= heights[0] < 1400
    # Room to spare: it goes to the waiting room (it stretches), not to the care boxes.
    roomy = share_height([BoxNeed(150, 300, 1.5, 3.0), care], 900)
    assert roomy[1] < 300 < roomy[0]
    # Not even the least fits: everyone shrinks alike, the column is still filled.
    tight = share_height([care, care, care], 300)
    assert abs(sum(tight) - 300) < 1e-6


# -- the board -----------------------------------------------------------------------------
def _fully_shown(panel) -> bool:  # noqa: ANN001
    return panel.scroll.verticalScrollBar().maximum() == 0


def test_default_layout_sizes_boxes_by_content_and_stays_put(qtbot, window) -> None:  # noqa: ANN001
    view = window.view
    panels = window.controller.panels
    rects = {code: p.geometry() for code, p in panels.items()}
    assert _no_overlap([r.getRect() for r in rects.values()])
    heights = {code: r.height() for code, r in rects.items()}
    # Not an equal grid: the folded patient's Box 3 is smaller than the busy Box 1 ...
    assert heights["S3"] < heights["S1"]
    # ... and a box that holds everything shows it all (no scroll bar needed).
    assert _fully_shown(panels["S3"])
    # Patients come and go: the boxes stay where they are until "Arrange as a grid".
    pk = patient_id(window.db, "DUBOIS")
    tap(qtbot, window.controller.card(pk).fold_button)  # unfold: Box 3 grows its content
    window.reload_board()
    assert {code: p.geometry() for code, p in panels.items()} == rects
    window.act_grid.trigger()
    assert panels["S3"].geometry().height() > heights["S3"]
    assert view.saved == {}


def test_names_read_whole_and_give_way_first_name_first(qtbot, window) -> None:  # noqa: ANN001
    whole = 0
    for card in window.controller.cards.values():
        button = card.name_button
        shown = QPushButton.text(button)  # the text painted, maybe elided
        assert shown.startswith(card.patient.last_name.upper()), f"{button.text()}: {shown}"
        whole += shown == button.text()
    assert whole >= 0.9 * len(window.controller.cards)  # 25 demo patients, nearly all whole
    card = window.controller.card(patient_id(window.db, "FONTAINE"))
    card.name_button.resize(170, card.name_button.height())
    shown = QPushButton.text(card.name_button)
    assert shown in ("FONTAINE G.", "FONTAINE")  # the last name stays whole


def test_orphan_tasks_and_unknown_codes_are_marked_and_explained(
    qtbot,
    seeded_sqlite: Database,
    ini: Settings,
    clock,  # noqa: ANN001
) -> None:
    t = seeded_sqlite.tables

    def tx(conn) -> None:  # noqa: ANN001
        conn.execute(t.encours_taches.insert().values(EN_PK_encours=99999, EN_Code_tache="ECG"))
        conn.execute(
            t.encours.update()
            .where(t.encours.c.EC_NomPatient == "GARCIA")
            .values(EC_Medecin="zz", EC_CodeBox="GONE")
        )

    seeded_sqlite.transaction(tx)
    win = make_window(qtbot, seeded_sqlite, ini, clock)
    try:
        # Orphan tasks stay off the wall, as 2.x kept them (issue 15): doctor and the
        # administration's "Orphan tasks" list them.
        assert ORPHAN_BOX_CODE not in win.controller.panels
        garcia = win.controller.card(patient_id(seeded_sqlite, "GARCIA"))
        assert garcia.mark_button.isVisible() and garcia.mark_button.height() >= 48
        tap(qtbot, garcia.mark_button)
        text = garcia.last_explanation.text
        assert "GONE" in text and "zz" in text
        assert win.controller.panels["GONE"].mark_button.isVisible()
        plain = win.controller.card(patient_id(seeded_sqlite, "NGUYEN"))
        assert not plain.mark_button.isVisible()
    finally:
        destroy(win)


def test_the_sites_saved_style_sheet_is_loaded_at_start(
    qtbot,
    seeded_sqlite: Database,
    ini: Settings,
    clock,  # noqa: ANN001
) -> None:
    site = Path(ini.path).with_name("synoptux.css")
    site.write_text(
        "#BoxPanel { background: #123456; }\n#PatientName { font-size: {{Taille_Police}}pt; }\n",
        encoding="utf-8",
    )
    win = make_window(qtbot, seeded_sqlite, ini, clock)
    try:
        css = QApplication.instance().styleSheet()
        assert "#123456" in css and "#PatientName { font-size: 15pt; }" in css
        assert "#alarmLine" not in css  # the shipped sheet is not used
    finally:
        destroy(win)
    site.write_bytes(b"\xff\xfe not utf-8 \x80")  # unreadable: the shipped sheet, no crash
    win = make_window(qtbot, seeded_sqlite, ini, clock)
    try:
        assert "#alarmLine" in QApplication.instance().styleSheet()
    finally:
        destroy(win)


def test_layout_at_1280x800_keeps_touch_targets(qtbot, seeded_sqlite, ini, clock) -> None:  # noqa: ANN001
    win = make_window(qtbot, seeded_sqlite, ini, clock)
    try:
        win.resize(1280, 800)
        qtbot.waitUntil(lambda: win.view.frame_area.width() <= 1280)
        win.act_grid.trigger()
        QApplication.processEvents()
        rects = [p.geometry().getRect() for p in win.controller.panels.values()]
        assert _no_overlap(rects)
        assert max(r[0] + r[2] for r in rects) > win.view.frame_area.width() * 0.95
        buttons = [b for b in win.findChildren(QPushButton) if b.isVisible()]
        small = [b.objectName() for b in buttons if b.height() < 48 or b.width() < 48]
        assert small == []
        cut = [
            QPushButton.text(c.name_button)
            for c in win.controller.cards.values()
            if not QPushButton.text(c.name_button).startswith(c.patient.last_name.upper())
        ]
        assert cut == []  # the last name stays whole; the first name and the pill give way
    finally:
        destroy(win)


def test_card_height_estimate_matches_the_card(window) -> None:  # noqa: ANN001
    from synoptux.ui.patient_card import estimate_height

    for card in window.controller.cards.values():
        real = card.sizeHint().height()
        assert abs(real - estimate_height(card.patient)) <= max(24, real * 0.12), (
            card.patient.last_name
        )

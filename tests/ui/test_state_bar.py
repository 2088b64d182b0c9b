"""The painted state bar of 'B' tasks: segments, taps, what it paints, keyboard."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from synoptux.domain.model import StateDef
from synoptux.ui.board.state_bar import SEGMENT_HEIGHT, StateBar, share_widths
from tests.support.settle import reload_now
from tests.support.ui import history, patient_id, task_rows

STATES = (
    StateDef("10", "Prescrit", "#fde68a"),
    StateDef("25", "Prélevé", "#06b6d4"),
    StateDef("40", "Résultat disponible au laboratoire central", "#22c55e"),
    StateDef("80", "Terminé", None, ends_task=True),
)


def make_bar(qtbot, width: int = 600, current: str | None = "10") -> StateBar:
    bar = StateBar(indent=20)
    qtbot.addWidget(bar)
    bar.set_states(STATES, current)
    bar.resize(width, SEGMENT_HEIGHT)
    bar.show()
    qtbot.waitExposed(bar)
    return bar


def pixel(bar: StateBar, x: int, y: int) -> str:
    return bar.grab().toImage().pixelColor(x, y).name()


def chosen_by(qtbot, bar: StateBar, press: QPoint, release: QPoint | None = None) -> list[str]:
    got: list[str] = []
    bar.sig_state_chosen.connect(got.append)
    qtbot.mousePress(bar, Qt.MouseButton.LeftButton, pos=press)
    qtbot.mouseRelease(bar, Qt.MouseButton.LeftButton, pos=release or press)
    bar.sig_state_chosen.disconnect(got.append)
    return got


def test_segments_are_finger_sized_side_by_side_after_the_indent(qtbot) -> None:
    bar = make_bar(qtbot)
    rects = [bar.segment_rect(c) for c in bar.codes()]
    assert bar.codes() == ["10", "25", "40", "80"]
    assert rects[0].left() == 20
    assert all(r.height() >= 48 and r.width() >= 48 for r in rects)
    assert all(a.right() < b.left() for a, b in zip(rects, rects[1:], strict=False))
    assert rects[-1].right() <= bar.width() - 1
    assert bar.minimumWidth() == 4 * 48 + 3 * 3 and bar.height() >= 48


def test_in_a_narrow_box_the_indent_gives_way_before_the_segments(qtbot) -> None:
    bar = make_bar(qtbot, width=4 * 48 + 3 * 3 + 5)
    rects = [bar.segment_rect(c) for c in bar.codes()]
    assert rects[0].left() == 5 and all(r.width() >= 48 for r in rects)
    assert rects[-1].right() <= bar.width() - 1


def test_a_tap_inside_one_segment_chooses_it(qtbot) -> None:
    bar = make_bar(qtbot)
    for code in ("25", "40", "80", "10"):  # the current one too: the handler decides
        assert chosen_by(qtbot, bar, bar.segment_rect(code).center()) == [code]


def touch_tap(widget, pos: QPoint) -> None:
    """A finger on a touch screen: a real touch press and release (Qt synthesizes the mouse)."""
    device = QTest.createTouchDevice()
    win = widget.window()
    at = widget.mapTo(win, pos)
    QTest.touchEvent(win, device).press(0, at, win).commit()
    QTest.touchEvent(win, device).release(0, at, win).commit()


def test_a_finger_tap_chooses_the_segment(qtbot) -> None:
    bar = make_bar(qtbot)
    got: list[str] = []
    bar.sig_state_chosen.connect(got.append)
    touch_tap(bar, bar.segment_rect("40").center())
    qtbot.waitUntil(lambda: got == ["40"], timeout=3000)


def _three_states(window) -> None:
    """ECG allows 10, 30, 80 only: a 'B' task whose states show as buttons."""
    t = window.db.tables
    window.db.transaction(
        lambda c: c.execute(
            t.etats_taches.delete()
            .where(t.etats_taches.c.ST_Code_tache == "ECG")
            .where(t.etats_taches.c.ST_Code_etat == "90")
        )
    )
    reload_now(window)


def test_a_finger_on_a_chip_then_on_a_state_sets_it(qtbot, sqlite_window) -> None:
    """Real touch events: the chip (inside a box's kinetic scroll area) opens the states,
    the state's segment chooses it."""
    window = sqlite_window
    _three_states(window)
    pk = patient_id(window.db, "LEFEBVRE")
    row = next(r for r in window.controller.rows.values() if r.patient_id == pk)
    task = next(t for t in row.patient.tasks if t.code == "ECG")
    touch_tap(row, row.task_point(task.id))
    qtbot.waitUntil(
        lambda: (
            window.controller.last_picker is not None and window.controller.last_picker.isVisible()
        ),
        timeout=3000,
    )
    bar = window.controller.last_picker.state_bar
    touch_tap(bar, bar.segment_rect("30").center())
    qtbot.waitUntil(
        lambda: next(t for t in row.patient.tasks if t.id == task.id).state == "30", timeout=3000
    )
    assert [
        r["EN_Etat_en_cours"] for r in task_rows(window.db, pk) if r["EN_Num_tache"] == task.id
    ] == ["En cours"]  # the label, as 2.x stores it
    assert history(window.db, pk)[-1]["HI_Action"] == "TASK_STATE"


def test_press_in_one_segment_release_in_another_chooses_nothing(qtbot) -> None:
    bar = make_bar(qtbot)
    a, b = bar.segment_rect("25"), bar.segment_rect("40")
    assert chosen_by(qtbot, bar, a.center(), b.center()) == []
    assert chosen_by(qtbot, bar, QPoint(5, 10)) == []  # the indent is not a target
    gap = QPoint(a.right() + 1, a.center().y())  # between two segments
    assert bar.code_at(gap) is None and chosen_by(qtbot, bar, gap) == []


def test_other_buttons_and_double_clicks_choose_nothing_more(qtbot) -> None:
    bar = make_bar(qtbot)
    got: list[str] = []
    bar.sig_state_chosen.connect(got.append)
    centre = bar.segment_rect("25").center()
    qtbot.mouseClick(bar, Qt.MouseButton.RightButton, pos=centre)
    assert got == []
    qtbot.mouseDClick(bar, Qt.MouseButton.LeftButton, pos=centre)
    assert got.count("25") <= 1


def test_current_state_is_filled_framed_and_named(qtbot) -> None:
    bar = make_bar(qtbot, current="25")
    r = bar.segment_rect("25")
    frame = pixel(bar, r.left() + 2, r.center().y())
    assert pixel(bar, r.left() + 6, r.top() + 8) == "#06b6d4"  # filled with the state colour
    assert frame not in ("#06b6d4", pixel(bar, bar.segment_rect("10").left() + 6, 8))
    other = bar.segment_rect("10")
    assert pixel(bar, other.left() + 6, other.top() + 8) != "#fde68a"  # calm face
    assert pixel(bar, other.left() + 6, other.bottom() - 1) == "#fde68a"  # its colour strip
    assert bar.accessibleName() == "State: Prélevé"
    bar.set_states(STATES, "80")  # no colour: still filled (palette) and framed
    r80 = bar.segment_rect("80")
    assert pixel(bar, r80.left() + 6, r80.top() + 8) != pixel(bar, r.left() + 6, r.top() + 8)
    assert bar.current == "80" and bar.accessibleName() == "State: Terminé"
    bar.set_states(STATES, None)
    assert bar.current is None and bar.accessibleName() == "State: none"


def test_long_labels_are_elided_and_never_spill(qtbot) -> None:
    bar = make_bar(qtbot, width=20 + 4 * 60)
    shown = bar._shown(2, bar.segment_rect("40").width(), False)
    assert shown.endswith("\u2026") and len(shown) < len(STATES[2].label)


def test_short_labels_keep_their_width_when_a_long_one_is_cut(qtbot) -> None:
    bar = make_bar(qtbot, width=600)
    for i, code in enumerate(("10", "25", "80")):
        label = bar._states[[s.code for s in STATES].index(code)].label
        assert bar._shown(i if code != "80" else 3, bar.segment_rect(code).width(), False) == label
    long_shown = bar._shown(2, bar.segment_rect("40").width(), False)
    assert long_shown.endswith("\u2026")
    assert bar.segment_rect("40").width() > bar.segment_rect("10").width()  # the rest is its


def test_share_widths() -> None:
    assert share_widths([], 100) == []
    assert share_widths([50, 60], 120) == [55, 65]  # room enough: need + equal share
    assert share_widths([50, 300, 60], 300) == [50, 190, 60]  # the long one is cut
    assert share_widths([200, 300], 300) == [150, 150]  # both too long: equal halves
    assert sum(share_widths([48, 97, 120, 49], 250)) == 250
    # the current state (first=) is served first, the others keep 48 px at least
    assert share_widths([100, 100, 100], 240, first=1) == [70, 100, 70]
    assert share_widths([100, 300, 100], 250, first=1) == [48, 154, 48]


def test_the_current_state_is_the_last_one_cut(qtbot) -> None:
    bar = make_bar(qtbot, width=20 + 3 * 60 + 140, current="25")
    shown = bar._shown(1, bar.segment_rect("25").width(), True)
    assert shown == "\u2713 Prélevé"  # whole, while the others are cut
    assert bar._shown(0, bar.segment_rect("10").width(), False).endswith("\u2026")


def test_alike_bars_share_one_painted_look_and_differ_where_they_should(qtbot) -> None:
    a, b = make_bar(qtbot, current="25"), make_bar(qtbot, current="25")
    assert a.grab().toImage() == b.grab().toImage()
    b.set_states(STATES, "40")  # another current state: another look, not a stale copy
    r = b.segment_rect("40")
    assert pixel(b, r.left() + 6, r.top() + 8) == "#22c55e"
    assert a.grab().toImage() != b.grab().toImage()
    qtbot.mousePress(a, Qt.MouseButton.LeftButton, pos=a.segment_rect("10").center())
    pressed = a.segment_rect("10")  # a finger on it: painted live, the segment darkens
    assert pixel(a, pressed.left() + 6, pressed.top() + 8) != pixel(b, pressed.left() + 6, 8)
    qtbot.mouseRelease(a, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))


def test_keyboard_moves_and_chooses(qtbot) -> None:
    bar = make_bar(qtbot)
    bar.setFocus()
    got: list[str] = []
    bar.sig_state_chosen.connect(got.append)
    qtbot.keyClick(bar, Qt.Key.Key_Right)  # from the current one (10) to the next
    qtbot.keyClick(bar, Qt.Key.Key_Space)
    qtbot.keyClick(bar, Qt.Key.Key_Left)
    qtbot.keyClick(bar, Qt.Key.Key_Left)  # wraps to the last
    qtbot.keyClick(bar, Qt.Key.Key_Return)
    assert got == ["25", "80"]


def test_the_states_of_a_b_task_are_one_painted_bar(qtbot, window) -> None:
    _three_states(window)
    row = next(r for r in window.controller.rows.values() if r.patient.last_name == "LEFEBVRE")
    task = next(t for t in row.patient.tasks if t.code == "ECG")
    popup = window.controller.open_task(task.id)
    assert task.mode == "B" and popup.state_bar.codes() == [s.code for s in task.allowed_states]
    buttons = popup.findChildren(QPushButton)
    assert sorted(b.objectName() for b in buttons) == ["PickerDelete", "PickerNote"]
    assert popup.state_bar.styleSheet() == ""  # painted from data and palette
    popup.close()

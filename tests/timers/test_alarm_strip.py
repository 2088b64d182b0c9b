"""The alarm strip: late tasks, most late first; a tap names the card; no rebuilds."""

from __future__ import annotations

from datetime import datetime, timedelta

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from synoptux.domain.alarms import LateItem, late_items
from synoptux.domain.model import Overdue
from synoptux.ui.board.alarm_strip import LINE_HEIGHT, AlarmLine, AlarmStrip
from synoptux.ui.style import get_prop
from tests.support.clock import T0

M = timedelta(minutes=1)


def item(
    pid: int,
    tid: int,
    minutes: int,
    *,
    kind: Overdue = Overdue.START,
    now: datetime = T0,
    anonymous: bool = False,
) -> LateItem:
    return LateItem(
        box_code=f"S{pid}",
        box_label=f"Box {pid}",
        patient_id=pid,
        patient_name=f"DUPONT{pid} Jean",
        task_id=tid,
        task_label=f"Task {tid}",
        kind=kind,
        since=now - minutes * M,
        minutes_late=minutes,
        patient_initials=f"D{pid}.J.",
        anonymous=anonymous,
    )


def widget_ids(root: QWidget) -> set[int]:
    """The C++ addresses of `root` and every widget under it (Python wrappers come and go)."""
    return {shiboken6.getCppPointer(w)[0] for w in [root, *root.findChildren(QWidget)]}


def test_lines_most_late_first_with_steady_text(qtbot) -> None:
    strip = AlarmStrip()
    qtbot.addWidget(strip)
    assert strip.isHidden()  # nothing late: no strip
    strip.set_items([item(1, 11, 75, kind=Overdue.END), item(2, 21, 12)])
    assert not strip.isHidden()
    lines = strip.lines()
    assert [ln.item.task_id for ln in lines] == [11, 21]
    assert lines[0].text() == "Box 1 · DUPONT1 Jean · Task 11 · late 1 h 15 · since 08:45"
    assert lines[1].text() == "Box 2 · DUPONT2 Jean · Task 21 · start +12 min · since 09:48"
    assert all(ln.minimumHeight() >= LINE_HEIGHT for ln in lines)  # finger-sized
    assert get_prop(lines[0], "lateKind") == "end" and get_prop(lines[1], "lateKind") == "start"
    assert strip.findChild(QLabel, "alarmStripTitle").text() == "Late tasks: 2"


def test_same_items_rebuild_nothing_and_updates_reuse_lines(qtbot) -> None:
    strip = AlarmStrip()
    qtbot.addWidget(strip)
    items = [item(1, 11, 30), item(2, 21, 12), item(3, 31, 5)]
    strip.set_items(items)
    first = strip.lines()
    before = widget_ids(strip)
    texts = [ln.text() for ln in first]

    strip.set_items(list(items))
    assert widget_ids(strip) == before and [ln.text() for ln in strip.lines()] == texts

    # One minute later: same lines, new text.
    later = [item(1, 11, 31), item(2, 21, 13), item(3, 31, 6)]
    strip.set_items(later)
    assert widget_ids(strip) == before
    assert strip.lines() == first
    assert "start +31 min" in first[0].text()

    # A new order (a task became more late): the same widgets, moved.
    strip.set_items([later[2], later[0], later[1]])
    assert widget_ids(strip) == before
    assert [ln.item.task_id for ln in strip.lines()] == [31, 11, 21]

    # One gone: its line only is removed; nothing created.
    strip.set_items([later[0], later[1]])
    assert len(strip.lines()) == 2 and strip.line(3, 31) is None
    assert widget_ids(strip) <= before


def test_tap_names_the_patient_and_task(qtbot) -> None:
    strip = AlarmStrip()
    qtbot.addWidget(strip)
    strip.set_items([item(1, 11, 30), item(7, 71, 12)])
    strip.show()
    qtbot.waitExposed(strip)
    line = strip.line(7, 71)
    with qtbot.waitSignal(strip.sig_item_tapped) as sig:
        qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    assert sig.args == [7, 71]


def test_privacy_and_anonymous_patients_show_initials(qtbot) -> None:
    strip = AlarmStrip()
    qtbot.addWidget(strip)
    strip.set_items([item(1, 11, 30), item(2, 21, 12, anonymous=True)])
    a, b = strip.lines()
    assert "DUPONT1 Jean" in a.text() and "DUPONT2" not in b.text() and "D2.J." in b.text()
    before = widget_ids(strip)
    strip.set_privacy(True)
    assert "DUPONT1" not in a.text() and "D1.J." in a.text()
    strip.set_privacy(False)
    assert "DUPONT1 Jean" in a.text()
    assert widget_ids(strip) == before


def test_since_shows_the_day_across_midnight(qtbot) -> None:
    strip = AlarmStrip()
    qtbot.addWidget(strip)
    now = datetime(2026, 11, 24, 0, 5)
    strip.set_items([item(1, 11, 15, now=now)])
    assert strip.lines()[0].text().endswith("start +15 min · since 23/11 23:50")


def test_strip_from_a_real_board(qtbot, sqlite_rows) -> None:
    rows = sqlite_rows
    a = rows.patient("S1", "DUPONT", first="Jean", entered=T0 - 90 * M)
    rows.task(a, "RX OS", planned_start=T0 - 12 * M)
    b = rows.patient("S2", "DURAND", entered=T0 - 90 * M)
    rows.task(b, "ECG", started=T0 - 85 * M, state="30")
    strip = AlarmStrip()
    qtbot.addWidget(strip)
    strip.set_items(late_items(rows.board(T0), T0))
    assert [ln.text().split(" · ")[:3] for ln in strip.lines()] == [
        ["Box 2", "DURAND", "ECG"],
        ["Box 1", "DUPONT Jean", "Radio osseuse"],
    ]
    assert len(strip.items()) == 2 and not strip.isHidden()
    strip.set_items([])
    assert strip.items() == [] and strip.lines() == []
    assert strip.is_calm() and not strip.isHidden()  # the room is kept a while


def test_the_strip_keeps_its_room_a_while_after_the_last_late_task(qtbot) -> None:
    """Showing or hiding the strip changes the wall's height (every box laid out
    and painted again, boxes moving under the fingers): tasks falling late and being done
    in a burst must not toggle it each time. Calm, it says so and gives its room back only
    after a quiet hold."""
    strip = AlarmStrip(calm_hold_ms=300)
    qtbot.addWidget(strip)
    strip.resize(1920, 60)
    strip.set_items([item(1, 11, 12)])
    strip.show()
    qtbot.waitExposed(strip)
    height = strip.height()
    title = strip.findChild(QLabel, "alarmStripTitle")
    strip.set_items([])
    assert title.text() == "No late tasks" and strip.lines() == []
    assert strip.isVisible() and strip.height() == height
    qtbot.wait(150)
    strip.set_items([item(2, 21, 5)])  # late again within the hold: still shown, no toggle
    assert strip.isVisible() and not strip.is_calm() and title.text() == "Late tasks: 1"
    strip.set_items([])
    qtbot.wait(200)
    assert strip.isVisible()  # the hold starts again from the last late task
    qtbot.waitUntil(strip.isHidden, timeout=2000)
    assert not strip.is_calm()
    strip.set_items([item(3, 31, 5)])
    assert strip.isVisible()


def test_a_big_list_builds_only_the_lines_shown(qtbot) -> None:
    strip = AlarmStrip(max_lines=2)
    qtbot.addWidget(strip)
    strip.resize(1920, 120)
    strip.show()
    qtbot.waitExposed(strip)
    items = [item(p, p * 10, 400 - p) for p in range(1, 377)]  # 376 late tasks
    strip.set_items(items)
    cap = strip.capacity()
    assert cap == 6  # three columns of lines on a wall screen, two rows
    assert len(strip.findChildren(AlarmLine)) == cap  # not 376
    assert [ln.item.task_id for ln in strip.lines()] == [10, 20, 30, 40, 50, 60]
    more = strip.findChild(QPushButton, "alarmStripMore")
    assert more.isVisible() and more.text() == "+370 more"
    assert strip.findChild(QLabel, "alarmStripTitle").text() == "Late tasks: 376"
    assert strip.items() == items and strip.line(7, 70) is None
    height = strip.height()
    assert height <= 2 * LINE_HEIGHT + 12  # two rows of finger-sized lines, no more
    # "+370 more": more rows (the most late), still a bounded number of lines
    with qtbot.waitSignal(more.clicked):
        qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert len(strip.lines()) == strip.capacity() == 24 and strip.line(7, 70) is not None
    assert more.text() == "Show fewer" and strip.height() > height
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    assert len(strip.lines()) == 6 and strip.height() == height
    assert len(strip.findChildren(AlarmLine)) == 24  # kept for the next time, hidden
    # Fewer late tasks: the button goes, the height stays while the strip is shown
    strip.set_items(items[:4])
    assert not more.isVisible() and len(strip.lines()) == 4 and strip.height() == height


def test_strip_speaks_french(qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    from synoptux.ui.app import install_translator

    installed = install_translator(QApplication.instance(), "fr")
    try:
        strip = AlarmStrip()
        qtbot.addWidget(strip)
        strip.set_items([item(1, 11, 75, kind=Overdue.END), item(2, 21, 5)])
        a, b = strip.lines()
        assert a.text() == "Box 1 · DUPONT1 Jean · Task 11 · retard 1 h 15 · depuis 08:45"
        assert b.text().endswith("début +5 min · depuis 09:55")
        assert strip.findChild(QLabel, "alarmStripTitle").text() == "Tâches en retard : 2"
    finally:
        for tr in installed:
            QApplication.instance().removeTranslator(tr)


def test_a_second_row_comes_and_goes_only_when_asked_for_a_while(qtbot) -> None:
    """The second row (patients hidden by the wall) took room from the wall, the
    wall re-arranged and showed them, the row went, the wall grew and hid them again: both
    pushed each other every second during a burst. A row comes when asked for a while (not
    for the turn the wall takes to re-arrange), goes after a longer quiet hold."""
    strip = AlarmStrip(max_lines=1, calm_hold_ms=400, grow_hold_ms=150)
    qtbot.addWidget(strip)
    strip.resize(1920, 60)
    strip.set_items([item(p, p * 10, 5) for p in range(1, 9)])
    strip.show()
    qtbot.waitExposed(strip)
    one = strip.height()
    strip.set_max_lines(2)
    strip.set_max_lines(1)  # hidden for a moment only: nothing moves
    qtbot.wait(250)
    assert strip.height() == one
    strip.set_max_lines(2)
    assert strip.height() == one
    qtbot.waitUntil(lambda: strip.height() > one, timeout=2000)
    two = strip.height()
    strip.set_max_lines(1)
    qtbot.wait(200)
    strip.set_max_lines(2)  # hidden again within the hold: nothing moved meanwhile
    strip.set_max_lines(1)
    qtbot.wait(250)
    assert strip.height() == two
    qtbot.waitUntil(lambda: strip.height() == one, timeout=2000)
    strip.set_max_lines(2, at_once=True)
    assert strip.height() == two
    strip.set_max_lines(1, at_once=True)  # the screen got short: now
    assert strip.height() == one

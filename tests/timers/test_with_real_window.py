"""The timer engine inside the real board window (ui.main_window), on a fake clock.

Folded patient: the name blinks; unfolded: the late task buttons; the strip lists
both; a tick touches only those widgets and creates none; a tap on the strip
unfolds the card; a check moves the steady "late N min" marks forward.
"""

from __future__ import annotations

from datetime import timedelta

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QRegion
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from synoptux.config import Settings
from synoptux.domain.clock import FakeClock
from synoptux.ui.main_window import MainWindow
from tests.conftest import T0

M = timedelta(minutes=1)


def widget_ids(root: QWidget) -> set[int]:
    """The C++ addresses of `root` and every widget under it."""
    return {shiboken6.getCppPointer(w)[0] for w in [root, *root.findChildren(QWidget)]}


class PaintLog(QObject):
    """Records every paint event (widget, region painted) of the application's widgets.

    The region, not its bounding rect: two late widgets far apart on the board are
    repainted in one pass, whose bounding rect covers everything between them."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[QWidget, QRegion]] = []
        self.widgets = QApplication.allWidgets()
        for w in self.widgets:
            w.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if event.type() == QEvent.Type.Paint:
            self.events.append((obj, QRegion(event.region())))
        return False

    def close(self) -> None:
        for w in self.widgets:
            if shiboken6.isValid(w):
                w.removeEventFilter(self)


def outside_late_widgets(log: PaintLog, late: list[QWidget]) -> list[str]:
    """Paint events that are not within a late widget's own rectangle.

    A late widget's ancestors may repaint, but only under that widget (it is not
    opaque); anything else repainted by a blink tick is a defect.
    """
    bad = []
    for widget, rect in log.events:
        if any(widget is w for w in late):
            continue
        area = QRegion()
        for w in late:
            if widget.isAncestorOf(w):
                area = area.united(QRect(w.mapTo(widget, QPoint(0, 0)), w.size()))
        if not QRegion(rect).subtracted(area).isEmpty():  # rect: the region painted
            bad.append(f"{widget.objectName() or type(widget).__name__} {rect}")
    return bad


def test_blink_strip_and_marks_in_the_real_window(qtbot, sqlite_rows) -> None:  # noqa: ANN001
    rows, clock = sqlite_rows, FakeClock(T0)
    unfolded = rows.patient("S1", "OUVERT", entered=T0 - 60 * M, folded=0)
    late_task = rows.task(unfolded, "RX OS", planned_start=T0 - 12 * M)
    soon_task = rows.task(unfolded, "ECG", planned_start=T0 + 2 * M)
    folded = rows.patient("S2", "REPLIE", entered=T0 - 60 * M, folded=1)
    folded_task = rows.task(folded, "BIO C", planned_start=T0 - 30 * M)
    calm = rows.patient("S3", "CALME", entered=T0 - 60 * M, folded=0)
    rows.task(calm, "RX OS", planned_start=T0 + 60 * M)

    window = MainWindow(rows.db, Settings.from_text(""), clock, live=False)
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show()
    qtbot.waitExposed(window)
    plugins = window.plugins
    blink, strip, monitor = plugins.blink, plugins.strip, plugins.monitor
    ctl = window.controller

    # What blinks: the late task button when unfolded, the name when folded.
    name_button = ctl.card(folded).name_button
    task_button = ctl.card(unfolded).task_rows[late_task].task_button
    assert set(map(id, blink.late_widgets())) == {id(name_button), id(task_button)}
    assert blink.is_running()
    # The strip: most late first.
    assert [(i.patient_id, i.task_id) for i in strip.items()] == [
        (folded, folded_task),
        (unfolded, late_task),
    ]
    assert "start +12 min" in strip.line(unfolded, late_task).text()  # not started in time

    # A tick: only the two late widgets change, nothing is created.
    qtbot.wait(300)  # let the start-up layout passes finish (not a time rule)
    mine = window.findChildren(QWidget)
    others = [w for w in mine if w is not name_button and w is not task_button]
    before_props = [w.property("blink") for w in others]
    before = widget_ids(window)
    phase = task_button.property("blink")
    log = PaintLog()
    try:
        for _ in range(4):
            log.events.clear()
            blink.tick()
            qtbot.waitUntil(lambda: any(w is name_button for w, _r in log.events))
            QApplication.processEvents()
            bad = outside_late_widgets(log, [name_button, task_button])
            assert bad == [], "\n".join(bad)
    finally:
        log.close()
    assert task_button.property("blink") == name_button.property("blink") == phase
    assert [w.property("blink") for w in others] == before_props
    assert widget_ids(window) == before

    # Two minutes later the ECG becomes late: it joins the blinking, marks move on.
    clock.advance(minutes=3)
    monitor.check_now()
    ecg_button = ctl.card(unfolded).task_rows[soon_task].task_button
    assert id(ecg_button) in set(map(id, blink.late_widgets()))
    assert ctl.card(unfolded).task_rows[late_task].late_label.text().find("15") >= 0
    assert "start +15 min" in strip.line(unfolded, late_task).text()
    assert len(strip.items()) == 3

    # A tap on the folded patient's line unfolds his card.
    with qtbot.waitSignal(strip.sig_item_tapped):
        qtbot.mouseClick(strip.line(folded, folded_task), Qt.MouseButton.LeftButton)
    t = rows.t.encours
    with rows.db.connect() as conn:
        replier = conn.execute(select(t.c.EC_Replier).where(t.c.EC_PK == folded)).scalar_one()
    assert replier == 0
    qtbot.waitUntil(lambda: not ctl.current_board.patient(folded).folded)
    # Now unfolded: its task button blinks instead of its name.
    folded_button = ctl.card(folded).task_rows[folded_task].task_button
    late_ids = set(map(id, blink.late_widgets()))
    assert id(folded_button) in late_ids and id(ctl.card(folded).name_button) not in late_ids
    window.close()


def dominant_color(widget: QWidget) -> str:
    """The colour covering most of the widget as rendered."""
    image = widget.grab().toImage()
    counts: dict[str, int] = {}
    for x in range(0, image.width(), 2):
        for y in range(0, image.height(), 2):
            name = image.pixelColor(x, y).name()
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=counts.__getitem__)


def _window(qtbot, rows, clock, ini: str) -> MainWindow:  # noqa: ANN001
    window = MainWindow(rows.db, Settings.from_text(ini), clock, live=False)
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_what_the_nurse_sees_blinking_and_steady(qtbot, sqlite_rows) -> None:  # noqa: ANN001
    rows, clock = sqlite_rows, FakeClock(T0)
    pid = rows.patient("S1", "OUVERT", entered=T0 - 60 * M, folded=0)
    tid = rows.task(pid, "RX OS", planned_start=T0 - 12 * M)  # colour #dbeafe, alarm #ef4444
    folded = rows.patient("S2", "REPLIE", entered=T0 - 60 * M, folded=1)
    rows.task(folded, "ECG", planned_start=T0 - 12 * M)

    window = _window(qtbot, rows, clock, "[Affichage]\nClignotement=OUI\n")
    blink = window.plugins.blink
    button = window.controller.card(pid).task_rows[tid].task_button
    name = window.controller.card(folded).name_button
    seen_task, seen_name = set(), set()
    for _ in range(2):
        seen_task.add(dominant_color(button))
        seen_name.add(dominant_color(name))
        blink.tick()
    assert seen_task == {"#ef4444", "#dbeafe"}  # alarm colour, then the task's own
    assert len(seen_name) == 2  # Couleur_Patients_Clignote, then the normal name
    window.close()

    steady = _window(qtbot, rows, clock, "[Affichage]\nClignotement=NON\n")
    button = steady.controller.card(pid).task_rows[tid].task_button
    assert not steady.plugins.blink.is_running()
    assert button.property("blink") == "steady" and dominant_color(button) == "#ef4444"
    # And the steady text mark, for whoever cannot tell the colours apart.
    label = steady.controller.card(pid).task_rows[tid].late_label
    assert not label.isHidden() and "12" in label.text()
    steady.close()

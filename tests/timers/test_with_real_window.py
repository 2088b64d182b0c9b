"""The timer engine inside the real board window (ui.main_window), on a fake clock.

The late patients' rows blink (their late chips, or a folded patient's name and dots);
the strip lists the late tasks; a tick repaints only those rows and creates nothing; a
tap on the strip opens that task's states; a check moves the steady "late N min"
marks forward.
"""

from __future__ import annotations

from datetime import timedelta

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QRegion
from PySide6.QtWidgets import QApplication, QWidget

from synoptux.config import Settings
from synoptux.domain.clock import FakeClock
from synoptux.ui.main_window import MainWindow
from tests.support.clock import T0
from tests.support.settle import settle

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

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # Qt name
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


def test_blink_strip_and_marks_in_the_real_window(qtbot, sqlite_rows) -> None:
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
    settle()
    parts = window.parts
    blink, strip, monitor = parts.blink, parts.strip, parts.monitor
    ctl = window.controller

    # What blinks: the rows of the two late patients, nothing else.
    folded_row = ctl.row(folded)
    open_row = ctl.row(unfolded)
    assert set(map(id, blink.late_widgets())) == {id(folded_row), id(open_row)}
    assert blink.is_running()
    # The strip: most late first.
    assert [(i.patient_id, i.task_id) for i in strip.items()] == [
        (folded, folded_task),
        (unfolded, late_task),
    ]
    assert "start +12 min" in strip.line(unfolded, late_task).text()  # not started in time

    # A tick: only the two late rows change, nothing is created.
    qtbot.wait(300)  # let the start-up layout passes finish (not a time rule)
    before = widget_ids(window)
    phase = open_row.blink_phase
    log = PaintLog()
    try:
        for _ in range(4):
            log.events.clear()
            blink.tick()
            qtbot.waitUntil(lambda: any(w is folded_row for w, _r in log.events))
            QApplication.processEvents()
            bad = outside_late_widgets(log, [folded_row, open_row])
            assert bad == [], "\n".join(bad)
    finally:
        log.close()
    assert open_row.blink_phase == folded_row.blink_phase == phase
    assert widget_ids(window) == before

    # Two minutes later the ECG becomes late too: its chip gets its mark, marks move on.
    clock.advance(minutes=3)
    monitor.check_now()
    chips = {c.task_id: c for c in open_row.current().chips}
    assert chips[soon_task].late_kind == "start"
    assert "15" in chips[late_task].text
    assert "start +15 min" in strip.line(unfolded, late_task).text()
    assert len(strip.items()) == 3

    # A tap on the folded patient's line opens that task's states, on its row.
    with qtbot.waitSignal(strip.sig_item_tapped):
        qtbot.mouseClick(strip.line(folded, folded_task), Qt.MouseButton.LeftButton)
    picker = ctl.last_picker
    qtbot.waitUntil(lambda: picker is not None and picker.isVisible())
    assert folded_row.task_rect(folded_task) is not None  # its dot, on screen
    picker.close()
    window.close()


def dominant_color(widget: QWidget, rect: QRect | None = None) -> str:
    """The colour covering most of `rect` (of the widget) as rendered."""
    image = widget.grab(rect or widget.rect()).toImage()
    counts: dict[str, int] = {}
    for x in range(0, image.width(), 2):
        for y in range(0, image.height(), 2):
            name = image.pixelColor(x, y).name()
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=counts.__getitem__)


def _window(qtbot, rows, clock, ini: str) -> MainWindow:
    window = MainWindow(rows.db, Settings.from_text(ini), clock, live=False)
    qtbot.addWidget(window)
    window.resize(1600, 900)
    window.show()
    qtbot.waitExposed(window)
    settle()
    return window


def test_what_the_nurse_sees_blinking_and_steady(qtbot, sqlite_rows) -> None:
    rows, clock = sqlite_rows, FakeClock(T0)
    pid = rows.patient("S1", "OUVERT", entered=T0 - 60 * M, folded=0)
    tid = rows.task(pid, "RX OS", planned_start=T0 - 12 * M)  # colour #dbeafe, alarm #ef4444
    folded = rows.patient("S2", "REPLIE", entered=T0 - 60 * M, folded=1)
    rows.task(folded, "ECG", planned_start=T0 - 12 * M)

    window = _window(qtbot, rows, clock, "[Affichage]\nClignotement=OUI\n")
    blink = window.parts.blink
    row = window.controller.row(pid)
    folded_row = window.controller.row(folded)
    chip = next(c for c in row.current().chips if c.task_id == tid)
    name = folded_row.current().name
    seen_task, seen_name = set(), set()
    for _ in range(2):
        seen_task.add(dominant_color(row, chip.rect.adjusted(6, 6, -6, -6)))
        seen_name.add(dominant_color(folded_row, name.rect.adjusted(-2, 0, 2, 0)))
        blink.tick()
    assert seen_task == {"#ef4444", "#dbeafe"}  # alarm colour, then the task's own
    assert len(seen_name) == 2  # Couleur_Patients_Clignote behind the name, then none
    window.close()

    steady = _window(qtbot, rows, clock, "[Affichage]\nClignotement=NON\n")
    row = steady.controller.row(pid)
    chip = next(c for c in row.current().chips if c.task_id == tid)
    assert not steady.parts.blink.is_running()
    assert row.blink_phase == "steady"
    assert dominant_color(row, chip.rect.adjusted(6, 6, -6, -6)) == "#ef4444"
    # And the steady text mark, for whoever cannot tell the colours apart.
    assert "12" in chip.text and chip.late_kind == "start"
    steady.close()

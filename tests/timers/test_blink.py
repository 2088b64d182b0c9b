"""The one blink timer: touches only the late widgets, creates none, stops when idle."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

from synoptux.config import Settings
from synoptux.ui.board.blink import BlinkController, apply_blink_colors

ALARM = "#ef4444"
BASE = "#dbeafe"


class PaintCounter(QObject):
    """Counts the paint events each watched widget receives."""

    def __init__(self, widgets: list[QWidget]) -> None:
        super().__init__()
        self.counts: dict[int, int] = {id(w): 0 for w in widgets}
        self.names = {id(w): w.objectName() for w in widgets}
        for w in widgets:
            w.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # Qt name
        if event.type() == QEvent.Type.Paint and id(obj) in self.counts:
            self.counts[id(obj)] += 1
        return False

    def painted(self) -> set[str]:
        return {self.names[k] for k, n in self.counts.items() if n}

    def reset(self) -> None:
        for k in self.counts:
            self.counts[k] = 0


def widget_ids(root: QWidget) -> set[int]:
    """The C++ addresses of `root` and every widget under it (Python wrappers come and go)."""
    return {shiboken6.getCppPointer(w)[0] for w in [root, *root.findChildren(QWidget)]}


def dominant_color(widget: QWidget) -> str:
    """The colour covering most of the widget as rendered (its face)."""
    image = widget.grab().toImage()
    counts: dict[str, int] = {}
    for x in range(0, image.width(), 2):
        for y in range(0, image.height(), 2):
            name = image.pixelColor(x, y).name()
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=counts.__getitem__)


def _board(qtbot, n: int = 6) -> tuple[QWidget, list[QPushButton]]:
    window = QWidget()
    qtbot.addWidget(window)
    lay = QVBoxLayout(window)
    buttons = []
    for i in range(n):
        b = QPushButton(f"task {i}", window)
        b.setObjectName(f"b{i}")
        b.setProperty("baseColor", BASE)
        b.setProperty("alarmColor", ALARM)
        b.setMinimumHeight(48)
        lay.addWidget(b)
        buttons.append(b)
    window.resize(300, 400)
    window.show()
    qtbot.waitExposed(window)
    return window, buttons


def test_tick_creates_no_widget_and_repaints_only_the_late_ones(qtbot) -> None:
    window, buttons = _board(qtbot)
    blink = BlinkController(1000, True)
    late = [buttons[1], buttons[4]]
    blink.set_late_widgets(late)
    counter = PaintCounter(buttons)
    qtbot.waitUntil(lambda: {"b1", "b4"} <= counter.painted())  # joined in the alarm colour
    QApplication.processEvents()
    counter.reset()
    widgets_before = widget_ids(window)

    for expected in ("off", "on", "off"):
        blink.tick()
        assert [b.property("blink") for b in buttons] == [
            None,
            expected,
            None,
            None,
            expected,
            None,
        ]
        qtbot.waitUntil(lambda: counter.painted() == {"b1", "b4"})
        QApplication.processEvents()
        assert counter.painted() == {"b1", "b4"}  # the other buttons were not repainted
        counter.reset()

    assert widget_ids(window) == widgets_before
    assert blink.is_running()


def test_colours_alternate_between_task_and_alarm_colour(qtbot) -> None:
    _window, buttons = _board(qtbot, 2)
    b = buttons[0]
    blink = BlinkController(1000, True)
    blink.set_late_widgets([b])
    assert b.property("blink") == "on" and ALARM in b.styleSheet()
    blink.tick()
    assert b.property("blink") == "off" and BASE in b.styleSheet()
    blink.tick()
    assert ALARM in b.styleSheet()
    # What the screen shows: the alarm colour on the button's face.
    assert dominant_color(b) == QColor(ALARM).name()
    blink.set_late_widgets([])  # no longer late: back to its own colour, timer stopped
    assert b.property("blink") == "" and BASE in b.styleSheet()
    assert not blink.is_running()


def test_folded_name_alternates_text_colour(qtbot) -> None:
    name = QLabel("DUPONT")
    qtbot.addWidget(name)
    name.setProperty("blinkRole", "text")
    name.setProperty("baseStyle", "font-weight: bold;")
    name.setProperty("baseColor", "#1f2a37")  # Couleur_Patients
    name.setProperty("alarmColor", "#d7263d")  # Couleur_Patients_Clignote
    blink = BlinkController(1000, True)
    blink.set_late_widgets([name])
    assert name.styleSheet() == "font-weight: bold; color: #d7263d;"
    blink.tick()
    assert name.styleSheet() == "font-weight: bold; color: #1f2a37;"


def test_style_sheet_widgets_get_the_property_and_a_repolish(qtbot) -> None:
    """Widgets painted by the board's generated rules (dataAlarm + [blink])."""
    window = QWidget()
    qtbot.addWidget(window)
    window.setStyleSheet(
        f'QPushButton[dataAlarm="{ALARM}"][blink="on"],'
        f' QPushButton[dataAlarm="{ALARM}"][blink="steady"] {{ background-color: {ALARM}; }}'
        f" QPushButton {{ background-color: {BASE}; border: none; }}"
    )
    b = QPushButton("RX", window)
    b.setProperty("dataAlarm", ALARM)
    b.resize(120, 48)
    window.show()
    qtbot.waitExposed(window)

    def face() -> str:
        return dominant_color(b)

    assert face() == QColor(BASE).name()
    blink = BlinkController(1000, True)
    blink.set_late_widgets([b])
    assert b.styleSheet() == "" and face() == QColor(ALARM).name()
    blink.tick()
    assert face() == QColor(BASE).name()
    blink.set_enabled(False)
    assert b.property("blink") == "steady" and face() == QColor(ALARM).name()


def test_disabled_blinking_is_steady_and_costs_no_timer(qtbot) -> None:
    _window, buttons = _board(qtbot, 3)
    blink = BlinkController(1000, False)
    blink.set_late_widgets(buttons[:2])
    assert [b.property("blink") for b in buttons] == ["steady", "steady", None]
    assert ALARM in buttons[0].styleSheet()
    assert not blink.is_running()
    blink.set_enabled(True)
    assert blink.is_running() and buttons[0].property("blink") == "on"
    blink.set_enabled(False)
    assert not blink.is_running() and buttons[1].property("blink") == "steady"


def test_timer_runs_only_while_something_is_late(qtbot) -> None:
    _window, buttons = _board(qtbot, 2)
    blink = BlinkController(60, True)
    assert not blink.is_running()
    blink.set_late_widgets([buttons[0]])
    with qtbot.waitSignal(blink.sig_tick, timeout=2000) as sig:
        pass
    assert sig.args == ["off"]
    blink.set_late_widgets([])
    assert not blink.is_running()


def test_new_late_widget_joins_in_step_and_old_ones_are_not_touched(qtbot) -> None:
    _window, buttons = _board(qtbot, 3)
    blink = BlinkController(1000, True)
    blink.set_late_widgets([buttons[0]])
    blink.tick()  # phase "off"
    sheet = buttons[0].styleSheet()
    blink.set_late_widgets([buttons[0], buttons[2]])
    assert buttons[2].property("blink") == "off"  # same phase as the others
    assert buttons[0].styleSheet() is not None and buttons[0].styleSheet() == sheet


def test_deleted_widget_is_dropped(qtbot) -> None:
    _window, buttons = _board(qtbot, 2)
    blink = BlinkController(1000, True)
    blink.set_late_widgets(buttons)
    gone = buttons.pop()
    gone.deleteLater()
    qtbot.waitUntil(lambda: len(blink.late_widgets()) == 1)
    blink.tick()  # must not touch the deleted widget
    assert buttons[0].property("blink") == "off"
    buttons[0].deleteLater()
    qtbot.waitUntil(lambda: not blink.late_widgets())
    assert not blink.is_running()


def test_apply_blink_hook_wins(qtbot) -> None:
    class Painted(QPushButton):
        def __init__(self) -> None:
            super().__init__("x")
            self.phases: list[str] = []

        def apply_blink(self, phase: str) -> None:
            self.phases.append(phase)

    w = Painted()
    qtbot.addWidget(w)
    blink = BlinkController(1000, True)
    blink.set_late_widgets([w])
    blink.tick()
    blink.set_late_widgets([])
    assert w.phases == ["on", "off", ""] and w.styleSheet() == ""


def test_settings(qtbot) -> None:
    settings = Settings.from_text(
        "[Timer]\nPeriodicite_clignotement_en_secondes=2\n[Affichage]\nClignotement=NON\n"
    )
    blink = BlinkController.from_settings(settings)
    assert blink.period_ms() == 2000 and not blink.enabled
    settings.set("Affichage", "Clignotement", True)
    blink.apply_settings(settings)
    assert blink.enabled


def test_apply_blink_colors_leaves_an_unchanged_sheet_alone(qtbot) -> None:
    b = QPushButton("x")
    qtbot.addWidget(b)
    b.setProperty("baseColor", BASE)
    b.setProperty("alarmColor", ALARM)
    apply_blink_colors(b, "on")
    counter = PaintCounter([b])
    apply_blink_colors(b, "steady")  # same colour: nothing to repaint
    QApplication.processEvents()
    assert counter.painted() == set()

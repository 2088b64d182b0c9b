"""One blink timer for the whole board (2.x defects 4 and 12: blinking died).

Convention between the blink controller and the widgets it blinks
------------------------------------------------------------------
The board hands the controller the list of *late widgets* after each applied
snapshot (`BoardController.sig_late_changed`): the board's late widgets are the rows of
the patients who have a late task (`ui.board.patient_row.PatientRow`, which paints its own
phases through the ``apply_blink`` hook below: late chips, or a folded patient's
name and dots, in their alarm colours).
The controller never creates, rebuilds or lays out a widget; on each tick it
touches those widgets only.

It sets the dynamic property ``blink`` of each to

- ``"on"``     alarm colour (first half of the blink),
- ``"off"``    normal colour (second half),
- ``"steady"`` alarm colour, not blinking (``[Affichage] Clignotement=NON``),
- ``""``       no longer late,

then re-polishes that widget (only when the value changed). The style sheet
paints the phases, with no per-widget style strings: for a task button the
board's generated rules ``*[dataAlarm="#c"][blink="on"]`` — they must also match
``[blink="steady"]`` — show the task's alarm colour (``TA_Couleur_alarme``); for
a folded patient's name a rule such as ``*[blink="on"], *[blink="steady"]``
on the name button uses ``Couleur_Patients_Clignote`` over ``Couleur_Patients``.
`ALARM_PHASES` lists the phases that show the alarm colour.

Two hooks exist for widgets that the style sheet cannot paint:

- a widget with a method ``apply_blink(phase: str)`` gets that call instead
  (after ``blink`` is set) and paints itself;
- a widget carrying the string properties ``baseColor`` and ``alarmColor``
  ("#rrggbb"), and optionally ``blinkRole`` (``"background"``, the default, or
  ``"text"``) and ``baseStyle`` (declarations to keep), is painted by
  `apply_blink_colors`, which sets a minimal per-widget style sheet
  (``background-color`` and, unless ``baseStyle`` has one, a border of the
  same colour, so that the face is painted flat in that exact colour).

Blinking alone is not enough for colour-blind staff: the widget also shows a
steady text mark ("retard 12 min"); that is the board's job, refreshed by
``AlarmMonitor.sig_checked``. When nothing is late (or blinking is off) the
timer is stopped: an idle board costs no CPU.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from synoptux.config import KEYS, Settings

log = logging.getLogger(__name__)

PHASE_ON = "on"
PHASE_OFF = "off"
PHASE_STEADY = "steady"
PHASE_NONE = ""
ALARM_PHASES = (PHASE_ON, PHASE_STEADY)


def _color_for(widget: QWidget, phase: str) -> str | None:
    name = "alarmColor" if phase in ALARM_PHASES else "baseColor"
    value = widget.property(name)
    return str(value) if value else None


def apply_blink_colors(widget: QWidget, phase: str) -> None:
    """Show `phase` on `widget` from its ``baseColor``/``alarmColor`` properties.

    Sets the ``blink`` property, then a minimal style sheet (``baseStyle`` plus
    one colour declaration); leaves the style sheet alone when it would not
    change, so a widget is repainted only when its look changes.
    """
    widget.setProperty("blink", phase)
    role = str(widget.property("blinkRole") or "background")
    base_style = str(widget.property("baseStyle") or "")
    color = _color_for(widget, phase)
    decl = ""
    if color and role == "text":
        decl = f"color: {color};"
    elif color:
        # With a background alone, the native style shades it (a gradient of the
        # colour); a border makes Qt paint the face flat, in the exact colour.
        border = "" if "border" in base_style else f" border: 1px solid {color};"
        decl = f"background-color: {color};{border}"
    css = f"{base_style} {decl}".strip()
    if widget.styleSheet() != css:
        widget.setStyleSheet(css)  # re-polishes this widget (and only it)


def paint_phase(widget: QWidget, phase: str) -> None:
    """Set ``blink`` to `phase` and have the widget repainted (see module docstring)."""
    changed = widget.property("blink") != phase
    hook = getattr(widget, "apply_blink", None)
    if callable(hook):
        widget.setProperty("blink", phase)
        hook(phase)
    elif widget.property("alarmColor"):
        apply_blink_colors(widget, phase)
    elif changed:
        widget.setProperty("blink", phase)
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)
        widget.update()


class BlinkController(QObject):
    """Alternates the late widgets between their base and alarm colours."""

    sig_tick = Signal(str)
    """Emitted after each tick with the new phase ("on"/"off"), for tests and benches."""

    def __init__(self, period_ms: int, enabled: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setObjectName("blinkTimer")
        self._timer.timeout.connect(self._on_tick)
        self._enabled = bool(enabled)
        self._phase = PHASE_ON
        self._widgets: dict[int, QWidget] = {}  # id(widget) -> widget, in the order given
        self._slots: dict[int, Callable[..., None]] = {}  # id(widget) -> its `destroyed` slot
        self.set_period(period_ms)

    @classmethod
    def from_settings(cls, settings: Settings, parent: QObject | None = None) -> BlinkController:
        """`[Timer] Periodicite_clignotement_en_secondes`, `[Affichage] Clignotement`."""
        ctrl = cls(1000, True, parent)
        ctrl.apply_settings(settings)
        return ctrl

    def apply_settings(self, settings: Settings) -> None:
        """Re-read the period and the on/off switch (after the ini editor saved)."""
        seconds = settings[KEYS.BLINK_PERIOD_S]
        self.set_period(max(1, seconds) * 1000)
        self.set_enabled(settings[KEYS.BLINK])

    # -- public API ------------------------------------------------------------
    @property
    def enabled(self) -> bool:
        return self._enabled

    @property
    def phase(self) -> str:
        """What a late widget shows now: "on", "off" or "steady"."""
        return self._phase if self._enabled else PHASE_STEADY

    def is_running(self) -> bool:
        return self._timer.isActive()

    def period_ms(self) -> int:
        return self._timer.interval()

    def late_widgets(self) -> list[QWidget]:
        return list(self._widgets.values())

    def set_late_widgets(self, widgets: list[QWidget]) -> None:
        """Blink exactly these widgets from now on; others are restored at once.

        Widgets already blinking keep their phase untouched (no repaint); new
        ones join in the current phase so that the whole board blinks in step.
        """
        fresh: dict[int, QWidget] = {}
        for w in widgets:
            if w is not None and shiboken6.isValid(w):
                fresh.setdefault(id(w), w)
        for key, w in list(self._widgets.items()):
            if key not in fresh:
                self._forget(key, w)
                if shiboken6.isValid(w):
                    paint_phase(w, PHASE_NONE)
        for key, w in fresh.items():
            if key not in self._widgets:
                slot = partial(self._on_destroyed, key)
                self._slots[key] = slot
                w.destroyed.connect(slot)
                paint_phase(w, self.phase)
        self._widgets = fresh
        self._update_timer()

    def set_enabled(self, enabled: bool) -> None:
        """Blink (True) or show the alarm colour steadily (False)."""
        enabled = bool(enabled)
        if enabled == self._enabled:
            return
        self._enabled = enabled
        self._phase = PHASE_ON
        self._paint_all()
        self._update_timer()

    def set_period(self, ms: int) -> None:
        """The colour changes every `ms` milliseconds (2.x: the setting, in seconds)."""
        self._timer.setInterval(max(50, int(ms)))

    def tick(self) -> None:
        """One blink step (what the timer does), callable from tests."""
        self._on_tick()

    def clear(self) -> None:
        self.set_late_widgets([])

    # -- internals ---------------------------------------------------------------
    def _update_timer(self) -> None:
        should_run = self._enabled and bool(self._widgets)
        if should_run and not self._timer.isActive():
            self._timer.start()
        elif not should_run and self._timer.isActive():
            self._timer.stop()
            self._phase = PHASE_ON

    def _paint_all(self) -> None:
        phase = self.phase
        for w in list(self._widgets.values()):
            if shiboken6.isValid(w):
                paint_phase(w, phase)

    def _on_tick(self) -> None:
        if not self._enabled or not self._widgets:
            self._update_timer()
            return
        self._phase = PHASE_OFF if self._phase == PHASE_ON else PHASE_ON
        self._paint_all()
        self.sig_tick.emit(self._phase)

    def _forget(self, key: int, w: QWidget) -> None:
        slot = self._slots.pop(key, None)
        if slot is not None and shiboken6.isValid(w):
            try:
                w.destroyed.disconnect(slot)
            except (RuntimeError, TypeError):
                pass

    def _on_destroyed(self, key: int, _obj: QObject | None = None) -> None:
        """A late widget was deleted by the board (card rebuilt): never touch it again."""
        self._slots.pop(key, None)
        self._widgets.pop(key, None)
        if shiboken6.isValid(self) and shiboken6.isValid(self._timer):  # not at shutdown
            self._update_timer()

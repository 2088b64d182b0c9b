"""One patient of a box, painted as one widget: a row of the wall.

What it shows depends on the tier its box chose (see `row_look`, `row_geometry`).
Everything at rest is read-only; a tap does one of two things:

- on a task chip: `sig_task_tapped(task_id)` (the board opens that task's states);
- anywhere else on the row: `sig_patient_tapped(patient_id)` (the patient's sheet).

A tap is a press and a release on the same target (touch screens send synthesized
mouse events). Late tasks blink through `apply_blink` (the blink controller's hook):
only this widget repaints. A late task also carries a steady text mark ("late 12
min"), for whoever cannot tell the colours apart.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime

from PySide6.QtCore import QPoint, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from synoptux.domain.acks import ESCALATED, SNOOZED, blinks
from synoptux.domain.model import BoxType, PatientView
from synoptux.services.snapshot import MARK_ORPHAN_TASK
from synoptux.ui.board.row_geometry import CHIP_PAD, STRIPE, RowGeometry, layout_row, minimal_width
from synoptux.ui.board.row_look import Look, Tier
from synoptux.ui.board.row_texts import ESCALATED as ESCALATED_COLOR
from synoptux.ui.board.row_texts import RowInput, row_input
from synoptux.ui.contrast import readable_on

ALARM_PHASES = ("on", "steady")
# Geometries kept per row: every tier at each column width the masonry tries (up to seven
# column counts), at the width the box gives, with and without its scroll bar, and
# after a resize. Past it the least recently used goes.
GEOMETRY_CACHE = 96
START_LATE = "#d97706"  # the frame of a task not started in time (amber, not the alarm red)


class PatientRow(QWidget):
    sig_patient_tapped = Signal(int)
    sig_task_tapped = Signal(int)

    def __init__(self, look: Look, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PatientRow")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.look = look
        self.inp: RowInput | None = None
        self.patient_id = -1
        self.tier = Tier.FULL
        self.moving = False
        self._cache: OrderedDict[tuple[Tier, int], RowGeometry] = OrderedDict()
        self._widths: dict[Tier, int] = {}
        self._blink = ""
        self._press: tuple[str, int] | None = None
        self._now: datetime | None = None
        # The row's picture per blink phase (alarm shown or not): (input, layout, look,
        # size and state, picture) - see `paintEvent`.
        self._pictures: dict[bool, tuple[RowInput, RowGeometry, Look, tuple, QPixmap]] = {}

    # -- data -----------------------------------------------------------------------
    @property
    def patient(self) -> PatientView:
        assert self.inp is not None
        return self.inp.patient

    @property
    def box_type(self) -> BoxType:
        assert self.inp is not None
        return self.inp.box_type

    def set_patient(
        self, p: PatientView, box_type: BoxType, privacy: bool, now: datetime | None
    ) -> bool:
        """Show this patient; True when what the row shows changed."""
        old = self.inp
        self._now = now
        if (
            old is not None
            and old.box_type is box_type
            and old.privacy == privacy
            and (old.patient is p or old.patient == p)
            and not old.minutes  # nothing late: no "late N min" mark to move forward
        ):
            return False
        inp = row_input(p, box_type, privacy, now)
        if inp == old:
            return False
        self.inp = inp
        self.patient_id = p.id
        self._forget()
        self.setAccessibleName(self.geometry_for(Tier.FULL, 400).name.full)
        self.update()
        return True

    def refresh_late(self, now: datetime | None) -> bool:
        """The clock moved: rewrite the "late N min" marks; True when the row changed."""
        if self.inp is None:
            return False
        p = self.inp.patient
        return self.set_patient(p, self.inp.box_type, self.inp.privacy, now)

    def set_moving(self, moving: bool) -> None:
        if moving != self.moving:
            self.moving = moving
            self.update()

    # -- geometry -------------------------------------------------------------------------
    def geometry_for(self, tier: Tier, width: int) -> RowGeometry:
        """The row laid out at `tier` in `width` px, remembered (least recently used
        first out): arranging the wall asks every tier at every column width it tries."""
        key = (tier, width)
        cache = self._cache
        geo = cache.get(key)
        if geo is None:
            assert self.inp is not None
            geo = layout_row(self.inp, tier, width, self.look, self._now)
            cache[key] = geo
            if len(cache) > GEOMETRY_CACHE:
                cache.popitem(last=False)
        else:
            cache.move_to_end(key)
        return geo

    def least_width(self, tier: Tier) -> int:
        """The narrowest sub-column a minimal or dense row reads whole in."""
        w = self._widths.get(tier)
        if w is None:
            assert self.inp is not None
            w = minimal_width(self.inp, self.look, tier is Tier.DENSE)
            self._widths[tier] = w
        return w

    def set_look(self, look: Look) -> None:
        self.look = look
        self._forget()
        self.update()

    def _forget(self) -> None:
        self._cache.clear()
        self._widths.clear()

    def height_for(self, tier: Tier, width: int) -> int:
        # A minimal or dense row is one line of the look's height whatever it holds
        # (`row_minimal.minimal_row`): measuring a box in those tiers lays nothing out.
        if tier is Tier.MINIMAL:
            return self.look.sizes.minimal_row
        if tier is Tier.DENSE:
            return self.look.sizes.dense_row
        return self.geometry_for(tier, width).height

    def current(self) -> RowGeometry:
        return self.geometry_for(self.tier, max(self.width(), 1))

    def place(self, tier: Tier, rect: QRect) -> None:
        """Set tier and rectangle (the box panel lays its rows out)."""
        if tier != self.tier:
            self.tier = tier
            self.update()
        if self.geometry() != rect:
            self.setGeometry(rect)
        if self.isHidden():
            self.show()

    def task_rect(self, task_id: int) -> QRect | None:
        """Where task `task_id` is drawn, in the row's coordinates (None: not drawn)."""
        return self.current().task_rect(task_id)

    def task_point(self, task_id: int) -> QPoint:
        rect = self.task_rect(task_id)
        if rect is None:
            raise KeyError(task_id)
        return rect.center()

    def name_point(self) -> QPoint:
        return self.current().name.rect.center()

    # -- blink ------------------------------------------------------------------------------
    def late(self) -> bool:
        """A late task or a late triage (acknowledged or not): the steady marks."""
        if self.inp is None:
            return False
        p = self.inp.patient
        return p.triage_late_since is not None or any(t.overdue for t in p.tasks)

    def alarming(self) -> bool:
        """An alarm that blinks: late and not acknowledged (snoozed) right now."""
        if self.inp is None:
            return False
        p = self.inp.patient
        if p.triage_late_since is not None and blinks(p.triage_alarm or "active"):
            return True
        return any(t.overdue and blinks(t.alarm or "active") for t in p.tasks)

    def escalated(self) -> bool:
        if self.inp is None:
            return False
        p = self.inp.patient
        return p.triage_alarm == ESCALATED or any(t.alarm == ESCALATED for t in p.tasks)

    def apply_blink(self, phase: str) -> None:
        """Hook of the blink controller: late chips (or dots) show their alarm colour."""
        if phase != self._blink:
            self._blink = phase
            self.update()

    @property
    def blink_phase(self) -> str:
        return self._blink

    # -- input -------------------------------------------------------------------------------
    def _target(self, pos: QPoint) -> tuple[str, int]:
        chip = self.current().chip_at(pos.x(), pos.y())
        if chip is not None:
            return ("task", chip.task_id)
        return ("patient", self.patient_id)

    def mousePressEvent(self, event) -> None:  # Qt name
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = self._target(event.position().toPoint())
            self.update()
        event.accept()

    def mouseReleaseEvent(self, event) -> None:  # Qt name
        press, self._press = self._press, None
        self.update()
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        pos = event.position().toPoint()
        if not self.rect().contains(pos) or self._target(pos) != press:
            return
        if press[0] == "task":
            self.sig_task_tapped.emit(press[1])
        else:
            self.sig_patient_tapped.emit(press[1])

    def mouseDoubleClickEvent(self, event) -> None:  # Qt name
        event.accept()  # a second tap is a tap, not a double click (nothing special)
        self.mousePressEvent(event)

    # -- painting -----------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # Qt name
        """The row's picture, drawn once per look of the row and kept (one per blink phase):
        a row moved by its box, uncovered, or blinking back to a phase it had is copied,
        not drawn again (after each board of a burst Qt repaints the rows that
        moved - 100 to 185 of 230 - ~0.35 ms each when drawn, ~60 ms of frozen screen).
        The picture is drawn again when anything it shows changes: the patient's input
        and its layout (new objects when they change), the look, the size, the screen's
        pixel ratio, the move mode, a press, the blink phase."""
        if self.inp is None:
            return
        geo = self.current()
        alarm_phase = self._blink in ALARM_PHASES
        ratio = self.devicePixelRatioF()
        state = (self.width(), self.height(), ratio, self.moving, self._press is not None)
        kept = self._pictures.get(alarm_phase)
        if (
            kept is None
            or kept[0] is not self.inp
            or kept[1] is not geo
            or kept[2] is not self.look
            or kept[3] != state
        ):
            picture = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
            picture.setDevicePixelRatio(ratio)
            picture.fill(Qt.GlobalColor.transparent)
            painter = QPainter(picture)
            self._paint_row(painter, geo, alarm_phase)
            painter.end()
            kept = (self.inp, geo, self.look, state, picture)
            if self._pictures and next(iter(self._pictures.values()))[0] is not self.inp:
                self._pictures.clear()  # the other phase's picture shows an older input
            self._pictures[alarm_phase] = kept
        p = QPainter(self)
        p.drawPixmap(0, 0, kept[4])
        p.end()

    def _paint_row(self, p: QPainter, geo: RowGeometry, alarm_phase: bool) -> None:
        assert self.inp is not None
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self._paint_frame(p, geo)
        fonts = self.look.fonts[geo.tier]
        colors = self.look.colors
        patient = self.inp.patient
        if geo.triage is not None:
            self._paint_triage(p, geo, fonts, alarm_phase)
        if geo.badge is not None:
            p.setPen(QPen(QColor("#d97706"), 2))
            p.setBrush(QColor("#fef3c7"))
            p.drawEllipse(QRectF(geo.badge).adjusted(1, 1, -1, -1))
            p.setPen(QColor("#92400e"))
            p.setFont(fonts.bold)
            p.drawText(geo.badge, Qt.AlignmentFlag.AlignCenter, "?")
        # The name: blinks (folded patient with a late task) in its own colour.
        name = geo.name
        folded_alarm = patient.folded and alarm_phase and self.alarming()
        if folded_alarm:
            back = QColor(colors.name_blink)
            p.fillRect(name.rect.adjusted(-4, -1, 4, 1), back)
            ink = readable_on(colors.name_blink)
        elif MARK_ORPHAN_TASK in patient.marks:
            ink = "#b91c1c"
        elif patient.anonymous or self.inp.privacy:
            ink = "#4b5563"
        else:
            ink = colors.name
        p.setFont(fonts.name)
        p.setPen(QColor(ink))
        p.drawText(name.rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name.text)
        if geo.pill is not None:
            self._paint_pill(p, geo, fonts)
        for text in geo.texts + geo.counts:
            p.setFont(getattr(fonts, text.font))
            p.setPen(QColor(text.color))
            p.drawText(
                text.rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text.text
            )
        for chip in geo.chips:
            self._paint_chip(p, chip, fonts, alarm_phase)
        for dot in geo.dots:
            on = dot.alarm and alarm_phase and dot.alarm_state != SNOOZED
            fill = dot.alarm if on else dot.fill
            p.setBrush(QColor(fill))
            p.setPen(QPen(QColor(dot.alarm or "#6b7280"), 3 if dot.alarm else 1))
            p.drawEllipse(QRectF(dot.rect).adjusted(1, 1, -1, -1))

    def _paint_frame(self, p: QPainter, geo: RowGeometry) -> None:
        r = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        back = "#fffbeb" if self.moving else ("#eef2ff" if self._press else "#ffffff")
        border = QPen(QColor(self.look.colors.move if self.moving else "#cbd5e1"))
        border.setWidth(3 if self.moving else 1)
        if self.inp is not None and self.inp.patient.marks:
            border.setStyle(Qt.PenStyle.DashLine)
        p.setPen(border)
        p.setBrush(QColor(back))
        p.drawRoundedRect(r, 6, 6)
        if self.late():
            bar = ESCALATED_COLOR if self.escalated() else "#dc2626"
            if not self.alarming():  # acknowledged: the steady mark, lighter
                bar = "#f87171"
            p.fillRect(QRect(1, 2, 5, self.height() - 4), QColor(bar))

    def _paint_triage(self, p: QPainter, geo: RowGeometry, fonts, alarm_phase: bool) -> None:
        """The triage badge: the level's colour and code; a late triage alarm frames it in
        red (dark red once escalated), blinking with the board while unacknowledged."""
        badge = geo.triage
        assert badge is not None and self.inp is not None
        state = self.inp.patient.triage_alarm
        r = QRectF(badge.rect).adjusted(0.5, 0.5, -0.5, -0.5)
        pen = QPen(QColor("#6b7280" if badge.dashed else "#1f2937"), 1)
        if badge.dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(QColor(badge.fill))
        p.drawRoundedRect(r, 5, 5)
        if state:
            color = ESCALATED_COLOR if state == ESCALATED else "#dc2626"
            width = 4 if state == ESCALATED else 3
            if state == SNOOZED or not alarm_phase:
                width = 2
            p.setPen(QPen(QColor(color), width))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(r.adjusted(width / 2, width / 2, -width / 2, -width / 2), 5, 5)
        p.setFont(fonts.bold)
        p.setPen(QColor(badge.ink))
        p.drawText(badge.rect, Qt.AlignmentFlag.AlignCenter, badge.text)

    def _paint_pill(self, p: QPainter, geo: RowGeometry, fonts) -> None:
        pill = geo.pill
        assert pill is not None
        pen = QPen(QColor("#b91c1c" if pill.dashed else pill.fill), 2 if pill.dashed else 1)
        if pill.dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(QColor(pill.fill))
        radius = pill.rect.height() / 2
        p.drawRoundedRect(QRectF(pill.rect), radius, radius)
        if pill.text:
            p.setFont(fonts.bold)
            p.setPen(QColor(pill.ink))
            p.drawText(pill.rect, Qt.AlignmentFlag.AlignCenter, pill.text)

    def _paint_chip(self, p: QPainter, chip, fonts, alarm_phase: bool) -> None:
        fill, ink = chip.fill, chip.ink
        alarm = ESCALATED_COLOR if chip.alarm_state == ESCALATED else chip.alarm
        if alarm and alarm_phase and chip.alarm_state != SNOOZED:
            fill, ink = alarm, readable_on(alarm)
        rect = QRectF(chip.rect)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(fill))
        p.drawRoundedRect(rect, 6, 6)
        inset = CHIP_PAD
        if chip.stripe:
            p.setBrush(QColor(chip.stripe))
            p.drawRoundedRect(QRectF(rect.x(), rect.y(), STRIPE + 3, rect.height()), 3, 3)
            p.fillRect(QRectF(rect.x() + STRIPE, rect.y(), 3, rect.height()), QColor(fill))
            inset += STRIPE
        if chip.late_kind:
            frame = alarm if chip.late_kind == "end" else START_LATE
            if chip.alarm_state == ESCALATED:
                frame = ESCALATED_COLOR
            pen = QPen(QColor(frame), 4 if chip.alarm_state == ESCALATED else 3)
            if chip.alarm_state == SNOOZED:  # acknowledged: the steady mark, dashed
                pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(rect.adjusted(1.5, 1.5, -1.5, -1.5), 6, 6)
        else:
            p.setPen(QPen(QColor(0, 0, 0, 40), 1))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        p.setFont(fonts.chip)
        p.setPen(QColor(ink))
        text_rect = chip.rect.adjusted(inset, 0, -CHIP_PAD, 0)
        p.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, chip.text)

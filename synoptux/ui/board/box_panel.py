"""A box: its title bar (`box_title`: the move target, "+N" when not everyone fits,
occupancy) and its patients as rows, in the richest tier that fits the room it has.

The rows are placed by hand (no Qt layout): the panel measures every row at each
tier (`PatientRow.height_for`, i.e. real font metrics) and picks the first tier
whose rows fit the body: full, then compact, then minimal (in as many sub-columns
as the width holds). Only when even the minimal tier does not fit does the body
scroll - never silently: the title says "+N" (a tap scrolls to the next hidden
patient) and the board's late strip names the hidden late patients.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QScroller, QVBoxLayout, QWidget

from synoptux.domain.model import BoxType, BoxView
from synoptux.ui.board.box_title import HEAD_LINE, BoxTitleBar
from synoptux.ui.board.masonry import BoxNeed
from synoptux.ui.board.patient_row import PatientRow
from synoptux.ui.board.row_look import TIERS, Look, Tier
from synoptux.ui.board.row_shapes import PAD_Y
from synoptux.ui.style import set_data_color, set_prop

MARGIN = 3  # around the rows, inside the body
ROW_GAP = 4
MINIMAL_COLUMN = 150  # px: the narrowest sub-column of minimal rows
DENSE_COLUMN = 110  # px: the narrowest sub-column of dense rows
SUB_TIERS = (Tier.MINIMAL, Tier.DENSE)  # tiers laid out in sub-columns
FRAME = 2  # the panel's border, top and bottom


def _gap(tier: Tier) -> int:
    """Between two rows, one above the other (dense rows are packed tighter)."""
    return 2 if tier is Tier.DENSE else ROW_GAP


class BoxBody(QWidget):
    """The rows' parent; its size is set by the panel."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("BoxBody")


class BoxPanel(QFrame):
    sig_hidden_changed = Signal()
    """The set of patients not wholly shown (scrolled out) changed."""
    sig_title_tapped = Signal(str)
    """The box title was tapped (arg: the box code)."""

    def __init__(
        self,
        box: BoxView,
        look: Look,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("BoxPanel")
        self.code = box.code
        self.box = box
        self.look = look
        self.rows: list[PatientRow] = []
        self.tier = Tier.FULL
        self.columns = 1
        self.overflow = False
        self._hidden: tuple[int, ...] = ()
        self._laid_for: tuple = ()
        self._need_for: tuple = ()
        self._needs: dict[tuple[int, tuple[int, int], int, int], BoxNeed] = {}
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        head = self.head = BoxTitleBar(box, look.sizes.title_h, self)
        # The title bar's parts, as the board, its report and the tests reach them.
        self.title_button = head.title_button
        self.more_button = head.more_button
        self.count_label = head.count_label
        self.mark_button = head.mark_button
        self.grip = head.grip
        self.title_button.clicked.connect(lambda: self.sig_title_tapped.emit(self.code))
        self.more_button.clicked.connect(self.show_next_hidden)
        self.window_host: QWidget | None = None  # the sub-window in window mode
        lay.addWidget(head)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("BoxScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(
            self.scroll_area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        self.body = BoxBody()
        self.scroll_area.setWidget(self.body)
        self.scroll_area.verticalScrollBar().valueChanged.connect(lambda _v: self._update_hidden())
        lay.addWidget(self.scroll_area, 1)
        self.update_box(box, force=True)
        self._apply_scale()

    # -- the box ------------------------------------------------------------------------
    def update_box(self, box: BoxView, *, force: bool = False) -> None:
        old = self.box
        self.box = self.head.box = box
        keys = ("label", "bg_color", "title_color", "capacity", "type", "marks")
        if not force and all(getattr(old, k) == getattr(box, k) for k in keys):
            if old.occupancy != box.occupancy:
                self._update_count()
            return
        self.head.show_box(box)
        set_data_color(self, "dataBg", box.bg_color)
        self.head.show_colours(box)
        set_prop(self, "boxType", box.type.value)
        set_prop(self, "marked", bool(box.marks))
        self._update_count()

    def _update_count(self) -> None:
        self.head.show_count(self.box)

    # -- window mode: the title bar moves the box, the grip at its end resizes it ----------
    def set_window(self, host: QWidget | None) -> None:
        """In window mode, the (frameless) sub-window holding this box; None in frame mode."""
        self.window_host = host
        self.head.set_window(host)

    def set_look(self, look: Look) -> None:
        self.look = look
        self._apply_scale()
        self.head.set_title_height(look.sizes.title_h)
        self.relayout(force=True)

    def _apply_scale(self) -> None:
        """A short window (scaled sizes) takes the smaller title font of the style sheet."""
        self.head.set_scale(self.look.sizes.scale)

    def set_move_target(self, active: bool, allowed: bool) -> None:
        self.head.set_move_target(active, allowed)

    # -- rows ------------------------------------------------------------------------------
    def set_rows(self, rows: list[PatientRow]) -> None:
        """Show these rows in this order (the patients shown by the filter)."""
        if rows == self.rows:
            return
        keep = set(map(id, rows))
        for row in self.rows:
            if id(row) not in keep and row.parent() is self.body:
                row.hide()
        for row in rows:
            if row.parent() is not self.body:
                row.setParent(self.body)
        self.rows = list(rows)
        self._laid_for = ()
        self.relayout()

    def resizeEvent(self, event) -> None:  # Qt name
        super().resizeEvent(event)
        self.relayout()

    def showEvent(self, event) -> None:  # Qt name
        super().showEvent(event)
        self.relayout()

    def _room(self) -> tuple[int, int]:
        """(width, height) the rows get: the panel minus its title bar and frame."""
        return max(self.width() - 2 * FRAME, 1), max(
            self.height() - self.head.height() - 2 * FRAME, 1
        )

    def content_height(self, tier: Tier, width: int, cap: int | None = None) -> int:
        """How tall the rows are at `tier` in a body `width` px wide (margins included);
        past `cap` px the count stops (such a tier cannot be shown anyway): cap + 1."""
        if not self.rows:
            return 0
        inner = width - 2 * MARGIN
        if tier in SUB_TIERS:
            cols = self.minimal_columns(width, tier)
            per_col = math.ceil(len(self.rows) / cols)
            col_w = (inner - ROW_GAP * (cols - 1)) // cols
            h = max(r.height_for(tier, col_w) for r in self.rows)
            return 2 * MARGIN + per_col * h + (per_col - 1) * _gap(tier)
        total = 2 * MARGIN - ROW_GAP
        for r in self.rows:
            total += r.height_for(tier, inner) + ROW_GAP
            if cap is not None and total > cap:
                return cap + 1
        return total

    def minimal_columns(self, width: int, tier: Tier = Tier.MINIMAL) -> int:
        """Sub-columns of minimal (or dense) rows: as many as the widest row still fits
        whole in (measured: the longest last name decides)."""
        if not self.rows:
            return 1
        inner = width - 2 * MARGIN
        least = max(r.least_width(tier) for r in self.rows)
        least = max(least, DENSE_COLUMN if tier is Tier.DENSE else MINIMAL_COLUMN)
        cols = max(1, (inner + ROW_GAP) // (least + ROW_GAP))
        return max(1, min(cols, len(self.rows)))

    def choose_tier(self, width: int, height: int) -> tuple[Tier, bool]:
        """The richest tier whose rows fit `height` (and whether even minimal overflows)."""
        for tier in TIERS:
            if self.content_height(tier, width, height) <= height:
                return tier, False
        return Tier.DENSE, True

    def relayout(self, *, force: bool = False) -> None:
        """Choose the tier and place the rows (cheap when nothing changed)."""
        if not self.isVisible():  # laid out once shown, at its real size
            self._laid_for = ()
            return
        width, height = self._room()
        key = (width, height, tuple(id(r) for r in self.rows), tuple(r.inp for r in self.rows))
        if key == self._laid_for and not force:
            return
        self._laid_for = key
        tier, overflow = self.choose_tier(width, height)
        bar = self.scroll_area.verticalScrollBar().sizeHint().width() if overflow else 0
        if overflow:
            self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        else:
            self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        width -= bar
        self.tier, self.overflow = tier, overflow
        inner = width - 2 * MARGIN
        total = self.content_height(tier, width)
        if tier in SUB_TIERS:
            cols = self.minimal_columns(width, tier)
            self.columns = cols
            per_col = math.ceil(len(self.rows) / cols) if self.rows else 0
            col_w = (inner - ROW_GAP * (cols - 1)) // cols
            h = max((r.height_for(tier, col_w) for r in self.rows), default=0)
            for i, row in enumerate(self.rows):
                c, k = divmod(i, per_col)
                x = MARGIN + c * (col_w + ROW_GAP)
                row.place(tier, QRect(x, MARGIN + k * (h + _gap(tier)), col_w, h))
        else:
            self.columns = 1
            y = MARGIN
            for row in self.rows:
                h = row.height_for(tier, inner)
                row.place(tier, QRect(MARGIN, y, inner, h))
                y += h + ROW_GAP
        self.body.setMinimumSize(width, max(total, 1))
        self.body.resize(width, max(total, height))
        self._update_hidden()

    # -- what is not shown ---------------------------------------------------------------------
    def hidden_rows(self) -> list[PatientRow]:
        """Rows not wholly inside the body's visible part (scrolled out)."""
        if not self.overflow:
            return []
        top = self.scroll_area.verticalScrollBar().value()
        seen = QRect(0, top, 1 << 20, self._room()[1])
        return [r for r in self.rows if not seen.contains(r.geometry())]

    def hidden_ids(self) -> tuple[int, ...]:
        return self._hidden

    def _update_hidden(self) -> None:
        hidden = tuple(r.patient_id for r in self.hidden_rows())
        self.head.show_hidden(len(hidden))
        if hidden != self._hidden:
            self._hidden = hidden
            self.sig_hidden_changed.emit()

    def show_next_hidden(self) -> None:
        """ "+N" tapped: scroll the next hidden patient into view (round to the top)."""
        hidden = self.hidden_rows()
        if not hidden:
            return
        bar = self.scroll_area.verticalScrollBar()
        below = [r for r in hidden if r.geometry().top() >= bar.value()]
        if below:
            self.scroll_area.ensureWidgetVisible(below[0], 0, MARGIN)
            if not self.hidden_rows() or below[0] in self.hidden_rows():
                bar.setValue(min(bar.maximum(), below[0].geometry().top() - MARGIN))
        else:
            bar.setValue(0)

    def ensure_visible(self, row: PatientRow) -> None:
        if row in self.rows:
            self.scroll_area.ensureWidgetVisible(row, 0, MARGIN)

    # -- the default layout ---------------------------------------------------------------------
    def chrome(self) -> int:
        """The panel's height less its body: the title bar, its line and the frame."""
        return self.look.sizes.title_h + HEAD_LINE + 2 * FRAME

    def one_row(self, tier: Tier) -> int:
        """The body's height holding one row of one line at `tier` (margins included), as
        `content_height` measures it: the one source of a box's floor (title and a dense
        row) and of the room an empty box keeps (a compact line)."""
        s = self.look.sizes
        line = s.dense_row if tier is Tier.DENSE else s.minimal_row
        if tier is Tier.COMPACT:
            line = 2 * PAD_Y + s.compact_pitch  # `row_geometry._compact`, one line
        return 2 * MARGIN + line

    def floor_height(self, extra: tuple[int, int] = (0, 0)) -> int:
        """The least a box is given in the default layout: its title bar and one dense row
        (+ 1: rounding slack of the masonry); `extra`: a sub-window's frame."""
        return self.chrome() + extra[1] + 1 + self.one_row(Tier.DENSE)

    def need(
        self,
        width: int,
        extra: tuple[int, int] = (0, 0),
        cap: int = 1 << 20,
        reach: int | None = None,
    ) -> BoxNeed:
        """How tall this box would like to be at `width` px (see ui.board.masonry). `extra`:
        (width, height) taken around the panel (a sub-window's frame); `cap`: the most
        the box is likely given (a tier taller than that is not measured to the end);
        `reach` (default `cap`): the area's height, the most it can be given (a tier not
        measured is told taller than that).

        Remembered while the box, its rows and what they show stay the same: arranging
        the wall again measures only the boxes whose content changed."""
        box = self.box
        content = (
            self.look,
            (box.type, box.marks, box.capacity, box.label, box.occupancy),
            self.window_host is not None,  # the grip takes part of the title bar
            tuple(self.rows),
            tuple(r.inp for r in self.rows),
        )
        if content != self._need_for:
            self._need_for, self._needs = content, {}
        reach = cap if reach is None else max(reach, cap)
        key = (width, extra, cap, reach)
        need = self._needs.get(key)
        if need is None:
            if len(self._needs) >= 64:  # sizes of a past window: start again
                self._needs.clear()
            need = self._needs[key] = self._measure_need(width, extra, cap, reach)
        return need

    def title_cut(self, width: int) -> bool:
        """Whether the title is cut short in a panel `width` px wide (its frame aside)."""
        return self.head.title_cut(width - (self.width() - self.contentsRect().width()))

    def _measure_need(self, width: int, extra: tuple[int, int], cap: int, reach: int) -> BoxNeed:
        body_w = max(width - extra[0] - 2 * FRAME, 1)
        chrome = self.chrome() + extra[1] + 1  # + rounding slack of the masonry
        box = self.box
        room = max(cap - chrome, 0)
        least = self.content_height(Tier.DENSE, body_w)
        minimal = self.content_height(Tier.MINIMAL, body_w)
        compact = self.content_height(Tier.COMPACT, body_w, room)
        full = self.content_height(Tier.FULL, body_w, room) if compact <= room else room + 1
        # A tier counted only up to the cap would be told "cap + 1" px, short of its
        # height: the masonry, which may give a box more than the cap (a column of fewer
        # boxes than the cap assumes), would give it that and the box, not fitting the
        # tier, would fall to a lower one than the layout was made for. Such a tier is
        # told out of reach: taller than the area (`reach`), which no box is given.
        beyond = max(reach - chrome, room) + 1
        if compact > room:
            compact = full = beyond
        elif full > room:
            full = beyond
        slot = self.one_row(Tier.COMPACT)
        t = box.type
        if box.marks:  # a stand-in box (orphans, unknown code): shown, kept small
            importance, stretch = 1.0, 0.2
        elif t is BoxType.WAITING:
            importance, stretch = 2.0, 3.0
        elif t is BoxType.CARE:
            small = box.capacity <= 2
            importance, stretch = (3.0, 0.3) if small else (2.0, 2.0)
        else:
            importance, stretch = 0.7, 0.5
        # An empty box keeps a row's room; the others get room for arrivals from the
        # spare height (stretch), never at the cost of a richer tier elsewhere.
        if not self.rows and t is not BoxType.EXIT:
            full = slot
        inner = body_w - 2 * MARGIN

        def cuts(tier: Tier, height: int) -> int:
            if height > room:
                return 0  # not shown at this width: its cut texts do not matter
            return sum(r.geometry_for(tier, inner).cuts for r in self.rows)

        return BoxNeed(
            least=chrome + least,
            full=chrome + full,
            importance=importance,
            stretch=stretch,
            floor=self.floor_height(extra) if self.rows else chrome,
            compact=chrome + compact,
            cuts_full=cuts(Tier.FULL, full),
            cuts_compact=cuts(Tier.COMPACT, compact),
            tasks=sum(len(r.patient.tasks) for r in self.rows),
            patients=len(self.rows),
            minimal=chrome + minimal,
            title_cut=self.title_cut(width - extra[0]),
        )

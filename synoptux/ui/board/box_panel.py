"""A box: its title bar (the move target, "+N" when not everyone fits, occupancy) and
its patients as rows, in the richest tier that fits the room it has.

The rows are placed by hand (no Qt layout): the panel measures every row at each
tier (`PatientRow.height_for`, i.e. real font metrics) and picks the first tier
whose rows fit the body: full, then compact, then minimal (in as many sub-columns
as the width holds). Only when even the minimal tier does not fit does the body
scroll - never silently: the title says "+N" (a tap scrolls to the next hidden
patient) and the board's late strip names the hidden late patients.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizeGrip,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from synoptux.domain.model import MARK_UNKNOWN_BOX, MARK_UNKNOWN_TYPE, BoxType, BoxView
from synoptux.services.snapshot import MARK_ORPHAN_TASK, ORPHAN_BOX_CODE
from synoptux.ui.board.masonry import BoxNeed
from synoptux.ui.board.patient_row import PatientRow
from synoptux.ui.board.row_look import TIERS, Look, Tier
from synoptux.ui.board.row_shapes import PAD_Y
from synoptux.ui.confirm import inform
from synoptux.ui.style import ElideButton, set_data_color, set_prop

MARGIN = 3  # around the rows, inside the body
ROW_GAP = 4
MINIMAL_COLUMN = 150  # px: the narrowest sub-column of minimal rows
DENSE_COLUMN = 110  # px: the narrowest sub-column of dense rows
SUB_TIERS = (Tier.MINIMAL, Tier.DENSE)  # tiers laid out in sub-columns
FRAME = 2  # the panel's border, top and bottom
HEAD_LINE = 3  # the coloured line under the title (style sheet: #BoxHead border-bottom)
SMALL_TITLES = 0.9  # below this scale, titles[small="true"] in the style sheet


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
        head = QFrame(self)
        head.setObjectName("BoxHead")
        head.setFixedHeight(look.sizes.title_h + HEAD_LINE)
        hl = QHBoxLayout(head)
        hl.setContentsMargins(2, 0, 6, 0)
        hl.setSpacing(4)
        self.title_button = ElideButton("", head)
        self.title_button.setObjectName("BoxTitle")
        self.title_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.title_button.setFixedHeight(look.sizes.title_h)
        self.title_button.clicked.connect(lambda: self.sig_title_tapped.emit(self.code))
        self.more_button = QPushButton(head)
        self.more_button.setObjectName("BoxMore")
        self.more_button.setFixedHeight(look.sizes.title_h)
        self.more_button.setToolTip(
            QCoreApplication.translate("BoxPanel", "Patients not shown: tap to scroll to them")
        )
        self.more_button.clicked.connect(self.show_next_hidden)
        self.more_button.hide()
        self.count_label = QLabel(head)
        self.count_label.setObjectName("BoxCount")
        self.mark_button = QPushButton("?", head)
        self.mark_button.setObjectName("BoxMarkBadge")
        self.mark_button.setFixedSize(look.sizes.title_h, look.sizes.title_h)
        self.mark_button.clicked.connect(self.explain_marks)
        self.mark_button.hide()
        self.last_explanation: QWidget | None = None
        self.window_host: QWidget | None = None  # the sub-window in window mode
        self._drag: tuple[QPoint, QPoint] | None = None  # (press, host position)
        self._dragging = False
        self.title_button.installEventFilter(self)
        # Window mode: a resize grip at the title bar's end (it covers no row).
        self.grip = QSizeGrip(head)
        self.grip.setObjectName("BoxGrip")
        self.grip.setFixedSize(16, look.sizes.title_h - 6)
        self.grip.setToolTip(QCoreApplication.translate("BoxPanel", "Drag to resize the box"))
        self.grip.hide()
        hl.addWidget(self.title_button, 1)
        hl.addWidget(self.more_button)
        hl.addWidget(self.mark_button)
        hl.addWidget(self.count_label)
        hl.addWidget(self.grip)
        self.head = head
        self.head_layout = hl
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
        self.box = box
        keys = ("label", "bg_color", "title_color", "capacity", "type", "marks")
        if not force and all(getattr(old, k) == getattr(box, k) for k in keys):
            if old.occupancy != box.occupancy:
                self._update_count()
            return
        orphans = box.code == ORPHAN_BOX_CODE
        self.title_button.setText(
            QCoreApplication.translate("BoxPanel", "Orphan tasks") if orphans else box.label
        )
        self.mark_button.setVisible(bool(box.marks))
        self.title_button.setToolTip(
            QCoreApplication.translate(
                "BoxPanel", "Tap here to move the selected patient into this box"
            )
        )
        set_data_color(self, "dataBg", box.bg_color)
        set_data_color(self.head, "dataBorder", box.title_color)
        set_data_color(self.title_button, "dataFg", box.title_color)
        set_data_color(self.count_label, "dataFg", box.title_color)
        set_prop(self, "boxType", box.type.value)
        set_prop(self, "marked", bool(box.marks))
        self._update_count()

    def _update_count(self) -> None:
        box = self.box
        orphans = box.code == ORPHAN_BOX_CODE
        self.count_label.setText(
            str(box.occupancy) if orphans else f"{box.occupancy} / {box.capacity}"
        )
        set_prop(self.count_label, "full", not orphans and box.occupancy >= box.capacity)

    def explain_marks(self) -> None:
        """Say why the box is marked "?" (a tap: there is no hover on a touchscreen)."""
        texts = []
        marks = self.box.marks
        if MARK_ORPHAN_TASK in marks:
            texts.append(
                QCoreApplication.translate(
                    "BoxPanel",
                    "Tasks whose patient is no longer on the board (deleted by an older "
                    "version). They are kept here so that nothing is lost; delete them when "
                    "they are of no use.",
                )
            )
        if MARK_UNKNOWN_BOX in marks:
            texts.append(
                QCoreApplication.translate(
                    "BoxPanel",
                    "Patients are recorded in the box {code}, which is not in the box list: "
                    "move them to a real box.",
                ).format(code=self.box.code or "?")
            )
        if MARK_UNKNOWN_TYPE in marks:
            texts.append(
                QCoreApplication.translate(
                    "BoxPanel", "The type of this box is not known: it is shown as a care box."
                )
            )
        if texts:
            self.last_explanation = inform(
                self.window(),
                "\n\n".join(texts),
                QCoreApplication.translate("BoxPanel", "Odd data"),
            )

    # -- window mode: the title bar moves the box, the grip at its end resizes it ----------
    def set_window(self, host: QWidget | None) -> None:
        """In window mode, the (frameless) sub-window holding this box; None in frame mode."""
        self.window_host = host
        self.grip.setVisible(host is not None)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # Qt name
        host = self.window_host
        if obj is not self.title_button or host is None:
            return False
        if not isinstance(event, QMouseEvent):  # only presses, moves and releases count
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._drag = (event.globalPosition().toPoint(), host.pos())
            self._dragging = False
        elif kind == QEvent.Type.MouseMove and self._drag is not None:
            start, origin = self._drag
            delta = event.globalPosition().toPoint() - start
            if not self._dragging and delta.manhattanLength() >= QApplication.startDragDistance():
                self._dragging = True
                self.title_button.setDown(False)  # a drag is not a tap: no click on release
            if self._dragging:
                host.move(origin + delta)
                return True
        elif kind == QEvent.Type.MouseButtonRelease and self._drag is not None:
            self._drag = None
            if self._dragging:
                self._dragging = False
                return True
        return False

    def set_look(self, look: Look) -> None:
        self.look = look
        h = look.sizes.title_h
        self._apply_scale()
        self.head.setFixedHeight(h + HEAD_LINE)
        self.title_button.setFixedHeight(h)
        self.more_button.setFixedHeight(h)
        self.mark_button.setFixedSize(h, h)
        self.grip.setFixedSize(16, h - 6)
        self.relayout(force=True)

    def _apply_scale(self) -> None:
        """A short window (scaled sizes) takes the smaller title font of the style sheet."""
        small = self.look.sizes.scale < SMALL_TITLES
        for w in (self.title_button, self.count_label):
            set_prop(w, "small", small)

    def set_move_target(self, active: bool, allowed: bool) -> None:
        set_prop(self.title_button, "target", ("on" if allowed else "full") if active else "")

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
        if hidden:
            self.more_button.setText(f"+{len(hidden)} \u25be")
            self.more_button.show()
        elif not self.more_button.isHidden():
            self.more_button.hide()
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
        """Whether the title is cut short ("Bloc / avis spéc…") in a panel `width` px wide:
        the title bar's margins, the count, the "?" badge and the grip take their part."""
        hl = self.head_layout
        m = hl.contentsMargins()
        room = width - (self.width() - self.contentsRect().width()) - m.left() - m.right()
        for w in (self.mark_button, self.count_label, self.grip):
            if w.isVisibleTo(self.head):
                room -= max(w.sizeHint().width(), w.minimumWidth()) + hl.spacing()
        title = self.title_button
        return title.fontMetrics().horizontalAdvance(title.text()) > room - 22  # its padding

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

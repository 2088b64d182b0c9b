"""Where the boxes sit: frame mode (fixed, frameless) or window mode (QMdiArea windows).

Switching mode moves the same BoxPanel widgets from one container to the other:
no row is rebuilt. With no saved position, boxes fill the screen as a masonry of
columns sized by what each box holds at each density tier (`ui.board.masonry`),
measured at start, on "Arrange as a grid", when boxes are added or removed, and
when a box would otherwise hide a patient - never on a plain refresh, so the boxes
do not move while patients come and go.

Saved positions are shrunk to the screen when they were saved on a bigger one,
and a box is never left on top of another (`ui.board.placement`): a box added in
administration finds a free spot (or, with no room, the grid is used); a box
dropped onto another in window mode is moved to the nearest free spot.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMdiArea, QMdiSubWindow, QStackedWidget, QWidget

from synoptux.ui.board.box_panel import BoxPanel
from synoptux.ui.board.masonry import GAP, BoxNeed, masonry
from synoptux.ui.board.placement import place_apart, scale_into

# After the wall was re-arranged for a box hiding more patients, the next such arrangement
# waits this long: a burst of arrivals (a board every 100-200 ms) re-arranges the wall once
# a second, not at every board (boxes jumping under the fingers, and each time a search and
# every row drawn again at its new width: the screen's longest stalls). Meanwhile the box
# says how many it hides, as it does on a wall where no arrangement shows everyone.
REARRANGE_HOLD_MS = 1000

FRAME, WINDOW = "Cadre", "Fenetre"


class FrameArea(QWidget):
    """Frame mode: panels at fixed positions; the grid follows the window size."""

    def __init__(self, view: BoardView) -> None:
        super().__init__()
        self.setObjectName("FrameArea")
        self.view = view

    def resizeEvent(self, event) -> None:  # Qt name
        super().resizeEvent(event)
        self.view.relayout()


class _MdiArea(QMdiArea):
    def __init__(self, view: BoardView) -> None:
        super().__init__()
        self.view = view

    def resizeEvent(self, event) -> None:  # Qt name
        super().resizeEvent(event)
        if self.view.mode == WINDOW:
            self.view.relayout()


class BoardView(QStackedWidget):
    sig_overflow = Signal()
    """The default grid was arranged again so that a box hiding a patient shows it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BoardView")
        self.panels: dict[str, BoxPanel] = {}
        self.order: list[str] = []
        self.saved: dict[str, tuple[int, int, int, int]] = {}
        self.mode = FRAME
        self.frame_area = FrameArea(self)
        self.mdi = _MdiArea(self)
        self.mdi.setObjectName("WindowArea")
        self.mdi.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.mdi.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.addWidget(self.frame_area)
        self.addWidget(self.mdi)
        self._subs: dict[str, QMdiSubWindow] = {}
        self._needs: dict[tuple[int, tuple[int, int], int, int], list[BoxNeed]] = {}
        self._grid: tuple[tuple, list[tuple[int, int, int, int]]] | None = None
        self._placing = False
        self._measured_hidden: dict[str, int] = {}  # hidden per box, last arranged
        self.rects: dict[str, tuple[int, int, int, int]] = {}  # what is shown now
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(250)
        self._settle.timeout.connect(self._settle_windows)
        self._moved: set[str] = set()
        self._overflow_timer = QTimer(self)
        self._overflow_timer.setSingleShot(True)
        self._overflow_timer.setInterval(0)
        self._overflow_timer.timeout.connect(self._check_overflow)
        self._arrange_timer = QTimer(self)
        self._arrange_timer.setSingleShot(True)
        self._arrange_timer.setInterval(0)
        self._arrange_timer.timeout.connect(self._finish_overflow)
        self._overflow_hiding: dict[str, int] = {}
        self._arranged_at = float("-inf")  # monotonic time of the last overflow arrangement
        self._dirty = False

    def showEvent(self, event) -> None:  # Qt name
        super().showEvent(event)
        if self._dirty:
            self.relayout()

    # -- panels ---------------------------------------------------------------------------
    def set_panels(self, order: list[str], panels: dict[str, BoxPanel]) -> None:
        """The set or order of boxes changed (rare: admin edit)."""
        for code in list(self.panels):
            if code not in panels:
                sub = self._subs.pop(code, None)
                if sub is not None:
                    sub.setWidget(None)  # type: ignore[arg-type]  # Qt takes None (detaches); stubs don't
                    sub.deleteLater()
        self.panels = dict(panels)
        self.order = list(order)
        self._forget_needs()
        self._place()

    def _place(self) -> None:
        if self.mode == FRAME:
            for code in self.order:
                panel = self.panels[code]
                sub = self._subs.pop(code, None)
                if sub is not None:
                    sub.setWidget(None)  # type: ignore[arg-type]  # Qt takes None (detaches); stubs don't
                    sub.deleteLater()
                panel.set_window(None)
                if panel.parent() is not self.frame_area:
                    panel.setParent(self.frame_area)
                panel.show()
            for sub in self._subs.values():
                sub.deleteLater()
            self._subs.clear()
            self.setCurrentWidget(self.frame_area)
        else:
            # Creating a sub-window moves and sizes it (Qt's default geometry): that is
            # not a user's move, to be kept as a saved position (see `eventFilter`).
            self._placing = True
            try:
                self._add_windows()
            finally:
                self._placing = False
            self.setCurrentWidget(self.mdi)
        self._forget_needs()
        self.relayout()

    def _add_windows(self) -> None:
        for code in self.order:
            panel = self.panels[code]
            if code not in self._subs:
                sub = QMdiSubWindow()
                sub.setObjectName(f"Window_{code}")
                sub.setWidget(panel)
                sub.setWindowTitle(panel.box.label)
                # No frame, no close button (a box closed by a stray touch would
                # vanish): the box's own title bar moves it, its corner grip resizes
                # it, and the wall keeps the room a frame would take.
                sub.setWindowFlags(Qt.WindowType.SubWindow | Qt.WindowType.FramelessWindowHint)
                self.mdi.addSubWindow(sub)
                sub.installEventFilter(self)
                self._subs[code] = sub
                panel.set_window(sub)
                panel.show()
                sub.show()

    def set_mode(self, mode: str) -> None:
        if mode == self.mode:
            return
        rects = self.current_rects() if self.saved else {}
        self.mode = mode
        self.saved = {**self.saved, **rects}
        self._place()

    # -- the default grid ---------------------------------------------------------------------
    def frame_extra(self) -> tuple[int, int]:
        """(width, height) a sub-window takes around its box (none: frameless)."""
        return (0, 0)

    def _forget_needs(self) -> None:
        self._needs = {}
        self._grid = None

    def needs_at(self, width: int, area: tuple[int, int] | None = None) -> list[BoxNeed]:
        """Every box's need at a column `width` in an area of `area` (width, height) px
        (the area now by default). Remembered until the boxes are measured again, by
        everything the needs depend on besides the boxes' content (that, each box keys
        itself): the column width, the sub-window frame and the height cap, which follows
        the area's size. A need measured at a past size (the window's first size, before
        start-up resized it) is never taken for the present one."""
        extra = self.frame_extra()
        # No box can be taller than its column less the floors of the others that
        # must share it: richer tiers past that are not measured to the end.
        area_w, area_h = area if area is not None else self._area_size()
        cols = max(1, round((area_w - GAP) / (width + GAP)))
        others = max(math.ceil(len(self.order) / cols) - 1, 0)
        floor = min((p.floor_height(extra) for p in self.panels.values()), default=0)
        cap = max(area_h - others * (floor + GAP), floor)
        key = (width, extra, cap, area_h)
        needs = self._needs.get(key)
        if needs is None:
            if len(self._needs) >= 64:  # sizes of a past window: start again
                self._needs.clear()
            needs = self._needs[key] = [
                self.panels[c].need(width, extra, cap, area_h) for c in self.order
            ]
        return needs

    def arrange(self) -> None:
        """Measure what each box holds now and lay the default grid out again."""
        self._forget_needs()
        self.relayout()

    def area(self) -> QWidget:
        return self.frame_area if self.mode == FRAME else self.mdi.viewport()

    def grid(self, width: int, height: int) -> list[tuple[int, int, int, int]]:
        """The default rects for this area size (the same needs give the same rects)."""
        key = (width, height, self.mode)
        if self._grid is None or self._grid[0] != key:
            # A new size is arranged with the boxes as they are now: needs kept from an
            # earlier arrangement would mix the content of two moments (each box keeps
            # its own measures while its content stays the same: that is cheap).
            self._needs = {}
            self._grid = (key, masonry(lambda w: self.needs_at(w, (width, height)), width, height))
        return self._grid[1]

    def _area_size(self) -> tuple[int, int]:
        area = self.area()
        w, h = area.width(), area.height()
        if w < 200 or h < 200:  # not laid out yet: the window's own size
            win = self.window()
            w, h = max(w, win.width(), 200), max(h, win.height() - 80, 200)
        return w, h

    def relayout(self) -> None:
        if not self.order:
            return
        if not self.isVisible():  # measured once shown, at its real size (start-up cost)
            self._dirty = True
            return
        self._dirty = False
        w, h = self._area_size()
        grid = dict(zip(self.order, self.grid(w, h), strict=True))
        rects = grid
        if self.saved:
            saved = {c: self.saved[c] for c in self.order if c in self.saved}
            fitted = scale_into(saved, (0, 0, w, h))
            wanted = [(c, fitted[c]) for c in self.order if c in fitted]
            wanted += [(c, grid[c]) for c in self.order if c not in fitted]
            apart = place_apart(wanted, (0, 0, w, h))
            rects = apart if apart is not None else grid
        self._apply(rects)

    def _apply(self, rects: dict[str, tuple[int, int, int, int]]) -> None:
        self._placing = True
        try:
            for code in self.order:
                rect = QRect(*rects[code])
                if self.mode == FRAME:
                    self.panels[code].setGeometry(rect)
                elif code in self._subs:
                    self._subs[code].setGeometry(rect)
        finally:
            self._placing = False
        self.rects = dict(rects)

    def check_overflow(self) -> None:
        """After a board was applied: see, in the event loop's next turn, whether a box
        hides more patients (`_check_overflow`). The board is applied, and taps are
        handled, before the wall is measured again: two short turns, not one long one.
        Within REARRANGE_HOLD_MS of the last arrangement for overflow, at the end of the
        hold: one look then at the wall as it is."""
        if self._overflow_timer.isActive():
            return  # a look is coming (next turn, or the end of the hold): it sees this board
        wait = self._arranged_at + REARRANGE_HOLD_MS / 1000 - time.monotonic()
        self._overflow_timer.start(math.ceil(wait * 1000) if wait > 0 else 0)

    def _check_overflow(self) -> None:
        """A box hides more patients than the last arrangement left it hiding, and the grid
        is the default one: measure and arrange again. On a crowded wall, where no
        arrangement shows everyone, patients coming and going do not re-arrange it each
        time (no loop when it cannot help; boxes do not jump about during a burst of
        arrivals): only a box that hides more than it did does."""
        if self.saved or not self.order:
            return
        hiding = {c: len(p.hidden_ids()) for c, p in self.panels.items() if p.hidden_ids()}
        if not hiding:
            self._measured_hidden = {}
            return
        if all(n <= self._measured_hidden.get(c, 0) for c, n in hiding.items()):
            return
        # Two turns of the event loop (one took ~100 ms on a crowded wall during a burst of
        # changes): this one measures the boxes and searches the grid, the next one moves
        # the boxes there (`relayout` finds that grid for this size, already searched).
        self._forget_needs()
        if self.isVisible():
            self.grid(*self._area_size())
        self._overflow_hiding = hiding
        self._arrange_timer.start()

    def layout_pending(self) -> bool:
        """Whether an overflow look or an arrangement is waiting (the next turn of the event
        loop, or the end of REARRANGE_HOLD_MS)."""
        return self._overflow_timer.isActive() or self._arrange_timer.isActive()

    def finish_layout(self) -> None:
        """Run now an overflow check and an arrangement waiting for the event loop (a
        snapshot or a test looks at the wall as it will be, not half-way)."""
        for _ in range(4):
            if self._overflow_timer.isActive():
                self._overflow_timer.stop()
                self._check_overflow()
            elif self._arrange_timer.isActive():
                self._arrange_timer.stop()
                self._finish_overflow()
            else:
                return

    def _finish_overflow(self) -> None:
        hiding, self._overflow_hiding = self._overflow_hiding, {}
        self._arranged_at = time.monotonic()
        self.relayout()
        # The mark is the most each box hid, before or after: a box that comes back to a
        # count it had does not re-arrange the wall again.
        after = {c: len(p.hidden_ids()) for c, p in self.panels.items() if p.hidden_ids()}
        self._measured_hidden = {c: max(n, hiding.get(c, 0)) for c, n in after.items()}
        self.sig_overflow.emit()

    # -- positions ------------------------------------------------------------------------------
    def current_rects(self) -> dict[str, tuple[int, int, int, int]]:
        out: dict[str, tuple[int, int, int, int]] = {}
        for code in self.order:
            w = self._subs.get(code) if self.mode == WINDOW else self.panels.get(code)
            if w is not None:
                g = w.geometry()
                out[code] = (g.x(), g.y(), g.width(), g.height())
        return out

    def set_saved_positions(self, saved: dict[str, tuple[int, int, int, int]]) -> None:
        self.saved = {k: v for k, v in saved.items() if k != "Window"}
        self.relayout()

    def forget_positions(self) -> None:
        """Arrange as a grid: drop the saved positions, measure the boxes again."""
        self.saved = {}
        self.arrange()

    # -- window mode: a box dropped onto another moves aside ---------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # Qt name
        if (
            not self._placing
            and event.type() in (QEvent.Type.Move, QEvent.Type.Resize)
            and isinstance(obj, QMdiSubWindow)
        ):
            code = next((c for c, s in self._subs.items() if s is obj), None)
            g = obj.geometry()
            placed = self.rects.get(code) if code is not None else None
            # A window the grid has not placed yet (Qt's first geometry, its move and
            # resize events delivered when the wall is first shown) or one where the grid
            # put it was not moved by a hand.
            if (
                code is not None
                and placed is not None
                and placed != (g.x(), g.y(), g.width(), g.height())
            ):
                self._moved.add(code)
                self._settle.start()
        return False

    def _settle_windows(self) -> None:
        if QGuiApplication.mouseButtons() != Qt.MouseButton.NoButton:
            self._settle.start()  # still dragging
            return
        moved, self._moved = self._moved, set()
        rects = self.current_rects()
        w, h = self._area_size()
        # The boxes that were not moved keep their place; the moved ones find room.
        wanted = [(c, rects[c]) for c in self.order if c not in moved]
        wanted += [(c, rects[c]) for c in self.order if c in moved]
        apart = place_apart(wanted, (0, 0, w, h))
        if apart is None:
            return
        self.saved = {**self.saved, **apart}
        self._apply(apart)

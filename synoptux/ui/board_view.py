"""Where the boxes sit: frame mode (fixed, frameless) or window mode (QMdiArea windows).

Switching mode moves the same BoxPanel widgets from one container to the other:
no card is rebuilt. With no saved position, boxes fill the screen as a grid.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QMdiArea, QMdiSubWindow, QStackedWidget, QWidget

from synoptux.ui.box_panel import BoxPanel

FRAME, WINDOW = "Cadre", "Fenetre"


def grid_rects(n: int, width: int, height: int, gap: int = 6) -> list[QRect]:
    """n cells filling width x height, columns chosen so cells are about 4:3 wide."""
    if n <= 0:
        return []
    best_cols, best_score = 1, float("inf")
    for cols in range(1, n + 1):
        rows = math.ceil(n / cols)
        cw, ch = width / cols, height / rows
        score = abs(math.log((cw / max(ch, 1)) / 1.45)) + 0.08 * (rows * cols - n)
        if cw < 400:  # a card with its task buttons needs about 400 px
            score += 1.0
        if score < best_score:
            best_cols, best_score = cols, score
    cols = best_cols
    rows = math.ceil(n / cols)
    cw = (width - gap * (cols + 1)) // cols
    ch = (height - gap * (rows + 1)) // rows
    return [
        QRect(gap + (i % cols) * (cw + gap), gap + (i // cols) * (ch + gap), cw, ch)
        for i in range(n)
    ]


class FrameArea(QWidget):
    """Frame mode: panels at fixed positions; the grid follows the window size."""

    def __init__(self, view: BoardView) -> None:
        super().__init__()
        self.setObjectName("FrameArea")
        self.view = view

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt name
        super().resizeEvent(event)
        self.view.relayout()


class BoardView(QStackedWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BoardView")
        self.panels: dict[str, BoxPanel] = {}
        self.order: list[str] = []
        self.saved: dict[str, tuple[int, int, int, int]] = {}
        self.mode = FRAME
        self.frame_area = FrameArea(self)
        self.mdi = QMdiArea()
        self.mdi.setObjectName("WindowArea")
        self.mdi.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.mdi.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.addWidget(self.frame_area)
        self.addWidget(self.mdi)
        self._subs: dict[str, QMdiSubWindow] = {}

    # -- panels ---------------------------------------------------------------
    def set_panels(self, order: list[str], panels: dict[str, BoxPanel]) -> None:
        """The set or order of boxes changed (rare: admin edit)."""
        for code in list(self.panels):
            if code not in panels:
                sub = self._subs.pop(code, None)
                if sub is not None:
                    sub.setWidget(None)
                    sub.deleteLater()
        self.panels = dict(panels)
        self.order = list(order)
        self._place()

    def _place(self) -> None:
        if self.mode == FRAME:
            for code in self.order:
                panel = self.panels[code]
                sub = self._subs.pop(code, None)
                if sub is not None:
                    sub.setWidget(None)
                    sub.deleteLater()
                if panel.parent() is not self.frame_area:
                    panel.setParent(self.frame_area)
                panel.show()
            for sub in self._subs.values():
                sub.deleteLater()
            self._subs.clear()
            self.setCurrentWidget(self.frame_area)
        else:
            for code in self.order:
                panel = self.panels[code]
                if code not in self._subs:
                    sub = QMdiSubWindow()
                    sub.setObjectName(f"Window_{code}")
                    sub.setWidget(panel)
                    sub.setWindowTitle(panel.box.label)
                    # No close button: a box closed by a stray touch would vanish.
                    sub.setWindowFlags(
                        Qt.WindowType.SubWindow
                        | Qt.WindowType.CustomizeWindowHint
                        | Qt.WindowType.WindowTitleHint
                    )
                    self.mdi.addSubWindow(sub)
                    self._subs[code] = sub
                    panel.show()
                    sub.show()
            self.setCurrentWidget(self.mdi)
        self.relayout()

    def set_mode(self, mode: str) -> None:
        if mode == self.mode:
            return
        rects = self.current_rects()
        self.mode = mode
        self.saved = {**self.saved, **rects}
        self._place()

    def relayout(self) -> None:
        area = self.frame_area if self.mode == FRAME else self.mdi.viewport()
        grid = grid_rects(len(self.order), max(area.width(), 200), max(area.height(), 200))
        for i, code in enumerate(self.order):
            rect = QRect(*self.saved[code]) if code in self.saved else grid[i]
            if self.mode == FRAME:
                self.panels[code].setGeometry(rect)
            elif code in self._subs:
                self._subs[code].setGeometry(rect)

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
        self.saved = {}
        self.relayout()

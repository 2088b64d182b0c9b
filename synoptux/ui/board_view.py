"""Where the boxes sit: frame mode (fixed, frameless) or window mode (QMdiArea windows).

Switching mode moves the same BoxPanel widgets from one container to the other:
no card is rebuilt. With no saved position, boxes fill the screen as a masonry of
columns sized by what each box holds (`ui.masonry`), measured at start, on
"Arrange as a grid" and when boxes are added or removed - never on a refresh, so
the boxes do not move while patients come and go.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QMdiArea, QMdiSubWindow, QStackedWidget, QWidget

from synoptux.ui.box_panel import BoxPanel
from synoptux.ui.masonry import BoxNeed, masonry

FRAME, WINDOW = "Cadre", "Fenetre"


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
        self._needs: list[BoxNeed] = []
        self._grid: tuple[tuple[int, int], list[tuple[int, int, int, int]]] | None = None

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
        self._measure()
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

    def _measure(self) -> None:
        self._needs = [self.panels[code].need() for code in self.order]
        self._grid = None

    def arrange(self) -> None:
        """Measure what each box holds now and lay the default grid out again."""
        self._measure()
        self.relayout()

    def grid(self, width: int, height: int) -> list[tuple[int, int, int, int]]:
        """The default rects for this area size (the same needs give the same rects)."""
        if self._grid is None or self._grid[0] != (width, height):
            self._grid = ((width, height), masonry(self._needs, width, height))
        return self._grid[1]

    def relayout(self) -> None:
        area = self.frame_area if self.mode == FRAME else self.mdi.viewport()
        if len(self._needs) != len(self.order):
            self._measure()
        grid = self.grid(max(area.width(), 200), max(area.height(), 200))
        for i, code in enumerate(self.order):
            rect = QRect(*self.saved[code]) if code in self.saved else QRect(*grid[i])
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
        """Arrange as a grid: drop the saved positions, measure the boxes again."""
        self.saved = {}
        self.arrange()

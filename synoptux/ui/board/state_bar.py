"""The states of a 'B' task (TA_BoutonMenu='B') as one painted bar of segments.

2.x showed one push button per allowed state: five real widgets per task, some
8,000 widgets on a big board, each polished by the style sheet, laid out and
painted. A `StateBar` is one widget per task: it paints the allowed states as
segments, side by side, and hit-tests a tap.

- The current state is filled with its colour (``ET_Couleur``), framed thick
  and written in bold, with a check mark: obvious from two metres, and not by
  colour alone. The other states are calm: a light face, the state's colour as
  a thin strip along the bottom edge.
- A tap is a press and a release inside the same segment (touch screens send
  synthesized mouse events); nothing else (no hover, drag, double click).
- Colours come from the data (the state colours) and from the palette; the
  widget carries no style sheet of its own. Its font is the board's (the style
  sheet's ``QWidget`` rule), at the size the state buttons had.
- Cheap to lay out: no Python size hints or event hooks that the layout and
  style machinery would call (its minimum width is set once per set of
  states); no tooltips (a touch screen has no hover: a long label is elided,
  the current one is cut last).
- Keyboard: Tab gives it focus, Left/Right pick a segment, Space/Enter choose
  it. The accessible name says the current state.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from synoptux.domain.model import StateDef
from synoptux.ui.style import normalise_color, text_on

SEGMENT_HEIGHT = 48  # a finger, the house minimum for every touch target
SEGMENT_MIN_WIDTH = 48
SPACING = 3
PADDING = 6  # text inset on each side of a segment
FRAME = 3  # the current state's frame
STRIP = 4  # the colour strip of the other states
FONT_PT = 12.0  # the 2.x state buttons' size: the task label stays the biggest text
CHECK = "\u2713 "
LOOKS_KEPT = 256  # painted looks kept for reuse (a look: ~80 KB at 400x48 px)

TEXTS_KEPT = 4096
_LOOKS: dict[tuple, QPixmap] = {}  # (size, states, current, font, colours) -> the painted bar
_ADVANCES: dict[tuple[str, bool, str], int] = {}  # (font, bold, text) -> width in px
_ELIDED: dict[tuple[str, bool, str, int], str] = {}  # (font, bold, text, width) -> shown text
_ROLES = (
    QPalette.ColorRole.Base,
    QPalette.ColorRole.Mid,
    QPalette.ColorRole.Text,
    QPalette.ColorRole.Midlight,
    QPalette.ColorRole.WindowText,
    QPalette.ColorRole.Button,
    QPalette.ColorRole.Highlight,
)


def share_widths(needs: Sequence[int], room: int, first: int = -1) -> list[int]:
    """Split `room` pixels between segments that need `needs` pixels each.

    Room enough: each gets its need plus an equal share of what is left. Too little:
    segment `first` (the current state) gets its need before the others, as far as
    they keep `SEGMENT_MIN_WIDTH`; then short labels keep their full width and the
    long ones share the rest equally (they are elided), so one long state name
    does not cut all the others.
    """
    n = len(needs)
    if not n:
        return []
    total = sum(needs)
    if total <= room:
        extra, rest = divmod(room - total, n)
        return [w + extra + (1 if i < rest else 0) for i, w in enumerate(needs)]
    if 0 <= first < n and n > 1:
        own = max(min(needs[first], room - (n - 1) * SEGMENT_MIN_WIDTH), room // n)
        others = share_widths([w for i, w in enumerate(needs) if i != first], room - own)
        others.insert(first, own)
        return others
    widths = [0] * n
    left, count = room, n
    for i in sorted(range(n), key=lambda j: needs[j]):
        share = left // count
        if needs[i] <= share:
            widths[i] = needs[i]
            left -= needs[i]
            count -= 1
    long_ones = [i for i in range(n) if widths[i] == 0]
    if long_ones:
        share, rest = divmod(max(left, 0), len(long_ones))
        for k, i in enumerate(long_ones):
            widths[i] = share + (1 if k < rest else 0)
    return widths


class StateBar(QWidget):
    """One widget for all the allowed states of one task; emits the chosen state's code."""

    sig_state_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, indent: int = 0) -> None:
        super().__init__(parent)
        # A blank margin on the left (not a touch target) that shrinks in a narrow box.
        self._indent = max(int(indent), 0)
        self.setObjectName("StateBar")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(SEGMENT_HEIGHT)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a tap does not steal the focus
        self._states: tuple[StateDef, ...] = ()
        self._colors: tuple[QColor | None, ...] = ()
        self._current: str | None = None
        self._pressed = -1
        self._focus_index = -1
        self._rects: list[QRect] = []
        self._rects_for: tuple = ()
        self._font_key = ""
        self._palette: tuple[int, tuple[int, ...]] = (-1, ())
        self._fonts: tuple[QFont, QFont] | None = None
        self._base_font: QFont | None = None
        self._need: list[tuple[int, int]] | None = None  # (plain, current) label widths

    # -- data ---------------------------------------------------------------------
    def set_states(self, states: Sequence[StateDef], current: str | None) -> None:
        """Show `states` (in this order) with `current` marked; repaint only on change."""
        states = tuple(states)
        if states != self._states:
            self._states = states
            self._colors = tuple(
                QColor(c) if (c := normalise_color(s.color)) else None for s in states
            )
            self._rects_for = ()
            self._need = None
            self._pressed = -1
            self._focus_index = min(self._focus_index, len(states) - 1)
            n = len(states)
            # The states take the width the card gives them (labels are elided); they never
            # widen a card, as the 2.x buttons (Ignored policy, 48 px minimum) did. The
            # indent is not counted: in a narrow box it gives way before the segments.
            self.setMinimumWidth(n * SEGMENT_MIN_WIDTH + SPACING * max(n - 1, 0))
            self._current = None  # force the name and repaint below
        if current != self._current or not self.accessibleName():
            self._current = current
            label = self.current_label()
            self.setAccessibleName(
                QCoreApplication.translate("StateBar", "State: {state}").format(state=label)
                if label
                else QCoreApplication.translate("StateBar", "State: none")
            )
            self.update()

    def codes(self) -> list[str]:
        return [s.code for s in self._states]

    @property
    def current(self) -> str | None:
        return self._current

    def current_label(self) -> str | None:
        return next((s.label for s in self._states if s.code == self._current), None)

    def segment_color(self, code: str) -> str | None:
        """The state's colour as '#rrggbb' (the current segment is filled with it)."""
        for state, color in zip(self._states, self._colors, strict=True):
            if state.code == code:
                return color.name() if color is not None else None
        raise KeyError(code)

    def segment_rect(self, code: str) -> QRect:
        """Where the segment of state `code` is, in the bar's coordinates."""
        rects = self._segment_rects()
        for state, rect in zip(self._states, rects, strict=True):
            if state.code == code:
                return QRect(rect)
        raise KeyError(code)

    def code_at(self, pos: QPoint) -> str | None:
        index = self._index_at(pos)
        return self._states[index].code if index >= 0 else None

    # -- geometry -----------------------------------------------------------------
    def _needs(self) -> list[int]:
        """The width each label needs: bold with the check mark for the current state,
        plain for the others."""
        if self._need is None:
            self._font_pair()
            self._need = [
                (self._advance(s.label, False), self._advance(CHECK + s.label, True))
                for s in self._states
            ]
        return [
            max(need[s.code == self._current] + 2 * PADDING + 2, SEGMENT_MIN_WIDTH)  # +2: rounding
            for need, s in zip(self._need, self._states, strict=True)
        ]

    def _advance(self, text: str, bold: bool) -> int:
        key = (self._font_key, bold, text)
        width = _ADVANCES.get(key)
        if width is None:
            width = QFontMetrics(self._font_pair()[bold]).horizontalAdvance(text)
            _ADVANCES[key] = width
        return width

    def _current_index(self) -> int:
        return next((i for i, s in enumerate(self._states) if s.code == self._current), -1)

    def _segment_rects(self) -> list[QRect]:
        self._font_pair()  # forgets the widths if the font changed (style sheet, settings)
        key = (self.width(), len(self._states), self._current)
        if key == self._rects_for:
            return self._rects
        n = len(self._states)
        rects: list[QRect] = []
        if n:
            bare = n * SEGMENT_MIN_WIDTH + SPACING * (n - 1)
            x = max(min(self._indent, self.width() - bare), 0)  # the indent gives way first
            room = max(self.width() - x - SPACING * (n - 1), 0)
            for w in share_widths(self._needs(), room, self._current_index()):
                rects.append(QRect(x, 0, w, SEGMENT_HEIGHT))
                x += w + SPACING
        self._rects, self._rects_for = rects, key
        return rects

    def _index_at(self, pos: QPoint) -> int:
        for i, rect in enumerate(self._segment_rects()):
            if rect.contains(pos):
                return i
        return -1

    def _font_pair(self) -> tuple[QFont, QFont]:
        base = self.font()  # the style sheet's, once polished
        if self._fonts is None or base != self._base_font:
            self._base_font = base
            self._need = None
            self._rects_for = ()
            normal = QFont(base)
            normal.setPointSizeF(FONT_PT)
            bold = QFont(normal)
            bold.setBold(True)
            self._fonts = (normal, bold)
            self._font_key = normal.key()
        return self._fonts

    def natural_width(self) -> int:
        """The width that shows every label whole."""
        needs = self._needs()
        return self._indent + sum(needs) + SPACING * max(len(needs) - 1, 0)

    def _shown(self, index: int, width: int, current: bool) -> str:
        label = (CHECK if current else "") + self._states[index].label
        key = (self._font_key, current, label, width)
        text = _ELIDED.get(key)
        if text is None:
            fm = QFontMetrics(self._font_pair()[current])
            text = fm.elidedText(label, Qt.TextElideMode.ElideRight, max(width - 2 * PADDING, 8))
            if len(_ELIDED) > TEXTS_KEPT:
                _ELIDED.clear()
            _ELIDED[key] = text
        return text

    def paintEvent(self, event) -> None:  # Qt name
        if not self._states:
            return
        if self._pressed >= 0 or self.hasFocus():  # a finger or the keyboard on it: live
            p = QPainter(self)
            self._paint(p, event.rect())
            p.end()
            return
        self._font_pair()  # the font key, up to date
        # Most bars of a board look alike (same states, same current one, same width):
        # each look is painted once and copied, one call instead of some thirty.
        dpr = self.devicePixelRatioF()
        key = (
            self.width(),
            dpr,
            self._states,
            self._current,
            self._indent,
            self._font_key,
            self._palette_key(),
        )
        pixmap = _LOOKS.get(key)
        if pixmap is None:
            pixmap = QPixmap(round(self.width() * dpr), round(SEGMENT_HEIGHT * dpr))
            pixmap.setDevicePixelRatio(dpr)
            pixmap.fill(Qt.GlobalColor.transparent)
            p = QPainter(pixmap)
            self._paint(p, self.rect())
            p.end()
            if len(_LOOKS) >= LOOKS_KEPT:
                _LOOKS.pop(next(iter(_LOOKS)))  # the oldest look
            _LOOKS[key] = pixmap
        p = QPainter(self)
        p.drawPixmap(0, 0, pixmap)
        p.end()

    def _palette_key(self) -> tuple[int, ...]:
        pal = self.palette()
        serial = pal.cacheKey()
        if serial != self._palette[0]:
            self._palette = (serial, tuple(pal.color(role).rgba() for role in _ROLES))
        return self._palette[1]

    def _paint(self, p: QPainter, clip: QRect) -> None:
        pal = self.palette()
        face = pal.color(QPalette.ColorRole.Base)
        line = pal.color(QPalette.ColorRole.Mid)
        text = pal.color(QPalette.ColorRole.Text)
        pressed_face = pal.color(QPalette.ColorRole.Midlight)
        frame = pal.color(QPalette.ColorRole.WindowText)
        normal, bold = self._font_pair()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for i, rect in enumerate(self._segment_rects()):
            if not rect.intersects(clip):
                continue
            color = self._colors[i]
            current = self._states[i].code == self._current
            if current:
                fill = color if color is not None else pal.color(QPalette.ColorRole.Button)
                p.fillRect(rect, fill)
                p.setPen(QPen(frame, FRAME))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(rect.adjusted(1, 1, -2, -2))
                p.setPen(QColor(text_on(fill.name())))
                p.setFont(bold)
            else:
                p.fillRect(rect, pressed_face if i == self._pressed else face)
                if color is not None:
                    p.fillRect(rect.x(), rect.bottom() - STRIP + 1, rect.width(), STRIP, color)
                p.setPen(QPen(line, 1))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(rect.adjusted(0, 0, -1, -1))
                p.setPen(text)
                p.setFont(normal)
            p.drawText(
                rect.adjusted(PADDING, 0, -PADDING, 0),
                Qt.AlignmentFlag.AlignCenter,
                self._shown(i, rect.width(), current),
            )
            if i == self._focus_index and self.hasFocus():
                p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine))
                p.drawRect(rect.adjusted(5, 5, -6, -6))

    # -- input ----------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:  # Qt name
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        self._pressed = self._index_at(event.position().toPoint())
        if self._pressed >= 0:
            self.update(self._segment_rects()[self._pressed])
        event.accept()

    def mouseReleaseEvent(self, event) -> None:  # Qt name
        if event.button() != Qt.MouseButton.LeftButton:
            event.ignore()
            return
        pressed, self._pressed = self._pressed, -1
        if pressed < 0:
            return
        self.update(self._segment_rects()[pressed])
        if self._index_at(event.position().toPoint()) == pressed:
            self._choose(pressed)
        event.accept()

    def mouseDoubleClickEvent(self, event) -> None:  # Qt name
        event.accept()  # a quick second tap is not a second choice

    def keyPressEvent(self, event) -> None:  # Qt name
        n = len(self._states)
        key = event.key()
        if not n:
            super().keyPressEvent(event)
            return
        if self._focus_index < 0:
            codes = self.codes()
            self._focus_index = codes.index(self._current) if self._current in codes else 0
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = -1 if key == Qt.Key.Key_Left else 1
            self._focus_index = (self._focus_index + step) % n
            self.update()
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Select):
            self._choose(self._focus_index)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:  # Qt name
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:  # Qt name
        super().focusOutEvent(event)
        self.update()

    def _choose(self, index: int) -> None:
        if 0 <= index < len(self._states):  # the current state too: the action handler
            self.sig_state_chosen.emit(self._states[index].code)  # decides (a no-op)

"""Style: the Qt style sheet, data colours as generated rules, dynamic properties.

`synoptux/resources/synoptux.css` is a real Qt style sheet. `{{ Key }}` placeholders take
the `[Affichage]` values of synoptux.ini. Colours that come from the database
(boxes, tasks, states, responsibles) are not written into each widget: a widget
carries the colour as a dynamic property (`dataBg="#dbeafe"`) and one generated
rule per distinct colour paints it. State (overdue, current, blink, moving) is a
dynamic property too, followed by a re-polish.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QPushButton, QWidget

from synoptux.config import DISP, KEYS, Settings
from synoptux.shipped import style_sheet

CSS_FILE = style_sheet()  # importlib.resources: found in a wheel as in a checkout
_TOKEN = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


@lru_cache(maxsize=4096)  # called for every chip of every row laid out: a handful of values
def normalise_color(raw: str | None) -> str | None:
    """A data colour as '#rrggbb' (lower case), or None when it is not one."""
    if not raw:
        return None
    text = raw.strip()
    if not text.startswith("#") and re.fullmatch(r"[0-9a-fA-F]{6}", text):
        text = "#" + text
    if _HEX.match(text):
        return QColor(text).name()
    color = QColor(text)
    return color.name() if color.isValid() and text.isalpha() else None


def text_on(bg: str) -> str:
    """Dark or light text, whichever reads on `bg` (WCAG AA, see ui.contrast)."""
    from synoptux.ui.contrast import readable_on

    return readable_on(QColor(bg).name())


def display_tokens(settings: Settings | None) -> dict[str, str]:
    tokens: dict[str, str] = {}
    for k in KEYS:
        if k.section == DISP:
            tokens[k.name] = str(settings[k] if settings else k.default)
    return tokens


def fill_tokens(css: str, tokens: dict[str, str]) -> str:
    return _TOKEN.sub(lambda m: tokens.get(m.group(1), m.group(0)), css)


def base_stylesheet(settings: Settings | None, css_text: str | None = None) -> str:
    text = css_text if css_text is not None else CSS_FILE.read_text(encoding="utf-8")
    return fill_tokens(text, display_tokens(settings))


def color_rules(bgs: Iterable[str], fgs: Iterable[str], alarms: Iterable[str]) -> str:
    """One rule per distinct data colour (a handful: boxes, tasks, states, responsibles)."""
    out: list[str] = []
    for c in sorted(set(bgs)):
        out.append(f'*[dataBg="{c}"] {{ background-color: {c}; color: {text_on(c)}; }}')
    for c in sorted(set(fgs)):
        out.append(f'*[dataFg="{c}"] {{ color: {c}; }}')
        out.append(f'*[dataBorder="{c}"] {{ border-color: {c}; }}')
    for c in sorted(set(alarms)):
        out.append(
            f'*[dataAlarm="{c}"][blink="on"], *[dataAlarm="{c}"][blink="steady"] '
            f"{{ background-color: {c}; color: {text_on(c)}; }}"
        )
        out.append(f'*[dataAlarm="{c}"][overdue] {{ border-color: {c}; }}')
    return "\n".join(out)


def get_prop(widget: QWidget, name: str, default: object = None) -> object:
    """A dynamic property's value, or `default` when it is not set."""
    value = widget.property(name)
    return default if value is None else value


def set_prop(widget: QWidget, name: str, value: object) -> bool:
    """Set a dynamic property and re-polish only when it changed."""
    if widget.property(name) == value:
        return False
    widget.setProperty(name, value)
    repolish(widget)
    return True


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet to a widget already polished (a widget not yet shown
    is polished once, with all its properties, when it is first shown)."""
    if not widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        return
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def button_text(text: str) -> str:
    """Data shown on a push button: "&" shows as itself, not as a shortcut mark."""
    return text.replace("&", "&&")


def set_data_color(widget: QWidget, prop: str, raw: str | None) -> None:
    set_prop(widget, prop, normalise_color(raw) or "")


class ElideButton(QPushButton):
    """A push button whose text is elided to its width (labels never spill out).

    The full text is kept (`text()` returns it); the shown text is recomputed only
    when the text, the size or the font changes, never in paintEvent: a board of
    thousands of buttons paints and lays out at the speed of plain QPushButtons.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self._elided_for: tuple[int, str] | None = None
        self.setMinimumWidth(48)  # not the text width: the layout may shrink it
        self.setText(text)

    def setText(self, text: str) -> None:  # Qt name
        self._full = text
        self._elide()

    def text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:  # Qt name
        super().resizeEvent(event)
        self._elide()

    def sizeHint(self) -> QSize:  # Qt name
        """As wide as the full text (not the elided one: a button never stays shrunk)."""
        hint = super().sizeHint()
        want = self.fontMetrics().horizontalAdvance(self._full) + 24
        return QSize(max(hint.width(), want), hint.height())

    def changeEvent(self, event) -> None:  # Qt name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._elided_for = None
            self._elide()

    def _elide(self) -> None:
        full = self._full
        key = (self.width(), full)
        if key == self._elided_for:
            return
        self._elided_for = key
        room = key[0] - 22  # padding and frame of the style sheet
        fm = self.fontMetrics()
        shown = full
        if room > 8 and fm.horizontalAdvance(full) > room:
            shown = self.elide_to(fm, room)
        shown = shown.replace("&", "&&")  # data text: "&" is no shortcut mark
        if QPushButton.text(self) != shown:
            QPushButton.setText(self, shown)

    def elide_to(self, fm: QFontMetrics, room: int) -> str:
        """The text shown when the full text is wider than `room` px (override to choose)."""
        return fm.elidedText(self._full, Qt.TextElideMode.ElideRight, room)

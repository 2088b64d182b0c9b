"""Walk a widget tree and say where data shows as rich text.

Generic on purpose: it knows Qt's widget kinds, not ours, so it keeps working
on whatever widgets a window has. For each text a user can see it works out
what is displayed:
- a QLabel interprets its text when its format is RichText or Markdown, or
  AutoText and Qt guesses rich (`Qt.mightBeRichText`); a label that holds data
  must be PlainText, or hold the data escaped (then it shows literally);
- a tooltip (of a widget, an action, an item) is rich whenever Qt guesses so;
- a QTextEdit shows its document: what it displays is its plain text;
- buttons, line edits, item texts (default delegate), menu entries and
  window titles never interpret rich text.
Data carries markers (`MARK`) inside HTML (`<h1 ...>MARK</h1>`): wherever a
marker is displayed, the tag before it must be displayed too (`>MARK`).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import Qt as QtGui
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabBar,
    QTextEdit,
    QWidget,
)


def _render(text: str, markdown: bool = False) -> str:
    doc = QTextDocument()
    if markdown:
        doc.setMarkdown(text)
    else:
        doc.setHtml(text)
    return doc.toPlainText()


def _columns(model, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a list model: columnCount is private in PySide
        return 1


def _tip(text: str) -> str:
    return _render(text) if text and QtGui.mightBeRichText(text) else text


class Walk:
    """Collects what was seen and what went wrong over several roots."""

    def __init__(self, markers: Iterable[str]) -> None:
        self._source = markers  # read at each check: markers may be added on the way
        self.seen: dict[str, list[str]] = {}
        self._problems: dict[str, None] = {}  # in order, once each

    def check(self, where: str, displayed: str) -> None:
        low = displayed.lower()
        for m in self.markers:
            if m in low:
                self.seen.setdefault(m, []).append(where)
                if ">" + m not in low:
                    self._problems[f"{where}: rich text interpreted: {displayed[:160]!r}"] = None

    @property
    def markers(self) -> list[str]:
        return [m.lower() for m in self._source]

    @property
    def problems(self) -> list[str]:
        return list(self._problems)

    def raw_holds_marker(self, text: str) -> bool:
        low = text.lower()
        return any(m in low for m in self.markers)

    # -- the walk ----------------------------------------------------------------
    def widget_tree(self, root: QWidget, name: str) -> None:
        for w in [root, *root.findChildren(QWidget)]:
            where = f"{name}/{type(w).__name__}#{w.objectName()}"
            if w.isWindow():
                self.check(where + ".windowTitle", w.windowTitle())
            self.check(where + ".toolTip", _tip(w.toolTip()))
            # (a window may name an attribute `actions`); a menu shows its entries' tooltips
            # only when asked to, a tool bar shows them through its buttons (walked too)
            tips = isinstance(w, QMenu) and w.toolTipsVisible()
            for act in QWidget.actions(w):
                self.check(f"{where}/QAction.text", act.text())
                if tips:
                    self.check(f"{where}/QAction.toolTip", _tip(act.toolTip()))
            if isinstance(w, QLabel):
                self._label(where, w)
            elif isinstance(w, QTextEdit):
                self.check(where, w.toPlainText())
            elif isinstance(w, QAbstractButton | QLineEdit):
                self.check(where, w.text())
            elif isinstance(w, QGroupBox):
                self.check(where, w.title())
            elif isinstance(w, QTabBar):
                for i in range(w.count()):
                    self.check(f"{where}.tab{i}", w.tabText(i))
                    self.check(f"{where}.tab{i}.toolTip", _tip(w.tabToolTip(i)))
            if isinstance(w, QAbstractItemView) and w.model() is not None:
                self._items(where, w)

    def _label(self, where: str, label: QLabel) -> None:
        text, fmt = label.text(), label.textFormat()
        if fmt == Qt.TextFormat.PlainText:
            self.check(where, text)
            return
        if fmt == Qt.TextFormat.MarkdownText:
            self.check(where, _render(text, markdown=True))
            return
        if fmt == Qt.TextFormat.RichText or QtGui.mightBeRichText(text):
            self.check(where, _render(text))
            return
        # AutoText that Qt happens to read as plain today: one line break less and it
        # would not. A label that shows data says PlainText.
        if self.raw_holds_marker(text):
            self._problems[f"{where}: label with data is not PlainText: {text[:160]!r}"] = None
        self.check(where, text)

    def _items(self, where: str, view: QAbstractItemView) -> None:
        model = view.model()
        todo = [QModelIndex()]
        count = 0
        while todo and count < 5000:
            parent = todo.pop()
            for r in range(model.rowCount(parent)):
                for c in range(max(_columns(model, parent), 1)):
                    index = model.index(r, c, parent)
                    count += 1
                    shown = model.data(index, Qt.ItemDataRole.DisplayRole)
                    if isinstance(shown, str):
                        self.check(f"{where}[{r},{c}]", shown)
                    tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
                    if isinstance(tip, str):
                        self.check(f"{where}[{r},{c}].toolTip", _tip(tip))
                    if c == 0 and model.rowCount(index) > 0:
                        todo.append(index)
        for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
            n = _columns(model, QModelIndex()) if orientation == Qt.Orientation.Horizontal else 0
            for i in range(n):
                head = model.headerData(i, orientation, Qt.ItemDataRole.DisplayRole)
                if isinstance(head, str):
                    self.check(f"{where}.header{i}", head)

"""Is a style sheet safe to save?

The board's style is one application style sheet: the site's synoptux.css, then
the rules generated for the data colours (boxes, tasks, states, responsibles).
Qt reads it whole or not at all: one unreadable rule and the board loses every
colour, late marks included. So a sheet is refused when:
- Qt cannot parse it — detected for real: the sheet (placeholders filled as the
  board fills them) is applied to a probe widget while Qt's message handler
  listens for "Could not parse"; the rule at fault is then found by trying each
  rule alone, and named with its line;
- it sets no colour at all (an emptied editor, a sheet of fonts only).
It is saved with a warning when it lacks state rules the shipped sheet has
(`[overdue]`, `[blink]`, …): those are what show a late task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

_PROPERTY_SELECTOR = re.compile(r"\[\s*([A-Za-z_][\w-]*)")
_COLOUR_PROPS = re.compile(
    r"(^|-)(color|background|border|outline)(-|$)|^gridline-color$|^selection-", re.I
)
_COLOUR_VALUE = re.compile(
    r"#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?|hsva?|palette|qlineargradient|qradialgradient)\s*\("
    r"|\{\{\s*Couleur_\w+\s*\}\}",
    re.I,
)
NOT_A_COLOUR = {"transparent", "none", "solid", "dashed", "dotted", "inherit"}


class QtWarnings:
    """Collect Qt's messages while a block runs (style-sheet parse warnings)."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __enter__(self) -> QtWarnings:
        self._previous = qInstallMessageHandler(self._handle)
        return self

    def _handle(self, mode: QtMsgType, _context: object, message: str) -> None:
        if mode != QtMsgType.QtDebugMsg:
            self.messages.append(message)

    def __exit__(self, *_exc: object) -> None:
        qInstallMessageHandler(self._previous)


def parses(css: str) -> bool:
    """Does Qt read this (filled) sheet? Applied to a probe widget, Qt says when it cannot."""
    with QtWarnings() as caught:
        probe = QWidget()
        probe.setStyleSheet(css)
        probe.ensurePolished()
        probe.deleteLater()
    return not any("Could not parse" in m for m in caught.messages)


@dataclass
class Rule:
    line: int
    text: str

    @property
    def selector(self) -> str:
        return " ".join(self.text.split("{", 1)[0].split())[:80]


@dataclass
class CssReport:
    errors: list[str] = field(default_factory=list)  # refuse to save
    warnings: list[str] = field(default_factory=list)  # ask, naming them

    @property
    def ok(self) -> bool:
        return not self.errors


def _strip_comments(css: str) -> str:
    """Comments replaced by spaces (line numbers kept)."""
    return re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group(0)), css, flags=re.S)


def split_rules(css: str) -> tuple[list[Rule], str | None]:
    """The top-level rules with their first line, or what is wrong with the braces."""
    text = _strip_comments(css)

    def line_of(pos: int) -> int:
        return text.count("\n", 0, pos) + 1

    def first_char(begin: int, end: int) -> int:
        segment = text[begin:end]
        return begin + len(segment) - len(segment.lstrip())

    rules: list[Rule] = []
    depth, start, quote = 0, 0, ""
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return rules, QCoreApplication.translate(
                    "Admin", "line {line}: this '}}' closes no rule"
                ).format(line=line_of(i))
            if depth == 0:
                begin = first_char(start, i)
                rules.append(Rule(line_of(begin), text[begin : i + 1].strip()))
                start = i + 1
    begin = first_char(start, len(text))
    if depth > 0:
        return rules, QCoreApplication.translate(
            "Admin", "line {line}: the rule {rule} is not closed by '}}'"
        ).format(line=line_of(begin), rule=" ".join(text[begin:].split("{", 1)[0].split())[:80])
    if text[begin:].strip():
        return rules, QCoreApplication.translate(
            "Admin", "line {line}: text outside any rule: {text}"
        ).format(line=line_of(begin), text=text[begin:].strip()[:80])
    return rules, None


def _colours(rules: list[Rule]) -> int:
    count = 0
    for rule in rules:
        body = rule.text.split("{", 1)[1].rsplit("}", 1)[0]
        for decl in body.split(";"):
            name, _, value = decl.partition(":")
            if not _COLOUR_PROPS.search(name.strip()):
                continue
            if _COLOUR_VALUE.search(value):
                count += 1
                continue
            words = re.findall(r"[A-Za-z]+", value)
            if any(w.lower() not in NOT_A_COLOUR and QColor.isValidColorName(w) for w in words):
                count += 1
    return count


def state_properties(css: str) -> set[str]:
    """The dynamic properties a sheet styles (`[overdue="end"]` -> overdue)."""
    return {m.group(1) for m in _PROPERTY_SELECTOR.finditer(_strip_comments(css))}


def check_css(css: str, filled: str, shipped: str = "") -> CssReport:
    """`css` as typed (for line numbers), `filled` with its placeholders filled (what Qt
    reads); `shipped`: the sheet shipped with the board (its state rules)."""
    report = CssReport()
    rules, braces = split_rules(css)
    if not parses(filled):
        if braces:
            report.errors.append(braces)
        else:
            filled_rules, _ = split_rules(filled)
            for typed, rule in zip(rules, filled_rules, strict=False):
                if not parses(rule.text):
                    report.errors.append(
                        QCoreApplication.translate(
                            "Admin", "line {line}: Qt cannot read the rule {rule}"
                        ).format(line=typed.line, rule=typed.selector)
                    )
                    break
            else:
                report.errors.append(
                    QCoreApplication.translate("Admin", "Qt cannot read this style sheet.")
                )
        return report
    if not _colours(rules):
        report.errors.append(
            QCoreApplication.translate(
                "Admin",
                "This style sheet sets no colour: the board would lose its colours "
                "(late marks, responsibles, boxes).",
            )
        )
    missing = sorted(state_properties(shipped) - state_properties(css))
    if missing:
        report.warnings.append(
            QCoreApplication.translate(
                "Admin", "It has no rule for these states of the shipped style: {names}."
            ).format(names=", ".join(missing))
        )
    return report

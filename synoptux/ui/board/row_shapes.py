"""The shapes a patient row is made of (texts, pills, chips, dots, the whole row) and the
spacing between them: what `row_geometry.layout_row` returns and the row widget paints."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRect

from synoptux.ui.board.row_look import Tier

PAD_X = 8
PAD_Y = 2
GAP = 8  # between the parts of a line
CHIP_GAP = 5
CHIP_PAD = 7  # text inset in a chip
STRIPE = 5  # the task colour along a chip's left edge
DOT = 16  # a task of a folded patient
DOT_GAP = 5
BADGE = 26  # the "?" of odd data
INDENT = 14  # compact tier: chip lines after the first


@dataclass(slots=True)
class Text:
    rect: QRect
    text: str
    font: str  # a `Fonts` kind: name, text, bold, italic, chip
    color: str
    full: str = ""  # the whole text when `text` is elided


@dataclass(slots=True)
class Pill:
    rect: QRect
    text: str
    fill: str
    ink: str
    dashed: bool = False


@dataclass(slots=True)
class Chip:
    task_id: int
    rect: QRect  # what is painted
    hit: QRect  # what a finger hits (the chip and its share of the gaps)
    text: str
    fill: str
    ink: str
    stripe: str | None
    alarm: str | None  # the alarm colour when the task is late
    late_kind: str = ""  # "start" | "end" | ""
    finished: bool = False
    alarm_state: str = ""  # "" | "active" | "snoozed" | "escalated" (domain.acks)


@dataclass(slots=True)
class Dot:
    task_id: int
    rect: QRect
    fill: str
    alarm: str | None
    alarm_state: str = ""


@dataclass(slots=True)
class RowGeometry:
    tier: Tier
    width: int
    height: int
    name: Text
    name_whole: bool  # the last name is shown whole
    texts: list[Text] = field(default_factory=list)
    pill: Pill | None = None
    chips: list[Chip] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    badge: QRect | None = None
    counts: list[Text] = field(default_factory=list)
    name_px: int = 0
    text_px: int = 0
    cuts: int = 0  # texts shown elided (name, pill, comment, chip labels)
    triage: Pill | None = None  # the triage level's badge, left of the name (every tier)
    flags: list[Text] = field(default_factory=list)  # look-alike name, identity to check

    def chip_at(self, x: int, y: int) -> Chip | None:
        for chip in self.chips:
            if chip.hit.contains(x, y):
                return chip
        return None

    def task_rect(self, task_id: int) -> QRect | None:
        for chip in self.chips:
            if chip.task_id == task_id:
                return chip.rect
        for dot in self.dots:
            if dot.task_id == task_id:
                return dot.rect
        return None

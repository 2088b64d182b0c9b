"""What a patient row looks like: tiers, fonts, colours and size floors of the wall.

A box shows its patients in one of three tiers, the richest that fits (`Tier`):

- FULL: the name on its own line (>= 24 px), the responsible's pill; entry and move
  times and the comment; then the task chips, on as many lines as they need;
- COMPACT: one line that starts with the name (>= 16 px), the pill and the entry
  time, the chips following on the same line and the next ones;
- MINIMAL: the name, the responsible's colour, the entry time and task counts,
  in as many sub-columns as the box's width holds;
- DENSE: the same on shorter lines (the name and the late count): a crowded board
  (200 patients on one screen) keeps every name on screen before anything scrolls.
  Its lines are below the 40 px touch target; a tap opens the sheet of the patient
  under the finger, whose name the sheet shows in large.

The sizes come from the ini's 2.x display keys, read as hints with floors:
`Hauteur_Patients` (full-tier name line), `Hauteur_Taches` (full-tier chip line),
`Hauteur_NomBox` (box title bar). Nothing drawn here is a style sheet rule: rows
are painted (one widget per patient), so their looks come from `[Affichage]`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtGui import QFont, QFontInfo, QFontMetrics
from PySide6.QtWidgets import QApplication

from synoptux.config import KEYS, Settings
from synoptux.config_types import Key
from synoptux.ui.contrast import readable_ink
from synoptux.ui.style import normalise_color


class Tier(StrEnum):
    FULL = "full"
    COMPACT = "compact"
    MINIMAL = "minimal"
    DENSE = "dense"  # minimal, on shorter lines: a crowded board, before any scrolling


TIERS = (Tier.FULL, Tier.COMPACT, Tier.MINIMAL, Tier.DENSE)

TAP = 40  # px: the smallest touch target at 1080p
NAME_FULL_PX = 24  # px: the smallest name in the full tier (readable at 3 m)
TEXT_PX = 16  # px: the smallest text anywhere on the wall
TAP_FLOOR = 30  # px: the smallest touch target on a short (768 px) window
MIN_SCALE = 0.66
FULL_HEIGHT = 1000  # px: a window this high or more gets the 1080p sizes
ROW_BG = "#ffffff"
NO_COLOR = "#e5e7eb"  # a chip or pill without a data colour
DEFAULT_ALARM = "#dc2626"


@dataclass(frozen=True)
class Sizes:
    """Pixel sizes of one board (from the ini hints, floors applied).

    They are the sizes of a 1080-pixel-high wall; a shorter window (a 1366x768 touch
    PC, viewed from closer) scales them down with its height, never below the floors:
    text 16 px, touch targets 30 px (40 px at 1080p is the same finger on the same
    glass). A 1080p maximised window (1000 px and more) gets them whole."""

    scale: float = 1.0
    tap: int = TAP  # the smallest touch target
    title_h: int = 40  # box title bar
    name_line: int = 36  # full tier: the name's line
    chip_pitch: int = 40  # full tier: one line of chips
    compact_pitch: int = TAP  # compact tier: one line (name or chips)
    minimal_row: int = TAP  # minimal tier: one patient
    dense_row: int = 26  # dense tier: one patient
    name_px_full: int = NAME_FULL_PX
    text_px_full: int = 17
    name_px_compact: int = 19
    text_px_compact: int = TEXT_PX
    name_px_minimal: int = 17
    text_px_minimal: int = TEXT_PX

    @classmethod
    def from_settings(cls, settings: Settings | None, height: int = 1080) -> Sizes:
        def hint(key: Key[int]) -> int:
            return key.default if settings is None else settings[key]

        # A maximised window on a 1080p screen is ~1030 px high (title bar, task bar):
        # the wall's sizes from 1000 px up.
        s = min(1.0, max(MIN_SCALE, height / FULL_HEIGHT))
        tap = max(TAP_FLOOR, round(TAP * s))
        name_px = max(18, round(max(NAME_FULL_PX, hint(KEYS.PATIENT_HEIGHT) * 0.6) * s))
        return cls(
            scale=s,
            tap=tap,
            title_h=max(tap, round(hint(KEYS.BOX_TITLE_HEIGHT) * s)),
            name_line=max(round(hint(KEYS.PATIENT_HEIGHT) * s), name_px + 8),
            chip_pitch=max(tap, round(hint(KEYS.TASK_HEIGHT) * s)),
            compact_pitch=tap,
            minimal_row=tap,
            name_px_full=name_px,
            text_px_full=max(TEXT_PX, round(17 * s)),
            name_px_compact=max(TEXT_PX, round(19 * s)),
            name_px_minimal=max(TEXT_PX, round(17 * s)),
        )


@dataclass(frozen=True)
class Colors:
    """Text colours of `[Affichage]`, kept readable on the white row (WCAG AA)."""

    name: str = "#1f2a37"
    name_blink: str = "#d7263d"
    comment: str = "#4b5563"
    entry: str = "#2563eb"
    moved: str = "#7c3aed"
    responsible: str = "#374151"
    move: str = "#f59e0b"

    @classmethod
    def from_settings(cls, settings: Settings | None) -> Colors:
        if settings is None:
            return cls()

        def ink(key: Key[str], fallback: str) -> str:
            return readable_ink(normalise_color(settings[key]) or fallback, ROW_BG)

        def raw(key: Key[str], fallback: str) -> str:
            return normalise_color(settings[key]) or fallback

        return cls(
            name=ink(KEYS.COLOR_PATIENT, cls.name),
            name_blink=raw(KEYS.COLOR_PATIENT_BLINK, cls.name_blink),
            comment=ink(KEYS.COLOR_COMMENT, cls.comment),
            entry=ink(KEYS.COLOR_ENTRY_TIME, cls.entry),
            moved=ink(KEYS.COLOR_EXIT_TIME, cls.moved),
            responsible=ink(KEYS.COLOR_RESPONSIBLE, cls.responsible),
            move=raw(KEYS.COLOR_MOVE, cls.move),
        )


class Fonts:
    """The fonts of one tier, with cached text widths (rows measure a lot of text)."""

    def __init__(self, base: QFont, name_px: int, text_px: int) -> None:
        self.name = QFont(base)
        self.name.setPixelSize(name_px)
        self.name.setBold(True)
        self.text = QFont(base)
        self.text.setPixelSize(text_px)
        self.bold = QFont(self.text)
        self.bold.setBold(True)
        self.italic = QFont(self.text)
        self.italic.setItalic(True)
        self.chip = QFont(self.text)
        self.chip.setPixelSize(TEXT_PX)  # chips: the floor size, many per line
        self.chip.setWeight(QFont.Weight.DemiBold)
        self._metrics = {
            "name": QFontMetrics(self.name),
            "text": QFontMetrics(self.text),
            "bold": QFontMetrics(self.bold),
            "italic": QFontMetrics(self.italic),
            "chip": QFontMetrics(self.chip),
        }
        self._widths: dict[tuple[str, str], int] = {}
        self.name_px = QFontInfo(self.name).pixelSize()
        self.text_px = QFontInfo(self.text).pixelSize()

    def metrics(self, kind: str) -> QFontMetrics:
        return self._metrics[kind]

    def width(self, kind: str, text: str) -> int:
        key = (kind, text)
        w = self._widths.get(key)
        if w is None:
            if len(self._widths) > 20000:
                self._widths.clear()
            w = self._metrics[kind].horizontalAdvance(text)
            self._widths[key] = w
        return w

    def height(self, kind: str) -> int:
        return self._metrics[kind].height()

    def elide(self, kind: str, text: str, room: int) -> str:
        from PySide6.QtCore import Qt

        if self.width(kind, text) <= room:
            return text
        return self._metrics[kind].elidedText(text, Qt.TextElideMode.ElideRight, max(room, 0))


class Look:
    """Sizes, colours and fonts of the wall, shared by every row of a window."""

    def __init__(
        self, settings: Settings | None = None, base: QFont | None = None, height: int = 1080
    ) -> None:
        self.sizes = Sizes.from_settings(settings, height)
        self.colors = Colors.from_settings(settings)
        if base is None:
            app = QApplication.instance()
            base = QFont(app.font()) if isinstance(app, QApplication) else QFont()
        s = self.sizes
        self.fonts = {
            Tier.FULL: Fonts(base, s.name_px_full, s.text_px_full),
            Tier.COMPACT: Fonts(base, s.name_px_compact, s.text_px_compact),
            Tier.MINIMAL: Fonts(base, s.name_px_minimal, s.text_px_minimal),
        }
        self.fonts[Tier.DENSE] = self.fonts[Tier.MINIMAL]

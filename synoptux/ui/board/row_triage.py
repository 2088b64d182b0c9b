"""The triage badge of a patient row, shared by every tier: `row_geometry` (full, compact)
and `row_minimal` (minimal, dense). Its own module so that `row_minimal` needs nothing of
`row_geometry`, which imports it (no import cycle: the `acyclic` contract in pyproject.toml).
"""

from __future__ import annotations

from PySide6.QtCore import QRect

from synoptux.ui.board.row_look import Fonts
from synoptux.ui.board.row_shapes import Pill
from synoptux.ui.board.row_texts import RowInput, triage_badge
from synoptux.ui.contrast import readable_on


def triage_pill(
    inp: RowInput, f: Fonts, x: int, y: int, h: int, side: int
) -> tuple[Pill | None, int]:
    """The triage badge at (x, middle of the line y..y+h), `side` px high at most: a
    rounded square of the level's colour holding its code, measured. (badge, next x)."""
    found = triage_badge(inp)
    if found is None:
        return None, x
    text, fill, dashed = found
    side = max(min(side, h - 4), 12)
    tight = side < 24  # the dense tier's short lines: a narrower badge, more names per line
    w = max(side, f.width("bold", text) + (6 if tight else 12))
    badge = Pill(QRect(x, y + (h - side) // 2, w, side), text, fill, readable_on(fill), dashed)
    return badge, x + w + (4 if tight else 6)

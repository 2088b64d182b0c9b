"""Readable text on data colours (WCAG 2.x contrast), without Qt.

State, task and responsible colours come from the database: any colour at all.
The text drawn on them must stay readable from across the room, so it is chosen
by the WCAG contrast ratio (level AA: 4.5 for normal text), not by a guess on
brightness. Of pure black and pure white, one always reaches 4.58 on any colour,
so the colour itself is never altered: a state keeps the colour its admin chose.
"""

from __future__ import annotations

from functools import lru_cache

AA = 4.5  # WCAG level AA, normal-size text
DARK = "#111827"  # the board's usual dark text
BLACK = "#000000"
WHITE = "#ffffff"


def _channel(c: int) -> float:
    s = c / 255.0
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def _rgb(color: str) -> tuple[int, int, int]:
    text = color.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(ch * 2 for ch in text)
    if len(text) == 8:  # #aarrggbb: the alpha is ignored
        text = text[2:]
    if len(text) != 6:
        raise ValueError(f"not a #rrggbb colour: {color!r}")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


@lru_cache(maxsize=1024)
def luminance(color: str) -> float:
    """WCAG relative luminance of '#rrggbb' (0 black .. 1 white)."""
    r, g, b = _rgb(color)
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours (1 .. 21)."""
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


@lru_cache(maxsize=1024)
def readable_on(bg: str) -> str:
    """The text colour for `bg`: the board's dark grey or white when one reaches AA,
    else pure black or white, whichever contrasts more (always >= 4.58)."""
    for fg in (DARK, WHITE):
        if contrast(fg, bg) >= AA:
            return fg
    return BLACK if contrast(BLACK, bg) >= contrast(WHITE, bg) else WHITE


@lru_cache(maxsize=1024)
def readable_ink(fg: str, bg: str) -> str:
    """`fg` (a data colour used as text, e.g. a box title colour) when it reads on `bg`,
    else the nearest of dark text or white that does."""
    if contrast(fg, bg) >= AA:
        return fg
    return readable_on(bg)

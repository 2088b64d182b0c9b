"""Data colours for the screens that are not Qt (the web view, the downtime copy).

A colour in the database is any text at all: only `#rgb`, `#rrggbb`, `#aarrggbb` (Qt's
form, alpha dropped), six bare hex digits, or a CSS/SVG colour name become a colour;
anything else is no colour (never copied into CSS). The text on a colour is chosen by the
WCAG contrast ratio, as on the wall (`ui/contrast.py`, which Qt-free code cannot import
across the layers: the same rule, restated here).
"""

from __future__ import annotations

import re
from functools import lru_cache

AA = 4.5
DARK, BLACK, WHITE = "#111827", "#000000", "#ffffff"
NO_COLOR = "#e5e7eb"  # a chip or pill without a data colour (as on the wall)
DEFAULT_ALARM = "#dc2626"

_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
# The CSS/SVG colour names (the ones Qt's QColor accepts too).
_NAMES = dict(
    pair.split(":")
    for pair in (
        "aliceblue:f0f8ff antiquewhite:faebd7 aqua:00ffff aquamarine:7fffd4 azure:f0ffff "
        "beige:f5f5dc bisque:ffe4c4 black:000000 blanchedalmond:ffebcd blue:0000ff "
        "blueviolet:8a2be2 brown:a52a2a burlywood:deb887 cadetblue:5f9ea0 chartreuse:7fff00 "
        "chocolate:d2691e coral:ff7f50 cornflowerblue:6495ed cornsilk:fff8dc crimson:dc143c "
        "cyan:00ffff darkblue:00008b darkcyan:008b8b darkgoldenrod:b8860b darkgray:a9a9a9 "
        "darkgreen:006400 darkgrey:a9a9a9 darkkhaki:bdb76b darkmagenta:8b008b "
        "darkolivegreen:556b2f darkorange:ff8c00 darkorchid:9932cc darkred:8b0000 "
        "darksalmon:e9967a darkseagreen:8fbc8f darkslateblue:483d8b darkslategray:2f4f4f "
        "darkslategrey:2f4f4f darkturquoise:00ced1 darkviolet:9400d3 deeppink:ff1493 "
        "deepskyblue:00bfff dimgray:696969 dimgrey:696969 dodgerblue:1e90ff firebrick:b22222 "
        "floralwhite:fffaf0 forestgreen:228b22 fuchsia:ff00ff gainsboro:dcdcdc "
        "ghostwhite:f8f8ff gold:ffd700 goldenrod:daa520 gray:808080 grey:808080 green:008000 "
        "greenyellow:adff2f honeydew:f0fff0 hotpink:ff69b4 indianred:cd5c5c indigo:4b0082 "
        "ivory:fffff0 khaki:f0e68c lavender:e6e6fa lavenderblush:fff0f5 lawngreen:7cfc00 "
        "lemonchiffon:fffacd lightblue:add8e6 lightcoral:f08080 lightcyan:e0ffff "
        "lightgoldenrodyellow:fafad2 lightgray:d3d3d3 lightgreen:90ee90 lightgrey:d3d3d3 "
        "lightpink:ffb6c1 lightsalmon:ffa07a lightseagreen:20b2aa lightskyblue:87cefa "
        "lightslategray:778899 lightslategrey:778899 lightsteelblue:b0c4de "
        "lightyellow:ffffe0 lime:00ff00 limegreen:32cd32 linen:faf0e6 magenta:ff00ff "
        "maroon:800000 mediumaquamarine:66cdaa mediumblue:0000cd mediumorchid:ba55d3 "
        "mediumpurple:9370db mediumseagreen:3cb371 mediumslateblue:7b68ee "
        "mediumspringgreen:00fa9a mediumturquoise:48d1cc mediumvioletred:c71585 "
        "midnightblue:191970 mintcream:f5fffa mistyrose:ffe4e1 moccasin:ffe4b5 "
        "navajowhite:ffdead navy:000080 oldlace:fdf5e6 olive:808000 olivedrab:6b8e23 "
        "orange:ffa500 orangered:ff4500 orchid:da70d6 palegoldenrod:eee8aa palegreen:98fb98 "
        "paleturquoise:afeeee palevioletred:db7093 papayawhip:ffefd5 peachpuff:ffdab9 "
        "peru:cd853f pink:ffc0cb plum:dda0dd powderblue:b0e0e6 purple:800080 red:ff0000 "
        "rosybrown:bc8f8f royalblue:4169e1 saddlebrown:8b4513 salmon:fa8072 "
        "sandybrown:f4a460 seagreen:2e8b57 seashell:fff5ee sienna:a0522d silver:c0c0c0 "
        "skyblue:87ceeb slateblue:6a5acd slategray:708090 slategrey:708090 snow:fffafa "
        "springgreen:00ff7f steelblue:4682b4 tan:d2b48c teal:008080 thistle:d8bfd8 "
        "tomato:ff6347 turquoise:40e0d0 violet:ee82ee wheat:f5deb3 white:ffffff "
        "whitesmoke:f5f5f5 yellow:ffff00 yellowgreen:9acd32"
    ).split()
)


@lru_cache(maxsize=2048)
def normalise_color(raw: str | None) -> str | None:
    """A data colour as '#rrggbb' (lower case), or None when it is not one."""
    if not raw:
        return None
    text = raw.strip()
    match = _HEX.match(text)
    if match and (text.startswith("#") or len(match.group(1)) == 6):
        digits = match.group(1).lower()
        if len(digits) == 3:
            digits = "".join(ch * 2 for ch in digits)
        elif len(digits) == 8:  # Qt's #aarrggbb
            digits = digits[2:]
        return "#" + digits
    name = _NAMES.get(text.lower())
    return "#" + name if name else None


def _channel(c: int) -> float:
    s = c / 255.0
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


@lru_cache(maxsize=2048)
def readable_on(bg: str) -> str:
    """Dark grey or white when one reaches WCAG AA on `bg`, else black or white."""
    for fg in (DARK, WHITE):
        if contrast(fg, bg) >= AA:
            return fg
    return BLACK if contrast(BLACK, bg) >= contrast(WHITE, bg) else WHITE


@lru_cache(maxsize=2048)
def readable_ink(fg: str, bg: str) -> str:
    return fg if contrast(fg, bg) >= AA else readable_on(bg)

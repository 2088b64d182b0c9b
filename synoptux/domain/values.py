"""The one way to read a whole number and a yes/no flag, from the database and from
synoptux.ini alike.

2.x left its values as text as often as numbers: `EN_Priorite=''` from 39 of its 53
macros, `EC_Replier` as '0'/'1' or '', `OUI`/`NON` in its ini. Both readers below take
any of these, and say what "not set" reads as: `""`, blanks and None are no number
(`whole_number` → None) and an unset flag is off (`read_flag` → False).
The database columns 2.x and the macros fill so read through `db.types.LegacyInt` and
`LegacyFlag`, which apply these on every read (no hand conversion at the read sites).
"""

from __future__ import annotations

import re

YES = frozenset({"oui", "o", "yes", "y", "true", "1", "vrai"})
NO = frozenset({"non", "n", "no", "false", "0", "faux", ""})
# Blanks around, an optional sign, ASCII digits only: "1_000" and other scripts' digits,
# which Python's int() takes, are not numbers a 2.x writer or a person meant.
_WHOLE = re.compile(r"\s*([+-]?[0-9]+)\s*", re.ASCII)


def whole_number(value: object) -> int | None:
    """`value` as a whole number, or None when it is not one.

    None, "" and blanks: None (not set). An int (or a bool: 0/1) as it is. Text: its
    digits, blanks around allowed ("12", " -3 "). Anything else ("1.5", "abc", 2.0,
    "1_000"): None."""
    if value is None:
        return None
    if isinstance(value, int):
        return int(value)
    m = _WHOLE.fullmatch(value.decode("latin-1") if isinstance(value, bytes) else str(value))
    return int(m.group(1)) if m else None


def read_flag(value: object) -> bool | None:
    """A yes/no value: True, False, or None when it says neither.

    Off: None, "" and blanks (not set), 0, and the words of NO (NON, no, false, faux...).
    On: any other whole number (as QSettings' toBool and 2.x's tinyint columns have it)
    and the words of YES (OUI, yes, true, vrai...). Words in any case, blanks around."""
    if value is None:
        return False
    number = whole_number(value)
    if number is not None:
        return number != 0
    word = (value.decode("latin-1") if isinstance(value, bytes) else str(value)).strip().lower()
    if word in YES:
        return True
    if word in NO:
        return False
    return None


def flag(value: object) -> bool:
    """A 0/1 column (EC_Replier, EC_Anonyme, ET_Tache_terminee...): on only when it says
    so (`read_flag`); not set ("", None) and unreadable values are off."""
    return read_flag(value) is True

"""How codes compare (box `BO_Code`, task `TA_Code_tache`, responsible `RE_Code`): one rule,
the same on every backend.

MariaDB compares text through the column's collation (`utf8mb4_unicode_ci`: case, accents
and trailing spaces ignored) while SQLite compares bytes, so `WHERE BO_Code = 's1'` found
box S1 on one backend and not on the other. Codes are therefore matched in Python, by one
rule: **surrounding spaces and case are ignored (Unicode case folding); everything else
counts, accents included.** `s1`, ` S1 ` and `S1` are box S1; `É1` and `E1` are two codes.
What is written is the catalogue's own spelling.
"""

from __future__ import annotations

from collections.abc import Iterable


def code_key(code: str | None) -> str:
    """The form two codes are compared in."""
    return (code or "").strip().casefold()


def same_code(a: str | None, b: str | None) -> bool:
    return code_key(a) == code_key(b)


def find_code(wanted: str | None, known: Iterable[str]) -> str | None:
    """The code of `known` that `wanted` names (its exact spelling first), or None."""
    key = code_key(wanted)
    if not key:
        return None
    match = None
    for code in known:
        if code == wanted:
            return code
        if match is None and code_key(code) == key:
            match = code
    return match

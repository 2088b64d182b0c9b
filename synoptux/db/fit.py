"""Make a row fit its table before it is written, on every backend and sql_mode.

MariaDB in strict mode refuses a value longer than its column; in `sql_mode=''` it
cuts it silently; SQLite stores it whole. So the same entry file, tap or admin edit
would fail, change or pass depending on the server. Every write of ours goes through
`fit_row` first: text longer than its column is cut to the column's width (counted in
characters, as MySQL counts `varchar(N)`), and the caller gets the list of cuts to
report (a warning in the history, in the entry file's warnings).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Integer, SmallInteger, String, Table

from synoptux.db.types import storage_type

# MySQL INT / SMALLINT (signed): what a strict server accepts in our integer columns.
_INT_RANGES = {SmallInteger: (-(2**15), 2**15 - 1), Integer: (-(2**31), 2**31 - 1)}


@dataclass(frozen=True)
class Cut:
    """One value that did not fit its column as given."""

    column: str
    width: int  # the column's width (characters), or 0 for a number out of range
    length: int  # the original value's length in characters (0 for a number)
    kept: object  # what is written instead

    def describe(self) -> str:
        if self.width:
            return f"{self.column}: {self.length} characters cut to {self.width}"
        return f"{self.column}: number out of range, not stored"


def column_width(table: Table, column: str) -> int | None:
    """The width of a text column in characters, or None (not text, or unbounded)."""
    kind = storage_type(table.c[column].type)
    return kind.length if isinstance(kind, String) else None


def fit_value(table: Table, column: str, value: object) -> tuple[object, Cut | None]:
    """`value` as it can be stored in `table.column`, and the cut made, if any."""
    if value is None:
        return None, None
    col_type = storage_type(table.c[column].type)
    if isinstance(col_type, String) and col_type.length and isinstance(value, str):
        if len(value) > col_type.length:
            kept = value[: col_type.length]
            return kept, Cut(column, col_type.length, len(value), kept)
        return value, None
    for kind, (low, high) in _INT_RANGES.items():
        if type(col_type) is kind and isinstance(value, int) and not isinstance(value, bool):
            if not low <= value <= high:
                return None, Cut(column, 0, 0, None)
            break
    return value, None


def fit_row(table: Table, values: Mapping[str, object]) -> tuple[dict[str, object], list[Cut]]:
    """Every value of `values` made to fit its column of `table`; the cuts made."""
    out: dict[str, object] = {}
    cuts: list[Cut] = []
    for name, value in values.items():
        kept, cut = fit_value(table, name, value)
        out[name] = kept
        if cut is not None:
            cuts.append(cut)
    return out, cuts


def describe_cuts(cuts: list[Cut]) -> str:
    """One line for the history (or a warning file): which values were cut, and how."""
    return "value cut to fit its column: " + "; ".join(c.describe() for c in cuts)

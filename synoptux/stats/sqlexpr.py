"""Dialect-specific SQL expressions used by the statistics queries.

Times are fetched as whole seconds since 2000-01-01 00:00 (naive local time,
as stored), computed by the database: that keeps a year of rows cheap to
fetch (plain integers, no datetime parsing per value) and sentinel dates of
2.x (year 1000) come back negative, which the readers treat as "not set".
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Integer, case, cast, func, literal_column

EPOCH = datetime(2000, 1, 1)
EPOCH_WEEKDAY = EPOCH.weekday()  # day n after EPOCH is weekday (n + EPOCH_WEEKDAY) % 7
_JULIAN_2000 = 2451544.5  # julianday('2000-01-01 00:00:00')
_TO_SECONDS_2000 = 63113904000  # TO_SECONDS('2000-01-01 00:00:00') in MySQL/MariaDB


def secs(col: ColumnElement, dialect: str) -> ColumnElement:
    """Seconds since EPOCH of a datetime column (negative or NULL when unset)."""
    if dialect == "sqlite":  # julianday() is about twice as fast as strftime('%s')
        return cast((func.julianday(col) - _JULIAN_2000) * 86400 + 0.5, Integer)
    # TO_SECONDS() costs MariaDB about half of TIMESTAMPDIFF() and gives the same value,
    # NULL for a zero date included (checked on every date of a year of history).
    return func.to_seconds(col) - literal_column(str(_TO_SECONDS_2000))


def to_secs(value: datetime) -> int:
    return int((value - EPOCH).total_seconds())


def from_secs(value: int) -> datetime:
    return EPOCH + timedelta(seconds=value)


def box_kind(col: ColumnElement, waiting: list[str], care: list[str]) -> ColumnElement:
    """1 for a waiting box, 2 for a care box, 3 for no box (NULL), 0 for any other."""
    return case(
        (col.is_(None), 3), (col.in_(waiting or [""]), 1), (col.in_(care or [""]), 2), else_=0
    )


def least(a: ColumnElement, b: object, dialect: str) -> ColumnElement:
    """The smaller of two numbers (SQLite's two-argument min(), LEAST() elsewhere)."""
    return func.min(a, b) if dialect == "sqlite" else func.least(a, b)

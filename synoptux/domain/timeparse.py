"""Tolerant reading of the datetimes found in legacy tables."""

from __future__ import annotations

import re
from datetime import date, datetime

from synoptux.domain.rules import SENTINEL_YEAR_LIMIT

_DB_DT = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,6}))?)?)?\s*$"
)


def parse_db_datetime(value: object) -> datetime | None:
    """Read a stored datetime; anything unset, zero, sentinel or garbled is None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime(value.year, value.month, value.day)
    else:
        if isinstance(value, bytes):
            value = value.decode("ascii", "replace")
        text = str(value)
        if len(text) == 19 and text[4] == "-" and text[10] == " ":  # the common stored form
            try:
                parsed = datetime.fromisoformat(text)
            except ValueError:
                parsed = None
            if parsed is not None:
                return parsed if parsed.year >= SENTINEL_YEAR_LIMIT else None
        m = _DB_DT.match(text)
        if not m:
            return None
        y, mo, d, h, mi, s, frac = m.groups()
        try:
            dt = datetime(
                int(y),
                int(mo),
                int(d),
                int(h or 0),
                int(mi or 0),
                int(s or 0),
                int((frac or "0").ljust(6, "0")),
            )
        except ValueError:  # 0000-00-00, 2024-02-31...
            return None
    if dt.year < SENTINEL_YEAR_LIMIT:
        return None
    return dt.replace(tzinfo=None, microsecond=0)


def format_db_datetime(value: datetime | None) -> str | None:
    """The storage form legacy writers use: 'yyyy-MM-dd hh:mm:ss'."""
    return None if value is None else value.strftime("%Y-%m-%d %H:%M:%S")

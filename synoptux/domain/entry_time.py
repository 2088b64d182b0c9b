"""Planned times written in entry files (the 2.x user manual, 4.1; docs/live-feeds.md).

DrTux writes a time of day (`10h20`, `10:20`, `9h05`, `10h`, `10H20`) or a full
date-time (`2026-11-23 10:20[:ss]`, `23/11/2026 10:20`, `23-11-2026 10:20:00`,
ISO `2026-11-23T10:20`).

The rule for a time of day (documented in docs/ingest.md):

    A time of day is taken on the day of the entry (the moment the file is
    applied). When that would put it more than 12 hours *before* the entry, it
    is tomorrow's: an entry at 23:40 with `Heure_Debut_Prevue=00h15` is planned
    for 00:15 the next day, while `10h20` written at 14:00 stays today 10:20 (a
    task already late, which is what the board must show).

Pure functions: no I/O, no clock; the reference time is passed in.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from synoptux.speech import translate

TOMORROW_THRESHOLD = timedelta(hours=12)

_TIME_OF_DAY = re.compile(r"^\s*(\d{1,2})\s*[hH:]\s*(\d{2})?\s*(?::\s*(\d{2}))?\s*$")
_ISO = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T]+(\d{1,2})\s*[:hH]\s*(\d{2})(?::(\d{2}))?\s*$"
)
_FRENCH = re.compile(
    r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})[ T]+(\d{1,2})\s*[:hH]\s*(\d{2})(?::(\d{2}))?\s*$"
)


class EntryTimeError(ValueError):
    """The text is not a time this module understands."""


def resolve_time_of_day(hour: int, minute: int, second: int, entry: datetime) -> datetime:
    """The datetime of a time of day written in a file applied at `entry`."""
    candidate = entry.replace(hour=hour, minute=minute, second=second, microsecond=0)
    if entry - candidate > TOMORROW_THRESHOLD:
        candidate += timedelta(days=1)
    return candidate


def parse_entry_time(raw: str | None, entry: datetime) -> datetime | None:
    """Read a planned time; None for an empty value; EntryTimeError when unreadable."""
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    m = _TIME_OF_DAY.match(text)
    if m:
        hour, minute, second = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise EntryTimeError(
                translate("Ingest", "{raw!r} is not a valid time of day").format(raw=raw)
            )
        return resolve_time_of_day(hour, minute, second, entry)
    m = _ISO.match(text)
    if m:
        y, mo, d, h, mi, s = m.groups()
        return _build(raw, int(y), int(mo), int(d), int(h), int(mi), int(s or 0))
    m = _FRENCH.match(text)
    if m:
        d, mo, y, h, mi, s = m.groups()
        return _build(raw, int(y), int(mo), int(d), int(h), int(mi), int(s or 0))
    raise EntryTimeError(
        translate(
            "Ingest", "{raw!r} is not a time (expected 10h20, 10:20, 10h or 2026-11-23 10:20)"
        ).format(raw=raw)
    )


def _build(raw: str, y: int, mo: int, d: int, h: int, mi: int, s: int) -> datetime:
    try:
        return datetime(y, mo, d, h, mi, s)
    except ValueError:
        raise EntryTimeError(
            translate("Ingest", "{raw!r} is not a valid date and time").format(raw=raw)
        ) from None

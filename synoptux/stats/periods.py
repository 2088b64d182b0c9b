"""The periods offered by the statistics window."""

from __future__ import annotations

from datetime import date, timedelta

PERIODS = ("today", "week", "month", "custom")


def month_before(day: date) -> date:
    """The same day one month earlier (the last day of that month when it is shorter)."""
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(d, day.day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def period(kind: str, today: date, custom: tuple[date, date] | None = None) -> tuple[date, date]:
    """(first, last) days, both included: today; the last 7 days; the last month (from the
    day after the same day last month); or the custom dates, put in order."""
    if kind == "today":
        return today, today
    if kind == "week":
        return today - timedelta(days=6), today
    if kind == "month":
        return month_before(today) + timedelta(days=1), today
    if kind == "custom" and custom is not None:
        first, last = custom
        return (first, last) if first <= last else (last, first)
    raise ValueError(f"unknown period {kind!r}")

"""The time-of-day rule of entry files (synoptux.domain.entry_time)."""

from __future__ import annotations

from datetime import datetime

import pytest

from synoptux.domain.entry_time import EntryTimeError, parse_entry_time

ENTRY = datetime(2026, 11, 23, 10, 0)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("10h20", datetime(2026, 11, 23, 10, 20)),
        ("10:20", datetime(2026, 11, 23, 10, 20)),
        ("9h05", datetime(2026, 11, 23, 9, 5)),
        ("10h", datetime(2026, 11, 23, 10, 0)),
        ("10H20", datetime(2026, 11, 23, 10, 20)),
        (" 14:05 ", datetime(2026, 11, 23, 14, 5)),
        ("10:20:30", datetime(2026, 11, 23, 10, 20, 30)),
        ("2026-11-24 08:30", datetime(2026, 11, 24, 8, 30)),
        ("2026-11-24 08:30:15", datetime(2026, 11, 24, 8, 30, 15)),
        ("2026-11-24T08:30", datetime(2026, 11, 24, 8, 30)),
        ("24/11/2026 08:30", datetime(2026, 11, 24, 8, 30)),
        ("24-11-2026 08h30", datetime(2026, 11, 24, 8, 30)),
    ],
)
def test_formats(raw: str, expected: datetime) -> None:
    assert parse_entry_time(raw, ENTRY) == expected


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_empty_is_none(raw: str | None) -> None:
    assert parse_entry_time(raw, ENTRY) is None


def test_late_task_written_earlier_today_stays_today() -> None:
    # Written at 14:00 for 10h20: a task already late, not tomorrow's.
    assert parse_entry_time("10h20", datetime(2026, 11, 23, 14, 0)) == datetime(
        2026, 11, 23, 10, 20
    )


def test_just_after_midnight_is_tomorrow() -> None:
    assert parse_entry_time("00h15", datetime(2026, 11, 23, 23, 40)) == datetime(
        2026, 11, 24, 0, 15
    )


def test_twelve_hour_boundary() -> None:
    entry = datetime(2026, 11, 23, 22, 0)
    # exactly 12 h before: still today; one minute more: tomorrow
    assert parse_entry_time("10h00", entry) == datetime(2026, 11, 23, 10, 0)
    assert parse_entry_time("09h59", entry) == datetime(2026, 11, 24, 9, 59)


def test_month_and_year_roll_over() -> None:
    assert parse_entry_time("01:00", datetime(2026, 12, 31, 23, 0)) == datetime(2027, 1, 1, 1, 0)


@pytest.mark.parametrize(
    "raw", ["25h00", "10h61", "dix heures", "10", "2026-02-31 10:00", "1O:2O", "10h20 demain"]
)
def test_unreadable(raw: str) -> None:
    with pytest.raises(EntryTimeError):
        parse_entry_time(raw, ENTRY)

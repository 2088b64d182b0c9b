"""The pieces the fast year relies on: the presence sweep, the waiting histogram, and the SQL
time arithmetic (same integers as Python on SQLite and on MariaDB)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import literal, select

from synoptux.stats.compute import histogram_minutes, presence_peaks
from synoptux.stats.queries import MOVE_SHIFT, move_parts
from synoptux.stats.sqlexpr import least, secs, to_secs

H = 3600


def test_a_bed_freed_and_taken_in_the_same_second_is_not_two_patients() -> None:
    assert presence_peaks([(0, 100), (100, 200)], 0, H) == [1]
    assert presence_peaks([(0, 101), (100, 200)], 0, H) == [2]


def test_presence_at_hour_boundaries_and_instant_stays() -> None:
    # Present before the window, leaving exactly at the start of the second hour.
    assert presence_peaks([(-500, H)], 0, 2 * H) == [1, 0]
    # Arriving exactly at the start of the second hour counts there only.
    assert presence_peaks([(H, 2 * H)], 0, 2 * H) == [0, 1]
    # An instant stay (or an end before the entry) still counts at its hour.
    assert presence_peaks([(30, 30), (30, 10)], 0, H) == [2]
    assert presence_peaks([(30, 30), (40, 10)], 0, H) == [1]
    # Three overlapping stays in hour 1, two of them gone before the third arrives in hour 2.
    assert presence_peaks(
        [(H + 10, H + 20), (H + 15, 2 * H + 5), (2 * H + 5, 3 * H)], 0, 3 * H
    ) == [
        0,
        2,
        1,
    ]


def test_waiting_histogram_bounds() -> None:
    counts = dict(histogram_minutes([0, 899, 900, 1799, 1800, 21599, 21600, 99999]))
    assert counts == {
        "0-15": 2,
        "15-30": 2,
        "30-60": 1,
        "60-90": 0,
        "90-120": 0,
        "120-180": 0,
        "180-240": 0,
        "240-360": 1,
        "360+": 2,
    }


def test_moves_sort_by_stay_then_time_then_entry_first() -> None:
    def move(stay: int, when: int, entry: bool, kind: int, before: int) -> int:
        return (stay << MOVE_SHIFT) + when * 32 + (0 if entry else 16) + kind * 4 + before

    moves = [move(2, 5, False, 2, 1), move(2, 5, True, 1, 3), move(1, 9, False, 2, 1)]
    assert sorted(moves) == [moves[2], moves[1], moves[0]]
    assert move_parts(moves[0]) == (5, False, 2, 1)
    assert move_parts(moves[1]) == (5, True, 1, 3)
    assert moves[0] >> MOVE_SHIFT == 2


def test_sql_time_arithmetic_matches_python(db) -> None:
    d = db.dialect
    end, start = datetime(2026, 11, 23, 10, 59, 59), datetime(2026, 11, 22, 23, 0, 1)
    e = secs(literal(end, db.tables.encours.c.EC_HeureEntree.type), d)
    s = secs(literal(start, db.tables.encours.c.EC_HeureEntree.type), d)
    with db.connect() as conn:
        row = conn.execute(select(e, s, least(e - s, 1000, d), least(e - s + 1, 10**9, d))).one()
    assert tuple(int(v) for v in row) == (
        to_secs(end),
        to_secs(start),
        1000,
        to_secs(end) - to_secs(start) + 1,
    )

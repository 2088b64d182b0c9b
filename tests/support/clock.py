"""The tests' reference time: the board's day and hour most tests write at."""

from __future__ import annotations

from datetime import datetime

T0 = datetime(2026, 11, 23, 10, 0, 0)

"""bench/gen_history.py writes data the statistics read back consistently."""

from __future__ import annotations

import importlib.util
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select

from synoptux.db.engine import Database
from synoptux.stats.report import compute_stats

GEN = Path(__file__).resolve().parents[2] / "bench" / "gen_history.py"


def _gen():
    spec = importlib.util.spec_from_file_location("gen_history", GEN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_small_year_is_consistent(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'year.db'}"
    gen = _gen()
    assert gen.main(["--db", url, "--stays", "600", "--end", "2026-11-23 10:00"]) == 0
    assert gen.main(["--db", url, "--stays", "10"]) == 2  # refuses to mix with a history
    db = Database.from_url(url)
    t = db.tables
    with db.connect() as conn:
        history = conn.execute(select(func.count()).select_from(t.historique)).scalar()
        archived = conn.execute(select(func.count()).select_from(t.encours_archive)).scalar()
        live = conn.execute(select(func.count()).select_from(t.encours)).scalar()
    assert archived + live == 600
    assert history > 20 * 600  # over a million for the default 40,000 stays
    r = compute_stats(
        db, date(2025, 11, 23), date(2026, 11, 23), now=datetime(2026, 11, 23, 10, 0), threshold=15
    )
    assert r.value("stays_entered") == 600
    assert r.value("exits") + r.value("still_present") == 600
    assert r.value("left_without_care") > 0  # the 2 % who leave the waiting room
    waited = r.value("waited_then_care") + r.value("direct_to_care")
    assert waited + r.value("left_without_care") + r.value("still_waiting") == 600
    durations = dict(
        zip(r.tables["task_durations"].columns, r.tables["task_durations"].row("*"), strict=True)
    )
    assert durations["n"] == r.value("acts")  # every act of the year has its duration
    assert durations["never_finished"] > 0
    assert 1 <= durations["median_min"] <= 240
    db.dispose()


def test_arrivals_follow_the_hour_of_day() -> None:
    import random

    gen = _gen()
    end = datetime(2026, 11, 23, 10, 0)
    times = gen.arrivals(random.Random(1), datetime(2025, 11, 23, 10, 0), end, 20000)
    assert min(times) >= datetime(2025, 11, 23, 10, 0) and max(times) <= end
    by_hour = [0] * 24
    for t in times:
        by_hour[t.hour] += 1
    assert by_hour[11] > 4 * by_hour[4]  # late morning busy, small hours quiet
    assert sum(by_hour[10:20]) > sum(by_hour) / 2

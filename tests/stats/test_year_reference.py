"""A generated year plus odd rows: the figures of the fast packed reads equal those of a plain
row-by-row computation in Python, on SQLite and on MariaDB."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import select

from synoptux.db.engine import Database
from synoptux.domain.model import BoxType
from synoptux.stats.catalogue import StatsCatalogue
from synoptux.stats.compute import Summary
from synoptux.stats.report import compute_stats
from tests.stats.test_gen_history import _gen

FIRST, LAST = date(2025, 11, 24), date(2026, 11, 23)
LO, HI = datetime(2025, 11, 24), datetime(2026, 11, 24)
NOW = datetime(2026, 11, 23, 10, 0)
OLD = datetime(1000, 1, 1)  # the 2.x "not set" sentinel


def _odd_tasks(db: Database) -> None:
    """Tasks the generator never writes: start after the end, sentinel start, no code, a code
    not in the catalogue, sentinel planned end, never finished with a sentinel end."""
    at = datetime(2026, 3, 10, 14, 0)
    rows = [
        # (code, state, start, end, planned end)
        ("ECG", "80", at + timedelta(minutes=5), at, None),
        ("ECG", "80", OLD, at, at),
        (None, "", at - timedelta(minutes=30), at, at - timedelta(minutes=40)),
        ("ZZZ", "80", at - timedelta(hours=3), at, None),
        ("ECG", "80", at - timedelta(minutes=15), at, OLD),
        ("ECG", "80", at - timedelta(minutes=5), at, OLD),
        ("BIO S", None, at - timedelta(minutes=1), at, at + timedelta(minutes=1)),
        ("RX TH", "20", at - timedelta(hours=1), OLD, None),
        ("RX TH", "20", at - timedelta(hours=1), None, None),
    ]
    a = db.tables.encours_taches_archive
    with db.engine.begin() as conn:
        for n, (code, state, start, end, planned) in enumerate(rows):
            conn.execute(
                a.insert().values(
                    EN_Num_tache=900_000 + n,
                    EN_PK_encours=1,
                    EN_Code_tache=code,
                    EN_Etat_en_cours=state,
                    EN_HeureDebut=start,
                    EN_HeureFin=end,
                    EN_HeureFinPrevue=planned,
                    AT_Date_archive=at + timedelta(hours=2),
                )
            )


def _reference_tasks(db: Database, cat: StatsCatalogue) -> dict:
    per_code: dict[str, dict] = defaultdict(
        lambda: {"durations": [], "exceeded": 0, "deadline": 0, "no_start": 0, "acts": 0}
    )
    per_day: Counter = Counter()
    per_hour: Counter = Counter()
    never: Counter = Counter()
    t = db.tables
    with db.connect() as conn:
        for table in (t.encours_taches_archive, t.encours_taches):
            c = table.c
            for code, start, end, planned in conn.execute(
                select(c.EN_Code_tache, c.EN_HeureDebut, c.EN_HeureFin, c.EN_HeureFinPrevue)
            ):
                if end is None or not LO <= end < HI:
                    continue
                f = per_code[code or "?"]
                f["acts"] += 1
                per_day[end.date().isoformat()] += 1
                per_hour[end.hour] += 1
                if start is None or start > end:
                    f["no_start"] += 1
                    continue
                seconds = int((end - start).total_seconds())
                f["durations"].append(seconds)
                max_s = cat.task_max_minutes.get(code or "?", 0) * 60
                if planned is not None:
                    f["deadline"] += 1
                    f["exceeded"] += end > planned
                elif max_s:
                    f["deadline"] += 1
                    f["exceeded"] += seconds > max_s
        a = t.encours_taches_archive.c
        for code, end, archived in conn.execute(
            select(a.EN_Code_tache, a.EN_HeureFin, a.AT_Date_archive)
        ):
            if end is None and LO <= archived < HI:
                never[code or "?"] += 1
    return {"per_code": per_code, "per_day": per_day, "per_hour": per_hour, "never": never}


def _reference_stays(db: Database, cat: StatsCatalogue) -> dict:
    exits_boxes = {c for c, ty in cat.box_types.items() if ty is BoxType.EXIT}
    lengths: list[int] = []
    present = 0
    heat: Counter = Counter()
    exits: Counter = Counter()
    t = db.tables
    with db.connect() as conn:
        for table, archived in ((t.encours_archive, True), (t.encours, False)):
            c = table.c
            cols = [c.EC_CodeBox, c.EC_HeureEntree, c.EC_HeureSortie, c.EC_Destination]
            if archived:
                cols.append(c.AR_Date_archive)
            for row in conn.execute(select(*cols)):
                box, entry, out, dest = row[:4]
                gone = row[4] if archived else None
                end = out if box in exits_boxes and out is not None else gone
                if end is not None and LO <= end < HI and (not archived or gone >= LO):
                    exits[(dest or "").strip() or "(none)"] += 1
                if entry is None or not LO <= entry < HI:
                    continue
                heat[(entry.weekday(), entry.hour)] += 1
                if end is None:
                    present += 1
                else:
                    lengths.append(max(0, int((end - entry).total_seconds())))
    return {"lengths": lengths, "present": present, "heat": heat, "exits": exits}


def test_fast_figures_equal_a_row_by_row_computation(backend_url) -> None:
    gen = _gen()
    assert gen.main(["--db", backend_url, "--stays", "400", "--end", "2026-11-23 10:00"]) == 0
    db = Database.from_url(backend_url)
    try:
        _odd_tasks(db)
        with db.connect() as conn:
            cat = StatsCatalogue.load(conn, db.tables)
        r = compute_stats(db, FIRST, LAST, now=NOW, threshold=15)
        ref = _reference_tasks(db, cat)

        durations = {row[0]: row for row in r.tables["task_durations"].rows}
        assert set(durations) == {"*", *ref["per_code"]}
        everything: list[int] = []
        for code, f in ref["per_code"].items():
            everything += f["durations"]
            pct = round(100.0 * f["exceeded"] / f["deadline"], 1) if f["deadline"] else None
            expected = [*Summary.of_seconds(f["durations"]).cells(), f["exceeded"], pct]
            assert durations[code][2:8] == expected, code
            assert durations[code][8] == ref["never"].get(code, 0), code
            assert durations[code][10] == f["no_start"], code
        assert durations["*"][2:6] == Summary.of_seconds(everything).cells()
        assert durations["ZZZ"][2] == 1 and durations["?"][2] == 1
        assert durations["ECG"][10] >= 2  # start after the end, sentinel start
        assert r.value("tasks_never_finished") == sum(ref["never"].values())

        acts = {row[0]: row[2] for row in r.tables["acts_by_task"].rows}
        assert acts == {code: f["acts"] for code, f in ref["per_code"].items()}
        assert dict(r.tables["acts_by_day"].rows) == {
            (FIRST + timedelta(days=i)).isoformat(): ref["per_day"].get(
                (FIRST + timedelta(days=i)).isoformat(), 0
            )
            for i in range((LAST - FIRST).days + 1)
        }
        assert [row[1] for row in r.tables["acts_by_hour"].rows] == [
            ref["per_hour"][h] for h in range(24)
        ]
        stress = {row[0]: row for row in r.tables["durations_stress"].rows}
        for code, f in ref["per_code"].items():
            assert stress[code][2] + stress[code][6] == len(f["durations"]), code

        stays = _reference_stays(db, cat)
        los = r.tables["length_of_stay"].rows[0]
        assert los[:5] == [*Summary.of_seconds(stays["lengths"]).cells(), stays["present"]]
        days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        assert r.tables["arrivals_heatmap"].rows == [
            [
                days[d],
                *[stays["heat"][(d, h)] for h in range(24)],
                sum(stays["heat"][(d, h)] for h in range(24)),
            ]
            for d in range(7)
        ]
        assert dict(r.tables["exits_by_destination"].rows) == dict(stays["exits"])
    finally:
        db.dispose()

"""How long a transaction holding one patient row delays the other writers (MariaDB).

    .venv/bin/python bench/lock_wait.py [--hold 15] [--mysql mysql+pymysql://root@127.0.0.1:3306]

A "macro" opens a transaction, updates one patient row and keeps it uncommitted for
`--hold` seconds (15 s: a MedinTux dialog left open). Meanwhile, on their own connections,
unrelated writers work as they do all day, each kind in turn, every 0.25 s:

- macro: the MedinTux macro's INSERT INTO encours + encours_taches (autocommit);
- tap: a board action on another patient (`BoardService.set_comment`);
- entry: an entry file applied (`EntryService.apply`, with its ledger row);
- check: a board's change-feed check and reload (`BoardFeed.check`).

The same writes are first timed without the holder (baseline). Prints JSON: per kind, the
median and worst time without and with the holder, and the worst extra delay. The budget:
a held row delays unrelated writes by less than 100 ms. With schema version 1
(one revision row bumped by every trigger) each of them waited for the holder (up to
innodb_lock_wait_timeout, 50 s).

SQLite is not measured: one write transaction at a time is its design (the embedded,
one-screen database); MedinTux macros write to MariaDB.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text

from synoptux.db.engine import Database
from synoptux.db.schema import ensure_schema
from synoptux.domain.clock import SystemClock
from synoptux.services.board import BoardService
from synoptux.services.entries import EntryService
from synoptux.services.entries_types import NewEntry, NewTask
from synoptux.services.live import BoardFeed
from synoptux.services.seed import seed_reference

BUDGET_MS = 100
KINDS = ("macro", "tap", "entry", "check")


def _patient(db: Database, name: str) -> int:
    t = db.tables
    with db.engine.begin() as conn:
        return conn.execute(
            t.encours.insert().values(
                EC_CodeBox="A1", EC_NomPatient=name, EC_HeureEntree=datetime.now()
            )
        ).inserted_primary_key[0]


class Writers:
    def __init__(self, url: str, other: int) -> None:
        self.macro = create_engine(url)
        self.db = Database.from_url(url)
        self.board = BoardService(self.db, SystemClock(), actor="bench")
        self.entries = EntryService(self.db, default_box="A1", actor="bench")
        self.feed = BoardFeed(Database.from_url(url), SystemClock())
        self.feed.check()
        self.other = other
        self.n = 0

    def run(self, kind: str) -> float:
        self.n += 1
        t0 = time.perf_counter()
        if kind == "macro":
            guid = uuid.uuid4().hex
            with self.macro.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO encours (EC_CodeBox,EC_NomPatient,EC_GUIDPatient,"
                        "EC_HeureEntree) VALUES ('A1','MACRO',:g,NOW())"
                    ),
                    {"g": guid},
                )
                pk = conn.execute(
                    text("SELECT EC_PK FROM encours WHERE EC_GUIDPatient=:g"), {"g": guid}
                ).scalar()
                conn.execute(
                    text(
                        "INSERT INTO encours_taches (EN_PK_encours,EN_Code_tache,EN_Priorite) "
                        "VALUES (:pk,'ECG','1')"
                    ),
                    {"pk": pk},
                )
        elif kind == "tap":
            self.board.set_comment(self.other, f"tap {self.n}")
        elif kind == "entry":
            self.entries.apply(
                NewEntry(last_name="ENTREE", tasks=(NewTask(code="ECG"),)),
                now=datetime.now().replace(microsecond=0),
                ledger_key=uuid.uuid4().hex,
                file_name="bench.txt",
            )
        else:
            self.feed.request_reload()
            self.feed.check()
        return time.perf_counter() - t0

    def dispose(self) -> None:
        self.macro.dispose()
        self.db.dispose()
        self.feed.db.dispose()


def _series(writers: Writers, seconds: float) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {k: [] for k in KINDS}
    end = time.monotonic() + seconds
    i = 0
    while time.monotonic() < end or i < len(KINDS):  # each kind at least once
        kind = KINDS[i % len(KINDS)]
        out[kind].append(writers.run(kind))
        i += 1
        time.sleep(0.25)
    return out


def measure(url: str, hold: float) -> dict:
    db = Database.from_url(url)
    ensure_schema(db)
    seed_reference(db)
    held, other = _patient(db, "HELD"), _patient(db, "OTHER")
    writers = Writers(url, other)
    baseline = _series(writers, min(hold, 8.0))
    holder = create_engine(url)
    holding, release = threading.Event(), threading.Event()

    def hold_row() -> None:
        with holder.begin() as conn:
            conn.execute(
                text("UPDATE encours SET EC_Commentaire='macro' WHERE EC_PK=:pk"), {"pk": held}
            )
            holding.set()
            release.wait(hold)  # commits after `hold` seconds, whatever the others do

    th = threading.Thread(target=hold_row)
    th.start()
    holding.wait(10)
    try:
        during = _series(writers, hold)
    finally:
        release.set()
        th.join(60)
        holder.dispose()
        writers.dispose()
        db.dispose()
    report = {}
    worst_extra = 0.0
    for kind in KINDS:
        base_ms = [v * 1000 for v in baseline[kind]]
        with_ms = [v * 1000 for v in during[kind]]
        extra = max(with_ms) - statistics.median(base_ms)
        worst_extra = max(worst_extra, extra)
        report[kind] = {
            "n": len(with_ms),
            "baseline_median_ms": round(statistics.median(base_ms), 1),
            "baseline_max_ms": round(max(base_ms), 1),
            "held_median_ms": round(statistics.median(with_ms), 1),
            "held_max_ms": round(max(with_ms), 1),
            "worst_extra_delay_ms": round(extra, 1),
        }
    return {
        "hold_s": hold,
        "kinds": report,
        "worst_extra_delay_ms": round(worst_extra, 1),
        "budget_ms": BUDGET_MS,
        "within_budget": worst_extra < BUDGET_MS,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hold", type=float, default=15.0)
    ap.add_argument(
        "--mysql",
        default=os.environ.get("SYNOPTUX_TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306"),
    )
    args = ap.parse_args()
    server = args.mysql.rstrip("/")
    admin = create_engine(server + "/", isolation_level="AUTOCOMMIT")
    name = f"stx_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
    try:
        report = measure(f"{server}/{name}?charset=utf8mb4", args.hold)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
        admin.dispose()
    report["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, indent=2), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

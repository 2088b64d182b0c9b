"""Time every statistic over a year of history (fill it first with bench/gen_history.py).

    .venv/bin/python bench/stats_speed.py --db sqlite:///var/year.db
    .venv/bin/python bench/stats_speed.py --db mysql+pymysql://root@127.0.0.1:3306/stx_year

Prints the timings as JSON: each period (year, month, week, day) computed `--runs`
times; the budget is 2 s for the whole year on SQLite and on MariaDB.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select

from synoptux.db.engine import Database
from synoptux.db.schema import ensure_schema
from synoptux.stats.history import search_stays, stay_events
from synoptux.stats.report import compute_stats

BUDGET_S = 2.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--prefix", default="")
    ap.add_argument("--end", default="2026-11-23", help="last day of the year measured")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threshold", type=int, default=15)
    ap.add_argument(
        "--periods", default="year,month,week,day", help="comma-separated: year,month,week,day"
    )
    args = ap.parse_args(argv)
    db = Database.from_url(args.db, args.prefix)
    report = ensure_schema(db)  # creates the indexes the statistics rely on
    last = date.fromisoformat(args.end)
    now = datetime.combine(last, datetime.min.time()) + timedelta(hours=10)
    with db.connect() as conn:
        rows = {
            name: conn.execute(select(func.count()).select_from(getattr(db.tables, name))).scalar()
            for name in ("historique", "encours_archive", "encours_taches_archive")
        }
    out: dict[str, object] = {
        "backend": db.dialect,
        "rows": rows,
        "budget_s": BUDGET_S,
        "indexes_created": report.created_indexes,
        "periods": {},
    }
    spans = {"year": 364, "month": 30, "week": 6, "day": 0}
    periods = {p: spans[p] for p in args.periods.split(",")}
    server = _server_cpu if db.dialect != "sqlite" else None
    out["load_average_before"] = [round(x, 2) for x in os.getloadavg()]
    ok = True
    for name, span in periods.items():
        runs, cpu, server_cpu = [], [], []
        detail = {}
        for _ in range(args.runs):
            began_server = server() if server else None
            began, began_cpu = time.perf_counter(), time.process_time()
            result = compute_stats(
                db, last - timedelta(days=span), last, now=now, threshold=args.threshold
            )
            runs.append(round(time.perf_counter() - began, 3))
            cpu.append(round(time.process_time() - began_cpu, 3))
            if began_server is not None:
                ended_server = server()
                if ended_server is not None:
                    server_cpu.append(round(ended_server - began_server, 3))
            detail = result.timings_ms
        out["periods"][name] = {
            "seconds": runs,
            "best": min(runs),
            # CPU time of this process: the wall time on an idle machine, less the
            # server's own work (MariaDB runs in another process).
            "cpu_seconds": cpu,
            "worst": max(runs),
            "steps_ms": detail,
            "stays": result.value("stays_entered"),
            "acts": result.value("acts"),
        }
        if server_cpu:
            # CPU time of a MariaDB server on this machine (all its clients, so other
            # helpers' queries too): ours plus the server's is the work on a shared machine.
            out["periods"][name]["server_cpu_seconds"] = server_cpu
        ok = ok and max(runs) <= BUDGET_S
    began = time.perf_counter()
    found = search_stays(db, "MARTIN Léa")
    search_s = time.perf_counter() - began
    began = time.perf_counter()
    if found and found[0].archive_id is not None:
        stay_events(db, found[0].archive_id)
    out["history"] = {
        "search_s": round(search_s, 3),
        "found": len(found),
        "stay_events_s": round(time.perf_counter() - began, 3),
    }
    out["within_budget"] = ok
    out["load_average"] = [round(x, 2) for x in os.getloadavg()]
    out["cpus"] = os.cpu_count()
    print(json.dumps(out, indent=2))
    db.dispose()
    return 0 if ok else 1


def _server_cpu() -> float | None:
    """CPU seconds used so far by a MariaDB/MySQL server running on this machine (Linux),
    or None when there is none to read."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if (proc / "comm").read_text().strip() not in ("mariadbd", "mysqld"):
                continue
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return None


if __name__ == "__main__":
    sys.exit(main())

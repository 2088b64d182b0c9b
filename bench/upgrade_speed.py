"""How long `synoptux upgrade` takes on a 2.x site of a given size (MariaDB).

    .venv/bin/python bench/upgrade_speed.py [--patients 3000] [--history 60000]
        [--server mysql+pymysql://root@127.0.0.1:3306]

Builds a throw-away 2.x database in the original's shapes (tests/upgrade/legacy_db.py:
MyISAM, latin1, varchar(45) columns, per-patient task numbers), upgrades it (backup
included), prints JSON with the row count, the time of each step and the load average, and
drops the database.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from synoptux.db.upgrade import open_for_upgrade, upgrade  # noqa: E402
from tests.upgrade.legacy_db import build_legacy  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--patients", type=int, default=3000)
    ap.add_argument("--history", type=int, default=60000)
    ap.add_argument("--charset", default="latin1", choices=("latin1", "utf8"))
    ap.add_argument("--server", default=os.environ.get("SYNOPTUX_TEST_MYSQL_URL", ""))
    args = ap.parse_args()
    if not args.server:
        print("give --server or set SYNOPTUX_TEST_MYSQL_URL", file=sys.stderr)
        return 2
    server = args.server.rstrip("/")
    name = f"stx_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server + "/", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        cs = "latin1" if args.charset == "latin1" else "utf8mb3"
        conn.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET {cs}"))
    url = f"{server}/{name}?charset=utf8mb4"
    try:
        load_before = os.getloadavg()
        facts = build_legacy(
            url, "synopt_", args.charset, patients=args.patients, history=args.history
        )
        steps: list[tuple[str, float]] = []
        t0 = time.perf_counter()

        def out(line: str) -> None:
            steps.append((line.strip(), round(time.perf_counter() - t0, 2)))

        db = open_for_upgrade(url, "synopt_")
        with tempfile.TemporaryDirectory() as backups:
            try:
                upgrade(db, Path(backups), out=out)
            finally:
                db.dispose()
        total = time.perf_counter() - t0
        print(
            json.dumps(
                {
                    "rows": sum(facts.counts.values()),
                    "patients": args.patients,
                    "history": args.history,
                    "seconds": round(total, 1),
                    "load_before": [round(x, 2) for x in load_before],
                    "load_after": [round(x, 2) for x in os.getloadavg()],
                    "steps": [s for s in steps if s[0].startswith(("step", "column", "upgrade"))],
                },
                ensure_ascii=False,
                indent=1,
            )
        )
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
        admin.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""CPU used by the idle board window with 20 late tasks blinking (budget: 3 % of one core).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/idle_cpu.py [--seconds 60] [--no-feed]

Builds a fresh SQLite demo board (reference set + demo patients), adjusts it to
exactly `--late` late tasks, opens the real board window (`ui.main_window`) at
1920x1080 offscreen with the system clock — blink controller, alarm monitor,
alarm strip and, unless `--no-feed`, the live database feed all running — lets
it settle, then measures the process CPU time over `--seconds` of wall time.

Prints JSON: seconds, cpu_percent_of_one_core, late_tasks, blinking widgets,
blink ticks seen, widgets created while idle (must be 0), budget and verdict.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.db.schema import ensure_schema
from synoptux.domain.alarms import late_items, refresh_lateness
from synoptux.domain.clock import SystemClock
from synoptux.domain.model import BoxType
from synoptux.services.seed import seed_demo, seed_reference
from synoptux.services.snapshot import load_board

BUDGET_PERCENT = 3.0


def adjust_late_tasks(db: Database, clock: SystemClock, wanted: int, horizon: float) -> int:
    """Make exactly `wanted` tasks late for the next `horizon` seconds: extra ones and
    those about to become late are pushed 3 h ahead, missing ones added (planned to
    start 5 to 60 min ago) to unfolded patients of care and waiting boxes."""
    t = db.tables
    now = clock.now()
    soon = now + timedelta(seconds=horizon)
    board = load_board(db, now)
    items = late_items(board, now)
    late_ids = {i.task_id for i in items}
    becoming_late = {i.task_id for i in late_items(refresh_lateness(board, soon), soon)} - late_ids
    extra = [i.task_id for i in items[wanted:]] + sorted(becoming_late)
    if extra:
        later = now + timedelta(hours=3)

        def push(conn) -> None:
            for task_id in extra:
                conn.execute(
                    t.encours_taches.update()
                    .where(t.encours_taches.c.EN_Num_tache == task_id)
                    .values(EN_HeureDebPrevue=later, EN_HeureFinPrevue=later, EN_HeureDebut=None)
                )

        db.transaction(push)
    missing = wanted - min(len(items), wanted)
    if missing > 0:
        board = load_board(db, now)
        hosts = [
            p.id
            for box in board.boxes
            if box.type in (BoxType.CARE, BoxType.WAITING)
            for p in box.patients
            if not p.folded
        ]
        with db.connect() as conn:
            codes = [r[0] for r in conn.execute(select(t.taches.c.TA_Code_tache)).all()]

        def add(conn) -> None:
            for i in range(missing):
                conn.execute(
                    t.encours_taches.insert().values(
                        EN_PK_encours=hosts[i % len(hosts)],
                        EN_Code_tache=codes[i % len(codes)],
                        EN_HeureDebPrevue=now - timedelta(minutes=5 + 3 * i),
                        EN_Etat_en_cours="10",
                    )
                )

        db.transaction(add)
    now = clock.now()
    return len(late_items(load_board(db, now), now))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--late", type=int, default=20)
    ap.add_argument("--warmup", type=float, default=3.0)
    ap.add_argument("--no-feed", action="store_true", help="measure without the live DB feed")
    args = ap.parse_args(argv)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from synoptux.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    clock = SystemClock()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.from_url(f"sqlite:///{Path(tmp) / 'idle.db'}")
        ensure_schema(db)
        seed_reference(db)
        seed_demo(db, clock.now())
        late = adjust_late_tasks(db, clock, args.late, args.warmup + args.seconds + 30)
        settings = Settings.from_text("[Affichage]\nClignotement=OUI\n")
        window = MainWindow(db, settings, clock, live=not args.no_feed)
        if args.no_feed:
            window.parts.monitor.start()  # live=False starts nothing: start the alarms only
        window.resize(1920, 1080)
        window.show()
        blink = window.parts.blink
        ticks = {"n": 0}
        blink.sig_tick.connect(lambda _phase: ticks.__setitem__("n", ticks["n"] + 1))

        def run_for(seconds: float) -> None:
            QTimer.singleShot(int(seconds * 1000), app.quit)
            app.exec()

        run_for(args.warmup)
        widgets_before = len(QApplication.allWidgets())
        ticks["n"] = 0
        cpu0, wall0 = time.process_time(), time.perf_counter()
        ru0 = resource.getrusage(resource.RUSAGE_SELF)
        run_for(args.seconds)
        cpu1, wall1 = time.process_time(), time.perf_counter()
        ru1 = resource.getrusage(resource.RUSAGE_SELF)
        widgets_after = len(QApplication.allWidgets())
        late_end = len(late_items(window.controller.current_board, clock.now()))
        wall = wall1 - wall0
        cpu_percent = 100.0 * (cpu1 - cpu0) / wall
        result = {
            "seconds": round(wall, 1),
            "cpu_percent_of_one_core": round(cpu_percent, 2),
            "cpu_seconds": round(cpu1 - cpu0, 3),
            "user_seconds": round(ru1.ru_utime - ru0.ru_utime, 3),
            "system_seconds": round(ru1.ru_stime - ru0.ru_stime, 3),
            "late_tasks": late,
            "late_tasks_at_end": late_end,
            "blinking_widgets": len(blink.late_widgets()),
            "blink_ticks": ticks["n"],
            "widgets_created_while_idle": max(0, widgets_after - widgets_before),
            "live_feed": not args.no_feed,
            "patients": len(window.controller.rows),
            "budget_percent": BUDGET_PERCENT,
            "within_budget": cpu_percent <= BUDGET_PERCENT,
        }
        window.close()
        db.dispose()
    print(json.dumps(result))
    return 0 if result["within_budget"] else 1


if __name__ == "__main__":
    sys.exit(main())

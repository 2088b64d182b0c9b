"""A nurse's tap to its outcome on screen, through the board's database thread.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/tap_latency.py [--trials 50]
        [--backend sqlite|mysql|both] [--mysql mysql+pymysql://root@127.0.0.1:3306]

For each backend: a fresh database with the reference set and the 25 demo patients, the
real board window (offscreen, no live feed), and `BoardActions.toggle_folded` as a tap
calls it. Measured from the call, on the GUI thread, to `BoardActions.sig_outcome`, which
is emitted after the board the action changed is applied to the cards:

- applied: a healthy database (budget: 100 ms, architecture.md);
- busy: a second real connection holds the patient's row (MariaDB: SELECT ... FOR UPDATE
  in an open transaction) or the file's write lock (SQLite: BEGIN IMMEDIATE); the
  outcome must say "busy" within 1 s;
- no answer: the database thread is held by a statement that does not return; the
  outcome must say "does not answer" within 1 s (the tap itself is then dropped).

Prints JSON: p50/p95/max in milliseconds per backend and outcome.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QApplication
from sqlalchemy import create_engine, text

from synoptux.config import Settings
from synoptux.db.engine import WRITE_OPTION, Database
from synoptux.db.schema import ensure_schema
from synoptux.domain.clock import SystemClock
from synoptux.services.seed import seed_demo, seed_reference
from synoptux.ui.main_window import MainWindow


def _stats(values: list[float]) -> dict:
    ms = sorted(v * 1000 for v in values)
    return {
        "n": len(ms),
        "p50": round(statistics.median(ms), 1),
        "p95": round(ms[min(len(ms) - 1, int(len(ms) * 0.95))], 1),
        "max": round(ms[-1], 1),
    }


def _tap(win: MainWindow, pid: int, expect: str, timeout: float = 5.0) -> float:
    got: list[tuple[str, float]] = []

    def on_outcome(kind: str, _what: object) -> None:
        got.append((kind, time.perf_counter()))

    win.board_actions.sig_outcome.connect(on_outcome)
    start = time.perf_counter()
    win.board_actions.toggle_folded(pid)
    end = start + timeout
    while not got and time.perf_counter() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    if not got or got[0][0] != expect:  # what came, and when (a late outcome too)
        end = time.perf_counter() + 3
        while time.perf_counter() < end:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        seen = [(k, round(t - start, 3)) for k, t in got]
        raise RuntimeError(f"expected {expect}, got {seen}")
    win.board_actions.sig_outcome.disconnect(on_outcome)
    if win.board_actions.last_dialog is not None and expect != "applied":
        win.board_actions.last_dialog.close()
    win.runner.wait_idle()
    return got[0][1] - start


def run_backend(url: str, trials: int) -> dict:
    db = Database.from_url(url)
    ensure_schema(db)
    seed_reference(db)
    clock = SystemClock()
    seed_demo(db, clock.now())
    win = MainWindow(db, Settings.from_text("[Interface]\nLangue=en\n"), clock, live=False)
    win.resize(1920, 1080)
    win.show()
    win.runner.wait_idle()
    pid = win.controller.current_board.patients()[0].id
    try:
        applied = [_tap(win, pid, "applied") for _ in range(trials)]
        busy = []
        for _ in range(5):
            holder = db.engine.connect()
            if db.dialect == "sqlite":
                holder.execution_options(**{WRITE_OPTION: True})
            trans = holder.begin()
            if db.dialect != "sqlite":
                t = db.tables.encours
                holder.execute(t.select().where(t.c.EC_PK == pid).with_for_update()).all()
            try:
                busy.append(_tap(win, pid, "busy"))
            finally:
                trans.rollback()
                holder.close()
        silent = []
        for _ in range(5):
            release = threading.Event()
            win.runner.submit(lambda ev=release: ev.wait(10), name="stalled statement")
            try:
                silent.append(_tap(win, pid, "no_answer"))
            finally:
                release.set()
                win.runner.wait_idle()
        return {
            "applied": _stats(applied),
            "busy": _stats(busy),
            "no_answer": _stats(silent),
        }
    finally:
        win.close()
        db.dispose()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--trials", type=int, default=50)
    ap.add_argument("--backend", choices=("sqlite", "mysql", "both"), default="both")
    ap.add_argument("--mysql", default="mysql+pymysql://root@127.0.0.1:3306")
    args = ap.parse_args()
    QApplication.instance() or QApplication([])
    out: dict[str, object] = {"budget_ms": {"applied": 100, "busy": 1000, "no_answer": 1000}}
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as tmp:
            out["sqlite"] = run_backend(f"sqlite:///{Path(tmp) / 'board.db'}", args.trials)
    if args.backend in ("mysql", "both"):
        name = f"stx_tap_{uuid.uuid4().hex[:8]}"
        server = create_engine(args.mysql + "/", isolation_level="AUTOCOMMIT")
        with server.connect() as conn:
            conn.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
        try:
            out["mysql"] = run_backend(f"{args.mysql}/{name}", args.trials)
        finally:
            with server.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
            server.dispose()
    out["loadavg"] = os.getloadavg()
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

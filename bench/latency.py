"""Latency of the live feeds: another program's INSERT, and a dropped entry file, to the board.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/latency.py [--trials 100]
        [--backend sqlite|mysql|both] [--mysql mysql+pymysql://root@127.0.0.1:3306]
        [--in-place 10]

For each backend: a fresh database with the reference set, the real LiveFeed
(worker thread, watchdog + rescans, default settings: change-log check every
`Periodicite_controle_base_en_ms` = 150 ms, entry files taken after
`Delai_stabilite_des_entrees_en_ms` = 2 s without change, at once when renamed
into the folder) and the real BoardController (ui.controller) applying each
Board as a diff on real widgets, offscreen. A trial ends when
`LiveFeed.sig_board` delivered a Board containing the new patient AND
`BoardController.apply_board` returned.

- insert: a separate engine (its own connection, as MedinTux would) runs the
  macro's INSERT INTO encours + encours_taches; the clock starts before the INSERT;
- file: an entry file is written under another name in the entry folder, then
  renamed to NAME.txt (the safe way for site scripts, docs/live-feeds.md); the
  clock starts before the write;
- file in place (`--in-place N` trials, not part of the budget): written straight
  as NAME.txt; it waits for the settle time (2 s) by design.

Prints JSON: p50/p95/max in milliseconds per backend and kind, with the budgets
(300 ms p95 for an insert, 500 ms p95 for a file) and the load average. Trials are
spaced by a random 0-200 ms so that they do not lock onto the timer's phase.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import create_engine, text

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.db.schema import ensure_schema
from synoptux.domain.clock import SystemClock
from synoptux.services.seed import seed_reference
from synoptux.ui.board.board_view import BoardView
from synoptux.ui.controller import BoardController, CardView
from synoptux.ui.feed import LiveFeed

BUDGET_MS = {"insert": 300, "file": 500, "file_in_place": None}


class _NoActions:
    """What the rows' taps would call (nothing is tapped here)."""


def _actions() -> _NoActions:
    actions = _NoActions()
    for name in (
        "toggle_anonymous",
        "toggle_folded",
        "run_annex",
        "show_history",
        "start_move",
        "pick_responsible",
        "edit_comment",
        "delete_task",
        "open_task_note",
        "set_task_state",
    ):
        setattr(actions, name, lambda *_a: None)
    return actions


def _wait(loop: QEventLoop, ms: int) -> None:
    """Run `loop` for at most `ms` (a QTimer object: PySide6 6.12's QTimer.singleShot(ms,
    callable) drops references of None and aborts the process after a few hundred calls)."""
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(ms)
    loop.exec()
    timer.stop()


def _stats(values: list[float]) -> dict:
    ms = sorted(v * 1000 for v in values)
    if not ms:
        return {"n": 0}
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(ms[-1], 1),
        "min_ms": round(ms[0], 1),
    }


def _macro_insert(conn, name: str) -> None:
    guid = uuid.uuid4().hex
    conn.execute(
        text(
            "INSERT INTO encours (EC_CodeBox,EC_NomPatient,EC_PrenomPatient,EC_Medecin,EC_GUIDPatient,"
            "EC_Replier,EC_Commentaire,EC_HeureEntree) VALUES "
            f"('A1','{name}','Bench','ro','{guid}','1','bench',NOW())"
            if conn.dialect.name != "sqlite"
            else "INSERT INTO encours (EC_CodeBox,EC_NomPatient,EC_PrenomPatient,EC_Medecin,"
            "EC_GUIDPatient,EC_Replier,EC_Commentaire,EC_HeureEntree) VALUES "
            f"('A1','{name}','Bench','ro','{guid}','1','bench',datetime('now','localtime'))"
        )
    )
    pk = conn.execute(text(f"SELECT EC_PK FROM encours WHERE EC_GUIDPatient='{guid}'")).scalar()
    conn.execute(
        text(
            "INSERT INTO encours_taches (EN_PK_encours,EN_Code_tache,EN_Comment,"
            f"EN_Priorite) VALUES ({pk},'ECG','bench',1)"
        )
    )


def _entry(name: str) -> bytes:
    return (
        f"[Entree]\r\nCode_Box=A1\r\nNom_Patient={name}\r\nGUID_Patient="
        f"{uuid.uuid4()}\r\n[Tache_1]\r\nCode_Tache=ECG\r\n".encode("cp1252")
    )


def run_backend(url: str, trials: int, folder: Path, rng: random.Random, in_place: int = 0) -> dict:
    db = Database.from_url(url)
    ensure_schema(db)
    seed_reference(db)
    settings = Settings.from_text(
        f"[Interface]\nDossier_Entrees={folder}\nCode_Box_Par_Defaut=A1\n"
    )
    clock = SystemClock()
    view = BoardView(None)
    view.resize(1920, 1080)
    controller = BoardController(view, lambda _ctl: _actions(), clock, CardView())
    feed = LiveFeed(db, settings, clock)
    state = {"want": None, "done_at": None, "loop": None}

    def on_board(board) -> None:
        controller.apply_board(board)
        want = state["want"]
        if want and any(p.last_name == want for p in board.patients()):
            state["done_at"] = time.perf_counter()
            if state["loop"] is not None:
                state["loop"].quit()

    feed.sig_board.connect(on_board)
    feed.start()
    writer = create_engine(url)  # "another program": its own engine and connection
    results: dict[str, list[float]] = {"insert": [], "file": [], "file_in_place": []}
    timeouts = dict.fromkeys(results, 0)

    def wait_board(timeout_ms: int = 5000) -> None:
        loop = QEventLoop()
        state["loop"] = loop
        if state["done_at"] is None:
            _wait(loop, timeout_ms)
        state["loop"] = None

    state["want"] = "__first__"
    wait_board(2000)  # the first board
    plan = [(i, kind) for i in range(trials) for kind in ("insert", "file")]
    plan += [(i, "file_in_place") for i in range(in_place)]
    try:
        for i, kind in plan:
            _wait(QEventLoop(), int(rng.uniform(0, 200)))
            name = f"{kind.upper()}{i:04d}"
            state["want"], state["done_at"] = name, None
            t0 = time.perf_counter()
            if kind == "insert":
                with writer.begin() as conn:
                    _macro_insert(conn, name)
            elif kind == "file":
                tmp = folder / f".bench_{i:04d}.tmp"
                tmp.write_bytes(_entry(name))
                os.rename(tmp, folder / f"bench_{i:04d}.txt")
            else:
                (folder / f"inplace_{i:04d}.txt").write_bytes(_entry(name))
            wait_board()
            if state["done_at"] is None:
                timeouts[kind] += 1
            else:
                results[kind].append(state["done_at"] - t0)
    finally:
        feed.stop()
        writer.dispose()
        db.dispose()
        for obj in (feed, controller, view):
            obj.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    out = {}
    for kind, values in results.items():
        if not values and not timeouts[kind]:
            continue
        s = _stats(values)
        s["timeouts_5s"] = timeouts[kind]
        budget = BUDGET_MS[kind]
        if budget is not None:
            s["budget_p95_ms"] = budget
            s["within_budget"] = bool(values) and s["p95_ms"] <= budget and not timeouts[kind]
        out[kind] = s
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--backend", choices=("sqlite", "mysql", "both"), default="both")
    ap.add_argument(
        "--mysql",
        default=os.environ.get("SYNOPTUX_TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306"),
    )
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--in-place", type=int, default=10, help="trials of a file written in place")
    args = ap.parse_args()
    logging.getLogger("synoptux.ingest").setLevel(logging.ERROR)  # "over capacity" per file
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841
    rng = random.Random(args.seed)
    report: dict = {
        "trials": args.trials,
        "measured_until": "LiveFeed.sig_board delivered a "
        "Board with the new patient and BoardController.apply_board returned",
        "check_interval_ms": 150,
        "file_settle_s": 2.0,
        "file_written": "under another name, then renamed to NAME.txt",
        "backends": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        if args.backend in ("sqlite", "both"):
            folder = Path(tmp) / "entrees_sqlite"
            report["backends"]["sqlite"] = run_backend(
                f"sqlite:///{tmp}/bench.db", args.trials, folder, rng, args.in_place
            )
        if args.backend in ("mysql", "both"):
            server = args.mysql.rstrip("/")
            admin = create_engine(server + "/", isolation_level="AUTOCOMMIT")
            name = f"stx_bench_{uuid.uuid4().hex[:8]}"
            with admin.connect() as conn:
                conn.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
            try:
                report["backends"]["mysql"] = run_backend(
                    f"{server}/{name}?charset=utf8mb4",
                    args.trials,
                    Path(tmp) / "entrees_mysql",
                    rng,
                    args.in_place,
                )
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
                admin.dispose()
    report["load_average"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, indent=2), flush=True)
    return 0


if __name__ == "__main__":
    code = main()
    # Skip interpreter finalisation: with PySide6/shiboken6 6.12.0 on Python 3.11, objects
    # holding references shiboken handed out without owning them (True/False) are freed
    # there and the process aborts with bool_dealloc after the figures were printed.
    sys.stderr.flush()
    os._exit(code)

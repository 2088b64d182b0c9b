"""GUI responsiveness of a live board: the longest stall of its GUI thread.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_stall.py [--seconds 20] [--rate 200]
        [--freeze-seconds 10] [--profile]

A MariaDB server of the bench's own (tests/support/private_server.py: a free port, its
datadir under /tmp, removed at the end) holds the demo department. The measured board is a
real `MainWindow` (live feed, alarms, blinking) in this process, 1920x1080 offscreen; a
heartbeat `QTimer` every 10 ms (precise) on its GUI thread records the gap between two
ticks: a stall is a gap beyond the period. Two phases:

(a) **burst**: MedinTux-style writers in another process, `--rate` statements a second
    together (ten connections, autocommit: a patient inserted, a task added, a task's state
    and the patient's comment updated, and past twenty patients of a writer its oldest
    patient's tasks and the patient deleted), while a second board (another process, the
    same window) reads the same database;
(b) **frozen server**: the server stopped with SIGSTOP (it accepts connections and never
    answers) for `--freeze-seconds`, then SIGCONT; the delay of the banner is measured too.

On a ward the writers, the server and the other board are other machines: here they run
niced (10), so that the figure is the board's own and not the bench's other processes
taking the two cores from it (`--no-nice`: the same priority for all).

Prints one JSON object: per phase the longest stall, the number of stalls over 50 and
100 ms, the boards applied (and the time each apply took), and (b) the banner's delay.
For the longest stalls, where their time went: the GUI thread's own CPU, its wait for a CPU
(`/proc/thread-self/schedstat`: other processes), the CPU of the process's other threads
and of the live feed's database thread among them (while it runs Python the GUI thread
waits for the interpreter lock); `longest_own_ms` is the longest stall without the waits
for a CPU, `longest_blocked_ms` the longest time the GUI thread neither ran nor waited for
a CPU (the interpreter lock, a blocking call). `--profile` adds the functions of
the GUI thread that took the most time during the burst (cProfile, cumulative). Target:
longest stall <= 100 ms in both phases.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pymysql
from sqlalchemy.engine import make_url

from synoptux.config import Settings
from synoptux.db.engine import Database
from synoptux.db.schema import ensure_schema
from synoptux.domain.clock import SystemClock
from synoptux.services.seed import seed_demo, seed_reference

BEAT_MS = 10
TARGET_MS = 100.0
WRITERS = 10
KEEP = 20  # patients per writer before it deletes its oldest


# -- the writers (a child process) ------------------------------------------------------------
def run_writers(url: str, rate: float, seconds: float) -> None:
    u = make_url(url)
    params = {
        "host": u.host or "127.0.0.1",
        "port": u.port or 3306,
        "user": u.username or "root",
        "password": u.password or "",
        "database": u.database,
    }
    stop = time.monotonic() + seconds
    period = WRITERS / rate
    counts = {"statements": 0, "errors": 0}
    lock = threading.Lock()

    def writer(i: int) -> None:
        conn = pymysql.connect(**params, autocommit=True, charset="utf8mb4")
        cur = conn.cursor()
        rnd = random.Random(i)
        mine: list[tuple[int, int]] = []  # (patient, last task)
        step = n = 0
        next_at = time.monotonic() + rnd.uniform(0, period)
        while time.monotonic() < stop:
            time.sleep(max(0.0, next_at - time.monotonic()))
            next_at += period
            try:
                if len(mine) > KEEP and step % 6 == 5:
                    old = mine.pop(0)[0]
                    cur.execute("DELETE FROM encours_taches WHERE EN_PK_encours = %s", (old,))
                    cur.execute("DELETE FROM encours WHERE EC_PK = %s", (old,))
                elif step % 6 == 0 or not mine:
                    n += 1
                    cur.execute(
                        "INSERT INTO encours (EC_CodeBox, EC_NomPatient, EC_PrenomPatient, "
                        "EC_Medecin, EC_GUIDPatient, EC_Replier, EC_Commentaire, EC_HeureEntree) "
                        "VALUES (%s, %s, 'Macro', 'ro', %s, 0, 'macro', NOW())",
                        (rnd.choice(("A1", "A2", "DECH", "PLAT")), f"W{i}N{n}", f"g-{i}-{n}"),
                    )
                    mine.append((cur.lastrowid, 0))
                elif step % 6 in (1, 2):
                    cur.execute(
                        "INSERT INTO encours_taches (EN_PK_encours, EN_Code_tache, EN_Comment, "
                        "EN_Priorite, EN_HeureDebPrevue) VALUES (%s, 'ECG', 'macro', '1', NOW())",
                        (mine[-1][0],),
                    )
                    mine[-1] = (mine[-1][0], cur.lastrowid)
                elif step % 6 == 3 and mine[-1][1]:
                    cur.execute(
                        "UPDATE encours_taches SET EN_Etat_en_cours = %s WHERE EN_Num_tache = %s",
                        (rnd.choice(("10", "30", "80")), mine[-1][1]),
                    )
                else:
                    cur.execute(
                        "UPDATE encours SET EC_Commentaire = %s WHERE EC_PK = %s",
                        (f"macro {step}", rnd.choice(mine)[0]),
                    )
                with lock:
                    counts["statements"] += 1
            except pymysql.MySQLError:
                with lock:
                    counts["errors"] += 1
            step += 1
        conn.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps(counts), flush=True)


# -- a board ---------------------------------------------------------------------------------
def open_board(db: Database, folder: Path):
    from synoptux.ui.app import freeze_heap_after_first_board
    from synoptux.ui.main_window import MainWindow

    settings = Settings.from_text(f"[Interface]\nDossier_Entrees={folder}\n")
    win = MainWindow(db, settings, SystemClock(), live=True)
    freeze_heap_after_first_board(win)  # as `synoptux` does
    win.resize(1920, 1080)
    win.show()
    return win


def run_second_board(url: str, seconds: float, folder: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    db = Database.from_url(url)
    win = open_board(db, folder)
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    win.close()
    db.dispose()


def _schedstat(path: str) -> tuple[int, int]:
    """(ns on a CPU, ns waiting for one) of a thread, from its schedstat; 0s where the
    kernel does not say."""
    try:
        with open(path) as f:
            run, wait = f.read().split()[:2]
        return int(run), int(wait)
    except (OSError, ValueError):
        return 0, 0


def _feed_thread_stat() -> str | None:
    """The schedstat file of the live feed's database thread (Qt names it)."""
    try:
        for tid in os.listdir("/proc/self/task"):
            with open(f"/proc/self/task/{tid}/comm") as f:
                if f.read().startswith("synoptux-live"):
                    return f"/proc/self/task/{tid}/schedstat"
    except OSError:
        pass
    return None


class Heartbeat:
    """A precise timer every BEAT_MS on the GUI thread; records every gap between ticks,
    with where the time went: the GUI thread's own CPU, its wait for a CPU (other processes),
    and the CPU of this process's other threads meanwhile (the live feed's database thread:
    while it runs Python the GUI thread cannot, the interpreter lock)."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(BEAT_MS)
        self.timer.timeout.connect(self._beat)
        self.gaps: list[tuple[float, float, float, float, float]] = []
        self.feed_stat: str | None = None
        self._mark()

    def _mark(self) -> None:
        self.last = time.perf_counter()
        self.last_cpu = time.thread_time()
        self.last_proc = time.process_time()
        self.last_rq = _schedstat("/proc/thread-self/schedstat")[1]
        self.last_feed = _schedstat(self.feed_stat)[0] if self.feed_stat else 0

    def start(self) -> None:
        self.feed_stat = _feed_thread_stat()
        self._mark()
        self.timer.start()

    def _beat(self) -> None:
        now, cpu, proc, rq = (
            time.perf_counter(),
            time.thread_time(),
            time.process_time(),
            _schedstat("/proc/thread-self/schedstat")[1],
        )
        feed = _schedstat(self.feed_stat)[0] if self.feed_stat else 0
        gui = (cpu - self.last_cpu) * 1000.0
        self.gaps.append(
            (
                (now - self.last) * 1000.0 - BEAT_MS,  # the stall
                gui,  # the GUI thread's CPU
                (rq - self.last_rq) / 1e6,  # its wait for a CPU
                (proc - self.last_proc) * 1000.0 - gui,  # the other threads' CPU
                (feed - self.last_feed) / 1e6,  # ... of which the feed's database thread
            )
        )
        self.last, self.last_cpu, self.last_proc, self.last_rq = now, cpu, proc, rq
        self.last_feed = feed

    def take(self) -> list[tuple[float, float, float, float, float]]:
        gaps, self.gaps = self.gaps, []
        return gaps


class ApplyTimes:
    """The time the GUI thread spends in each delivery of the feed (`sig_board`: the
    controller's apply, synchronously), measured by sitting between the two."""

    def __init__(self, feed, controller) -> None:
        self.ms: list[float] = []
        self._apply = controller.apply_board
        feed.sig_board.disconnect(controller.apply_board)
        feed.sig_board.connect(self._timed)

    def _timed(self, board) -> None:
        t0 = time.perf_counter()
        self._apply(board)
        self.ms.append((time.perf_counter() - t0) * 1000.0)

    def take(self) -> dict:
        ms, self.ms = sorted(self.ms), []
        if not ms:
            return {}
        return {
            "apply_ms_p50": round(ms[len(ms) // 2], 1),
            "apply_ms_p90": round(ms[int(len(ms) * 0.9)], 1),
            "apply_ms_max": round(ms[-1], 1),
        }


def summary(gaps: list[tuple[float, float, float, float, float]], boards: int) -> dict:
    """Stalls, longest first, each with where its time went: the GUI thread's CPU, its wait
    for a CPU, the CPU of the process's other threads; the rest of a stall is the GUI thread
    blocked (on the interpreter lock while another thread runs Python, or a blocking call)."""
    stalls = [g[0] for g in gaps]
    longest = max(stalls, default=0.0)
    top = sorted(gaps, reverse=True)[:8]
    return {
        "longest_stall_ms": round(longest, 1),
        "stalls_over_50_ms": sum(1 for s in stalls if s > 50),
        "stalls_over_100_ms": sum(1 for s in stalls if s > 100),
        "longest_stalls_ms": [round(g[0]) for g in top],
        "their_gui_cpu_ms": [round(g[1]) for g in top],
        "their_gui_cpu_wait_ms": [round(g[2]) for g in top],
        "their_other_threads_cpu_ms": [round(g[3]) for g in top],
        "their_feed_thread_cpu_ms": [round(g[4]) for g in top],
        # Without the waits for a CPU (other processes on a loaded machine): the longest
        # stall of the board's own making (its CPU, and its thread blocked, e.g. on the
        # interpreter lock), and the longest time blocked.
        "longest_own_ms": round(max((g[0] - g[2] for g in gaps), default=0.0), 1),
        "longest_blocked_ms": round(max((g[0] - g[1] - g[2] for g in gaps), default=0.0), 1),
        "gui_cpu_s": round(sum(g[1] for g in gaps) / 1000, 2),
        "gui_cpu_wait_s": round(sum(g[2] for g in gaps) / 1000, 2),
        "other_threads_cpu_s": round(sum(g[3] for g in gaps) / 1000, 2),
        "feed_thread_cpu_s": round(sum(g[4] for g in gaps) / 1000, 2),
        "beats": len(stalls),
        "boards_applied": boards,
        "within_target": longest <= TARGET_MS,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=20.0, help="length of the burst")
    ap.add_argument("--rate", type=float, default=200.0, help="writer statements a second")
    ap.add_argument("--freeze-seconds", type=float, default=10.0)
    ap.add_argument("--warmup", type=float, default=4.0)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--no-nice", action="store_true", help="the helpers at the board's priority")
    ap.add_argument("--role", choices=("main", "writers", "board"), default="main")
    ap.add_argument("--url", help="(child roles) the database")
    ap.add_argument("--folder", help="(second board) its entry folder")
    args = ap.parse_args(argv)
    if args.role == "writers":
        run_writers(args.url, args.rate, args.seconds)
        return 0
    if args.role == "board":
        run_second_board(args.url, args.seconds, Path(args.folder))
        return 0

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from tests.support.private_server import PrivateServer

    _app = QApplication.instance() or QApplication(sys.argv[:1])
    server = PrivateServer()
    children: list[subprocess.Popen] = []
    result: dict = {}
    try:
        server.start(nice=0 if args.no_nice else 10)
        nice = None if args.no_nice else (lambda: os.nice(10))
        url = server.create_database()
        db = Database.from_url(url)
        ensure_schema(db)
        seed_reference(db)
        seed_demo(db, datetime.now())
        win = open_board(db, server.folder / "in1")
        boards = {"n": 0}
        win.controller.sig_board_applied.connect(
            lambda _b: boards.__setitem__("n", boards["n"] + 1)
        )
        applies = ApplyTimes(win.parts.feed, win.controller)
        beat = Heartbeat()

        def run_for(seconds: float) -> None:
            loop = QEventLoop()
            QTimer.singleShot(int(seconds * 1000), loop.quit)
            loop.exec()

        run_for(args.warmup)
        beat.start()
        run_for(1.0)
        idle = beat.take()

        # (a) the burst, with a second board
        me = [sys.executable, str(Path(__file__).resolve()), "--url", url]
        board_s = args.seconds + 6
        children.append(
            subprocess.Popen(
                [
                    *me,
                    "--role",
                    "board",
                    "--seconds",
                    str(board_s),
                    "--folder",
                    str(server.folder / "in2"),
                ],
                preexec_fn=nice,
            )
        )
        run_for(3.0)  # the second board is up
        beat.take()
        applies.take()
        boards["n"] = 0
        writers = subprocess.Popen(
            [*me, "--role", "writers", "--rate", str(args.rate), "--seconds", str(args.seconds)],
            stdout=subprocess.PIPE,
            text=True,
            preexec_fn=nice,
        )
        children.append(writers)
        profile = cProfile.Profile() if args.profile else None
        if profile is not None:
            profile.enable()
        run_for(args.seconds)
        if profile is not None:
            profile.disable()
        burst = summary(beat.take(), boards["n"])
        burst.update(applies.take())
        written = json.loads(writers.communicate(timeout=30)[0] or "{}")
        burst.update(written)
        burst["patients_on_board"] = len(win.controller.current_board.patients())
        for child in children:
            child.wait(timeout=30)
        children.clear()

        # (b) the server frozen
        run_for(1.0)
        beat.take()
        boards["n"] = 0
        server.freeze()
        frozen_at = time.monotonic()
        banner = {"s": None}

        def watch() -> None:
            if banner["s"] is None and win.offline_banner.isVisible():
                banner["s"] = time.monotonic() - frozen_at

        poll = QTimer()
        poll.setInterval(5)
        poll.timeout.connect(watch)
        poll.start()
        profile_frozen = cProfile.Profile() if args.profile else None
        if profile_frozen is not None:
            profile_frozen.enable()
        run_for(args.freeze_seconds)
        if profile_frozen is not None:
            profile_frozen.disable()
        frozen = summary(beat.take(), boards["n"])
        frozen["banner_after_s"] = None if banner["s"] is None else round(banner["s"], 2)
        server.thaw()
        thawed_at = time.monotonic()
        while win.offline_banner.isVisible() and time.monotonic() - thawed_at < 15:
            run_for(0.05)
        frozen["banner_gone_after_thaw_s"] = round(time.monotonic() - thawed_at, 2)
        poll.stop()
        result = {
            "idle": summary(idle, 0),
            "burst_two_boards": burst,
            "frozen_server": frozen,
            "target_ms": TARGET_MS,
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "cpus": os.cpu_count(),
            "helpers_niced": not args.no_nice,
        }
        if profile is not None:
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(25)
            result["profile_gui_thread_burst"] = out.getvalue()
            out = io.StringIO()
            pstats.Stats(profile_frozen, stream=out).sort_stats("cumulative").print_stats(20)
            result["profile_gui_thread_burst"] += "\n-- frozen server --\n" + out.getvalue()
        win.close()
        db.dispose()
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait(timeout=10)
        server.close()
    profile_text = result.pop("profile_gui_thread_burst", None)
    print(json.dumps(result, indent=1))
    if profile_text:
        print(profile_text)
    ok = result["burst_two_boards"]["within_target"] and result["frozen_server"]["within_target"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""The board on a three-node MariaDB Galera cluster: latency across nodes, writers on every
node, and a node killed under a board.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/galera.py [--dir DIR]
        [--trials 100] [--single mysql+pymysql://root@127.0.0.1:3306]
        [--writers-seconds 60] [--kills 3] [--only latency,writers,failover]

Without `--dir` a fresh cluster is started (bench/galera_cluster.py) in a temporary folder
and stopped at the end; `--dir` uses one already running. Prints JSON.

- **latency**: the real LiveFeed (worker thread, 150 ms checks) and BoardController (real
  widgets, offscreen) of a board whose ini lists the three nodes, node 1 first; a macro's
  INSERT (patient + task) on node 3; a trial ends when the board delivered with the new
  patient was applied. The same on one server (`--single`) for comparison.
- **writers**: bench/galera_writers.py (ten macros over three nodes at 50 writes/s, plus
  two boards tapping), `--writers-seconds` long; then, as a control, `--control-seconds`
  of the same at `--control-rate` writes/s (writers as fast as they go: at 50/s the hot
  row rarely fails) with schema version 1's revision row put back (its failures are what
  the measurement is there to catch).
- **failover**: the same board, a macro inserting a patient every 100 ms on node 2, a nurse
  tapping every 100 ms (a comment with a unique mark); the node the board uses is killed
  (SIGKILL) — and once frozen (SIGSTOP). Timed from the kill: the banner (`sig_offline`,
  if the board ever lost every node), the board reading from another node (its first
  check answered by another node), and the first board showing a patient the macro wrote
  after the kill (that includes the pause of the whole cluster until the dead node is
  evicted, Galera's `evs.suspect_timeout`). The taps: each one said done is saved once,
  each one said not done is not saved; taps with an unknown outcome are counted. Then the
  node is started again: seconds until the cluster is whole, and how it caught up (IST).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import galera_cluster as gc  # noqa: E402
import galera_writers  # noqa: E402
import pymysql  # noqa: E402
from latency import _actions, _macro_insert, _stats, _wait  # noqa: E402
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sqlalchemy import create_engine, select, text  # noqa: E402

from synoptux.config import Settings  # noqa: E402
from synoptux.db.engine import Database, DatabaseUnavailable, OutcomeUnknown, failover_of  # noqa: E402
from synoptux.db.schema import ensure_schema  # noqa: E402
from synoptux.domain.clock import SystemClock  # noqa: E402
from synoptux.services.board import BoardService  # noqa: E402
from synoptux.services.history import Action  # noqa: E402
from synoptux.services.seed import seed_demo, seed_reference  # noqa: E402
from synoptux.ui.board.board_view import BoardView  # noqa: E402
from synoptux.ui.controller import BoardController, CardView  # noqa: E402
from synoptux.ui.feed import LiveFeed  # noqa: E402

LATENCY_BUDGET_MS = 500


class Board:
    """A real board: LiveFeed + BoardController on offscreen widgets."""

    def __init__(self, url: str, folder: Path) -> None:
        self.db = Database.from_url(url)
        folder.mkdir(parents=True, exist_ok=True)
        settings = Settings.from_text(
            f"[Interface]\nDossier_Entrees={folder}\nCode_Box_Par_Defaut=A1\n"
        )
        clock = SystemClock()
        self.view = BoardView(None)
        self.view.resize(1920, 1080)
        self.controller = BoardController(self.view, lambda _ctl: _actions(), clock, CardView())
        self.feed = LiveFeed(self.db, settings, clock)
        self.want: str | None = None
        self.done_at: float | None = None
        self.loop: QEventLoop | None = None
        self.boards: list[tuple[float, set[str]]] = []
        self.offline: list[float] = []
        self.online: list[float] = []
        self.feed.sig_board.connect(self._on_board)
        self.feed.sig_offline.connect(lambda _since: self.offline.append(time.monotonic()))
        self.feed.sig_online.connect(lambda: self.online.append(time.monotonic()))
        self.feed.start()

    def _on_board(self, board) -> None:
        self.controller.apply_board(board)
        names = {p.last_name for p in board.patients()}
        self.boards.append((time.monotonic(), names))
        if self.want and self.want in names:
            self.done_at = time.perf_counter()
            if self.loop is not None:
                self.loop.quit()

    def wait_for(self, name: str, timeout_ms: int = 5000) -> float | None:
        if self.done_at is None:
            self.loop = QEventLoop()
            _wait(self.loop, timeout_ms)
            self.loop = None
        return self.done_at

    def pump(self, seconds: float) -> None:
        _wait(QEventLoop(), int(seconds * 1000))

    def close(self) -> None:
        self.feed.stop()
        self.db.dispose()
        for obj in (self.feed, self.controller, self.view):
            obj.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _fresh_database(server_url: str) -> str:
    admin = create_engine(server_url.rstrip("/") + "/", isolation_level="AUTOCOMMIT")
    name = f"stx_gbench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
    admin.dispose()
    return name


def _drop(server_url: str, name: str) -> None:
    admin = create_engine(server_url.rstrip("/") + "/", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
    finally:
        admin.dispose()


def _prepare(url: str, demo: bool = False) -> None:
    db = Database.from_url(url)
    ensure_schema(db)
    seed_reference(db)
    if demo:
        seed_demo(db, SystemClock().now())
    db.dispose()


def latency(board_url: str, writer_url: str, trials: int, folder: Path, rng: random.Random) -> dict:
    _prepare(board_url)
    board = Board(board_url, folder)
    writer = create_engine(writer_url)
    times, timeouts = [], 0
    try:
        board.want = "__first__"
        board.wait_for("__first__", 2000)
        for i in range(trials):
            board.pump(rng.uniform(0, 0.2))
            name = f"GINSERT{i:04d}"
            board.want, board.done_at = name, None
            t0 = time.perf_counter()
            with writer.begin() as conn:
                _macro_insert(conn, name)
            done = board.wait_for(name)
            if done is None:
                timeouts += 1
            else:
                times.append(done - t0)
    finally:
        board.close()
        writer.dispose()
    out = _stats(times)
    out["timeouts_5s"] = timeouts
    return out


def failover(cluster: gc.GaleraCluster, name: str, folder: Path, how: str) -> dict:
    """One node killed (or frozen) under a board: see the module."""
    url = f"{cluster.url(name, first=1)}?charset=utf8mb4"
    board = Board(url, folder)
    nurse_db = Database.from_url(url)
    hosts = failover_of(nurse_db.engine)  # shared by the board's engines (same site)
    service = BoardService(nurse_db, actor="nurse")
    with nurse_db.connect() as conn:
        pid = conn.execute(select(nurse_db.tables.encours.c.EC_PK).limit(1)).scalar()
    board.pump(1.0)
    victim = next(n.index for n in cluster.nodes if n.address == str(hosts.current))
    writer_node = next(n for n in cluster.nodes if n.index != victim)
    stop = threading.Event()
    written: list[tuple[str, float]] = []
    outcomes: dict[str, str] = {}
    switched: list[float] = []

    def macro() -> None:
        conn = pymysql.connect(
            host="127.0.0.1", port=writer_node.port, user="root", database=name, autocommit=True
        )
        i = 0
        while not stop.is_set():
            i += 1
            conn.cursor().execute(
                "INSERT INTO encours (EC_CodeBox, EC_NomPatient, EC_HeureEntree) VALUES ('A1', %s, NOW())",
                (f"FAIL{how[0].upper()}{i:04d}",),
            )
            written.append((f"FAIL{how[0].upper()}{i:04d}", time.monotonic()))
            time.sleep(0.1)
        conn.close()

    def nurse() -> None:
        i = 0
        while not stop.is_set():
            i += 1
            token = f"{how}{i:05d}-{uuid.uuid4().hex[:6]}"
            try:
                service.set_comment(pid, token)
                outcomes[token] = "done"
            except OutcomeUnknown:
                outcomes[token] = "unknown"
            except DatabaseUnavailable:
                outcomes[token] = "not done"
            time.sleep(0.1)

    def watch_hosts(start: str) -> None:
        while not stop.is_set():
            if str(hosts.current) != start:
                switched.append(time.monotonic())
                return
            time.sleep(0.01)

    threads = [threading.Thread(target=f) for f in (macro, nurse)]
    for t in threads:
        t.start()
    board.pump(1.5)
    threads.append(threading.Thread(target=watch_hosts, args=(str(hosts.current),)))
    threads[-1].start()
    t_kill = time.monotonic()
    cluster.kill_node(victim, signal.SIGKILL if how == "kill" else signal.SIGSTOP)
    board.pump(12.0)
    stop.set()
    for t in threads:
        t.join()
    board.pump(0.5)
    late = {n for n, t in written if t > t_kill}
    first_late = next((t for t, names in board.boards if t > t_kill and names & late), None)
    banner = next((t for t in board.offline if t > t_kill), None)
    back = next((t for t in board.online if t > t_kill), None)
    reader = Database.from_url(cluster.node_url(writer_node.index, name) + "?charset=utf8mb4")
    h = reader.tables.historique
    with reader.connect() as conn:
        saved = (
            conn.execute(select(h.c.HI_Commentaire).where(h.c.HI_Action == Action.COMMENT.value))
            .scalars()
            .all()
        )
    reader.dispose()
    counts: dict[str, int] = {}
    for token in saved:
        counts[token] = counts.get(token, 0) + 1
    doubled = sum(1 for c in counts.values() if c > 1)
    said_done_lost = sum(1 for k, v in outcomes.items() if v == "done" and counts.get(k) != 1)
    said_not_saved = sum(1 for k, v in outcomes.items() if v == "not done" and k in counts)
    board.close()
    nurse_db.dispose()
    t0 = time.monotonic()
    cluster.ensure_whole()
    rejoin = time.monotonic() - t0

    def since(t: float | None) -> float | None:
        return None if t is None else round(t - t_kill, 2)

    return {
        "how": "SIGKILL" if how == "kill" else "SIGSTOP (frozen)",
        "node": victim,
        "banner_s": since(banner),
        "banner_gone_s": since(back),
        "reading_from_another_node_s": since(switched[0] if switched else None),
        "first_board_with_a_row_written_after_the_kill_s": since(first_late),
        "taps": {
            "done": sum(1 for v in outcomes.values() if v == "done"),
            "not_done": sum(1 for v in outcomes.values() if v == "not done"),
            "unknown_outcome": sum(1 for v in outcomes.values() if v == "unknown"),
            "applied_twice": doubled,
            "said_done_but_not_saved": said_done_lost,
            "said_not_done_but_saved": said_not_saved,
        },
        "rejoin_s": round(rejoin, 1),
        "rejoin_by": cluster.transfer(victim),
    }


def whole_cluster_down(cluster: gc.GaleraCluster, name: str, folder: Path) -> dict:
    """Every node killed (a power cut): the banner; then the cluster started again as
    docs/galera.md says (the most advanced node bootstraps): the board back."""
    url = f"{cluster.url(name, first=1)}?charset=utf8mb4"
    board = Board(url, folder)
    board.pump(1.5)
    t_kill = time.monotonic()
    for n in cluster.nodes:
        cluster.kill_node(n.index)
    board.pump(3.0)
    t_start = time.monotonic()
    cluster.ensure_whole()
    t_whole = time.monotonic()
    board.pump(3.0)
    banner = next((t for t in board.offline if t > t_kill), None)
    back = next((t for t in board.online if t > t_start), None)
    board.close()
    return {
        "how": "SIGKILL of every node",
        "banner_s": None if banner is None else round(banner - t_kill, 2),
        "cluster_restarted_in_s": round(t_whole - t_start, 1),
        # from the first node started: the board takes the first node that is ready
        "board_back_after_restart_began_s": None if back is None else round(back - t_start, 2),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", help="a running harness cluster (bench/galera_cluster.py start)")
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument(
        "--single",
        default=os.environ.get("SYNOPTUX_TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306"),
    )
    ap.add_argument("--writers-seconds", type=float, default=60)
    ap.add_argument(
        "--control-seconds",
        type=float,
        default=20,
        help="the writers again with schema version 1's revision row (0: not run)",
    )
    ap.add_argument("--control-rate", type=float, default=300, help="its writes per second")
    ap.add_argument("--kills", type=int, default=3)
    ap.add_argument("--only", default="latency,writers,failover")
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args()
    only = set(args.only.split(","))
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841
    rng = random.Random(args.seed)
    report: dict = {"load_average_before": [round(x, 2) for x in os.getloadavg()]}
    tmp = Path(tempfile.mkdtemp(prefix="synoptux-gbench-"))
    own = args.dir is None
    if own:
        why = gc.unavailable_reason()
        if why:
            print(why, file=sys.stderr)
            return 2
        os.chmod(tmp, 0o755)
        cluster = gc.GaleraCluster.pick(tmp / "cluster")
        report["cluster_start_s"] = round(cluster.start(fresh=True), 1)
    else:
        cluster = gc.GaleraCluster.attach(Path(args.dir))
        cluster.ensure_whole()
    server = cluster.node_url(1)
    try:
        if "latency" in only:
            name = _fresh_database(server)
            try:
                report["latency_cluster_insert_on_node3_board_on_node1"] = latency(
                    f"{cluster.url(name, first=1)}?charset=utf8mb4",
                    f"{cluster.node_url(3, name)}?charset=utf8mb4",
                    args.trials,
                    tmp / "in_cluster",
                    rng,
                )
            finally:
                _drop(server, name)
            single = args.single.rstrip("/")
            name = _fresh_database(single)
            try:
                report["latency_single_server"] = latency(
                    f"{single}/{name}?charset=utf8mb4",
                    f"{single}/{name}?charset=utf8mb4",
                    args.trials,
                    tmp / "in_single",
                    rng,
                )
            finally:
                _drop(single, name)
            c = report["latency_cluster_insert_on_node3_board_on_node1"]
            s = report["latency_single_server"]
            report["latency_budget_p95_ms"] = LATENCY_BUDGET_MS
            report["latency_p95_ratio_cluster_to_single"] = round(c["p95_ms"] / s["p95_ms"], 2)
        if "writers" in only:
            name = _fresh_database(server)
            try:
                report["writers"] = galera_writers.run(
                    f"{cluster.url(name)}?charset=utf8mb4",
                    seconds=args.writers_seconds,
                    rate=50,
                    writers=10,
                )
            finally:
                cluster.ensure_whole()
                _drop(server, name)
            if args.control_seconds > 0:
                name = _fresh_database(server)
                try:
                    report["writers_with_version1_revision_row"] = galera_writers.run(
                        f"{cluster.url(name)}?charset=utf8mb4",
                        seconds=args.control_seconds,
                        rate=args.control_rate,
                        writers=10,
                        after_prepare=galera_writers.version1_revision_row,
                    )
                finally:
                    cluster.ensure_whole()
                    _drop(server, name)
        if "failover" in only:
            name = _fresh_database(server)
            _prepare(f"{cluster.url(name)}?charset=utf8mb4", demo=True)
            trials = []
            try:
                for i in range(args.kills):
                    trials.append(failover(cluster, name, tmp / f"kill{i}", "kill"))
                trials.append(failover(cluster, name, tmp / "freeze", "freeze"))
                trials.append(whole_cluster_down(cluster, name, tmp / "all"))
            finally:
                cluster.ensure_whole()
                _drop(server, name)
            report["failover"] = trials
    finally:
        if own:
            cluster.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(report, indent=2), flush=True)
    return 0


if __name__ == "__main__":
    code = main()
    sys.stderr.flush()
    os._exit(code)  # as bench/latency.py: no interpreter finalisation after the figures

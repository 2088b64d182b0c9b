"""Writers on three nodes do not fight: MedinTux-style macros, plus two boards tapping.

    .venv/bin/python bench/galera_writers.py --url URL_WITH_THREE_HOSTS [--seconds 60]
        [--rate 50] [--writers 10]

(bench/galera.py runs it on the harness's cluster.)

- `writers` macro-style writers, spread over the nodes (writer i on node i mod 3), each
  on its own connection, autocommit, no retry (MedinTux macros cannot retry): together
  `rate` plain statements a second, each writer in turn inserting a patient, adding a
  task to it, updating its comment, and, past ten patients of its own, deleting its
  oldest patient's tasks and then that patient (2.x's exit plug script), so the board
  keeps a ward's size;
- two boards, on nodes 1 and 2: each a `BoardFeed` polled every 150 ms (with its pruning
  of the change log) and a `BoardService` tapping twice a second on the patients of the
  reference set (task states, comments, folding, moves between boxes), as nurses would,
  both boards on the same patients (their conflicts are our own actions': retried).

Counted: every writer statement that failed, by error code (each one is a lost MedinTux
write: the figure must be 0), our actions' retries (certification conflicts caught by
`Database.transaction`) and any action that failed; then, once everything has settled,
each board's last Board against a direct read on node 3 (they must be equal).
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pymysql

from synoptux.db.engine import Database
from synoptux.db.failover import split_hosts
from synoptux.db.schema import ensure_schema
from synoptux.services.board import BoardService
from synoptux.services.errors import ActionRefused
from synoptux.services.live import BoardFeed
from synoptux.services.seed import seed_demo, seed_reference
from synoptux.services.snapshot import load_board

BOXES = ("A1", "A2", "DECH", "PLAT")  # room for several patients: moves are rarely refused
STATES = ("10", "30", "80")  # when a task allows any state


class _RetryCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.retries = 0
        self.moved = 0

    def emit(self, record: logging.LogRecord) -> None:
        msg = record.getMessage()
        if msg.startswith("transaction retried on another server"):
            self.moved += 1
        elif msg.startswith("transaction retried"):
            self.retries += 1


def board_state(board) -> list[tuple]:
    """What a screen shows, in a comparable form."""
    out = []
    for p in board.patients():
        tasks = tuple(sorted((t.id, t.code, t.state or "", t.comment or "") for t in p.tasks))
        out.append((p.id, p.box_code, p.last_name, p.comment or "", bool(p.folded), tasks))
    return sorted(out)


def _node_params(url: str) -> tuple[list[dict], str]:
    from sqlalchemy.engine import make_url

    single, hosts = split_hosts(url)
    u = make_url(single)
    return [
        dict(
            host=h.host,
            port=h.port,
            user=u.username,
            password=u.password or "",
            database=u.database,
        )
        for h in hosts
    ], u.database


def prepare(url: str, now) -> None:
    db = Database.from_url(url)
    ensure_schema(db)
    seed_reference(db)
    seed_demo(db, now)
    db.dispose()


def run(
    url: str,
    *,
    seconds: float,
    rate: float,
    writers: int,
    seed: int = 7,
    after_prepare: Callable[[str], None] | None = None,
) -> dict:
    """The measurement (see the module); `after_prepare(url)` may change the fresh schema
    first (the tests put schema version 1's revision row back, to see it fail)."""
    from synoptux.domain.clock import SystemClock

    clock = SystemClock()
    prepare(url, clock.now())
    if after_prepare is not None:
        after_prepare(url)
    nodes, _ = _node_params(url)
    stop = threading.Event()
    errors: Counter[str] = Counter()
    statements = Counter()
    lock = threading.Lock()
    period = writers / rate  # seconds between two statements of one writer

    def writer(i: int) -> None:
        params = nodes[i % len(nodes)]
        conn = pymysql.connect(**params, autocommit=True, charset="utf8mb4")
        cur = conn.cursor()
        mine: list[int] = []
        step, n = 0, 0
        next_at = time.monotonic() + random.Random(i).uniform(0, period)
        while not stop.is_set():
            time.sleep(max(0.0, next_at - time.monotonic()))
            next_at += period
            try:
                if len(mine) > 10 and step % 5 == 4:
                    old = mine[0]
                    cur.execute("DELETE FROM encours_taches WHERE EN_PK_encours = %s", (old,))
                    cur.execute("DELETE FROM encours WHERE EC_PK = %s", (old,))
                    mine.pop(0)
                    kind = "delete"
                elif step % 5 == 0 or not mine:
                    n += 1
                    cur.execute(
                        "INSERT INTO encours (EC_CodeBox, EC_NomPatient, EC_PrenomPatient, "
                        "EC_Medecin, EC_GUIDPatient, EC_Replier, EC_Commentaire, EC_HeureEntree) "
                        "VALUES ('A1', %s, 'Macro', 'ro', %s, 0, 'macro', NOW())",
                        (f"W{i}N{n}", f"guid-w{i}-{n}"),
                    )
                    mine.append(cur.lastrowid)
                    kind = "insert_patient"
                elif step % 5 == 1:
                    cur.execute(
                        "INSERT INTO encours_taches (EN_PK_encours, EN_Code_tache, "
                        "EN_Comment, EN_Priorite) VALUES (%s, 'ECG', 'macro', '1')",
                        (mine[-1],),
                    )
                    kind = "insert_task"
                else:
                    cur.execute(
                        "UPDATE encours SET EC_Commentaire = %s WHERE EC_PK = %s",
                        (f"macro {step}", mine[-1]),
                    )
                    kind = "update"
                with lock:
                    statements[kind] += 1
            except pymysql.MySQLError as exc:  # no retry: a lost MedinTux write
                with lock:
                    errors[f"{exc.args[0]} {exc.args[1][:60]}"] += 1
            step += 1
        conn.close()

    counter = _RetryCounter()
    logging.getLogger("synoptux.db.engine").addHandler(counter)
    actions = Counter()
    boards: list[tuple[BoardFeed, list]] = []

    def board(first: int, rnd: random.Random) -> None:
        db = Database.from_url(_with_first(url, first))
        feed = BoardFeed(db, clock)
        service = BoardService(db, clock, actor=f"board{first}")
        last = [None]
        boards.append((feed, last))
        next_tap = time.monotonic()
        while not stop.is_set():
            b = feed.check()
            if b is not None:
                last[0] = b
            if time.monotonic() >= next_tap and last[0] is not None:
                next_tap += 0.5
                _tap(service, last[0], rnd, actions)
            time.sleep(0.15)
        # settle: keep checking until nothing changes for a second
        quiet_since = time.monotonic()
        while time.monotonic() - quiet_since < 1.0:
            b = feed.check()
            if b is not None:
                last[0] = b
                quiet_since = time.monotonic()
            time.sleep(0.15)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    threads += [
        threading.Thread(target=board, args=(first, random.Random(seed + first)))
        for first in (1, 2)
    ]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t0
    logging.getLogger("synoptux.db.engine").removeHandler(counter)

    time.sleep(0.5)
    direct = Database.from_url(_node_url(url, 3))
    truth = board_state(load_board(direct, clock.now()))
    direct.dispose()
    converged = []
    for feed, last in boards:
        b = feed.check() or last[0]  # one more look after the direct read
        converged.append(b is not None and board_state(b) == truth)
        feed.db.dispose()
    return {
        "seconds": round(elapsed, 1),
        "writers": writers,
        "target_rate_per_s": rate,
        "writer_statements": sum(statements.values()) + sum(errors.values()),
        "writer_statements_by_kind": dict(statements),
        "writer_failures": sum(errors.values()),
        "writer_failures_by_error": dict(errors),
        "board_actions": dict(actions),
        "board_actions_retried": counter.retries,
        "board_actions_moved_to_another_node": counter.moved,
        "boards_converged_to_direct_read": converged,
        "patients_at_end": len(truth),
    }


def version1_revision_row(url: str) -> None:
    """Put schema version 1's hot row back: every macro write bumps one revision row from a
    trigger (with it, as first measured, a fifth of the writes failed on three nodes)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(_node_url(url, 1))
    with engine.begin() as conn:
        for table, op in (
            ("encours", "INSERT"),
            ("encours", "UPDATE"),
            ("encours", "DELETE"),
            ("encours_taches", "INSERT"),
            ("encours_taches", "DELETE"),
        ):
            conn.execute(
                text(
                    f"CREATE TRIGGER v1_{table}_{op.lower()} AFTER {op} ON {table} FOR EACH ROW "
                    "UPDATE synoptux_revision SET RV_Valeur = RV_Valeur + 1 WHERE RV_Id = 1"
                )
            )
    engine.dispose()


def _tap(service: BoardService, board, rnd: random.Random, actions: Counter) -> None:
    """One nurse's tap on a patient of the reference set (not a macro's)."""
    patients = [p for p in board.patients() if not p.last_name.startswith("W")]
    if not patients:
        return
    p = rnd.choice(patients)
    kind = rnd.choice(("state", "comment", "fold", "move"))
    try:
        if kind == "state" and p.tasks:
            task = rnd.choice(p.tasks)
            codes = [s.code for s in task.allowed_states] or list(STATES)
            service.set_task_state(task.id, rnd.choice(codes))
        elif kind == "comment":
            service.set_comment(p.id, f"tap {rnd.randrange(10**6)}")
        elif kind == "fold":
            service.set_folded(p.id, not p.folded)
        else:
            service.move_patient(p.id, rnd.choice([b for b in BOXES if b != p.box_code]))
        actions[kind] += 1
    except ActionRefused as exc:  # a full box, a state not allowed: the screen says so
        actions[f"refused:{exc.code}"] += 1
    except Exception as exc:  # counted: must be 0
        actions[f"FAILED:{type(exc).__name__}: {str(exc)[:60]}"] += 1


def _with_first(url: str, first: int) -> str:
    single, hosts = split_hosts(url)
    order = hosts[first - 1 :] + hosts[: first - 1]
    head, _, tail = single.partition("@")
    where, slash, rest = tail.partition("/")
    return f"{head}@{','.join(str(h) for h in order)}{slash}{rest}"


def _node_url(url: str, node: int) -> str:
    single, hosts = split_hosts(url)
    head, _, tail = single.partition("@")
    _, slash, rest = tail.partition("/")
    return f"{head}@{hosts[node - 1]}{slash}{rest}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", required=True, help="mysql+pymysql://root@n1,n2,n3/DATABASE")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--rate", type=float, default=50)
    ap.add_argument("--writers", type=int, default=10)
    args = ap.parse_args()
    print(
        json.dumps(
            run(args.url, seconds=args.seconds, rate=args.rate, writers=args.writers), indent=2
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

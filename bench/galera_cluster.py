"""A MariaDB Galera cluster of three nodes on loopback, for the tests and the benches.

    .venv/bin/python bench/galera_cluster.py start [--dir DIR] [--nodes 3]
    .venv/bin/python bench/galera_cluster.py status|stop [--dir DIR]
    .venv/bin/python bench/galera_cluster.py kill|restart N [--dir DIR]
    python3 bench/galera_cluster.py check     # can a cluster start here (stdlib only)

`start` prints the URL with the host list (`mysql+pymysql://root@127.0.0.1:33061,...`);
`SYNOPTUX_TEST_GALERA=DIR` lets the tests use a cluster started this way (they then leave
it running); `SYNOPTUX_TEST_GALERA=start` makes the test session start its own and stop it
at the end (what `.ci/run` does when galera-4 is installed).

Each node has its own folder (data, socket, pid file, error log), SQL port, and Galera
ports (group communication, IST, SST), all on 127.0.0.1 only (gcomm listens on
0.0.0.0 unless told otherwise). Node 1 bootstraps the cluster (`--wsrep-new-cluster`) on
a fresh folder or when its `grastate.dat` says it is safe to; the others join and
receive the data by rsync state transfer (SST), whose daemon runs as the server's user:
the folders are that user's and the parent folder is world-traversable. A node
stopped or killed and started again catches up by incremental state transfer (IST) from
the gcache. Buffers are small: three nodes fit on a two-core machine.

Only processes this harness started are ever stopped, by the pid it recorded (and only
when that pid's command line still names this cluster's configuration file).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from galera_node import (  # noqa: F401 - re-exported: the tests and benches use them from here
    ClusterError,
    Node,
    find_daemon,
    find_provider,
    node_config,
    port_free,
    unavailable_reason,
)

DEFAULT_DIR = Path("/tmp/synoptux-galera")
# (SQL port of node 1, Galera base port of node 1); nodes step by 1 (SQL) and 10 (Galera:
# base, base+1 IST, base+2 SST). Away from 3306 and from the Galera defaults (4567/4568/4444).
SLOTS = ((33061, 4570), (33064, 4500), (33067, 4530))
STATE_FILE = "cluster.json"


class GaleraCluster:
    """Start, stop, kill and restart the nodes of a loopback cluster."""

    def __init__(self, folder: Path = DEFAULT_DIR, *, nodes: int = 3, slot: int = 0) -> None:
        self.folder = Path(folder)
        self.size = nodes
        self.slot = slot
        sql, gal = SLOTS[slot]
        self.nodes = [
            Node(i, self.folder / f"n{i}", sql + i - 1, gal + 10 * (i - 1))
            for i in range(1, nodes + 1)
        ]
        self._user = "mysql" if os.geteuid() == 0 else None

    # -- addresses ---------------------------------------------------------------------
    @property
    def gcomm(self) -> str:
        return "gcomm://" + ",".join(f"127.0.0.1:{n.gport}" for n in self.nodes)

    def url(self, database: str = "", *, first: int = 1) -> str:
        """URL with the host list (node `first` first), as the ini takes it."""
        order = self.nodes[first - 1 :] + self.nodes[: first - 1]
        hosts = ",".join(n.address for n in order)
        return f"mysql+pymysql://root@{hosts}/{database}"

    def node_url(self, index: int, database: str = "") -> str:
        return f"mysql+pymysql://root@{self.nodes[index - 1].address}/{database}"

    def node(self, index: int) -> Node:
        return self.nodes[index - 1]

    # -- state file (so that another process can attach) -----------------------------------
    def save_state(self) -> None:
        data = {"nodes": self.size, "slot": self.slot, "owner": os.getpid()}
        (self.folder / STATE_FILE).write_text(json.dumps(data))

    @classmethod
    def attach(cls, folder: Path) -> GaleraCluster:
        data = json.loads((Path(folder) / STATE_FILE).read_text())
        return cls(Path(folder), nodes=int(data["nodes"]), slot=int(data["slot"]))

    @classmethod
    def pick(cls, folder: Path = DEFAULT_DIR, nodes: int = 3) -> GaleraCluster:
        """A cluster on the first slot whose ports are all free (a running harness cluster
        in `folder` is stopped first: it is ours)."""
        if (Path(folder) / STATE_FILE).exists():
            try:
                cls.attach(folder).stop()
            except (ClusterError, OSError, ValueError, KeyError):
                pass
        for slot in range(len(SLOTS)):
            c = cls(folder, nodes=nodes, slot=slot)
            if all(port_free(p) for n in c.nodes for p in n.ports()):
                return c
        raise ClusterError(
            "no free ports for a loopback Galera cluster (tried SQL ports "
            + ", ".join(f"{s[0]}-{s[0] + nodes - 1}" for s in SLOTS)
            + ")"
        )

    # -- set-up ------------------------------------------------------------------------
    def _write_cnf(self, n: Node) -> None:
        n.cnf.write_text(node_config(n, self.gcomm, self._user))

    def _chown(self, path: Path) -> None:
        if self._user is None:
            return
        shutil.chown(path, self._user, self._user)
        for root, dirs, files in os.walk(path):
            for name in dirs + files:
                try:
                    shutil.chown(os.path.join(root, name), self._user, self._user)
                except OSError:
                    pass

    def prepare(self, *, fresh: bool = False) -> None:
        """Folders, configuration files and, for node 1, the system tables."""
        if fresh and self.folder.exists():
            self._stop_recorded()
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o755)  # the SST daemon (the server's user) walks through it
        for n in self.nodes:
            n.folder.mkdir(exist_ok=True)
            self._write_cnf(n)
            if n.index == 1 and not (n.datadir / "mysql").exists():
                tool = shutil.which("mariadb-install-db") or shutil.which("mysql_install_db")
                cmd = [
                    tool,
                    "--no-defaults",
                    f"--datadir={n.datadir}",
                    "--auth-root-authentication-method=normal",
                    "--skip-test-db",
                ]
                if self._user:
                    cmd.append(f"--user={self._user}")
                done = subprocess.run(cmd, capture_output=True, text=True)
                if done.returncode != 0:
                    raise ClusterError(f"mariadb-install-db failed: {done.stderr[-2000:]}")
            n.datadir.mkdir(exist_ok=True)  # joiners receive the whole folder by SST
            self._chown(n.folder)
        self.save_state()

    # -- processes ---------------------------------------------------------------------
    def pid(self, index: int) -> int | None:
        """The recorded pid of node `index` while that process is still this node's server."""
        n = self.node(index)
        try:
            pid = int(n.pidfile.read_text().strip())
        except (OSError, ValueError):
            return None
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            return None
        if str(n.cnf).encode() not in b" ".join(cmdline):
            return None
        try:  # a zombie (killed, not yet reaped) is not running
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return None
        return None if state == "Z" else pid

    def running(self, index: int) -> bool:
        return self.pid(index) is not None

    def _grastate(self, n: Node) -> dict[str, str]:
        try:
            text = (n.datadir / "grastate.dat").read_text()
        except OSError:
            return {}
        return {
            k.strip(): v.strip()
            for k, _, v in (line.partition(":") for line in text.splitlines())
            if v and not k.startswith("#")
        }

    def bootstrap_candidate(self) -> int:
        """The node that must start the cluster after a full stop (docs/galera.md): the one
        whose `grastate.dat` says `safe_to_bootstrap: 1` (the last to stop cleanly), else,
        after a crash of every node, the one with the highest recovered position, marked
        safe to bootstrap. A fresh cluster: node 1."""
        states = {n.index: self._grastate(n) for n in self.nodes}
        if not any(states.values()):
            return 1
        for index, st in states.items():
            if st.get("safe_to_bootstrap") == "1":
                return index
        best, best_seqno = 1, -2
        for n in self.nodes:
            seqno = int(states[n.index].get("seqno", "-1") or -1)
            if seqno < 0:
                pos = self.recover_position(n.index)
                seqno = int(pos.rsplit(":", 1)[1]) if pos else -1
            if seqno > best_seqno:
                best, best_seqno = n.index, seqno
        path = self.node(best).datadir / "grastate.dat"
        path.write_text(path.read_text().replace("safe_to_bootstrap: 0", "safe_to_bootstrap: 1"))
        return best

    def start_node(self, index: int, *, bootstrap: bool = False) -> None:
        n = self.node(index)
        if self.running(index):
            return
        for p in n.ports():
            if not port_free(p) and not self.running(index):
                # a previous process may hold it a moment after its death
                deadline = time.monotonic() + 10
                while not port_free(p) and time.monotonic() < deadline:
                    time.sleep(0.2)
        cmd = [find_daemon(), f"--defaults-file={n.cnf}"]
        position = self.recover_position(index)
        if position:
            cmd.append(f"--wsrep_start_position={position}")
        if bootstrap:
            cmd.append("--wsrep-new-cluster")
        with open(n.folder / "stdout.log", "ab") as out:
            proc = subprocess.Popen(
                cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        n.pidfile.write_text(str(proc.pid))
        self._procs = getattr(self, "_procs", {})
        self._procs[index] = proc

    def recover_position(self, index: int) -> str | None:
        """After a crash `grastate.dat` says `seqno: -1`: the node would ask for a whole
        copy (SST). `mariadbd --wsrep-recover` reads its last committed position from InnoDB
        (what the systemd unit does through galera_recovery); started at that position, the
        node asks only for what it missed (IST)."""
        n = self.node(index)
        grastate = n.datadir / "grastate.dat"
        if not grastate.exists() or "seqno:   -1" not in grastate.read_text():
            return None
        log = n.folder / "recover.log"
        log.unlink(missing_ok=True)
        cmd = [find_daemon(), f"--defaults-file={n.cnf}", "--wsrep-recover", f"--log-error={log}"]
        subprocess.run(cmd, capture_output=True, timeout=120)
        try:
            text = log.read_text(errors="replace")
        except OSError:
            return None
        found = re.findall(r"Recovered position: ([0-9a-f-]{36}:-?\d+)", text)
        return found[-1] if found and not found[-1].endswith(":-1") else None

    def _reap(self, index: int) -> None:
        proc = getattr(self, "_procs", {}).get(index)
        if proc is not None:
            try:
                proc.wait(timeout=0)
            except subprocess.TimeoutExpired:
                pass

    def kill_node(self, index: int, sig: int = signal.SIGKILL) -> None:
        """SIGKILL (a crash) by default; SIGSTOP freezes the node, SIGCONT thaws it."""
        pid = self.pid(index)
        if pid is None:
            raise ClusterError(f"node {index} is not running")
        os.kill(pid, sig)
        if sig == signal.SIGKILL:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                self._reap(index)
                if not self.running(index):
                    return
                time.sleep(0.05)

    def stop_node(self, index: int, timeout: float = 60) -> None:
        """A clean shutdown (SIGTERM): the node leaves the cluster, its state is saved."""
        pid = self.pid(index)
        if pid is None:
            return
        os.kill(pid, signal.SIGCONT)  # a frozen node cannot shut down
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while self.running(index) and time.monotonic() < deadline:
            self._reap(index)
            time.sleep(0.1)
        if self.running(index):
            os.kill(pid, signal.SIGKILL)
            self._reap(index)

    def _stop_recorded(self) -> None:
        for n in reversed(self.nodes):
            if n.pidfile.exists():
                self.stop_node(n.index)

    # -- status ------------------------------------------------------------------------
    def status(self, index: int, timeout: float = 2.0) -> dict[str, str] | None:
        """The node's wsrep status variables, or None when it does not answer."""
        import pymysql

        n = self.node(index)
        try:
            conn = pymysql.connect(
                host="127.0.0.1",
                port=n.port,
                user="root",
                connect_timeout=timeout,
                read_timeout=timeout,
                write_timeout=timeout,
            )
        except pymysql.MySQLError:
            return None
        try:
            with conn.cursor() as cur:
                cur.execute("SHOW GLOBAL STATUS LIKE 'wsrep%'")
                return {k: v for k, v in cur.fetchall()}
        except pymysql.MySQLError:
            return None
        finally:
            conn.close()

    def synced(self, index: int, size: int | None = None) -> bool:
        st = self.status(index)
        return bool(
            st
            and st.get("wsrep_ready") == "ON"
            and st.get("wsrep_local_state_comment") == "Synced"
            and st.get("wsrep_cluster_status") == "Primary"
            and (size is None or int(st.get("wsrep_cluster_size", 0)) == size)
        )

    def wait_synced(
        self, indexes: list[int] | None = None, *, size: int | None = None, timeout: float = 120
    ) -> float:
        """Wait until every node named is Synced in a Primary component of `size` nodes;
        the seconds it took."""
        indexes = indexes or [n.index for n in self.nodes]
        t0 = time.monotonic()
        deadline = t0 + timeout
        while time.monotonic() < deadline:
            if all(self.synced(i, size) for i in indexes):
                return time.monotonic() - t0
            for i in indexes:
                if not self.running(i):
                    self._reap(i)
                    if not self.running(i):
                        raise ClusterError(f"node {i} died:\n{self.log_tail(i)}")
            time.sleep(0.25)
        raise ClusterError(
            f"nodes {indexes} not Synced (size {size}) after {timeout:.0f} s:\n"
            + "\n".join(self.log_tail(i) for i in indexes)
        )

    def log_tail(self, index: int, lines: int = 15) -> str:
        try:
            text = self.node(index).log.read_text(errors="replace").splitlines()
        except OSError:
            return f"(node {index}: no log)"
        return f"--- node {index} ---\n" + "\n".join(text[-lines:])

    # -- whole cluster -------------------------------------------------------------------
    def start(self, *, fresh: bool = False, timeout: float = 180) -> float:
        """Start every node (the bootstrap candidate first); the seconds until all are
        Synced."""
        t0 = time.monotonic()
        self.prepare(fresh=fresh)
        first = self.bootstrap_candidate()
        self.start_node(first, bootstrap=True)
        self.wait_synced([first], timeout=timeout)
        for n in self.nodes:
            if n.index == first:
                continue
            self.start_node(n.index)
            # one joiner at a time: the first node is the donor of each state transfer
            self.wait_synced([first, n.index], timeout=timeout)
        self.wait_synced(size=self.size, timeout=timeout)
        return time.monotonic() - t0

    def restart_node(self, index: int, timeout: float = 120) -> float:
        """Start a stopped or killed node again; it rejoins (IST from the gcache). The
        seconds until the whole cluster is Synced (`transfer(index)` says how it caught up).

        The others are given time to evict the dead incarnation first (evs.suspect_timeout,
        5 s): a node restarted at once waits for that eviction anyway, and longer."""
        t0 = time.monotonic()
        self._wait_evicted(timeout=30)
        self.start_node(index)
        self.wait_synced(size=self.size, timeout=timeout)
        return time.monotonic() - t0

    def _wait_evicted(self, timeout: float) -> None:
        alive = [n.index for n in self.nodes if self.running(n.index)]
        if not alive or len(alive) == self.size:
            return
        try:
            self.wait_synced(alive, size=len(alive), timeout=timeout)
        except ClusterError:
            pass  # no primary component among them (lost quorum): start the others anyway

    def transfer(self, index: int) -> str | None:
        """How node `index` caught up when it last started: 'IST', 'SST' or None (it
        bootstrapped, or had nothing to receive)."""
        try:
            log = self.node(index).log.read_text(errors="replace")
        except OSError:
            return None
        start = log.rfind("Starting MariaDB")
        tail = log[start:] if start >= 0 else log
        if "IST received" in tail:
            return "IST"
        if "SST succeeded" in tail or "SST received" in tail:
            return "SST"
        return None

    def stop(self) -> None:
        """Stop every node cleanly, node 1 last (it can bootstrap the next start)."""
        for n in reversed(self.nodes):
            self.stop_node(n.index)

    def whole(self) -> bool:
        return all(self.synced(n.index, self.size) for n in self.nodes)

    def ensure_whole(self, timeout: float = 120) -> None:
        """Bring every node back after a test that stopped, froze or killed some."""
        for n in self.nodes:
            pid = self.pid(n.index)
            if pid is not None:
                os.kill(pid, signal.SIGCONT)
        if not any(self.running(n.index) for n in self.nodes):
            self.start(timeout=timeout)  # a full stop: bootstrap again
            return
        if any(not self.running(n.index) for n in self.nodes):
            self._wait_evicted(timeout=30)
        for n in self.nodes:
            if not self.running(n.index):
                self.start_node(n.index)
        self.wait_synced(size=self.size, timeout=timeout)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "command", choices=["check", "start", "stop", "status", "kill", "restart", "url"]
    )
    ap.add_argument("node", nargs="?", type=int)
    ap.add_argument("--dir", default=str(DEFAULT_DIR))
    ap.add_argument("--nodes", type=int, default=3)
    ap.add_argument("--fresh", action="store_true", help="start from empty data folders")
    args = ap.parse_args(argv)
    folder = Path(args.dir)
    if args.command == "check":  # can a cluster start here? (.ci/run asks)
        why = unavailable_reason()
        print(why or "galera-4, mariadbd, mariadb-install-db and rsync are installed")
        return 1 if why else 0
    if args.command == "start":
        why = unavailable_reason()
        if why:
            print(why, file=sys.stderr)
            return 2
        cluster = GaleraCluster.pick(folder, args.nodes)
        took = cluster.start(fresh=args.fresh)
        print(json.dumps({"url": cluster.url(), "dir": str(folder), "seconds": round(took, 1)}))
        return 0
    cluster = GaleraCluster.attach(folder)
    if args.command == "stop":
        cluster.stop()
    elif args.command == "status":
        out = {}
        for n in cluster.nodes:
            st = cluster.status(n.index) or {}
            out[f"n{n.index}"] = {
                "address": n.address,
                "pid": cluster.pid(n.index),
                "state": st.get("wsrep_local_state_comment"),
                "cluster_size": st.get("wsrep_cluster_size"),
                "ready": st.get("wsrep_ready"),
            }
        print(json.dumps(out, indent=2))
    elif args.command == "kill":
        cluster.kill_node(args.node)
    elif args.command == "restart":
        print(json.dumps({"seconds": round(cluster.restart_node(args.node), 1)}))
    elif args.command == "url":
        print(cluster.url())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

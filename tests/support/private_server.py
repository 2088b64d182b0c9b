"""A MariaDB server of our own, on a free port with its datadir under /tmp, that a test or a
bench may stop, kill or freeze (SIGSTOP) while a board reads it.

Only the pid this object started is ever signalled; the shared server on 3306 is never
touched. `close()` (always call it) thaws the process if frozen, kills it and removes the
folder.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pymysql


def find_daemon() -> str | None:
    for name in ("mariadbd", "mysqld"):
        for folder in ("/usr/sbin", "/usr/local/sbin", "/usr/libexec"):
            path = os.path.join(folder, name)
            if os.access(path, os.X_OK):
                return path
        found = shutil.which(name)
        if found:
            return found
    return None


def unavailable_reason() -> str | None:
    """Why a private server cannot be started here (None: it can)."""
    if find_daemon() is None:
        return "mariadb-server is not installed (no mariadbd): private-server outage tests skipped"
    if shutil.which("mariadb-install-db") is None and shutil.which("mysql_install_db") is None:
        return "mariadb-install-db is not installed: private-server outage tests skipped"
    return None


def free_port() -> int:
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
    finally:
        s.close()


class ServerError(RuntimeError):
    pass


class PrivateServer:
    """`start()`, then `stop()` (clean), `kill()` (SIGKILL), `freeze()`/`thaw()`
    (SIGSTOP/SIGCONT) and `start()` again; `url(database)` for PyMySQL."""

    def __init__(self, folder: Path | None = None) -> None:
        why = unavailable_reason()
        if why is not None:
            raise ServerError(why)
        self.folder = Path(folder or tempfile.mkdtemp(prefix="stx-private-db-"))
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.frozen = False
        self._root = os.geteuid() == 0

    @property
    def datadir(self) -> Path:
        return self.folder / "data"

    @property
    def socket_path(self) -> Path:
        return self.folder / "mysqld.sock"

    def url(self, database: str = "") -> str:
        return f"mysql+pymysql://root@127.0.0.1:{self.port}/{database}?charset=utf8mb4"

    def install(self) -> None:
        if (self.datadir / "mysql").exists():
            return
        tool = shutil.which("mariadb-install-db") or shutil.which("mysql_install_db")
        cmd = [
            tool,
            "--no-defaults",
            f"--datadir={self.datadir}",
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
            *(["--user=root"] if self._root else []),
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
        if done.returncode != 0:
            raise ServerError(f"mariadb-install-db failed: {done.stderr[-2000:]}")

    def start(self, timeout: float = 60.0, *, nice: int = 0) -> None:
        """Start (or restart) the server; `nice`: its priority, lowered for a bench that
        stands for a server on another machine."""
        if self.running():
            return
        self.install()
        cmd = [
            find_daemon(),
            "--no-defaults",
            f"--datadir={self.datadir}",
            f"--port={self.port}",
            "--bind-address=127.0.0.1",
            f"--socket={self.socket_path}",
            f"--pid-file={self.folder / 'mysqld.pid'}",
            f"--log-error={self.folder / 'error.log'}",
            "--skip-name-resolve",
            "--skip-log-bin",
            "--innodb-buffer-pool-size=32M",
            "--innodb-log-file-size=16M",
            "--innodb-flush-log-at-trx-commit=2",
            "--performance-schema=OFF",
            "--max-connections=200",
            *(["--user=root"] if self._root else []),
        ]
        with open(self.folder / "stdout.log", "ab") as out:
            self.proc = subprocess.Popen(
                cmd,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=(lambda: os.nice(nice)) if nice else None,
            )
        self.frozen = False
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerError(f"mariadbd exited at start: {self.log_tail()}")
            if self.answers():
                return
            time.sleep(0.1)
        raise ServerError(f"mariadbd did not answer within {timeout:g} s: {self.log_tail()}")

    def answers(self, timeout: float = 1.0) -> bool:
        try:
            conn = pymysql.connect(
                host="127.0.0.1",
                port=self.port,
                user="root",
                connect_timeout=timeout,
                read_timeout=timeout,
            )
        except pymysql.Error:
            return False
        conn.close()
        return True

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def _signal(self, sig: int) -> None:
        if not self.running():
            raise ServerError("the private server is not running")
        os.kill(self.proc.pid, sig)  # ours: the pid we started, never another server

    def freeze(self) -> None:
        self._signal(signal.SIGSTOP)
        self.frozen = True

    def thaw(self) -> None:
        if self.running() and self.frozen:
            os.kill(self.proc.pid, signal.SIGCONT)
        self.frozen = False

    def kill(self) -> None:
        self._signal(signal.SIGKILL)
        self.proc.wait(timeout=10)
        self.frozen = False

    def stop(self, timeout: float = 60.0) -> None:
        """A clean shutdown (SIGTERM): the server closes its connections and exits."""
        if not self.running():
            return
        self.thaw()
        os.kill(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)

    def create_database(self) -> str:
        name = f"stx_private_{os.getpid()}_{int(time.monotonic() * 1000) % 10**8}"
        conn = pymysql.connect(host="127.0.0.1", port=self.port, user="root", autocommit=True)
        try:
            with conn.cursor() as cur:
                cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        finally:
            conn.close()
        return self.url(name)

    def log_tail(self, lines: int = 15) -> str:
        try:
            text = (self.folder / "error.log").read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def close(self) -> None:
        """Thaw, kill and remove everything (teardown: whatever state the test left)."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.kill(self.proc.pid, signal.SIGCONT)
                os.kill(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=10)
        self.frozen = False
        shutil.rmtree(self.folder, ignore_errors=True)

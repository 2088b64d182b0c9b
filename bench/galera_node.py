"""One node of the loopback Galera cluster (bench/galera_cluster.py): where its files and
ports are, and its server configuration."""

from __future__ import annotations

import os
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path

PROVIDER_PATHS = (
    "/usr/lib/galera/libgalera_smm.so",
    "/usr/lib64/galera-4/libgalera_smm.so",
    "/usr/lib/libgalera_smm.so",
    "/usr/lib64/galera/libgalera_smm.so",
)


def find_provider() -> str | None:
    for p in PROVIDER_PATHS:
        if os.path.exists(p):
            return p
    return None


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
    """Why a cluster cannot be started on this machine (None: it can)."""
    if find_provider() is None:
        return "galera-4 is not installed (no libgalera_smm.so): Galera tests skipped"
    if find_daemon() is None:
        return "mariadb-server is not installed (no mariadbd): Galera tests skipped"
    for tool in ("mariadb-install-db", "rsync"):
        if shutil.which(tool) is None and shutil.which(tool.replace("mariadb", "mysql")) is None:
            return f"{tool} is not installed: Galera tests skipped"
    return None


def port_free(port: int) -> bool:
    s = socket.socket()
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()


@dataclass
class Node:
    index: int  # 1-based
    folder: Path
    port: int
    gport: int  # Galera base port; +1 IST, +2 SST

    @property
    def cnf(self) -> Path:
        return self.folder / "node.cnf"

    @property
    def datadir(self) -> Path:
        return self.folder / "data"

    @property
    def pidfile(self) -> Path:
        return self.folder / "harness.pid"

    @property
    def log(self) -> Path:
        return self.folder / "error.log"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def ports(self) -> list[int]:
        return [self.port, self.gport, self.gport + 1, self.gport + 2]


class ClusterError(RuntimeError):
    pass


def node_config(n: Node, gcomm: str, user: str | None) -> str:
    """The node's my.cnf: its own folder, socket, ports; group communication on loopback
    (it listens on 0.0.0.0 unless told); small buffers (three nodes on two cores)."""
    provider = find_provider()
    if provider is None:
        raise ClusterError(unavailable_reason() or "no Galera provider")
    ist, sst = n.gport + 1, n.gport + 2
    opts = ";".join(
        [
            f"base_port={n.gport}",
            f"gmcast.listen_addr=tcp://127.0.0.1:{n.gport}",
            f"ist.recv_addr=127.0.0.1:{ist}",
            "gcache.size=32M",
            "gcache.page_size=16M",
            "gcs.fc_limit=64",
        ]
    )
    lines = [
        "[mysqld]",
        f"datadir={n.datadir}",
        f"socket={n.folder / 'mysqld.sock'}",
        f"pid-file={n.folder / 'mysqld.pid'}",
        f"port={n.port}",
        "bind-address=127.0.0.1",
        f"log-error={n.log}",
        *([f"user={user}"] if user else []),
        "skip-name-resolve",
        "skip-log-bin",
        "binlog_format=ROW",
        "default_storage_engine=InnoDB",
        "innodb_autoinc_lock_mode=2",
        "innodb_buffer_pool_size=32M",
        "innodb_log_file_size=16M",
        "innodb_log_buffer_size=4M",
        "innodb_flush_log_at_trx_commit=2",
        "performance_schema=OFF",
        "key_buffer_size=1M",
        "aria_pagecache_buffer_size=2M",
        "table_open_cache=400",
        "max_connections=200",
        "wsrep_on=ON",
        f"wsrep_provider={provider}",
        "wsrep_cluster_name=synoptux_test",
        f"wsrep_cluster_address={gcomm}",
        "wsrep_node_address=127.0.0.1",
        f"wsrep_node_incoming_address=127.0.0.1:{n.port}",
        f"wsrep_node_name=n{n.index}",
        f'wsrep_provider_options="{opts}"',
        f"wsrep_sst_receive_address=127.0.0.1:{sst}",
        "wsrep_sst_method=rsync",
        "wsrep_slave_threads=2",
    ]
    return "\n".join(lines) + "\n"

"""Helpers of the Galera tests: the bench harness, one throw-away database on the cluster,
strict replication."""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]
GALERA = os.environ.get("SYNOPTUX_TEST_GALERA", "").strip()
NO_GALERA = (
    "SYNOPTUX_TEST_GALERA is not set (bash .ci/run sets it when galera-4 is installed; "
    "'start' starts a three-node cluster): Galera tests skipped"
)
SQL_MODE = os.environ.get("SYNOPTUX_TEST_SQL_MODE")


def load_bench(name: str):
    """A module of bench/ (the harness and the measurements are shared with the benches)."""
    if name in sys.modules:
        return sys.modules[name]
    if str(ROOT / "bench") not in sys.path:  # the bench scripts import each other
        sys.path.insert(0, str(ROOT / "bench"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def query() -> str:
    q = "charset=utf8mb4"
    if SQL_MODE is not None:
        mode = SQL_MODE.replace("'", "")
        q += "&init_command=" + quote(f"SET SESSION sql_mode='{mode}'", safe="")
    return q


@dataclass
class GaleraDb:
    """One throw-away database on the cluster."""

    cluster: object
    name: str

    def url(self, first: int = 1) -> str:
        """The URL a board's ini would hold: every node, node `first` first."""
        return f"{self.cluster.url(self.name, first=first)}?{query()}"

    def node_url(self, index: int) -> str:
        """One node only (a macro, a direct read)."""
        return f"{self.cluster.node_url(index, self.name)}?{query()}"


class strict_replication:  # used as a context manager
    """Every node in wsrep_mode STRICT_REPLICATION,REQUIRED_PRIMARY_KEY (what a careful site
    sets: Galera then refuses what it cannot replicate safely) for the `with` block."""

    MODE = "STRICT_REPLICATION,REQUIRED_PRIMARY_KEY"

    def __init__(self, cluster) -> None:
        self.cluster = cluster

    def _set(self, mode: str) -> None:
        for n in self.cluster.nodes:
            engine = create_engine(self.cluster.node_url(n.index), isolation_level="AUTOCOMMIT")
            with engine.connect() as conn:
                conn.execute(text(f"SET GLOBAL wsrep_mode = '{mode}'"))
            engine.dispose()

    def __enter__(self) -> None:
        self._set(self.MODE)

    def __exit__(self, *exc: object) -> None:
        self._set("")
